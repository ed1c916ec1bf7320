/**
 * The backend a state file records (its top-level `backend`), so that `--backend stripe` need not
 * be repeated on every command. A light read: no schema check, and any problem (no file, not
 * JSON, no such field) is "not known" here; the command reading the state reports it properly.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { State } from "../../core/state/types.js";

/** The backend the state file at `file` (relative to `cwd`) records, if it can be read. */
export function recordedBackend(file: string, cwd: string): State["backend"] | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(resolve(cwd, file), "utf8"));
    const backend =
      data !== null && typeof data === "object" ? (data as { backend?: unknown }).backend : undefined;
    return backend === "shadow" || backend === "stripe" ? backend : undefined;
  } catch {
    return undefined;
  }
}
