/**
 * The backend a state file records (its top-level `backend`), so that `--backend stripe` need not
 * be repeated on every command. A light read: no schema check, and any problem (no file, not
 * JSON, no such field) is "not known" here; the command reading the state reports it properly.
 * The state is deterministic JSON (sorted keys, two-space indent), so `backend` sits near its
 * start: a large state is not parsed a second time just for it.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { resolve } from "node:path";
import type { State } from "../../core/state/types.js";

/** Bytes read from the start of the file to find the field. */
const HEAD_BYTES = 64 * 1024;

/** `"backend": "stripe"` at the top level (two spaces in) of the state's text. */
const TOP_LEVEL_BACKEND = /^ {2}"backend": "(shadow|stripe)",?$/m;

/** The backend the state file at `file` (relative to `cwd`) records, if it can be read. */
export function recordedBackend(file: string, cwd: string): State["backend"] | undefined {
  const path = resolve(cwd, file);
  try {
    const head = readHead(path);
    if (head.complete) return backendOf(JSON.parse(head.text));
    const found = TOP_LEVEL_BACKEND.exec(head.text)?.[1];
    if (found === "shadow" || found === "stripe") return found;
    return backendOf(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return undefined;
  }
}

function backendOf(data: unknown): State["backend"] | undefined {
  const backend =
    data !== null && typeof data === "object" ? (data as { backend?: unknown }).backend : undefined;
  return backend === "shadow" || backend === "stripe" ? backend : undefined;
}

/** The first {@link HEAD_BYTES} of a file, and whether that is all of it. */
function readHead(path: string): { readonly text: string; readonly complete: boolean } {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return {
      text: buffer.subarray(0, Math.min(length, HEAD_BYTES)).toString("utf8"),
      complete: length <= HEAD_BYTES,
    };
  } finally {
    closeSync(fd);
  }
}
