/**
 * The catalog a workspace publishes: its name comes from `pricing.config.yaml` (`catalog:`),
 * else from the state (a config that lost it), else it is `default`, which the first apply
 * writes into the config so that it never changes implicitly afterwards.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { isMap, isScalar, parseDocument, Scalar } from "yaml";
import { CONFIG_FILE } from "../core/config/config.js";
import { PricingError } from "../core/diagnostics/errors.js";
import type { State } from "../core/state/types.js";
import { readRepositoryConfig } from "./review.js";
import type { Workspace } from "./workspace.js";

/** The name the first apply writes when the config names none. */
export const DEFAULT_CATALOG = "default";

/** The catalog a command works on. */
export interface CatalogName {
  readonly name: string;
  /** The config names it; when false, publishing writes `catalog: <name>` into the config. */
  readonly configured: boolean;
}

/**
 * The catalog of the workspace. Throws a PricingError when the config names another catalog
 * than the one the state's objects are stamped with (renaming a catalog is not supported).
 */
export function catalogName(ws: Workspace, stored: State): CatalogName {
  const configured = readRepositoryConfig(ws).catalog;
  if (configured !== undefined && stored.catalog !== null && configured !== stored.catalog) {
    throw new PricingError(
      `${CONFIG_FILE} names the catalog "${configured}" but ${ws.state} records "${stored.catalog}", whose name every managed object carries (metadata pricing_catalog): put \`catalog: ${stored.catalog}\` back (renaming a catalog is not supported)`,
    );
  }
  return { name: configured ?? stored.catalog ?? DEFAULT_CATALOG, configured: configured !== undefined };
}

/**
 * Writes `catalog: <name>` into the config (creating it when absent), keeping its comments;
 * returns the config's path, to be committed with the revision.
 */
export function writeCatalogName(ws: Workspace, name: string): string {
  const file = resolve(ws.cwd, CONFIG_FILE);
  const doc = existsSync(file)
    ? parseDocument(readFileSync(file, "utf8"))
    : parseDocument("apiVersion: pricing/v1\nkind: Config\n");
  const key = new Scalar("catalog");
  key.commentBefore =
    " The name stamped on every object this repository manages (metadata pricing_catalog), written\n by the first apply. Other repositories sharing the Stripe account use names of their own.";
  const map: unknown = doc.contents;
  if (!isMap(map)) throw new PricingError(`${CONFIG_FILE} is not a map; cannot name the catalog in it`);
  const kind = map.items.findIndex((p) => isScalar(p.key) && p.key.value === "kind");
  (map.items as unknown[]).splice(kind + 1, 0, doc.createPair(key, name));
  writeFileSync(file, doc.toString());
  return CONFIG_FILE;
}
