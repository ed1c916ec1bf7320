/**
 * Reading and writing the state file, at the IO edge: validated against
 * schemas/state.schema.json on every read, written atomically (temp file, fsync, rename).
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { type State, serializeState } from "../../core/state/types.js";
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
  const check = stateValidator();
  if (!check(data)) {
    const first = (check.errors as { instancePath: string; message?: string }[] | undefined)?.[0];
    throw new PricingError(
      `${file} does not match schemas/state.schema.json: ${first?.instancePath || "/"} ${first?.message ?? "is invalid"}; restore it with git`,
    );
  }
  const state = data as State;
  const seen = new Set<string>();
  for (const o of state.objects) {
    const id = `${o.type}:${o.id}`;
    if (seen.has(id)) throw new PricingError(`${file} lists ${o.type} ${o.id} twice; restore it with git`);
    seen.add(id);
  }
  return state;
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

/** Writes the state atomically: a reader sees the old file or the new one, never a torn one. */
export function writeState(file: string, cwd: string, state: State): void {
  const target = resolve(cwd, file);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, serializeState(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
