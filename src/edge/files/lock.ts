/**
 * The apply lock: one apply at a time per state file. An exclusive lock file beside the
 * state, holding the owner's pid and host; a lock left by a dead process on this host is
 * taken over, anything else fails fast with a clear message.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { LockHeldError } from "../../core/diagnostics/errors.js";

/** A held lock; release it when done. */
export interface Lock {
  release(): void;
}

/** Takes the lock for a state file, or throws LockHeldError when another apply holds it. */
export function acquireLock(stateFile: string, cwd: string): Lock {
  const path = resolve(cwd, `${stateFile}.lock`);
  const created = mkdirSync(dirname(path), { recursive: true });
  const body = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, body);
      closeSync(fd);
      return {
        release: () => {
          rmSync(path, { force: true });
          removeEmptyFolders(dirname(path), created);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" && attempt === 0) {
        // Another command that failed just removed the folder it had made: make it again.
        mkdirSync(dirname(path), { recursive: true });
        continue;
      }
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = readOwner(path);
      if (attempt === 0 && owner && owner.host === hostname() && !alive(owner.pid)) {
        rmSync(path, { force: true });
        continue;
      }
      const who = owner ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : "another process";
      throw new LockHeldError(
        `${stateFile} is locked by ${who}: another apply is running (if not, delete ${stateFile}.lock)`,
      );
    }
  }
  throw new LockHeldError(`${stateFile} is locked`);
}

/** Removes the folders the lock created (from `dir` up to `top`) while they are empty: a refused command leaves no trace. */
function removeEmptyFolders(dir: string, top: string | undefined): void {
  if (!top) return;
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top) return;
  }
}

function readOwner(path: string): { pid: number; host: string; since: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { pid: number; host: string; since: string };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
