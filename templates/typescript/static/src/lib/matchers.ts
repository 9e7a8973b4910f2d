/**
 * Matching a response against the status codes and content types an
 * operation declares, so generated code can pick the right decoder or error.
 */

/**
 * Whether `status` matches any of `patterns`: an exact code ("200"), a class
 * ("4XX", case-insensitive), or "default" (matches everything).
 */
export function matchStatusCode(status: number, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesStatusPattern(status, pattern.trim()));
}

function matchesStatusPattern(status: number, pattern: string): boolean {
  if (pattern.toLowerCase() === "default") {
    return true;
  }
  const range = /^([1-5])xx$/i.exec(pattern);
  if (range) {
    return Math.floor(status / 100) === Number(range[1]);
  }
  return /^\d{3}$/.test(pattern) && Number(pattern) === status;
}

/**
 * Whether a response's `Content-Type` matches `pattern` ("application/json",
 * "text/*", "*" or "*\/*"). Parameters such as `charset` are ignored and the
 * comparison is case-insensitive. A response without a content type matches
 * any pattern: servers often omit it on JSON bodies, and the decoder reports
 * a body that is not what was expected.
 */
export function matchContentType(actual: string | null, pattern: string): boolean {
  const wanted = mediaTypeEssence(pattern);
  if (actual === null || actual.trim() === "" || wanted === "*" || wanted === "*/*") {
    return true;
  }
  const [type, subtype] = splitMediaType(mediaTypeEssence(actual));
  const [wantedType, wantedSubtype] = splitMediaType(wanted);
  return (
    (wantedType === "*" || wantedType === type) &&
    (wantedSubtype === "*" || wantedSubtype === subtype)
  );
}

/**
 * The media type without parameters, lowercased:
 * "application/json; charset=utf-8" → "application/json".
 */
export function mediaTypeEssence(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function splitMediaType(essence: string): [string, string] {
  const slash = essence.indexOf("/");
  return slash < 0 ? [essence, ""] : [essence.slice(0, slash), essence.slice(slash + 1)];
}
