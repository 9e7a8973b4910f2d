/**
 * End-to-end tests of the generated OpenRouter OAuth SDK against a real HTTP
 * server on 127.0.0.1: both operations in both styles (methods that throw,
 * standalone functions that return a Result), the wire format, every
 * documented error, retries, timeouts, environment fallbacks, input
 * validation, and that the API key never leaks.
 */

import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, test } from "node:test";
import util from "node:util";

import { OpenRouterCore, ServerList, type SDKOptions } from "../src/core.js";
import { oAuthCreateAuthCode } from "../src/funcs/oAuthCreateAuthCode.js";
import { oAuthExchangeAuthCodeForAPIKey } from "../src/funcs/oAuthExchangeAuthCodeForAPIKey.js";
import { OpenRouter, type Result, type RetryConfig } from "../src/index.js";
import {
  BadRequestResponseError,
  ConflictResponseError,
  ConnectionError,
  ForbiddenResponseError,
  HTTPClientError,
  InternalServerResponseError,
  InvalidRequestError,
  OpenRouterDefaultError,
  OpenRouterError,
  RequestTimeoutError,
  ResponseValidationError,
  SDKValidationError,
  UnauthorizedResponseError,
} from "../src/models/errors/index.js";
import type {
  CreateAuthKeysCodeRequest,
  ExchangeAuthCodeForAPIKeyRequest,
} from "../src/models/operations/index.js";

// --- fixtures ------------------------------------------------------------------

const KEY = "sk-or-v1-e2e-test-0123456789abcdef-SECRET";

/** The request examples of the spec, in model (camelCase) form. */
const EXCHANGE_REQUEST: ExchangeAuthCodeForAPIKeyRequest = {
  requestBody: {
    code: "auth_code_abc123def456",
    codeChallengeMethod: "S256",
    codeVerifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  },
};
const CREATE_REQUEST: CreateAuthKeysCodeRequest = {
  requestBody: {
    callbackUrl: "https://myapp.com/auth/callback",
    codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    codeChallengeMethod: "S256",
    limit: 100,
  },
};

/** The 200 examples of the spec, as sent on the wire. */
const EXCHANGE_200 = {
  key: "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",
  user_id: "user_2yOPcMpKoQhcd4bVgSMlELRaIah",
};
const CREATE_200 = {
  data: { app_id: 12345, created_at: "2025-08-24T10:30:00Z", id: "auth_code_xyz789" },
};

type ErrorClass = abstract new (...args: never[]) => OpenRouterError;

/** The documented error responses: status → class and the spec's example body. */
const DOCUMENTED: Record<number, { type: ErrorClass; message: string }> = {
  400: { type: BadRequestResponseError, message: "Invalid request parameters" },
  401: { type: UnauthorizedResponseError, message: "Missing Authentication header" },
  403: { type: ForbiddenResponseError, message: "Only management keys can perform this operation" },
  409: { type: ConflictResponseError, message: "Resource conflict. Please try again later." },
  500: { type: InternalServerResponseError, message: "Internal Server Error" },
};

function errorExample(status: number): { error: { code: number; message: string } } {
  const documented = DOCUMENTED[status];
  assert.ok(documented, `no example for ${status}`);
  return { error: { code: status, message: documented.message } };
}

const NO_RETRIES: RetryConfig = { strategy: "none" };

/** Backoff fast enough for tests. */
function fastBackoff(maxElapsedTime = 5000, maxInterval = 50): RetryConfig {
  return {
    strategy: "backoff",
    backoff: { initialInterval: 10, maxInterval, exponent: 1.5, maxElapsedTime },
    retryConnectionErrors: true,
  };
}

// --- test server ---------------------------------------------------------------

type Hit = {
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;
type TestServer = { url: string; base: string; hits: Hit[]; close(): Promise<void> };

const openServers = new Set<TestServer>();

/** A server on 127.0.0.1 (port 0); the handler sees the 0-based number of the request. */
async function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      hits.push({
        at: performance.now(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      handler(req, res, hits.length - 1);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const handle: TestServer = {
    url,
    base: `${url}/api/v1`,
    hits,
    close: async () => {
      openServers.delete(handle);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  openServers.add(handle);
  return handle;
}

/** A server answering every request with `status` and `body` (JSON unless a string). */
function answer(
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = { "content-type": "application/json" },
): Promise<TestServer> {
  return serve((_req, res) => reply(res, status, body, headers));
}

function reply(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = { "content-type": "application/json" },
): void {
  res.writeHead(status, headers);
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** A server that reads requests and never answers (the connections are cut on close). */
function silent(): Promise<TestServer> {
  return serve(() => {});
}

/** A port nothing listens on. */
async function refusedURL(): Promise<string> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/v1`;
}

function hit(server: TestServer, index: number): Hit {
  const found = server.hits[index];
  assert.ok(found, `the server got ${server.hits.length} requests, wanted #${index + 1}`);
  return found;
}

// --- clients and assertions ----------------------------------------------------

const GLOBALS = {
  httpReferer: "https://client.example/app",
  appTitle: "Client Title",
  appCategories: "cli-agent,cloud-agent",
} as const;

/** Options pointing at `server`, with the key, the globals and no retries. */
function options(server: TestServer, extra: SDKOptions = {}): SDKOptions {
  return {
    apiKey: KEY,
    serverURL: server.base,
    retryConfig: NO_RETRIES,
    ...GLOBALS,
    ...extra,
  };
}

/** The method-style client. */
function sdk(server: TestServer, extra: SDKOptions = {}): OpenRouter {
  return new OpenRouter(options(server, extra));
}

/** The core for the standalone functions. */
function core(server: TestServer, extra: SDKOptions = {}): OpenRouterCore {
  return new OpenRouterCore(options(server, extra));
}

/** Awaits a promise that must reject with `type`; returns the error. */
async function rejection<E>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    const value = await promise;
    assert.fail(`expected ${type.name}, resolved with ${util.inspect(value)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.ok(err instanceof type, `expected ${type.name}, got ${util.inspect(err)}`);
    return err;
  }
}

/** The error of a failed Result, which must be a `type`. */
function failure<E>(result: Result<unknown, unknown>, type: abstract new (...args: never[]) => E): E {
  assert.equal(result.ok, false, `expected a failure, got ${util.inspect(result.value)}`);
  assert.ok(result.error instanceof type, `expected ${type.name}, got ${util.inspect(result.error)}`);
  return result.error;
}

/** The value of a successful Result. */
function success<T>(result: Result<T, unknown>): T {
  assert.equal(result.ok, true, `expected success, got ${util.inspect(result.error)}`);
  return result.value as T;
}

/** Runs `fn` and returns its result and the time it took in ms. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/** Every place a secret could show up in an error. */
function assertNoSecret(err: unknown, secret = KEY): void {
  const views: [string, string][] = [
    ["String()", String(err)],
    ["util.inspect", util.inspect(err, { depth: 10, showHidden: false })],
    ["JSON.stringify", JSON.stringify(err) ?? ""],
  ];
  if (err instanceof Error) {
    views.push(["message", err.message], ["stack", err.stack ?? ""]);
  }
  for (const [view, text] of views) {
    assert.ok(!text.includes(secret), `the key leaks through ${view}: ${text}`);
  }
}

// --- environment isolation -----------------------------------------------------

const ENV_NAMES = [
  "OPENROUTER_API_KEY",
  "OPENROUTER_BASE_URL",
  "OPENROUTER_HTTP_REFERER",
  "OPENROUTER_APP_TITLE",
  "OPENROUTER_APP_CATEGORIES",
  "OPENROUTER_DEBUG",
] as const;
type EnvName = (typeof ENV_NAMES)[number];
const outerEnv = new Map<string, string | undefined>();

/** Runs `fn` with the given variables set, restoring them afterwards. */
async function withEnv<T>(vars: Partial<Record<EnvName, string>>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

before(() => {
  // The tests must not see the developer's own configuration.
  for (const name of ENV_NAMES) {
    outerEnv.set(name, process.env[name]);
    delete process.env[name];
  }
});

after(() => {
  for (const [name, value] of outerEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

afterEach(async () => {
  await Promise.all([...openServers].map((server) => server.close()));
});

// --- requests and successful responses ------------------------------------------

describe("requests", () => {
  test("exchangeAuthCodeForAPIKey (method): path, headers, body, decoded response", async () => {
    const server = await answer(200, EXCHANGE_200);
    const result = await sdk(server).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);

    assert.deepEqual(result, {
      key: EXCHANGE_200.key,
      userId: "user_2yOPcMpKoQhcd4bVgSMlELRaIah",
    });
    assert.equal(server.hits.length, 1);
    const { method, url, headers, body } = hit(server, 0);
    assert.equal(method, "POST");
    assert.equal(url, "/api/v1/auth/keys");
    assert.equal(headers.authorization, `Bearer ${KEY}`);
    assert.equal(headers["http-referer"], GLOBALS.httpReferer);
    assert.equal(headers["x-openrouter-title"], GLOBALS.appTitle);
    assert.equal(headers["x-openrouter-categories"], GLOBALS.appCategories);
    assert.equal(headers["content-type"], "application/json");
    assert.equal(headers.accept, "application/json");
    assert.match(headers["user-agent"] ?? "", /^sdkgen\/typescript .*@openrouter\/sdk$/);
    assert.deepEqual(JSON.parse(body), {
      code: "auth_code_abc123def456",
      code_challenge_method: "S256",
      code_verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    });
  });

  test("createAuthCode (method): per-request globals override the client's; every body field", async () => {
    const server = await answer(200, CREATE_200);
    const expiresAt = new Date("2027-12-31T23:59:59Z");
    const result = await sdk(server).oAuth.createAuthCode({
      httpReferer: "https://request.example/",
      appTitle: "Request Title",
      appCategories: "ide",
      requestBody: {
        callbackUrl: "http://127.0.0.1:3000/callback",
        codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        codeChallengeMethod: "plain",
        expiresAt,
        keyLabel: "My Custom Key",
        limit: 12.5,
        usageLimitType: "monthly",
        workspaceId: "0b6c4a3e-4b8e-4b8e-9d3c-0e6f44a47a05",
      },
    });

    assert.deepEqual(result, {
      data: { appId: 12345, createdAt: "2025-08-24T10:30:00Z", id: "auth_code_xyz789" },
    });
    const { method, url, headers, body } = hit(server, 0);
    assert.equal(method, "POST");
    assert.equal(url, "/api/v1/auth/keys/code");
    assert.equal(headers.authorization, `Bearer ${KEY}`);
    assert.equal(headers["http-referer"], "https://request.example/");
    assert.equal(headers["x-openrouter-title"], "Request Title");
    assert.equal(headers["x-openrouter-categories"], "ide");
    assert.equal(headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(body), {
      callback_url: "http://127.0.0.1:3000/callback",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "plain",
      expires_at: "2027-12-31T23:59:59.000Z",
      key_label: "My Custom Key",
      limit: 12.5,
      usage_limit_type: "monthly",
      workspace_id: "0b6c4a3e-4b8e-4b8e-9d3c-0e6f44a47a05",
    });
  });

  test("standalone functions return { ok: true, value } with the same request", async () => {
    const server = await serve((req, res) =>
      req.url === "/api/v1/auth/keys" ? reply(res, 200, EXCHANGE_200) : reply(res, 200, CREATE_200),
    );
    const client = core(server);

    const exchanged = success(await oAuthExchangeAuthCodeForAPIKey(client, EXCHANGE_REQUEST));
    assert.equal(exchanged.key, EXCHANGE_200.key);
    assert.equal(exchanged.userId, EXCHANGE_200.user_id);

    const created = success(await oAuthCreateAuthCode(client, CREATE_REQUEST));
    assert.equal(created.data.appId, 12345);
    assert.equal(created.data.createdAt, "2025-08-24T10:30:00Z");
    assert.equal(created.data.id, "auth_code_xyz789");

    assert.deepEqual(
      server.hits.map((h) => [h.method, h.url]),
      [
        ["POST", "/api/v1/auth/keys"],
        ["POST", "/api/v1/auth/keys/code"],
      ],
    );
    for (const { headers } of server.hits) {
      assert.equal(headers.authorization, `Bearer ${KEY}`);
      assert.equal(headers["http-referer"], GLOBALS.httpReferer);
      assert.equal(headers["x-openrouter-title"], GLOBALS.appTitle);
      assert.equal(headers["x-openrouter-categories"], GLOBALS.appCategories);
      assert.equal(headers["content-type"], "application/json");
    }
    assert.deepEqual(JSON.parse(hit(server, 1).body), {
      callback_url: "https://myapp.com/auth/callback",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      limit: 100,
    });
  });

  test("unset globals are not sent; a null code_challenge_method is sent as null", async () => {
    const server = await answer(200, { key: "k", user_id: null });
    const client = new OpenRouter({ apiKey: KEY, serverURL: server.base, retryConfig: NO_RETRIES });
    const result = await client.oAuth.exchangeAuthCodeForAPIKey({
      requestBody: { code: "c", codeChallengeMethod: null },
    });
    assert.deepEqual(result, { key: "k", userId: null });
    const { headers, body } = hit(server, 0);
    assert.equal(headers["http-referer"], undefined);
    assert.equal(headers["x-openrouter-title"], undefined);
    assert.equal(headers["x-openrouter-categories"], undefined);
    assert.deepEqual(JSON.parse(body), { code: "c", code_challenge_method: null });
  });

  test("unknown enum values and extra properties in a response are tolerated", async () => {
    const server = await answer(200, {
      data: { ...CREATE_200.data, extra: true },
      more: [1, 2],
    });
    const result = await sdk(server).oAuth.createAuthCode({
      requestBody: { callbackUrl: "https://x.example/cb", usageLimitType: "yearly" as never },
    });
    assert.deepEqual(result.data, {
      appId: 12345,
      createdAt: "2025-08-24T10:30:00Z",
      id: "auth_code_xyz789",
    });
    assert.equal(JSON.parse(hit(server, 0).body).usage_limit_type, "yearly");
  });

  test("a 200 without Content-Type but with a JSON body decodes", async () => {
    const server = await answer(200, EXCHANGE_200, {});
    const result = await sdk(server).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);
    assert.equal(result.userId, EXCHANGE_200.user_id);
  });

  test("the serverURL request option beats the client's", async () => {
    const wrong = await answer(500, errorExample(500));
    const right = await answer(200, EXCHANGE_200);
    const result = await sdk(wrong).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST, {
      serverURL: right.base,
    });
    assert.equal(result.key, EXCHANGE_200.key);
    assert.equal(wrong.hits.length, 0);
    assert.equal(hit(right, 0).url, "/api/v1/auth/keys");
  });

  test("the default server is the spec's production server", () => {
    assert.equal(ServerList.production, "https://openrouter.ai/api/v1");
    assert.equal(new OpenRouterCore()._baseURL?.href, "https://openrouter.ai/api/v1");
    assert.equal(new OpenRouter({ server: "production" })._baseURL?.href, "https://openrouter.ai/api/v1");
  });
});

// --- error responses -----------------------------------------------------------

const OPERATIONS = [
  {
    name: "exchangeAuthCodeForAPIKey",
    documented: [400, 403, 500],
    undocumented: [401, 404, 409, 429, 503],
    method: (client: OpenRouter) => client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
    func: (client: OpenRouterCore) => oAuthExchangeAuthCodeForAPIKey(client, EXCHANGE_REQUEST),
  },
  {
    name: "createAuthCode",
    documented: [400, 401, 403, 409, 500],
    undocumented: [404, 429, 503],
    method: (client: OpenRouter) => client.oAuth.createAuthCode(CREATE_REQUEST),
    func: (client: OpenRouterCore) => oAuthCreateAuthCode(client, CREATE_REQUEST),
  },
] as const;

function assertTypedError(err: OpenRouterError, status: number): void {
  const documented = DOCUMENTED[status];
  assert.ok(documented);
  const example = errorExample(status);
  assert.ok(err instanceof documented.type);
  assert.ok(err instanceof OpenRouterError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, documented.type.name);
  assert.equal(err.statusCode, status);
  assert.equal(err.body, JSON.stringify(example));
  assert.equal(err.contentType, "application/json");
  assert.equal(err.headers.get("content-type"), "application/json");
  assert.equal(err.headers.get("x-request-id"), `req-${status}`);
  assert.equal(err.rawResponse.status, status);
  assert.equal(err.message, documented.message);
  const typed = err as OpenRouterError & {
    data$: unknown;
    error: { code: number; message: string };
    userId?: unknown;
  };
  assert.deepEqual(typed.data$, example);
  assert.deepEqual(typed.error, example.error);
  assert.equal(typed.error.message, documented.message);
  assert.equal(typed.error.code, status);
  assert.equal("userId" in typed, false);
}

describe("error responses", () => {
  for (const op of OPERATIONS) {
    for (const status of op.documented) {
      const type = DOCUMENTED[status]?.type;
      test(`${op.name}: ${status} gives ${type?.name} (method and function)`, async () => {
        const server = await answer(status, errorExample(status), {
          "content-type": "application/json",
          "x-request-id": `req-${status}`,
        });
        assert.ok(type);
        assertTypedError(await rejection(op.method(sdk(server)), type), status);
        assertTypedError(failure(await op.func(core(server)), type), status);
        assert.equal(server.hits.length, 2);
      });
    }

    test(`${op.name}: undocumented statuses give OpenRouterDefaultError`, async () => {
      for (const status of op.undocumented) {
        const body = { error: { code: status, message: `status ${status}` } };
        const server = await answer(status, body);
        const thrown = await rejection(op.method(sdk(server)), OpenRouterDefaultError);
        const returned = failure(await op.func(core(server)), OpenRouterDefaultError);
        for (const err of [thrown, returned]) {
          assert.ok(err instanceof OpenRouterError);
          assert.equal(err.name, "OpenRouterDefaultError");
          assert.equal(err.statusCode, status);
          assert.equal(err.body, JSON.stringify(body));
          assert.equal(err.contentType, "application/json");
          assert.equal(err.message, `API error occurred: Status ${status}. Body: ${JSON.stringify(body)}`);
        }
        await server.close();
      }
    });
  }

  test("a 400 with an HTML body gives OpenRouterDefaultError", async () => {
    const html = "<html><body><h1>400 Bad Request</h1></body></html>";
    const server = await answer(400, html, { "content-type": "text/html; charset=utf-8" });
    const err = await rejection(
      sdk(server).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
      OpenRouterDefaultError,
    );
    assert.equal(err.statusCode, 400);
    assert.equal(err.body, html);
    assert.equal(err.contentType, "text/html; charset=utf-8");
    assert.match(err.message, /^API error occurred: Status 400 Content-Type "text\/html; charset=utf-8"/);
    assert.ok(err.message.includes(html));
  });

  test("a 200 of the wrong shape gives ResponseValidationError keeping the raw value", async () => {
    const wrong = { key: 42, user_id: "u" };
    const server = await answer(200, wrong);
    const err = await rejection(
      sdk(server).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
      ResponseValidationError,
    );
    assert.ok(err instanceof OpenRouterError);
    assert.equal(err.statusCode, 200);
    assert.equal(err.body, JSON.stringify(wrong));
    assert.deepEqual(err.rawValue, wrong);
    assert.equal(err.rawMessage, "Response validation failed");
    assert.match(err.message, /\$\.key: expected a string/);

    const missing = await answer(200, { data: { app_id: 1.5, id: "x" } });
    const result = await oAuthCreateAuthCode(core(missing), CREATE_REQUEST);
    const returned = failure(result, ResponseValidationError);
    assert.match(returned.message, /\$\.data\.app_id: expected an integer/);
    assert.deepEqual(returned.rawValue, { data: { app_id: 1.5, id: "x" } });
  });

  test("a 200 with invalid JSON gives ResponseValidationError, never a SyntaxError", async () => {
    const server = await answer(200, '{"key": "sk-or-v1-trunc');
    const err = await rejection(
      sdk(server).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
      ResponseValidationError,
    );
    assert.ok(!(err instanceof SyntaxError));
    assert.equal(err.rawValue, '{"key": "sk-or-v1-trunc');
    assert.equal(err.rawMessage, "Response body is not valid JSON");
    assert.ok(err.cause instanceof SyntaxError);

    const empty = await answer(200, "");
    failure(await oAuthCreateAuthCode(core(empty), CREATE_REQUEST), ResponseValidationError);
  });

  test("a documented error status with a body of the wrong shape gives ResponseValidationError", async () => {
    const server = await answer(403, { error: "forbidden" });
    const err = await rejection(sdk(server).oAuth.createAuthCode(CREATE_REQUEST), ResponseValidationError);
    assert.equal(err.statusCode, 403);
    assert.deepEqual(err.rawValue, { error: "forbidden" });
  });
});

// --- retries ---------------------------------------------------------------------

/** The spec's `x-speakeasy-retries` block, read with just enough YAML for it. */
function specRetries(): unknown {
  const path = new URL("../../../spec/openrouter-oauth.openapi.yaml", import.meta.url);
  if (!existsSync(path)) return undefined; // the SDK copied away from its repository
  const all = readFileSync(path, "utf8").split("\n");
  const start = all.indexOf("x-speakeasy-retries:");
  assert.ok(start >= 0, "the spec has no x-speakeasy-retries");
  const lines: { indent: number; text: string }[] = [];
  for (const line of all.slice(start + 1)) {
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) break;
    lines.push({ indent, text: line.trim() });
  }
  const scalar = (text: string): unknown => {
    const quoted = /^'(.*)'$|^"(.*)"$/.exec(text);
    if (quoted) return quoted[1] ?? quoted[2];
    if (text === "true" || text === "false") return text === "true";
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  };
  // A mapping or a list whose lines are all at `indent`, from line `i`; returns it and the next line.
  const block = (i: number, indent: number): [unknown, number] => {
    if (lines[i]?.text.startsWith("- ")) {
      const list: unknown[] = [];
      for (; lines[i]?.indent === indent && lines[i]?.text.startsWith("- "); i++) {
        list.push(scalar(lines[i]?.text.slice(2).trim() ?? ""));
      }
      return [list, i];
    }
    const map: Record<string, unknown> = {};
    while (lines[i]?.indent === indent) {
      const [, name = "", value = ""] = /^([\w-]+):\s*(.*)$/.exec(lines[i]?.text ?? "") ?? [];
      i++;
      if (value !== "") {
        map[name] = scalar(value);
      } else {
        const [child, next] = block(i, lines[i]?.indent ?? 0);
        map[name] = child;
        i = next;
      }
    }
    return [map, i];
  };
  return block(0, lines[0]?.indent ?? 0)[0];
}

describe("retries", () => {
  test("the default retry policy is the spec's x-speakeasy-retries", () => {
    const expected = {
      strategy: "backoff",
      backoff: { initialInterval: 500, maxInterval: 60000, exponent: 1.5, maxElapsedTime: 3600000 },
      retryConnectionErrors: true,
    };
    const defaults = new OpenRouterCore()._defaults;
    assert.deepEqual(defaults.retryConfig, expected);
    assert.deepEqual(defaults.retryCodes, ["5XX"]);
    assert.deepEqual(new OpenRouter()._defaults.retryConfig, expected);

    const spec = specRetries() as Record<string, unknown> | undefined;
    if (spec !== undefined) {
      const { statusCodes, ...config } = spec;
      assert.deepEqual(config, expected, "the spec's policy is not the SDK's");
      assert.deepEqual(statusCodes, defaults.retryCodes);
    }
  });

  test("503, 503, 200 succeeds after three requests (client retryConfig)", async () => {
    const server = await serve((_req, res, n) =>
      n < 2 ? reply(res, 503, { error: { code: 503, message: "busy" } }) : reply(res, 200, EXCHANGE_200),
    );
    const result = await sdk(server, { retryConfig: fastBackoff() }).oAuth.exchangeAuthCodeForAPIKey(
      EXCHANGE_REQUEST,
    );
    assert.equal(result.key, EXCHANGE_200.key);
    assert.equal(server.hits.length, 3);
    // Every attempt is a complete request.
    for (const { url, headers, body } of server.hits) {
      assert.equal(url, "/api/v1/auth/keys");
      assert.equal(headers.authorization, `Bearer ${KEY}`);
      assert.equal(JSON.parse(body).code, "auth_code_abc123def456");
    }
  });

  test("503, 503, 200 succeeds after three requests (per-call retries, standalone)", async () => {
    const server = await serve((_req, res, n) =>
      n < 2 ? reply(res, 503, "") : reply(res, 200, CREATE_200),
    );
    let keyCalls = 0;
    const client = core(server, {
      apiKey: async () => {
        keyCalls++;
        return KEY;
      },
    });
    const result = await oAuthCreateAuthCode(client, CREATE_REQUEST, { retries: fastBackoff() });
    assert.equal(success(result).data.id, "auth_code_xyz789");
    assert.equal(server.hits.length, 3);
    assert.equal(keyCalls, 3, "the key function is called before every attempt");
  });

  test("the spec's policy is in force by default: a 500 is retried after about 500 ms", async () => {
    const server = await serve((_req, res, n) =>
      n === 0 ? reply(res, 500, errorExample(500)) : reply(res, 200, EXCHANGE_200),
    );
    const { retryConfig: _ignored, ...rest } = options(server);
    const result = await new OpenRouter(rest).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);
    assert.equal(result.key, EXCHANGE_200.key);
    const gap = hit(server, 1).at - hit(server, 0).at;
    assert.ok(gap >= 490 && gap < 1500, `waited ${gap} ms, expected 500-1000`);
  });

  test("Retry-After: 1 is honoured", async () => {
    const server = await serve((_req, res, n) =>
      n === 0
        ? reply(res, 503, "", { "retry-after": "1" })
        : reply(res, 200, EXCHANGE_200),
    );
    const client = sdk(server, { retryConfig: fastBackoff(5000, 2000) });
    await client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);
    const gap = hit(server, 1).at - hit(server, 0).at;
    assert.ok(gap >= 990 && gap < 1800, `waited ${gap} ms, expected about 1000`);
  });

  test("a 400 is not retried", async () => {
    const server = await answer(400, errorExample(400));
    const err = await rejection(
      sdk(server, { retryConfig: fastBackoff() }).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
      BadRequestResponseError,
    );
    assert.equal(err.statusCode, 400);
    assert.equal(server.hits.length, 1);
  });

  test("strategy none: a 503 gives OpenRouterDefaultError, a 500 InternalServerResponseError, once", async () => {
    const unavailable = await answer(503, { error: { code: 503, message: "Service Unavailable" } });
    const client = sdk(unavailable, { retryConfig: fastBackoff() });
    const err503 = await rejection(
      client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST, { retries: { strategy: "none" } }),
      OpenRouterDefaultError,
    );
    assert.equal(err503.statusCode, 503);
    assert.equal(unavailable.hits.length, 1);

    const failing = await answer(500, errorExample(500));
    const err500 = failure(
      await oAuthCreateAuthCode(core(failing), CREATE_REQUEST, { retries: { strategy: "none" } }),
      InternalServerResponseError,
    );
    assert.equal(err500.error.message, "Internal Server Error");
    assert.equal(failing.hits.length, 1);
  });

  test("when the budget runs out the last 5XX response is the error", async () => {
    const server = await answer(500, errorExample(500));
    const err = await rejection(
      sdk(server).oAuth.createAuthCode(CREATE_REQUEST, { retries: fastBackoff(300) }),
      InternalServerResponseError,
    );
    assert.equal(err.statusCode, 500);
    assert.ok(server.hits.length >= 3, `only ${server.hits.length} attempts`);
  });

  test("a refused connection gives ConnectionError, retried when retryConnectionErrors", async () => {
    const url = await refusedURL();
    const single = await rejection(
      new OpenRouter({ apiKey: KEY, serverURL: url, retryConfig: NO_RETRIES }).oAuth.createAuthCode(
        CREATE_REQUEST,
      ),
      ConnectionError,
    );
    assert.equal(single.attempts, 1);
    assert.ok(single instanceof HTTPClientError);
    const retried = failure(
      await oAuthCreateAuthCode(new OpenRouterCore({ apiKey: KEY, serverURL: url }), CREATE_REQUEST, {
        retries: fastBackoff(200),
      }),
      ConnectionError,
    );
    assert.ok(retried.attempts >= 2, `only ${retried.attempts} attempts`);
  });
});

// --- timeouts --------------------------------------------------------------------

describe("timeouts", () => {
  test("the client's timeoutMs ends a call the server never answers", async () => {
    const server = await silent();
    const client = sdk(server, { timeoutMs: 150 });
    const [err, elapsed] = await timed(() =>
      rejection(client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST), RequestTimeoutError),
    );
    assert.ok(elapsed >= 140 && elapsed < 1000, `took ${elapsed} ms`);
    assert.equal(err.attempts, 1);
    assert.match(err.message, /^Request timed out: .*150 ms/);
    assert.equal(server.hits.length, 1);
  });

  test("a call's timeoutMs beats the client's", async () => {
    const server = await silent();
    const client = core(server, { timeoutMs: 30_000 });
    const [result, elapsed] = await timed(() =>
      oAuthCreateAuthCode(client, CREATE_REQUEST, { timeoutMs: 100 }),
    );
    failure(result, RequestTimeoutError);
    assert.ok(elapsed >= 90 && elapsed < 1000, `took ${elapsed} ms`);
  });

  test("timed-out attempts are retried when retryConnectionErrors is set", async () => {
    const server = await silent();
    const [err, elapsed] = await timed(() =>
      rejection(
        sdk(server).oAuth.createAuthCode(CREATE_REQUEST, {
          timeoutMs: 80,
          retries: fastBackoff(400),
        }),
        RequestTimeoutError,
      ),
    );
    assert.ok(err.attempts >= 2, `only ${err.attempts} attempts`);
    assert.ok(server.hits.length >= 2);
    assert.ok(elapsed < 1500, `took ${elapsed} ms`);
  });
});

// --- environment -----------------------------------------------------------------

describe("environment fallbacks", () => {
  test("OPENROUTER_API_KEY is used when apiKey is unset, read at each call", async () => {
    const server = await answer(200, EXCHANGE_200);
    const client = new OpenRouter({ serverURL: server.base, retryConfig: NO_RETRIES });
    await withEnv({ OPENROUTER_API_KEY: "env-key-1" }, () =>
      client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
    );
    await withEnv({ OPENROUTER_API_KEY: "env-key-2" }, () =>
      oAuthExchangeAuthCodeForAPIKey(client, EXCHANGE_REQUEST),
    );
    await withEnv({ OPENROUTER_API_KEY: "env-key-3" }, () =>
      new OpenRouter({ apiKey: KEY, serverURL: server.base }).oAuth.exchangeAuthCodeForAPIKey(
        EXCHANGE_REQUEST,
      ),
    );
    assert.deepEqual(
      server.hits.map((h) => h.headers.authorization),
      ["Bearer env-key-1", "Bearer env-key-2", `Bearer ${KEY}`],
    );
  });

  test("no key at all sends no Authorization header", async () => {
    const server = await answer(401, errorExample(401));
    const err = await rejection(
      new OpenRouter({ serverURL: server.base, retryConfig: NO_RETRIES }).oAuth.createAuthCode(
        CREATE_REQUEST,
      ),
      UnauthorizedResponseError,
    );
    assert.equal(err.error.message, "Missing Authentication header");
    assert.equal(hit(server, 0).headers.authorization, undefined);
  });

  test("OPENROUTER_BASE_URL is used when serverURL is unset", async () => {
    const env = await serve((req, res) =>
      reply(res, 200, req.url === "/api/v1/auth/keys" ? EXCHANGE_200 : CREATE_200),
    );
    const explicit = await answer(200, EXCHANGE_200);
    await withEnv({ OPENROUTER_BASE_URL: env.base }, async () => {
      await new OpenRouter({ apiKey: KEY }).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);
      success(await oAuthCreateAuthCode(new OpenRouterCore({ apiKey: KEY }), CREATE_REQUEST));
      await new OpenRouter({ apiKey: KEY, serverURL: explicit.base }).oAuth.exchangeAuthCodeForAPIKey(
        EXCHANGE_REQUEST,
      );
    });
    assert.deepEqual(
      env.hits.map((h) => h.url),
      ["/api/v1/auth/keys", "/api/v1/auth/keys/code"],
    );
    assert.equal(explicit.hits.length, 1);
  });

  test("OPENROUTER_HTTP_REFERER, _APP_TITLE and _APP_CATEGORIES fill the global headers", async () => {
    const server = await answer(200, CREATE_200);
    const env = {
      OPENROUTER_HTTP_REFERER: "https://env.example/",
      OPENROUTER_APP_TITLE: "Env Title",
      OPENROUTER_APP_CATEGORIES: "env-category",
    };
    await withEnv(env, async () => {
      const bare = { apiKey: KEY, serverURL: server.base, retryConfig: NO_RETRIES };
      // From the environment.
      await new OpenRouter(bare).oAuth.createAuthCode(CREATE_REQUEST);
      success(await oAuthCreateAuthCode(new OpenRouterCore(bare), CREATE_REQUEST));
      // Client options beat the environment.
      await new OpenRouter({ ...bare, appTitle: "Option Title" }).oAuth.createAuthCode(CREATE_REQUEST);
      // Request fields beat both.
      await new OpenRouter({ ...bare, appTitle: "Option Title" }).oAuth.createAuthCode({
        ...CREATE_REQUEST,
        appTitle: "Request Title",
        httpReferer: "https://request.example/",
      });
    });
    const seen = server.hits.map((h) => [
      h.headers["http-referer"],
      h.headers["x-openrouter-title"],
      h.headers["x-openrouter-categories"],
    ]);
    assert.deepEqual(seen, [
      ["https://env.example/", "Env Title", "env-category"],
      ["https://env.example/", "Env Title", "env-category"],
      ["https://env.example/", "Option Title", "env-category"],
      ["https://request.example/", "Request Title", "env-category"],
    ]);
  });

  test("OPENROUTER_DEBUG=true logs to the console, without the key", async () => {
    const server = await serve((_req, res, n) =>
      n === 0 ? reply(res, 503, "") : reply(res, 200, EXCHANGE_200),
    );
    const lines: string[] = [];
    const original = console.log;
    await withEnv({ OPENROUTER_DEBUG: "true" }, async () => {
      const client = sdk(server, { retryConfig: fastBackoff() });
      console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
      try {
        await client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);
      } finally {
        console.log = original;
      }
    });
    assert.ok(lines.some((line) => line.includes(`POST ${server.base}/auth/keys`)), lines.join("\n"));
    assert.ok(lines.some((line) => line.includes("retrying")), lines.join("\n"));
    for (const line of lines) assert.ok(!line.includes(KEY), line);
  });
});

// --- input validation ----------------------------------------------------------------

describe("input validation", () => {
  test("limit: NaN gives SDKValidationError and sends nothing", async () => {
    const server = await answer(200, CREATE_200);
    const request: CreateAuthKeysCodeRequest = {
      requestBody: { callbackUrl: "https://myapp.com/auth/callback", limit: Number.NaN },
    };
    const thrown = await rejection(sdk(server).oAuth.createAuthCode(request), SDKValidationError);
    const returned = failure(await oAuthCreateAuthCode(core(server), request), SDKValidationError);
    for (const err of [thrown, returned]) {
      assert.equal(err.rawMessage, "Input validation failed");
      assert.equal(err.message, "Input validation failed: requestBody.limit: NaN is not a finite number");
      assert.deepEqual(err.issues, [
        { path: ["requestBody", "limit"], message: "NaN is not a finite number" },
      ]);
      assert.deepEqual(err.rawValue, request.requestBody);
      assert.ok(!(err instanceof OpenRouterError));
    }
    assert.equal(server.hits.length, 0);
  });

  test("a missing request object gives SDKValidationError, not a TypeError", async () => {
    const server = await answer(200, CREATE_200);
    const missing = undefined as unknown as CreateAuthKeysCodeRequest;
    const returned = failure(await oAuthCreateAuthCode(core(server), missing), SDKValidationError);
    assert.deepEqual(returned.issues, [{ path: ["request"], message: "must be an object" }]);
    await rejection(sdk(server).oAuth.createAuthCode(missing), SDKValidationError);
    assert.equal(server.hits.length, 0);
  });

  test("an invalid Date gives SDKValidationError and sends nothing", async () => {
    const server = await answer(200, CREATE_200);
    const err = failure(
      await oAuthCreateAuthCode(core(server), {
        requestBody: { callbackUrl: "https://myapp.com/auth/callback", expiresAt: new Date("nope") },
      }),
      SDKValidationError,
    );
    assert.equal(err.message, "Input validation failed: requestBody.expiresAt: invalid Date");
    assert.equal(server.hits.length, 0);
  });

  test("values of the wrong type from untyped callers give SDKValidationError", async () => {
    const server = await answer(200, CREATE_200);
    const cb = "https://x.example/cb";
    const cases: [unknown, string][] = [
      [{}, "requestBody.callbackUrl: required property is missing"],
      [{ callbackUrl: 42 }, "requestBody.callbackUrl: expected a string, found a value of type number"],
      [{ callbackUrl: cb, limit: "100" }, 'requestBody.limit: expected a number, found the string "100"'],
      [
        { callbackUrl: cb, codeChallengeMethod: 256 },
        'requestBody.codeChallengeMethod: expected one of "S256", "plain", found a value of type number',
      ],
      [
        { callbackUrl: cb, expiresAt: "2027-12-31" },
        'requestBody.expiresAt: expected a Date, found the string "2027-12-31"',
      ],
      ["callback", 'requestBody: expected an object, found the string "callback"'],
    ];
    for (const [requestBody, detail] of cases) {
      const request = { requestBody } as CreateAuthKeysCodeRequest;
      const err = failure(await oAuthCreateAuthCode(core(server), request), SDKValidationError);
      assert.equal(err.message, `Input validation failed: ${detail}`);
    }
    await rejection(
      sdk(server).oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code: null } } as never),
      SDKValidationError,
    );
    assert.equal(server.hits.length, 0);
  });

  test("a header value with a line break gives InvalidRequestError and sends nothing", async () => {
    const server = await answer(200, EXCHANGE_200);
    const err = await rejection(
      sdk(server).oAuth.exchangeAuthCodeForAPIKey({
        ...EXCHANGE_REQUEST,
        appTitle: "Title\r\nX-Injected: yes",
      }),
      InvalidRequestError,
    );
    assert.equal(
      err.message,
      'Invalid request: exchangeAuthCodeForAPIKey headers: invalid value for header "X-OpenRouter-Title"',
    );
    assert.equal(server.hits.length, 0);
  });
});

// --- secrets ---------------------------------------------------------------------------

describe("secrets", () => {
  test("the key appears in no error, whatever the failure", async () => {
    const errors: unknown[] = [];
    const capture = async (promise: Promise<unknown>) => {
      try {
        await promise;
        assert.fail("expected a failure");
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        errors.push(err);
      }
    };

    for (const status of [400, 403, 500]) {
      const server = await answer(status, errorExample(status));
      await capture(sdk(server).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST));
    }
    const notFound = await answer(404, "<h1>not found</h1>", { "content-type": "text/html" });
    await capture(sdk(notFound).oAuth.createAuthCode(CREATE_REQUEST));
    const invalid = await answer(200, "{not json");
    await capture(sdk(invalid).oAuth.createAuthCode(CREATE_REQUEST));
    const wrong = await answer(200, { data: null });
    errors.push(failure(await oAuthCreateAuthCode(core(wrong), CREATE_REQUEST), ResponseValidationError));
    const silentServer = await silent();
    await capture(sdk(silentServer, { timeoutMs: 50 }).oAuth.createAuthCode(CREATE_REQUEST));
    await capture(
      new OpenRouter({ apiKey: KEY, serverURL: await refusedURL() }).oAuth.createAuthCode(
        CREATE_REQUEST,
        { retries: NO_RETRIES },
      ),
    );
    await capture(
      sdk(wrong).oAuth.createAuthCode({ requestBody: { callbackUrl: "x", limit: Infinity } }),
    );

    assert.deepEqual(
      errors.map((err) => (err as Error).name),
      [
        "BadRequestResponseError",
        "ForbiddenResponseError",
        "InternalServerResponseError",
        "OpenRouterDefaultError",
        "ResponseValidationError",
        "ResponseValidationError",
        "RequestTimeoutError",
        "ConnectionError",
        "SDKValidationError",
      ],
    );
    for (const err of errors) assertNoSecret(err);
  });

  test("a key that cannot be sent is reported without quoting it", async () => {
    const server = await answer(200, EXCHANGE_200);
    const badKey = `${KEY}\n`;
    const err = await rejection(
      sdk(server, { apiKey: badKey }).oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST),
      InvalidRequestError,
    );
    assertNoSecret(err);
    assert.equal(server.hits.length, 0);
  });

  test("debug log lines never contain the key", async () => {
    const server = await serve((_req, res, n) =>
      n === 0 ? reply(res, 503, "") : n === 1 ? reply(res, 200, EXCHANGE_200) : undefined,
    );
    const lines: string[] = [];
    const client = sdk(server, {
      retryConfig: fastBackoff(),
      debugLogger: { log: (...args: unknown[]) => lines.push(util.format(...args)) },
    });
    await client.oAuth.exchangeAuthCodeForAPIKey(EXCHANGE_REQUEST);
    failure(
      await oAuthExchangeAuthCodeForAPIKey(client, EXCHANGE_REQUEST, {
        timeoutMs: 50,
        retries: NO_RETRIES,
      }),
      RequestTimeoutError,
    );
    assert.ok(lines.length >= 4, lines.join("\n"));
    assert.ok(lines.some((line) => line.includes("RequestTimeoutError")), lines.join("\n"));
    for (const line of lines) {
      assert.ok(!line.includes(KEY), `the key leaks in: ${line}`);
    }
  });
});
