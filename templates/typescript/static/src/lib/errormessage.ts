/**
 * The message of a documented error response, taken from its body the way most APIs shape one:
 * `{"message": ...}`, `{"error": {"message": ...}}`, `{"error": "..."}`, `{"detail": ...}` or
 * `{"title": ...}`; otherwise the body itself, shortened.
 */

const MAX_LENGTH = 500;

/** A one-line message for an error response's decoded body. */
export function errorMessage(body: unknown): string {
  const found = messageIn(body) ?? messageIn(field(body, "error"));
  if (found) {
    return found;
  }
  const text = JSON.stringify(body) ?? String(body);
  const shown = text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}...` : text;
  return `API error occurred: ${shown}`;
}

function messageIn(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") {
    return value;
  }
  for (const key of ["message", "detail", "title", "error_description"]) {
    const candidate = field(value, key);
    if (typeof candidate === "string" && candidate !== "") {
      return candidate;
    }
  }
  return undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
