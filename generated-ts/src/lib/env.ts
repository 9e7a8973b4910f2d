/**
 * Environment variables, read without assuming a runtime: Node, Bun and Deno
 * expose them differently, browsers not at all, and Deno may deny access.
 * Reading never throws.
 */

type ProcessLike = { env?: Record<string, string | undefined> };
type DenoLike = { env?: { get?(name: string): string | undefined } };

/**
 * The value of the environment variable `name`, or `undefined` when it is
 * unset, empty, or cannot be read on this platform.
 */
export function readEnv(name: string): string | undefined {
  const value = fromProcess(name) ?? fromDeno(name);
  return value === "" ? undefined : value;
}

/** Whether the variable `name` is set to a true-like value ("1", "true", "yes", "on"). */
export function readEnvFlag(name: string): boolean {
  const value = readEnv(name)?.trim().toLowerCase();
  return value === "1" || value === "true" || value === "yes" || value === "on";
}

function fromProcess(name: string): string | undefined {
  try {
    return (globalThis as { process?: ProcessLike }).process?.env?.[name];
  } catch {
    return undefined;
  }
}

function fromDeno(name: string): string | undefined {
  try {
    return (globalThis as { Deno?: DenoLike }).Deno?.env?.get?.(name);
  } catch {
    // Deno throws when the program lacks --allow-env.
    return undefined;
  }
}
