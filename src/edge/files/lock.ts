/**
 * The apply lock: one apply at a time per state file. The lock is a file beside the state,
 * holding its owner's pid, host and a random token. It is made whole in a temp file and then
 * hard-linked into place, so it appears atomically and complete (a full disk leaves no empty
 * lock) and only one process can create it. A lock left by a dead process on this host is taken
 * over under a second exclusive file (`.takeover`), after checking under it that the lock is
 * still the very one found stale: two processes can never both hold the lock. A `.takeover`
 * left by a killed process is stale the same way and taken over too. Anything else fails fast
 * with a clear message.
 */
import { randomUUID } from "node:crypto";
import {
  constants,
  copyFileSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { LockHeldError, PricingError } from "../../core/diagnostics/errors.js";
import { crashPoint } from "../crash-point.js";
import { processAlive, removeStaleTempFiles } from "./state-file.js";

/** A held lock; release it when done. */
export interface Lock {
  release(): void;
}

/** A lock file that cannot be read as an owner is garbage once older than this (older versions could leave one). */
const UNREADABLE_STALE_MS = 10_000;

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly token?: string;
}

/** Takes the lock for a state file, or throws LockHeldError when another apply holds it. */
export function acquireLock(stateFile: string, cwd: string): Lock {
  const path = resolve(cwd, `${stateFile}.lock`);
  const created = mkdirSync(dirname(path), { recursive: true });
  const body = ownerBody();
  const temp = `${path}.${process.pid}.tmp`;
  try {
    try {
      writeFileSync(temp, body);
    } catch (e) {
      throw new PricingError(
        `cannot take the lock ${stateFile}.lock (${(e as NodeJS.ErrnoException).code === "ENOSPC" ? "no space left on the device" : ((e as NodeJS.ErrnoException).code ?? String(e))}); nothing was written`,
      );
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        place(temp, path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT" && attempt === 0) {
          // Another command that failed just removed the folder it had made: make it again.
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(temp, body);
          continue;
        }
        if (code !== "EEXIST") throw e;
        const seen = readText(path);
        if (seen === undefined) continue; // released in between: try again
        const owner = parseOwner(seen);
        if (isStale(path, seen) && attempt < 2) {
          const outcome = takeOver(path, seen);
          if (outcome === "busy")
            throw new LockHeldError(
              `${stateFile} is locked: another process is taking over a stale lock (if none is running, delete ${stateFile}.lock and ${stateFile}.lock.takeover)`,
            );
          continue;
        }
        const who = owner ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : "another process";
        throw new LockHeldError(
          `${stateFile} is locked by ${who}: another apply is running (if not, delete ${stateFile}.lock)`,
        );
      }
      removeStaleTempFiles(stateFile, cwd);
      crashPoint("after-lock");
      return {
        release: () => {
          // Only our own lock is removed (a lock file with another token is someone else's).
          if (readText(path) === body) rmSync(path, { force: true });
          removeEmptyFolders(dirname(path), created);
        },
      };
    }
    throw new LockHeldError(`${stateFile} is locked by another apply that started just now`);
  } catch (e) {
    rmSync(temp, { force: true });
    removeEmptyFolders(dirname(path), created);
    throw e;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Puts the whole lock file in place, failing with EEXIST when a lock exists: a hard link where
 * the file system has them, else an exclusive copy (created with O_EXCL, then filled; a reader
 * in between finds it unreadable and counts it as held).
 */
function place(temp: string, path: string): void {
  try {
    linkSync(temp, path);
  } catch (e) {
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes((e as NodeJS.ErrnoException).code ?? ""))
      throw e;
    copyFileSync(temp, path, constants.COPYFILE_EXCL);
  }
}

/**
 * Removes the stale lock whose content was `seen`, serialised by an exclusive `.takeover` file
 * (made whole like the lock, holding its owner): under it, the lock is removed only if it still
 * holds exactly `seen` (a fresh lock has a new token), so a process that saw the stale lock late
 * cannot remove the lock another just took. A `.takeover` left by a process killed while it held
 * it is stale in the same way and is taken over by the same rule one level up
 * (`.takeover.takeover`), so a crash at any point needs no manual delete.
 */
function takeOver(path: string, seen: string, depth = 0): "removed" | "busy" {
  const mutex = `${path}.takeover`;
  const temp = `${mutex}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, ownerBody());
    for (let attempt = 0; ; attempt++) {
      try {
        place(temp, mutex);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const held = readText(mutex);
        if (held === undefined && attempt < 2) continue; // released in between: try again
        if (held === undefined || attempt >= 2 || depth >= 3 || !isStale(mutex, held)) return "busy";
        if (takeOver(mutex, held, depth + 1) === "busy") return "busy";
      }
    }
  } finally {
    rmSync(temp, { force: true });
  }
  try {
    if (readText(path) === seen) rmSync(path, { force: true });
    return "removed";
  } finally {
    rmSync(mutex, { force: true });
  }
}

/** A new owner record for this process: pid, host, time and a random token. */
function ownerBody(): string {
  return JSON.stringify({
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
  } satisfies Owner);
}

/** Whether a lock (or takeover) file holding `text` was left by a process that no longer runs. */
function isStale(path: string, text: string): boolean {
  const owner = parseOwner(text);
  return owner
    ? owner.host === hostname() && !processAlive(owner.pid)
    : Date.now() - mtime(path) > UNREADABLE_STALE_MS;
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

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    return typeof o.pid === "number" && typeof o.host === "string"
      ? { pid: o.pid, host: o.host, since: String(o.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
