/**
 * Keeps secrets out of text that leaves the SDK: debug logs and error
 * messages. Secrets are registered as they become known (an API key is
 * resolved per attempt) and every occurrence is masked.
 */

/** The mask written in place of a secret. */
export const REDACTED = "[REDACTED]";

/** A set of secrets and the function that masks them in text. */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Registers a secret; empty values are ignored. */
  add(secret: string | undefined): void {
    if (secret) {
      this.#secrets.add(secret);
    }
  }

  /** `text` with every occurrence of every registered secret replaced by `[REDACTED]`. */
  apply(text: string): string {
    let result = text;
    for (const secret of this.#secrets) {
      result = result.split(secret).join(REDACTED);
    }
    return result;
  }
}
