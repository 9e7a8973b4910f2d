/**
 * The error for a value given by the caller that cannot be sent: it is
 * reported before any request is made, with the offending value attached.
 */

import { describeError } from "../../lib/errortext.js";

/** One problem found in a value: where it is and what is wrong. */
export type ValidationIssue = {
  /** Property names and array indexes from the validated value down to the problem. */
  path: readonly (string | number)[];
  /** What is wrong, e.g. "must be a finite number". */
  message: string;
};

/** A caller-supplied value failed validation or encoding; nothing was sent. */
export class SDKValidationError extends Error {
  override name = "SDKValidationError" as const;
  /** The validator's own error, or the list of issues. */
  declare readonly cause: unknown;
  /** The value that failed. */
  readonly rawValue: unknown;
  /** The message without the details, e.g. "Input validation failed". */
  readonly rawMessage: string;
  /** The problems found, when the cause lists them (empty otherwise). */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, cause: unknown, rawValue: unknown) {
    const issues = issuesOf(cause);
    const detail = issues.length > 0 ? issues.map(formatIssue).join("; ") : describeError(cause);
    super(`${message}: ${detail}`, { cause });
    this.rawValue = rawValue;
    this.rawMessage = message;
    this.issues = issues;
  }

  /** A multi-line report: the message, then one line per issue. */
  pretty(): string {
    if (this.issues.length === 0) {
      return this.message;
    }
    return [this.rawMessage, ...this.issues.map((issue) => `  - ${formatIssue(issue)}`)].join(
      "\n",
    );
  }
}

function formatIssue(issue: ValidationIssue): string {
  return issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message;
}

function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join("");
}

/** Accepts a list of issues, or an object with an `issues` list (zod's shape). */
function issuesOf(cause: unknown): readonly ValidationIssue[] {
  const list: unknown =
    typeof cause === "object" && cause !== null && !Array.isArray(cause)
      ? (cause as { issues?: unknown }).issues
      : cause;
  return Array.isArray(list) && list.every(isIssue) ? list : [];
}

function isIssue(value: unknown): value is ValidationIssue {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const { path, message } = value as { path?: unknown; message?: unknown };
  return (
    typeof message === "string" &&
    Array.isArray(path) &&
    path.every((part) => typeof part === "string" || typeof part === "number")
  );
}
