/**
 * The client core every generated SDK extends: it holds the options, and
 * sends one operation call with base-URL selection, headers, authentication,
 * per-attempt timeouts, retries and cancellation. Every fault comes back as
 * a typed error in a `Result`; nothing is thrown, and the API key never
 * appears in a log line or an error message.
 */

import { readEnv, readEnvFlag } from "./env.js";
import { describeError } from "./errortext.js";
import { classifyFault } from "./faults.js";
import { ERR, OK, type Result } from "./fp.js";
import { mergeHeaders } from "./headers.js";
import { Redactor } from "./redact.js";
import { type RetryConfig, withRetries } from "./retries.js";
import { type ApiKeySource, bearerAuthorization, resolveApiKey } from "./security.js";
import { abortable, anySignal, timeoutSignal } from "./signals.js";
import { type BaseURLSources, joinURL, parseBaseURL, resolveBaseURL } from "./url.js";
import {
  type ConnectionError,
  InvalidRequestError,
  type RequestAbortedError,
  type RequestTimeoutError,
  UnexpectedClientError,
} from "../models/errors/httpclienterrors.js";

/** What the generated SDK knows about its API; passed to the constructor. */
export type SDKDefaults = {
  /** Prefix of environment fallbacks: `${envPrefix}_API_KEY`, `_BASE_URL`, `_DEBUG`. */
  envPrefix: string;
  /** Server id → base URL, e.g. `{ production: "https://api.example.com/v1" }`. */
  servers: Readonly<Record<string, string>>;
  /** The id of the server used when nothing else is chosen. */
  defaultServer?: string;
  /** The API's retry policy, used when neither the call nor the client sets one. */
  retryConfig: RetryConfig;
  /** Statuses retried by default, e.g. `["5XX"]`. */
  retryCodes: readonly string[];
  /** The `user-agent` sent unless the client sets its own. */
  userAgent: string;
  /** Client options filled from the environment when the caller leaves them unset. */
  globals: readonly { option: string; env: string }[];
};

/** Where debug lines go; `console` fits. */
export type DebugLogger = { log(...args: unknown[]): void };

/** The client options every SDK accepts; generated SDKs add their globals. */
export type BaseSDKOptions = {
  /**
   * The API key, or a function returning it, called before every attempt.
   * Falls back to `${envPrefix}_API_KEY`, read at each call. No key means no
   * `Authorization` header.
   */
  apiKey?: ApiKeySource;
  /** A server id from the SDK's server list. */
  server?: string;
  /** A base URL overriding the server list and the environment. */
  serverURL?: string;
  /** Retries for every call of this client, unless a call sets its own. */
  retryConfig?: RetryConfig;
  /** Per-attempt timeout in ms; unset or negative means none (0 times out at once). */
  timeoutMs?: number;
  /** Replaces the SDK's `user-agent`. */
  userAgent?: string;
  /** A fetch implementation to use instead of the global `fetch`. */
  fetcher?: typeof fetch;
  /**
   * Receives one line per attempt (method, URL, status, timing) and per
   * retry wait. Secrets are masked. `${envPrefix}_DEBUG=true` logs to the console.
   */
  debugLogger?: DebugLogger;
};

/** `RequestInit` without what the operation itself decides. */
export type FetchOptions = Omit<RequestInit, "method" | "body">;

/**
 * Options of one call. The `RequestInit` fields may be given flat or in
 * `fetchOptions`; flat ones win.
 */
export type RequestOptions = {
  /** Per-attempt timeout in ms for this call, overriding the client's; negative means none. */
  timeoutMs?: number;
  /** Retry configuration for this call. */
  retries?: RetryConfig;
  /** Statuses retried for this call, e.g. `["429", "5XX"]`. */
  retryCodes?: readonly string[];
  /** A base URL for this call only. */
  serverURL?: string | URL;
  /** `RequestInit` fields for the underlying fetch (headers, signal, ...). */
  fetchOptions?: FetchOptions;
} & FetchOptions;

/** What an operation sends as its body. */
export type RequestBody = string | Uint8Array | Blob | FormData;

/** One operation call, as prepared by generated code. */
export type OperationCall = {
  /** The operation's id, for logs and errors. */
  operationID: string;
  /** The HTTP method. */
  method: string;
  /** The path with parameters substituted and encoded, starting with "/". */
  path: string;
  /** The encoded query string, without "?". */
  query?: string;
  /** Operation headers; `undefined` values are not sent. */
  headers: Record<string, string | undefined>;
  /**
   * The request body: JSON, form or plain text, bytes, or multipart parts (whose `Content-Type`,
   * with its boundary, `fetch` sets).
   */
  body?: RequestBody;
  /** Whether the call sends the API key. */
  secured: boolean;
  /**
   * `"manual"` when the operation documents a redirect status: the redirect is answered, not
   * followed (on Node.js the 3XX response arrives as it is; browsers hide it). The caller's
   * `fetchOptions.redirect` still wins.
   */
  redirect?: "manual";
};

/** A response whose body was read completely within the attempt. */
export type HttpResult = {
  response: Response;
  /** The whole body as text (UTF-8, invalid sequences replaced). */
  body: string;
  /** The whole body as received: binary responses (files, audio) are read from here. */
  bytes: Uint8Array;
  /** The `Content-Type` header, or `null` when absent. */
  contentType: string | null;
  /** The request of the final attempt (its body already consumed). */
  request: Request;
};

/** The errors `_request` can return. */
export type ClientFault =
  | ConnectionError
  | RequestTimeoutError
  | RequestAbortedError
  | InvalidRequestError
  | UnexpectedClientError;

/** Everything one call's attempts share. */
type CallContext = {
  call: OperationCall;
  url: URL;
  init: FetchOptions;
  fetchHeaders: FetchOptions["headers"];
  headers: FetchOptions["headers"];
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  redactor: Redactor;
};

/** Base class of generated SDKs and their cores. */
export class ClientSDK<O extends BaseSDKOptions = BaseSDKOptions> {
  /** The options given, with globals filled from the environment. */
  readonly _options: O;
  /** The API description the SDK was generated with. */
  readonly _defaults: SDKDefaults;
  /** The client's base URL, or `null` when none is valid (calls then report why). */
  readonly _baseURL: URL | null;
  readonly #baseURLSources: BaseURLSources;
  readonly #logger: DebugLogger | undefined;

  /** Never throws: a bad base URL is reported by each call instead. */
  constructor(given: O, defaults: SDKDefaults) {
    // Plain JavaScript callers may pass null.
    const options: O = given ?? ({} as O);
    this._defaults = defaults;
    this._options = withGlobalsFromEnv(options, defaults.globals);
    const baseURLEnv = `${defaults.envPrefix}_BASE_URL`;
    this.#baseURLSources = {
      serverURL: options.serverURL,
      server: options.server,
      env: { name: baseURLEnv, value: readEnv(baseURLEnv) },
      servers: defaults.servers,
      defaultServer: defaults.defaultServer,
    };
    const base = resolveBaseURL(this.#baseURLSources);
    this._baseURL = base.ok ? base.value : null;
    this.#logger =
      options.debugLogger ?? (readEnvFlag(`${defaults.envPrefix}_DEBUG`) ? console : undefined);
  }

  /**
   * Sends `call`, retrying as configured, and returns the final response
   * with its body read, or the reason there is none.
   */
  async _request(
    call: OperationCall,
    options: RequestOptions = {},
  ): Promise<Result<HttpResult, ClientFault>> {
    const redactor = new Redactor();
    try {
      return await this.#send(call, options, redactor);
    } catch (err) {
      return ERR(
        new UnexpectedClientError({ cause: err, detail: redactor.apply(describeError(err)) }),
      );
    }
  }

  async #send(
    call: OperationCall,
    options: RequestOptions,
    redactor: Redactor,
  ): Promise<Result<HttpResult, ClientFault>> {
    const {
      timeoutMs,
      retries,
      retryCodes,
      serverURL,
      fetchOptions,
      headers,
      signal,
      ...flatInit
    } = options;
    const { headers: fetchHeaders, signal: fetchSignal, ...fetchInit } = fetchOptions ?? {};
    const base =
      serverURL !== undefined && serverURL !== ""
        ? parseBaseURL(serverURL, "the request option serverURL")
        : this.#clientBaseURL();
    if (!base.ok) {
      return base;
    }
    const context: CallContext = {
      call,
      url: joinURL(base.value, call.path, call.query),
      init: { ...fetchInit, ...flatInit },
      fetchHeaders,
      headers,
      signal: signal ?? fetchSignal ?? undefined,
      timeoutMs: timeoutMs ?? this._options.timeoutMs,
      redactor,
    };
    return withRetries((attempt) => this.#attempt(context, attempt.index, attempt.budget), {
      config: retries ?? this._options.retryConfig ?? this._defaults.retryConfig,
      statusCodes: retryCodes ?? this._defaults.retryCodes,
      signal: context.signal,
      onRetry: (attempts, delayMs) =>
        this.#log(
          redactor,
          `${call.operationID}: retrying after attempt ${attempts} in ${Math.round(delayMs)} ms`,
        ),
    });
  }

  #clientBaseURL(): Result<URL, InvalidRequestError> {
    return this._baseURL ? OK(this._baseURL) : resolveBaseURL(this.#baseURLSources);
  }

  /**
   * One attempt. It ends when the body is read, the attempt times out, the
   * budget runs out, or the caller aborts.
   */
  async #attempt(
    context: CallContext,
    index: number,
    budget: AbortSignal | undefined,
  ): Promise<Result<HttpResult, ClientFault>> {
    const attempts = index + 1;
    const timeout = timeoutSignal(context.timeoutMs);
    const signals = anySignal([context.signal, budget, timeout.signal]);
    const started = performance.now();
    const { call, redactor } = context;
    try {
      const prepared = await abortable(this.#prepare(context, signals.signal), signals.signal);
      if (!prepared.ok) {
        return prepared;
      }
      const request = prepared.value;
      const fetcher = this._options.fetcher ?? globalThis.fetch;
      this.#log(
        redactor,
        `${call.operationID}: ${request.method} ${request.url} (attempt ${attempts})`,
      );
      const response = await abortable(fetcher(request), signals.signal);
      const bytes = new Uint8Array(await abortable(response.arrayBuffer(), signals.signal));
      const body = new TextDecoder().decode(bytes);
      const contentType = response.headers.get("content-type");
      this.#log(
        redactor,
        `${call.operationID}: ${response.status} ${contentType ?? "(no content type)"}, ` +
          `${body.length} chars in ${elapsedMs(started)} ms`,
      );
      return OK({ response, body, bytes, contentType, request });
    } catch (err) {
      const fault = classifyFault(err, {
        caller: context.signal,
        budget,
        timeout: timeout.signal,
        timeoutMs: context.timeoutMs,
        attempts,
        redact: (text) => redactor.apply(text),
      });
      this.#log(
        redactor,
        `${call.operationID}: ${fault.name} after ${elapsedMs(started)} ms: ${fault.message}`,
      );
      return ERR(fault);
    } finally {
      signals.dispose();
      timeout.dispose();
    }
  }

  /** Resolves the key and headers and builds the `Request` of one attempt. */
  async #prepare(
    context: CallContext,
    signal: AbortSignal,
  ): Promise<Result<Request, InvalidRequestError | UnexpectedClientError>> {
    const { call, redactor } = context;
    const envKey = `${this._defaults.envPrefix}_API_KEY`;
    const key = call.secured
      ? await resolveApiKey(this._options.apiKey, () => readEnv(envKey))
      : OK(undefined);
    if (!key.ok) {
      return key;
    }
    redactor.add(key.value);
    const headers = mergeHeaders([
      {
        source: "SDK headers",
        headers: {
          accept: "application/json",
          "content-type":
            call.body === undefined || call.body instanceof FormData ? undefined : "application/json",
          "user-agent": this._options.userAgent ?? this._defaults.userAgent,
          authorization: bearerAuthorization(key.value),
        },
      },
      { source: `${call.operationID} headers`, headers: call.headers },
      { source: "the request option fetchOptions.headers", headers: context.fetchHeaders },
      { source: "the request option headers", headers: context.headers },
    ]);
    if (!headers.ok) {
      return headers;
    }
    const authorization = headers.value.get("authorization");
    redactor.add(authorization ?? undefined);
    redactor.add(authorization?.replace(/^\S+\s+/, ""));
    if (typeof this._options.fetcher !== "function" && typeof globalThis.fetch !== "function") {
      return ERR(
        new UnexpectedClientError({ detail: "no fetch in this runtime: pass the fetcher option" }),
      );
    }
    try {
      return OK(
        new Request(context.url, {
          ...(call.redirect === undefined ? {} : { redirect: call.redirect }),
          ...context.init,
          method: call.method,
          headers: headers.value,
          body: call.body ?? null,
          signal,
        }),
      );
    } catch (err) {
      return ERR(
        new InvalidRequestError({
          cause: err,
          detail: redactor.apply(`the request options were rejected: ${describeError(err)}`),
        }),
      );
    }
  }

  /** Writes a debug line with secrets masked; a failing logger never fails the call. */
  #log(redactor: Redactor, line: string): void {
    if (!this.#logger) {
      return;
    }
    try {
      this.#logger.log(redactor.apply(line));
    } catch {
      // Logging is best effort.
    }
  }
}

/** Client options with each unset global taken from its environment variable. */
function withGlobalsFromEnv<O extends BaseSDKOptions>(
  options: O,
  globals: SDKDefaults["globals"],
): O {
  const filled: Record<string, unknown> = { ...options };
  for (const { option, env } of globals) {
    if (filled[option] === undefined) {
      const value = readEnv(env);
      if (value !== undefined) {
        filled[option] = value;
      }
    }
  }
  return filled as O;
}

function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}
