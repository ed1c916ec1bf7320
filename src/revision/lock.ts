/**
 * The apply lock: one apply at a time per state file. An exclusive lock file beside the
 * state, holding the owner's pid and host; a lock left by a dead process on this host is
 * taken over, anything else fails fast with a clear message.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { LockHeldError } from "../diagnostics/errors.js";

/** A held lock; release it when done. */
export interface Lock {
  release(): void;
}

/** Takes the lock for a state file, or throws LockHeldError when another apply holds it. */
export function acquireLock(stateFile: string, cwd: string): Lock {
  const path = join(cwd, `${stateFile}.lock`);
  mkdirSync(dirname(path), { recursive: true });
  const body = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, body);
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (e) {
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
