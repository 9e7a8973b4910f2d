/**
 * Tests of the static TypeScript runtime against real HTTP servers on
 * 127.0.0.1: retries, Retry-After, timeouts, the retry budget, cancellation,
 * environment fallbacks, headers, form and multipart bodies, and that the API
 * key never leaks.
 */

import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, test } from "node:test";

import { ERR, OK, unwrap, unwrapAsync } from "../src/lib/fp.js";
import {
  encodeHeaderParam,
  encodeJSON,
  encodePathParam,
  encodeQuery,
} from "../src/lib/encodings.js";
import { readEnv } from "../src/lib/env.js";
import { buildFormBody, buildMultipartBody } from "../src/lib/requests.js";
import * as s from "../src/lib/schemas.js";
import { matchContentType, matchStatusCode } from "../src/lib/matchers.js";
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  type RetryConfig,
  retryAfterDelay,
} from "../src/lib/retries.js";
import {
  type BaseSDKOptions,
  ClientSDK,
  type HttpResult,
  type OperationCall,
  type SDKDefaults,
} from "../src/lib/sdks.js";
import { bearerAuthorization } from "../src/lib/security.js";
import {
  ConnectionError,
  HTTPClientError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  UnexpectedClientError,
} from "../src/models/errors/httpclienterrors.js";
import { SDKValidationError } from "../src/models/errors/sdkvalidationerror.js";
import { type OpenEnum, unrecognized } from "../src/types/enums.js";

// --- helpers -----------------------------------------------------------------

const SECRET = "sk-test-0123456789abcdef-SECRET";
const ENV_PREFIX = "SDKTEST";

type Hit = {
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  raw: Buffer;
};
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;
type TestServer = { url: string; hits: Hit[]; close(): Promise<void> };

const openServers = new Set<TestServer>();

/** Starts a server on 127.0.0.1 whose handler sees the 0-based hit number. */
async function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const hit: Hit = {
        at: performance.now(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        raw: Buffer.concat(chunks),
      };
      hits.push(hit);
      handler(req, res, hits.length - 1);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}`,
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

/** A port nothing listens on: bound once, then released. */
async function refusedPort(): Promise<string> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const DEFAULTS: SDKDefaults = {
  envPrefix: ENV_PREFIX,
  servers: { production: "http://127.0.0.1:9/unused/v1" },
  defaultServer: "production",
  retryConfig: { strategy: "none" },
  retryCodes: ["5XX"],
  userAgent: "sdkgen-runtime-test/1.0",
  globals: [{ option: "httpReferer", env: `${ENV_PREFIX}_HTTP_REFERER` }],
};

type TestOptions = BaseSDKOptions & { httpReferer?: string };

/** Backoff fast enough for tests; `maxElapsedTime` as given. */
function backoff(maxElapsedTime: number, retryConnectionErrors = true, maxInterval = 50): RetryConfig {
  return {
    strategy: "backoff",
    backoff: { initialInterval: 10, maxInterval, exponent: 1.5, maxElapsedTime },
    retryConnectionErrors,
  };
}

function client(options: TestOptions = {}): ClientSDK<TestOptions> {
  return new ClientSDK<TestOptions>(options, DEFAULTS);
}

const CALL: OperationCall = {
  operationID: "createThing",
  method: "POST",
  path: "/things",
  headers: {},
  body: '{"name":"x"}',
  secured: true,
};

/** Runs `fn` and returns its result and how long it took in ms. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

function expectError<E>(
  result: { ok: boolean; error?: unknown },
  type: abstract new (...args: never[]) => E,
): E {
  assert.equal(result.ok, false, "expected an error result");
  assert.ok(result.error instanceof type, `expected ${type.name}, got ${String(result.error)}`);
  return result.error;
}

function expectOk(result: { ok: boolean; value?: HttpResult; error?: unknown }): HttpResult {
  assert.equal(result.ok, true, `expected success, got ${String(result.error)}`);
  assert.ok(result.value);
  return result.value;
}

const savedEnv = new Map<string, string | undefined>();
function setEnv(name: string, value: string): void {
  if (!savedEnv.has(name)) {
    savedEnv.set(name, process.env[name]);
  }
  process.env[name] = value;
}

afterEach(async () => {
  for (const [name, value] of savedEnv) {
    if (value === undefined) {
      delete process.env[name];
    } else {
      process.env[name] = value;
    }
  }
  savedEnv.clear();
  await Promise.all([...openServers].map((s) => s.close()));
});

// --- retries -------------------------------------------------------------------

describe("retries", () => {
  test("503, 503, 200 takes three attempts and succeeds", async () => {
    const server = await serve((_req, res, hit) =>
      hit < 2 ? json(res, 503, { error: "busy" }) : json(res, 200, { ok: true }),
    );
    const sdk = client({ serverURL: server.url, retryConfig: backoff(5000) });
    const result = expectOk(await sdk._request(CALL));
    assert.equal(result.response.status, 200);
    assert.equal(result.body, '{"ok":true}');
    assert.equal(server.hits.length, 3);
  });

  test("a retryable response left when the budget runs out is returned as a response", async () => {
    const server = await serve((_req, res) => json(res, 502, { error: "bad gateway" }));
    const sdk = client({ serverURL: server.url, retryConfig: backoff(400) });
    const result = expectOk(await sdk._request(CALL));
    assert.equal(result.response.status, 502);
    assert.ok(server.hits.length >= 2);
  });

  test("Retry-After in seconds is honoured", async () => {
    const server = await serve((_req, res, hit) =>
      hit === 0 ? json(res, 503, {}, { "retry-after": "1" }) : json(res, 200, {}),
    );
    const sdk = client({ serverURL: server.url, retryConfig: backoff(5000, true, 5000) });
    expectOk(await sdk._request(CALL));
    const [first, second] = server.hits;
    assert.ok(first && second);
    assert.ok(second.at - first.at >= 950, `waited only ${second.at - first.at} ms`);
  });

  test("retry-after-ms is honoured and capped at maxInterval", async () => {
    const server = await serve((_req, res, hit) =>
      hit === 0
        ? json(res, 429, {}, { "retry-after-ms": "300" })
        : hit === 1
          ? json(res, 429, {}, { "retry-after-ms": "100000" })
          : json(res, 200, {}),
    );
    const sdk = client({ serverURL: server.url, retryConfig: backoff(5000, true, 400) });
    expectOk(await sdk._request(CALL, { retryCodes: ["429"] }));
    const [a, b, c] = server.hits;
    assert.ok(a && b && c);
    assert.ok(b.at - a.at >= 290, `waited only ${b.at - a.at} ms`);
    assert.ok(c.at - b.at < 1000, `the cap was ignored: ${c.at - b.at} ms`);
  });

  test("400 is not retried", async () => {
    const server = await serve((_req, res) => json(res, 400, { error: "bad" }));
    const sdk = client({ serverURL: server.url, retryConfig: backoff(5000) });
    const result = expectOk(await sdk._request(CALL));
    assert.equal(result.response.status, 400);
    assert.equal(server.hits.length, 1);
  });

  test("retry config: the call's beats the client's, which beats the default", async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const sdk = client({ serverURL: server.url, retryConfig: backoff(100) });
    expectOk(await sdk._request(CALL, { retries: { strategy: "none" } }));
    assert.equal(server.hits.length, 1);
    expectOk(await client({ serverURL: server.url })._request(CALL));
    assert.equal(server.hits.length, 2);
  });

  test("connection errors: not retried unless retryConnectionErrors", async () => {
    const url = await refusedPort();
    const once = await client({ serverURL: url, retryConfig: backoff(300, false) })._request(CALL);
    const single = expectError(once, ConnectionError);
    assert.equal(single.attempts, 1);
    assert.match(single.message, /^Unable to make request: .*ECONNREFUSED/);

    const [retried, ms] = await timed(() =>
      client({ serverURL: url, retryConfig: backoff(300, true) })._request(CALL),
    );
    // The budget ends either at a wait (the last ConnectionError) or during an attempt.
    const many = expectError(retried, HTTPClientError);
    assert.ok(many instanceof ConnectionError || many instanceof RequestTimeoutError, many.name);
    assert.ok(many.attempts > 1, `only ${many.attempts} attempts`);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  test("a connection cut in the middle of the body is retried like a connection error", async () => {
    const server = await serve((_req, res, hit) => {
      if (hit === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        json(res, 200, { whole: true });
      }
    });
    const result = expectOk(
      await client({ serverURL: server.url, retryConfig: backoff(5000) })._request(CALL),
    );
    assert.equal(result.body, '{"whole":true}');
    assert.equal(server.hits.length, 2);

    const noRetry = await client({ serverURL: server.url, retryConfig: backoff(5000, false) })._request(CALL);
    assert.equal(expectOk(noRetry).body, '{"whole":true}');
  });

  test("a cut body without retries is a ConnectionError", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = expectError(await client({ serverURL: server.url })._request(CALL), ConnectionError);
    assert.equal(error.attempts, 1);
  });
});

// --- timeouts, budget, cancellation -------------------------------------------------

describe("timeouts and cancellation", () => {
  test("timeoutMs against a silent server gives RequestTimeoutError", async () => {
    const server = await serve(() => {});
    const [result, ms] = await timed(() =>
      client({ serverURL: server.url, timeoutMs: 5000 })._request(CALL, { timeoutMs: 200 }),
    );
    const error = expectError(result, RequestTimeoutError);
    assert.equal(error.attempts, 1);
    assert.match(error.message, /^Request timed out: .*200 ms/);
    assert.ok(ms >= 190 && ms < 700, `took ${ms} ms`);
  });

  test("a 1.5 s retry budget bounds a call to a silent server", async () => {
    const server = await serve(() => {});
    const [result, ms] = await timed(() =>
      client({ serverURL: server.url, retryConfig: backoff(1500) })._request(CALL),
    );
    const error = expectError(result, RequestTimeoutError);
    assert.match(error.message, /retry budget/);
    assert.ok(ms >= 1400 && ms < 2000, `took ${ms} ms`);
  });

  test("timed-out attempts are retried within the budget", async () => {
    const server = await serve(() => {});
    const [result, ms] = await timed(() =>
      client({ serverURL: server.url, retryConfig: backoff(700), timeoutMs: 150 })._request(CALL),
    );
    const error = expectError(result, RequestTimeoutError);
    assert.ok(error.attempts >= 3, `only ${error.attempts} attempts`);
    assert.ok(ms < 1200, `took ${ms} ms`);
    assert.equal(server.hits.length, error.attempts);
  });

  test("the caller's signal aborts an attempt and is never retried", async () => {
    const server = await serve(() => {});
    const signal = AbortSignal.timeout(100);
    const [result, ms] = await timed(() =>
      client({ serverURL: server.url, retryConfig: backoff(5000) })._request(CALL, { signal }),
    );
    expectError(result, RequestAbortedError);
    assert.ok(ms < 600, `took ${ms} ms`);
    assert.equal(server.hits.length, 1);
  });

  test("the caller's signal in fetchOptions ends a wait between retries", async () => {
    const server = await serve((_req, res) => json(res, 503, {}, { "retry-after": "10" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const [result, ms] = await timed(() =>
      client({ serverURL: server.url, retryConfig: backoff(60_000, true, 60_000) })._request(CALL, {
        fetchOptions: { signal: controller.signal },
      }),
    );
    expectError(result, RequestAbortedError);
    assert.ok(ms < 600, `took ${ms} ms`);
  });

  test("an already aborted signal sends nothing", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const result = await client({ serverURL: server.url })._request(CALL, { signal: AbortSignal.abort() });
    expectError(result, RequestAbortedError);
    assert.equal(server.hits.length, 0);
  });
});

// --- base URL, environment, headers, auth ---------------------------------------------

describe("configuration", () => {
  test("paths are joined under the base path, with the query", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const sdk = client({ serverURL: `${server.url}/api/v1/` });
    const result = expectOk(await sdk._request({ ...CALL, path: "/auth/keys", query: "a=1&b=x%20y" }));
    assert.equal(server.hits[0]?.url, "/api/v1/auth/keys?a=1&b=x%20y");
    assert.equal(result.request.url, `${server.url}/api/v1/auth/keys?a=1&b=x%20y`);
  });

  test("an operation's Cookie header reaches the server; a manual redirect reaches the caller", async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: "/elsewhere" });
      res.end();
    });
    const sdk = client({ serverURL: server.url });
    const result = expectOk(
      await sdk._request({ ...CALL, headers: { Cookie: "theme=dark%20mode; ids=1,2" }, redirect: "manual" }),
    );
    assert.equal(result.response.status, 302);
    assert.equal(result.response.headers.get("location"), "/elsewhere");
    assert.equal(server.hits.length, 1, "the redirect is not followed");
    assert.equal(server.hits[0]?.headers.cookie, "theme=dark%20mode; ids=1,2");
  });

  test("base URL order: call, client serverURL, server id, environment, default", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    setEnv(`${ENV_PREFIX}_BASE_URL`, `${server.url}/from-env`);
    const defaults: SDKDefaults = {
      ...DEFAULTS,
      servers: { production: `${server.url}/default`, staging: `${server.url}/staging` },
    };
    const paths = async (options: BaseSDKOptions, serverURL?: string) => {
      const sdk = new ClientSDK(options, defaults);
      expectOk(await sdk._request({ ...CALL, path: "/x" }, serverURL ? { serverURL } : {}));
      return server.hits.at(-1)?.url;
    };
    assert.equal(await paths({ serverURL: `${server.url}/client` }, `${server.url}/call`), "/call/x");
    assert.equal(await paths({ serverURL: `${server.url}/client`, server: "staging" }), "/client/x");
    assert.equal(await paths({ server: "staging" }), "/staging/x");
    assert.equal(await paths({}), "/from-env/x");
    delete process.env[`${ENV_PREFIX}_BASE_URL`];
    assert.equal(await paths({}), "/default/x");
  });

  test("an invalid base URL is an InvalidRequestError naming its source, never a throw", async () => {
    setEnv(`${ENV_PREFIX}_BASE_URL`, "not a url");
    const sdk = client();
    assert.equal(sdk._baseURL, null);
    const fromEnv = expectError(await sdk._request(CALL), InvalidRequestError);
    assert.match(
      fromEnv.message,
      /^Invalid request: the environment variable SDKTEST_BASE_URL is not a valid URL/,
    );

    const badOption = expectError(await client({ serverURL: "ftp://x" })._request(CALL), InvalidRequestError);
    assert.match(badOption.message, /client option serverURL/);
    const badServer = expectError(await client({ server: "nope" })._request(CALL), InvalidRequestError);
    assert.match(badServer.message, /unknown server "nope"/);

    const server = await serve((_req, res) => json(res, 200, {}));
    expectOk(await sdk._request(CALL, { serverURL: new URL(server.url) }));
    const badCall = expectError(await sdk._request(CALL, { serverURL: "::" }), InvalidRequestError);
    assert.match(badCall.message, /request option serverURL/);
  });

  test("the key and globals fall back to the environment", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    setEnv(`${ENV_PREFIX}_HTTP_REFERER`, "https://referer.example");
    const sdk = client({ serverURL: server.url });
    assert.equal(sdk._options.httpReferer, "https://referer.example");
    setEnv(`${ENV_PREFIX}_API_KEY`, SECRET); // read per call, after construction
    expectOk(await sdk._request(CALL));
    assert.equal(server.hits[0]?.headers.authorization, `Bearer ${SECRET}`);
    assert.equal(client({ httpReferer: "mine" })._options.httpReferer, "mine");
  });

  test("Bearer is not doubled; no key sends no Authorization; unsecured calls send none", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const auth = async (apiKey: BaseSDKOptions["apiKey"], call: OperationCall = CALL) => {
      const options: BaseSDKOptions =
        apiKey === undefined ? { serverURL: server.url } : { serverURL: server.url, apiKey };
      expectOk(await client(options)._request(call));
      return server.hits.at(-1)?.headers.authorization;
    };
    assert.equal(await auth("Bearer abc"), "Bearer abc");
    assert.equal(await auth("bearer abc"), "bearer abc");
    assert.equal(await auth("abc"), "Bearer abc");
    assert.equal(await auth(async () => "from-fn"), "Bearer from-fn");
    assert.equal(await auth(undefined), undefined);
    assert.equal(await auth(""), undefined);
    assert.equal(await auth("abc", { ...CALL, secured: false }), undefined);
    assert.equal(bearerAuthorization(undefined), undefined);
  });

  test("headers: defaults, operation headers, then caller headers override", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const sdk = client({ serverURL: server.url, apiKey: "k" });
    expectOk(
      await sdk._request(
        { ...CALL, headers: { "x-op": "op", "x-dropped": undefined, "x-both": "op" } },
        {
          fetchOptions: { headers: { "x-fetch": "f", "x-both": "fetch" } },
          headers: { "x-both": "flat", "user-agent": "custom/2" },
        },
      ),
    );
    const headers = server.hits[0]?.headers;
    assert.equal(headers?.accept, "application/json");
    assert.equal(headers?.["content-type"], "application/json");
    assert.equal(headers?.["user-agent"], "custom/2");
    assert.equal(headers?.["x-op"], "op");
    assert.equal(headers?.["x-fetch"], "f");
    assert.equal(headers?.["x-both"], "flat");
    assert.equal(headers?.["x-dropped"], undefined);
    assert.equal(server.hits[0]?.body, '{"name":"x"}');

    expectOk(await sdk._request({ ...CALL, method: "GET", body: undefined }));
    assert.equal(server.hits[1]?.headers["content-type"], undefined);
    assert.equal(server.hits[1]?.headers["user-agent"], "sdkgen-runtime-test/1.0");
  });

  test("a custom fetcher is used, and its unknown errors become UnexpectedClientError", async () => {
    let seen: Request | undefined;
    const fetcher: typeof fetch = async (input) => {
      seen = input as Request;
      return new Response('{"ok":1}', { status: 201 });
    };
    const result = expectOk(await client({ serverURL: "https://api.example", fetcher })._request(CALL));
    assert.equal(result.response.status, 201);
    assert.equal(result.contentType, "text/plain;charset=UTF-8");
    assert.equal(seen?.url, "https://api.example/things");

    const broken: typeof fetch = async () => {
      throw new RangeError("boom");
    };
    const error = expectError(
      await client({ serverURL: "https://api.example", fetcher: broken })._request(CALL),
      UnexpectedClientError,
    );
    assert.equal(error.message, "Unexpected HTTP client error: boom");
  });
});

// --- secrets -----------------------------------------------------------------------

describe("the API key never leaks", () => {
  test("not in debug logs, error messages or error JSON", async () => {
    const lines: string[] = [];
    const debugLogger = { log: (...args: unknown[]) => lines.push(args.map(String).join(" ")) };
    const texts: string[] = [];
    const record = (error: unknown) => {
      assert.ok(error instanceof Error);
      texts.push(error.message, JSON.stringify(error), String(error.stack));
    };

    const server = await serve((_req, res, hit) => (hit === 0 ? json(res, 500, {}) : json(res, 200, {})));
    const retrying = { serverURL: server.url, apiKey: SECRET, debugLogger, retryConfig: backoff(5000) };
    expectOk(await client(retrying)._request(CALL));
    assert.ok(lines.some((l) => l.includes("POST") && l.includes(server.url)));
    assert.ok(lines.some((l) => l.includes("500")) && lines.some((l) => l.includes("200")));

    const refused = await refusedPort();
    const connection = await client({ serverURL: refused, apiKey: SECRET, debugLogger })._request(CALL);
    record(expectError(connection, ConnectionError));

    const silent = await serve(() => {});
    const timingOut = { serverURL: silent.url, apiKey: SECRET, debugLogger, timeoutMs: 50 };
    record(expectError(await client(timingOut)._request(CALL), RequestTimeoutError));

    // A key the platform would reject, quoting it in its own message.
    const badKey = { serverURL: server.url, apiKey: `${SECRET}\n` };
    record(expectError(await client(badKey)._request(CALL), InvalidRequestError));

    // A fetcher whose error message quotes the Authorization header.
    const leaky: typeof fetch = async (input) => {
      throw new TypeError(`fetch failed for ${(input as Request).headers.get("authorization")}`);
    };
    const leaking = { serverURL: server.url, apiKey: SECRET, fetcher: leaky, debugLogger };
    record(expectError(await client(leaking)._request(CALL), ConnectionError));

    // The same via the environment and a caller-supplied Authorization header.
    setEnv(`${ENV_PREFIX}_API_KEY`, SECRET);
    const fromEnv = client({ serverURL: server.url, fetcher: leaky });
    record(expectError(await fromEnv._request(CALL), ConnectionError));
    const ownHeader = { headers: { authorization: `Token ${SECRET}` } };
    record(
      expectError(await fromEnv._request({ ...CALL, secured: false }, ownHeader), ConnectionError),
    );

    for (const text of [...texts, ...lines]) {
      assert.ok(!text.includes(SECRET), `leaked in: ${text}`);
    }
    assert.ok(texts.some((t) => t.includes("[REDACTED]")));
  });
});

// --- the small modules -------------------------------------------------------------

// --- request bodies ------------------------------------------------------------

describe("request bodies", () => {
  type Upload = { file: Blob; purpose: string; tags?: string[]; labels?: Record<string, string>; thumb?: Blob };
  const upload = s.object<Upload>({
    file: { wire: "file", schema: s.unknown, required: true },
    purpose: { wire: "purpose", schema: s.string, required: true },
    tags: { wire: "tags", schema: s.array(s.string), required: false },
    labels: { wire: "labels", schema: s.record(s.string), required: false },
    thumb: { wire: "thumbnail", schema: s.unknown, required: false },
  });

  /** The parts a server reads from a multipart request (parsed by Node's own `formData()`). */
  async function parts(hit: Hit): Promise<[string, string, string | null, string][]> {
    const type = hit.headers["content-type"] ?? "";
    const form = await new Response(hit.raw, { headers: { "content-type": type } }).formData();
    const read: [string, string, string | null, string][] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === "string") read.push([name, value, null, ""]);
      else read.push([name, await value.text(), value.name, value.type]);
    }
    return read;
  }

  test("a multipart body keeps its files and fields, and a retry resends them", async () => {
    const server = await serve((_req, res, hit) =>
      hit === 0 ? json(res, 503, { error: "busy" }) : json(res, 200, { id: "doc_1" }),
    );
    const body = unwrap(
      buildMultipartBody(
        upload,
        {
          file: new File(["%PDF-1.7"], "report.pdf", { type: "application/pdf" }),
          purpose: "archive",
          tags: ["q3", "finance"],
          labels: { team: "ops" },
          thumb: new Blob(["PNG"]),
        },
        { thumbnail: "image/png" },
      ),
    );
    const sdk = client({ serverURL: server.url, retryConfig: backoff(5000) });
    const call: OperationCall = { ...CALL, headers: {}, body };
    expectOk(await sdk._request(call));
    assert.equal(server.hits.length, 2);
    const expected = [
      ["file", "%PDF-1.7", "report.pdf", "application/pdf"],
      ["purpose", "archive", null, ""],
      ["tags", "q3", null, ""],
      ["tags", "finance", null, ""],
      ["labels", '{"team":"ops"}', null, ""],
      ["thumbnail", "PNG", "blob", "image/png"],
    ];
    for (const hit of server.hits) {
      assert.match(hit.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/);
      assert.deepEqual(await parts(hit), expected);
    }
  });

  test("a form body nests deepObject fields in brackets and joins delimited arrays", async () => {
    type Customer = {
      email: string;
      metadata?: Record<string, string>;
      items?: { price: string; quantity?: number }[];
      expand?: string[];
      locales?: string[];
      address?: { city: string };
    };
    const customer = s.object<Customer>({
      email: { wire: "email", schema: s.string, required: true },
      metadata: { wire: "metadata", schema: s.record(s.string), required: false },
      items: { wire: "items", schema: s.array(s.unknown), required: false },
      expand: { wire: "expand", schema: s.array(s.string), required: false },
      locales: { wire: "locales", schema: s.array(s.string), required: false },
      address: { wire: "address", schema: s.unknown, required: false },
    });
    const body = unwrap(
      buildFormBody(
        customer,
        {
          email: "jo+1@example.com",
          metadata: { plan: "gold & more" },
          items: [{ price: "p_1", quantity: 2 }, { price: "p_2" }],
          expand: ["sources", "tax"],
          locales: ["en", "nb"],
          address: { city: "Oslo" },
        },
        {
          metadata: { style: "deepObject", explode: true, json: false },
          items: { style: "deepObject", explode: true, json: false },
          locales: { style: "pipeDelimited", explode: false, json: false },
        },
      ),
    );
    const server = await serve((_req, res) => json(res, 200, {}));
    const call: OperationCall = {
      ...CALL,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    };
    expectOk(await client({ serverURL: server.url })._request(call));
    const hit = server.hits[0];
    assert.ok(hit);
    assert.equal(hit.headers["content-type"], "application/x-www-form-urlencoded");
    assert.deepEqual(
      [...new URLSearchParams(hit.body).entries()],
      [
        ["email", "jo+1@example.com"],
        ["metadata[plan]", "gold & more"],
        ["items[0][price]", "p_1"],
        ["items[0][quantity]", "2"],
        ["items[1][price]", "p_2"],
        ["expand", "sources"],
        ["expand", "tax"],
        ["locales", "en|nb"],
        ["city", "Oslo"],
      ],
    );
    const notAnObject = buildFormBody(s.unknown, ["a"], {});
    assert.ok(!notAnObject.ok && notAnObject.error instanceof SDKValidationError);
  });
});

describe("helpers", () => {
  test("matchStatusCode", () => {
    assert.ok(matchStatusCode(503, ["5XX"]));
    assert.ok(matchStatusCode(404, ["4xx"]));
    assert.ok(matchStatusCode(200, ["200"]));
    assert.ok(matchStatusCode(302, ["default"]));
    assert.ok(!matchStatusCode(500, ["4XX", "200"]));
    assert.ok(!matchStatusCode(200, []));
  });

  test("matchContentType", () => {
    assert.ok(matchContentType("application/json; charset=utf-8", "application/json"));
    assert.ok(matchContentType("Application/JSON", "application/json"));
    assert.ok(matchContentType(null, "application/json"));
    assert.ok(matchContentType("text/html", "*"));
    assert.ok(matchContentType("text/html", "*/*"));
    assert.ok(matchContentType("text/plain", "text/*"));
    assert.ok(!matchContentType("application/problem+json", "application/json"));
    assert.ok(!matchContentType("text/html", "application/json"));
  });

  test("encodings", () => {
    const simple = (value: unknown) => ({ value, style: "simple" as const, explode: false });
    const form = (value: unknown) => ({ value, style: "form" as const, explode: true });
    assert.equal(unwrap(encodePathParam("id", simple("a/b c?"))), "a%2Fb%20c%3F");
    assert.equal(unwrap(encodePathParam("n", simple(12))), "12");
    assert.equal(
      unwrap(
        encodeQuery({
          a: form(1),
          tag: form(["x y", "z&"]),
          skip: form(undefined),
          none: form(null),
          on: form(true),
        }),
      ),
      "a=1&tag=x%20y&tag=z%26&on=true",
    );
    assert.equal(unwrap(encodeQuery({ at: form(new Date(0)) })), "at=1970-01-01T00%3A00%3A00.000Z");
    assert.equal(unwrap(encodeHeaderParam("h", simple(["a", "b"]))), "a,b");
    assert.equal(unwrap(encodeHeaderParam("h", simple(undefined))), undefined);
    assert.equal(
      unwrap(encodeJSON("body", { a: [1, "x"], d: new Date(0) })),
      '{"a":[1,"x"],"d":"1970-01-01T00:00:00.000Z"}',
    );

    const nan = encodeJSON("body", { list: [{ limit: Number.NaN }] });
    assert.ok(!nan.ok && nan.error instanceof SDKValidationError);
    const issue = "body.list[0].limit: NaN is not a finite number";
    assert.equal(nan.error.message, `Input validation failed: ${issue}`);
    assert.equal(nan.error.pretty(), `Input validation failed\n  - ${issue}`);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.ok(!encodeJSON("body", cycle).ok);
    assert.ok(!encodeJSON("body", 1n).ok);
    assert.ok(!encodeJSON("body", undefined).ok);
    assert.ok(!encodeQuery({ q: form([1, Number.POSITIVE_INFINITY]) }).ok);
    assert.ok(!encodePathParam("d", simple(new Date(Number.NaN))).ok);
  });

  test("backoff and Retry-After", () => {
    const strategy = { ...DEFAULT_BACKOFF };
    assert.equal(backoffDelay(strategy, 0, () => 0), 500);
    assert.equal(backoffDelay(strategy, 1, () => 0), 750);
    assert.equal(backoffDelay(strategy, 0, () => 0.999), 500 + 0.999 * 500);
    assert.equal(backoffDelay(strategy, 30, () => 0), 60_000);
    const now = Date.parse("2030-01-01T00:00:00Z");
    assert.equal(retryAfterDelay(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now), 250);
    assert.equal(retryAfterDelay(new Headers({ "retry-after": "3" }), now), 3000);
    assert.equal(retryAfterDelay(new Headers({ "retry-after": "Tue, 01 Jan 2030 00:00:05 GMT" }), now), 5000);
    assert.equal(retryAfterDelay(new Headers({ "retry-after": "Mon, 01 Jan 2029 00:00:05 GMT" }), now), 0);
    assert.equal(retryAfterDelay(new Headers({ "retry-after": "soon" }), now), undefined);
    assert.equal(retryAfterDelay(new Headers(), now), undefined);
  });

  test("fp", async () => {
    assert.equal(unwrap(OK(3)), 3);
    assert.throws(() => unwrap(ERR(new RangeError("x"))), RangeError);
    assert.equal(await unwrapAsync(Promise.resolve(OK("v"))), "v");
    await assert.rejects(unwrapAsync(Promise.resolve(ERR(new RangeError("y")))), RangeError);
  });

  test("open enums", () => {
    const Method = { S256: "S256", Plain: "plain" } as const;
    type Method = OpenEnum<typeof Method>;
    const known: Method = Method.Plain;
    const unknown: Method = unrecognized("S512");
    assert.equal(known, "plain");
    assert.equal(unknown, "S512");
    // @ts-expect-error: a plain string is not a Method without being marked unrecognized
    const unmarked: Method = "S512" as string;
    assert.equal(unmarked, "S512");
  });

  test("error classes: names, messages, causes, attempts", () => {
    const cause = new Error("socket hang up");
    const error = new ConnectionError({ cause, attempts: 3 });
    assert.ok(error instanceof HTTPClientError && error instanceof Error);
    assert.equal(error.name, "ConnectionError");
    assert.equal(error.message, "Unable to make request: socket hang up");
    assert.equal(error.cause, cause);
    assert.equal(error.attempts, 3);
    assert.match(String(error.stack), /^ConnectionError: Unable to make request/);
    assert.equal(new RequestTimeoutError().message, "Request timed out");
    assert.equal(new RequestTimeoutError().attempts, 1);
    assert.equal(new RequestAbortedError().name, "RequestAbortedError");
    assert.equal(new InvalidRequestError({ detail: "no base URL" }).message, "Invalid request: no base URL");
    assert.equal(new UnexpectedClientError().message, "Unexpected HTTP client error");
    const validation = new SDKValidationError("Input validation failed", new Error("bad"), { x: 1 });
    assert.equal(validation.name, "SDKValidationError");
    assert.equal(validation.message, "Input validation failed: bad");
    assert.equal(validation.rawMessage, "Input validation failed");
    assert.deepEqual(validation.rawValue, { x: 1 });
    assert.equal(validation.pretty(), "Input validation failed: bad");
  });

  test("env", () => {
    setEnv(`${ENV_PREFIX}_EMPTY`, "");
    assert.equal(readEnv(`${ENV_PREFIX}_EMPTY`), undefined);
    assert.equal(readEnv(`${ENV_PREFIX}_UNSET_${Date.now()}`), undefined);
  });
});
