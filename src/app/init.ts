/**
 * `pricing init`: the files a new pricing repository starts from: the config naming its catalog,
 * one example model, one usage profile and a `.gitignore`. Each YAML file's editor schema
 * association points at the schemas of the installed tool (relative to the file, so it resolves
 * from `node_modules/adaptive-pricing/schemas` once installed). Nothing is overwritten: when any
 * of the files exists, nothing is written.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { CONFIG_FILE } from "../core/config/config.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { schemaPath } from "../edge/files/package-root.js";

/** What a catalog name may be: the pattern of `catalog:` in schemas/config.schema.json. */
const CATALOG_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/** The files init writes, relative to the folder, in the order it lists them. */
export const INIT_FILES = [CONFIG_FILE, "models/example-monthly.yaml", "profiles/typical.yaml", ".gitignore"];

/**
 * A catalog name from a folder name: lowercase, runs of other characters as one `-`, at most 40
 * characters; `default` when nothing is left.
 */
export function catalogFromFolder(folder: string): string {
  const slug = basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 40)
    .replace(/[-._]+$/, "");
  return CATALOG_NAME.test(slug) ? slug : "default";
}

/**
 * Writes the starting files into `dir` under the catalog `name` (from the folder's name when
 * undefined); returns their paths. Throws a PricingError, writing nothing, when the name is not
 * a catalog name or any of the files exists.
 */
export function initRepository(dir: string, name: string | undefined): { catalog: string; files: string[] } {
  const catalog = name ?? catalogFromFolder(resolve(dir));
  if (!CATALOG_NAME.test(catalog))
    throw new PricingError(
      `--catalog ${JSON.stringify(catalog)} is not a catalog name: lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most 40 characters`,
    );
  const taken = INIT_FILES.filter((f) => existsSync(join(dir, f)));
  if (taken.length > 0)
    throw new PricingError(
      `${taken.join(", ")} already exist${taken.length === 1 ? "s" : ""}: init never overwrites; nothing was written`,
    );
  const schema = (file: string, name: Parameters<typeof schemaPath>[0]) =>
    `# yaml-language-server: $schema=${relative(dirname(resolve(dir, file)), schemaPath(name))
      .split("\\")
      .join("/")}\n`;
  const texts: Record<string, string> = {
    [CONFIG_FILE]: `${schema(CONFIG_FILE, "config")}apiVersion: pricing/v1
kind: Config
# The name stamped on every object this repository manages (metadata pricing_catalog). Other
# repositories sharing the Stripe account use names of their own; it never changes once applied.
catalog: ${catalog}
# Where the usage profiles of \`pricing impact\` and the plan comment live.
profiles: profiles
policy:
  rules:
    # A price, or a profile's bill, that goes up by more than 15% needs this pull-request label.
    - id: big-increase
      rule: max-increase
      percent: 15
      unlessLabel: pricing-approved
    - rule: no-currency-removed
`,
    "models/example-monthly.yaml": `${schema("models/example-monthly.yaml", "pricing-model")}# A monthly plan: a flat fee and usage billed per unit. Rename, edit, or copy it for each product.
apiVersion: pricing/v1
kind: PricingModel
id: example-monthly
product:
  name: Example Monthly
  description: A flat monthly fee plus usage
currency: eur
meters:
  - id: usage
    eventName: example_usage
    displayName: Usage
    aggregation: sum
    valueKey: value
components:
  - id: base
    type: flat
    amount: 9.00
    interval: month
  - id: usage
    type: metered
    meter: usage
    unitAmount: 0.10
    interval: month
`,
    "profiles/typical.yaml": `${schema("profiles/typical.yaml", "profile")}# A typical customer's month: \`pricing plan\` shows how each change moves this bill.
apiVersion: pricing/v1
kind: UsageProfile
name: typical
description: A typical customer's month
usage:
  usage: 100
`,
    ".gitignore": "node_modules/\n*.log\n.env\n.env.*\n",
  };
  for (const file of INIT_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), texts[file] ?? "", { flag: "wx" });
  }
  return { catalog, files: INIT_FILES };
}
