/**
 * The loader, at the IO edge: finds every model file under a folder, reads it, and hands the
 * bytes to the pure parser and checks. Paths in diagnostics are relative to `cwd`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { error } from "../../core/diagnostics/diagnostic.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { buildCatalog, type Catalog } from "../../core/model/catalog.js";
import { compileModelSchema, type SchemaValidator } from "../../core/model/schema.js";
import { type ModelSource, parseModelSource } from "../../core/model/source.js";
import { schemaPath } from "./package-root.js";

let validator: SchemaValidator | undefined;

/** The compiled model schema, built once per process. */
export function modelSchemaValidator(): SchemaValidator {
  validator ??= compileModelSchema(JSON.parse(readFileSync(schemaPath("pricing-model"), "utf8")) as object);
  return validator;
}

/** Every `*.yaml` / `*.yml` file under `dir`, sorted, as paths relative to `cwd`. */
export function findModelFiles(dir: string, cwd: string): string[] {
  const root = resolve(cwd, dir);
  let entries: string[];
  try {
    if (!statSync(root).isDirectory()) throw new PricingError(`${dir} is not a folder`);
    entries = readdirSync(root, { recursive: true, encoding: "utf8" });
  } catch (e) {
    if (e instanceof PricingError) throw e;
    throw new PricingError(
      `cannot read the models folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  return entries
    .filter((f) => /\.ya?ml$/i.test(f))
    .map((f) => relative(cwd, join(root, f)).split(sep).join("/"))
    .sort();
}

/** Parses one file's bytes, or returns its parse diagnostics. */
export function readModelSource(file: string, cwd: string): ModelSource | readonly Diagnostic[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, file));
  } catch (e) {
    return [
      error(
        { file, line: 1, column: 1 },
        `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      ),
    ];
  }
  return parseModelSource(file, bytes);
}

/**
 * Loads and checks every model under `dir` (relative to `cwd`). Files are parsed one at a time
 * as the catalog is built, so each parsed YAML document is garbage as soon as its model is
 * checked: memory stays flat in the catalog size instead of holding every document at once.
 */
export function loadCatalog(dir: string, cwd: string): Catalog {
  const files = findModelFiles(dir, cwd);
  const problems: Diagnostic[] = [];
  function* sources(): Generator<ModelSource> {
    for (const file of files) {
      const parsed = readModelSource(file, cwd);
      if ("data" in parsed) yield parsed;
      else problems.push(...parsed);
    }
  }
  return buildCatalog(sources(), modelSchemaValidator(), problems);
}
