/**
 * The schemas shipped for profiles, the config and the JSON plan are valid JSON Schema 2020-12,
 * and the example profiles and config of the repository pass them and the checks against the
 * example catalog.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkProfiles } from "../../core/impact/profile.js";
import { checkModelSchema } from "../../core/model/schema.js";
import { loadConfig } from "./config.js";
import { loadCatalog } from "./models.js";
import { packageRoot } from "./package-root.js";
import { loadProfiles } from "./profiles.js";

const root = packageRoot();

describe("the review files", () => {
  it.each(["profile", "config", "plan"])("schemas/%s.schema.json is valid JSON Schema", (name) => {
    const schema = JSON.parse(readFileSync(join(root, "schemas", `${name}.schema.json`), "utf8")) as object;
    expect(checkModelSchema(schema)).toBeUndefined();
  });

  it("the example profiles and config are valid and name only the example catalog's meters", () => {
    const config = loadConfig(root);
    expect("profiles" in config && config.policy.map((r) => r.id)).toEqual([
      "big-increase",
      "no-currency-removed",
    ]);
    const set = loadProfiles("profiles", root);
    expect(set.diagnostics).toEqual([]);
    expect(set.profiles.map((p) => p.name)).toEqual(["api vendor", "commuter", "fleet", "home light"]);
    expect(checkProfiles(set.profiles, loadCatalog("models", root).models)).toEqual([]);
  });
});
