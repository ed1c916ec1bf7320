/**
 * Reading and writing the state file, at the IO edge: validated against
 * schemas/state.schema.json on every read, written atomically and verified (temp file, fsync,
 * read back, rename, fsync of the folder); temp files of crashed writers are removed.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { STATE_FORMAT_VERSION, type State, serializeState } from "../../core/state/types.js";
import { crashPoint } from "../crash-point.js";
import { schemaPath } from "./package-root.js";

let validate: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

function stateValidator() {
  if (!validate) {
    // The meta-schema check costs tens of milliseconds at every start; file.test.ts does it once.
    const ajv = new Ajv2020({ allErrors: false, strict: true, validateSchema: false });
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath("state"), "utf8")) as object);
  }
  return validate;
}

/** Checks parsed JSON is a valid state; throws a one-line PricingError naming the file otherwise. */
export function parseState(text: string, file: string): State {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PricingError(
      `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}); restore it with git`,
    );
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version > STATE_FORMAT_VERSION)
    throw new PricingError(
      `${file} is of state format ${version}, written by a newer version of the tool (this one reads formats 1 to ${STATE_FORMAT_VERSION}): upgrade adaptive-pricing`,
    );
  const check = stateValidator();
  if (!check(data)) {
    const first = (check.errors as { instancePath: string; message?: string }[] | undefined)?.[0];
    throw new PricingError(
      `${file} does not match schemas/state.schema.json: ${first?.instancePath || "/"} ${first?.message ?? "is invalid"}; restore it with git`,
    );
  }
  const state = migrateState(data as State | StateV1);
  const seen = new Set<string>();
  for (const o of state.objects) {
    const id = `${o.type}:${o.id}`;
    if (seen.has(id)) throw new PricingError(`${file} lists ${o.type} ${o.id} twice; restore it with git`);
    seen.add(id);
  }
  return state;
}

/** A state file of format 1: no catalog, no model sources. */
type StateV1 = Omit<State, "formatVersion" | "catalog" | "sources"> & { readonly formatVersion: 1 };

/**
 * A state of any format as the current format. Format 1 states (before catalogs) belong to no
 * catalog yet: the next publish names it and stamps it on their objects, and records sources.
 */
function migrateState(state: State | StateV1): State {
  if (state.formatVersion === STATE_FORMAT_VERSION) return state;
  const { formatVersion: _old, ...rest } = state;
  return { ...rest, formatVersion: STATE_FORMAT_VERSION, catalog: null, sources: {} };
}

/** Reads the state file; undefined when it does not exist yet. */
export function readState(file: string, cwd: string): State | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PricingError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseState(text, file);
}

/**
 * Writes the state so that it is either wholly the new state or still wholly the previous one:
 * write a temp file beside it (looping until every byte is out), fsync it, read it back and
 * parse it, rename it over the file and fsync the folder. Any failure (a full disk, a short
 * write, an IO error) removes the temp file and throws a PricingError before anything is
 * committed; the previous state file is untouched.
 */
export function writeState(file: string, cwd: string, state: State): void {
  const target = resolve(cwd, file);
  const text = serializeState(state);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    const fd = openSync(temp, "w");
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const back = readFileSync(temp, "utf8");
    if (back !== text) throw new Error(`read back ${back.length} of ${text.length} characters`);
    parseState(back, file);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new PricingError(
      `could not write ${file} (${problem(e)}); the previous state is intact and nothing was committed: fix the cause and run the command again`,
    );
  }
  syncFolder(dirname(target));
  crashPoint("after-state-write");
}

/** Makes a rename durable: fsync the folder holding the file (best effort where folders cannot be opened). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or fsync a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function problem(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOSPC") return "no space left on the device";
  if (err.code === "EDQUOT") return "disk quota exceeded";
  if (e instanceof PricingError) return e.message;
  return err.code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * The temp files `<state>.<pid>.tmp` (and the lock's `<state>.lock[.takeover...].<pid>.tmp`)
 * beside the state whose process is gone: left by a crash.
 */
export function staleTempFiles(file: string, cwd: string): string[] {
  const target = resolve(cwd, file);
  const prefix = `${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      if (!n.startsWith(prefix)) return false;
      const pid = /^(?:lock\.(?:takeover\.)*)?(\d+)\.tmp$/.exec(n.slice(prefix.length))?.[1];
      return pid !== undefined && Number(pid) !== process.pid && !processAlive(Number(pid));
    })
    .map((n) => join(dirname(target), n));
}

/** Removes the temp files crashed writers left beside the state; returns how many. */
export function removeStaleTempFiles(file: string, cwd: string): number {
  const stale = staleTempFiles(file, cwd);
  for (const path of stale) rmSync(path, { force: true });
  return stale.length;
}

/** Whether a process with this id runs on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
