/**
 * The repository's `pricing.config.yaml` at the IO edge: read with positions and checked against
 * `schemas/config.schema.json`. No file means every default.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CONFIG_FILE, DEFAULT_CONFIG, type PricingConfig, readConfig } from "../../core/config/config.js";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { compileModelSchema } from "../../core/model/schema.js";
import { readModelSource } from "./models.js";
import { schemaPath } from "./package-root.js";

/** The config at `cwd`, or its diagnostics when it is invalid. */
export function loadConfig(cwd: string): PricingConfig | readonly Diagnostic[] {
  if (!existsSync(resolve(cwd, CONFIG_FILE))) return DEFAULT_CONFIG;
  const parsed = readModelSource(CONFIG_FILE, cwd);
  if (!("data" in parsed)) return parsed;
  const source = parsed.precise();
  const validate = compileModelSchema(JSON.parse(readFileSync(schemaPath("config"), "utf8")) as object);
  const problems = validate(source);
  return problems.length > 0 ? problems : readConfig(source);
}
