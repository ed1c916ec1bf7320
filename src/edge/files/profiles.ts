/**
 * Usage profiles at the IO edge: every `*.yaml` under the profiles folder, parsed with positions
 * and checked against `schemas/profile.schema.json`. A missing folder is no profiles.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { buildProfiles, type ProfileSet } from "../../core/impact/profile.js";
import { compileModelSchema, type SchemaValidator } from "../../core/model/schema.js";
import type { ModelSource } from "../../core/model/source.js";
import { findModelFiles, readModelSource } from "./models.js";
import { schemaPath } from "./package-root.js";

let validator: SchemaValidator | undefined;

/** The compiled profile schema, built once per process. */
function profileSchemaValidator(): SchemaValidator {
  validator ??= compileModelSchema(JSON.parse(readFileSync(schemaPath("profile"), "utf8")) as object);
  return validator;
}

/** Loads every profile under `dir` (relative to `cwd`), with every diagnostic. */
export function loadProfiles(dir: string, cwd: string): ProfileSet {
  if (!existsSync(resolve(cwd, dir))) return { profiles: [], diagnostics: [] };
  const sources: ModelSource[] = [];
  const problems: Diagnostic[] = [];
  for (const file of findModelFiles(dir, cwd)) {
    const parsed = readModelSource(file, cwd);
    if ("data" in parsed) sources.push(parsed);
    else problems.push(...parsed);
  }
  return buildProfiles(sources, profileSchemaValidator(), problems);
}
