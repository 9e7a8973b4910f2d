/**
 * The four programs of the reference documentation (shared/seed/oauth-sdk-docs.md), taken
 * verbatim from its code blocks: each must type-check with `tsc --strict --noEmit` against this
 * package (imported by its own name, `@openrouter/sdk`), and run against a local server that
 * checks the request it receives and answers each documented outcome.
 *
 * The programs print what they get: the value on success; on a documented error, the class-style
 * program dies of the thrown typed error and the standalone one prints it. 5XX errors are not
 * run here: the spec's default retry policy retries them for up to an hour, as the reference SDK
 * does (the typed 500 error is tested with retries off in oauth.test.ts).
 */

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** generated-ts/, from dist/tests/. */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const referenceDoc =
  process.env["SDKGEN_REFERENCE_DOC"] ??
  path.resolve(packageRoot, "../../shared/seed/oauth-sdk-docs.md");
const programsDir = path.join(packageRoot, "reference");
const compiledDir = path.join(packageRoot, "dist", "reference");
const tsc = path.join(packageRoot, "node_modules", "typescript", "bin", "tsc");

type Program = { name: string; file: string };

/** The `typescript` code blocks of the reference document, in order. */
function referencePrograms(): string[] {
  const text = readFileSync(referenceDoc, "utf8");
  return [...text.matchAll(/```typescript[^\n]*\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

/** A request as the server saw it. */
type Received = { method: string; url: string; headers: IncomingMessage["headers"]; body: unknown };

/** The server's answer to the next request. */
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const received: Received[] = [];
let server: Server;
let baseURL = "";

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: text === "" ? undefined : JSON.parse(text),
      });
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

after(() => {
  server.close();
  rmSync(programsDir, { recursive: true, force: true });
});

/** Writes the four programs and their tsconfig into reference/. */
function writePrograms(blocks: string[]): Program[] {
  rmSync(programsDir, { recursive: true, force: true });
  mkdirSync(programsDir, { recursive: true });
  writeFileSync(
    path.join(programsDir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022"],
        module: "nodenext",
        moduleResolution: "nodenext",
        types: ["node"],
        outDir: compiledDir,
        rootDir: ".",
      },
      include: ["*.ts"],
    }),
  );
  const names = [
    "exchange-class",
    "exchange-standalone",
    "create-class",
    "create-standalone",
  ];
  return blocks.map((code, index) => {
    const name = names[index] ?? `program-${index}`;
    writeFileSync(path.join(programsDir, `${name}.ts`), code);
    return { name, file: path.join(compiledDir, `${name}.js`) };
  });
}

/** Runs a compiled program with the SDK's environment pointing at the local server. */
async function runProgram(program: Program): Promise<{ code: number; output: string }> {
  const env = {
    PATH: process.env["PATH"] ?? "",
    OPENROUTER_BASE_URL: baseURL,
    OPENROUTER_API_KEY: "test-key",
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [program.file], { env, timeout: 20_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: (failed.stdout ?? "") + (failed.stderr ?? "") };
  }
}

const EXCHANGE_BODY = {
  code: "auth_code_abc123def456",
  code_challenge_method: "S256",
  code_verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
};
const CREATE_BODY = {
  callback_url: "https://myapp.com/auth/callback",
  code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  code_challenge_method: "S256",
  limit: 100,
};
const ERRORS: Record<number, [string, string]> = {
  400: ["BadRequestResponseError", "Invalid request parameters"],
  401: ["UnauthorizedResponseError", "Missing Authentication header"],
  403: ["ForbiddenResponseError", "Only management keys can perform this operation"],
  409: ["ConflictResponseError", "Resource conflict. Please try again later."],
};

/** Checks the one request a program sent. */
function assertRequest(path: string, body: unknown): void {
  assert.equal(received.length, 1, "one request, no retries");
  const [request] = received;
  assert.ok(request);
  assert.equal(request.method, "POST");
  assert.equal(request.url, `/api/v1${path}`);
  assert.equal(request.headers["authorization"], "Bearer test-key");
  assert.equal(request.headers["content-type"], "application/json");
  assert.equal(request.headers["accept"], "application/json");
  assert.equal(request.headers["http-referer"], "<value>");
  assert.equal(request.headers["x-openrouter-title"], "<value>");
  assert.equal(request.headers["x-openrouter-categories"], "<value>");
  assert.deepEqual(request.body, body);
}

describe("the reference documentation's programs", () => {
  let programs: Program[] = [];

  before(async () => {
    const blocks = referencePrograms();
    assert.equal(blocks.length, 4, `four typescript blocks in ${referenceDoc}`);
    programs = writePrograms(blocks);
    const project = path.join(programsDir, "tsconfig.json");
    await run(process.execPath, [tsc, "--strict", "--noEmit", "-p", project], { cwd: packageRoot });
    await run(process.execPath, [tsc, "--strict", "-p", project], { cwd: packageRoot });
  });

  const cases = [
    { index: 0, path: "/auth/keys", body: EXCHANGE_BODY, errors: [400, 403], standalone: false },
    { index: 1, path: "/auth/keys", body: EXCHANGE_BODY, errors: [400, 403], standalone: true },
    { index: 2, path: "/auth/keys/code", body: CREATE_BODY, errors: [400, 401, 403, 409], standalone: false },
    { index: 3, path: "/auth/keys/code", body: CREATE_BODY, errors: [400, 401, 403, 409], standalone: true },
  ];
  const successes: Record<string, [unknown, string[]]> = {
    "/auth/keys": [
      { key: "sk-or-v1-abc", user_id: "user_2yOPcMpKoQhcd4bVgSMlELRaIah" },
      ["key: 'sk-or-v1-abc'", "userId: 'user_2yOPcMpKoQhcd4bVgSMlELRaIah'"],
    ],
    "/auth/keys/code": [
      { data: { app_id: 12345, created_at: "2025-08-24T10:30:00Z", id: "auth_code_xyz789" } },
      ["appId: 12345", "createdAt: '2025-08-24T10:30:00Z'", "id: 'auth_code_xyz789'"],
    ],
  };

  for (const { index, path: apiPath, body, errors, standalone } of cases) {
    test(`program ${index + 1} (${apiPath}, ${standalone ? "standalone" : "class"}) prints the value`, async () => {
      const program = programs[index];
      assert.ok(program);
      const [answerBody, expected] = successes[apiPath] ?? [{}, []];
      answer = { status: 200, body: answerBody };
      received.length = 0;
      const { code, output } = await runProgram(program);
      assert.equal(code, 0, output);
      for (const text of expected) {
        assert.ok(output.includes(text), `${text} in:\n${output}`);
      }
      assertRequest(apiPath, body);
    });

    for (const status of errors) {
      const [errorName, message] = ERRORS[status] ?? ["", ""];
      test(`program ${index + 1} (${apiPath}, ${standalone ? "standalone" : "class"}) gets ${errorName} for ${status}`, async () => {
        const program = programs[index];
        assert.ok(program);
        answer = { status, body: { error: { code: status, message } } };
        received.length = 0;
        const { code, output } = await runProgram(program);
        if (standalone) {
          assert.equal(code, 0, output);
          assert.ok(output.includes(`failed: ${errorName}: ${message}`), output);
        } else {
          assert.notEqual(code, 0, "the thrown error ends the program");
          assert.ok(output.includes(`${errorName}: ${message}`), output);
        }
        assert.ok(output.includes(`statusCode: ${status}`), output);
        assert.ok(!output.includes("test-key"), "the API key is never printed");
        assertRequest(apiPath, body);
      });
    }
  }
});
