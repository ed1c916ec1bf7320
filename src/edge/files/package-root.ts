/**
 * Finds files shipped with the tool (the JSON schemas), whether it runs from `src/` under
 * vitest or from the compiled `dist/src/`.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The directory holding the tool's package.json and schemas/. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "schemas", "pricing-model.schema.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the tool's schemas/ folder");
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Absolute path of a schema file shipped with the tool. */
export function schemaPath(name: "pricing-model" | "state" | "profile" | "config"): string {
  return join(packageRoot(), "schemas", `${name}.schema.json`);
}
