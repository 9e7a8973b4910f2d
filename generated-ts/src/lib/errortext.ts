/**
 * Readable one-line descriptions of thrown values, for error messages. Fetch
 * implementations nest the useful part (`connect ECONNREFUSED ...`) inside a
 * generic `fetch failed`, so the chain of causes is followed.
 */

const MAX_CAUSE_DEPTH = 4;

/** Describes any thrown value in one line, following nested `cause`s. */
export function describeError(err: unknown): string {
  return describeAt(err, 0);
}

function describeAt(err: unknown, depth: number): string {
  if (!(err instanceof Error)) {
    return describeValue(err);
  }
  let text = ownText(err);
  if (depth < MAX_CAUSE_DEPTH && err.cause !== undefined) {
    const inner = describeAt(err.cause, depth + 1);
    if (inner && !text.includes(inner)) {
      text = text ? `${text}: ${inner}` : inner;
    }
  }
  return text;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function ownText(err: Error): string {
  if (err.message) {
    return err.message;
  }
  if (err instanceof AggregateError && err.errors.length > 0) {
    return err.errors.map((inner: unknown) => describeAt(inner, MAX_CAUSE_DEPTH)).join("; ");
  }
  const code: unknown = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : err.name;
}
