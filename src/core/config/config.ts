/**
 * The repository's config file (`pricing.config.yaml` at the root), as the tool sees it after
 * its JSON Schema passed. One section per concern: `profiles` (where usage profiles live) and
 * `policy` (rules a plan must pass) and `catalog` (the name stamped on managed objects) today; others (targets) add their own section
 * and their own reader here without touching these. Pure.
 */
import type { SourcePosition } from "../diagnostics/diagnostic.js";
import type { ModelSource } from "../model/source.js";
import { type Decimal, parseDecimal } from "../money/decimal.js";

/** The config file's name, at the repository root. */
export const CONFIG_FILE = "pricing.config.yaml";

/** A policy rule, discriminated on `rule`. */
export type PolicyRule =
  | {
      readonly rule: "max-increase";
      readonly id: string;
      /** An increase above this percent (of a price, or of a profile's bill) violates the rule. */
      readonly percent: Decimal;
      /** A pull-request label that approves such an increase. */
      readonly unlessLabel?: string;
      readonly at: SourcePosition;
    }
  | {
      readonly rule: "no-currency-removed";
      readonly id: string;
      readonly unlessLabel?: string;
      readonly at: SourcePosition;
    }
  | {
      readonly rule: "no-model-removed";
      readonly id: string;
      readonly unlessLabel?: string;
      readonly at: SourcePosition;
    };

/** The config, with defaults filled in. */
export interface PricingConfig {
  /** The file it was read from, or undefined when there is none (all defaults). */
  readonly file?: string;
  /**
   * The catalog name stamped on every managed object (`pricing_catalog`); undefined until the
   * first apply writes it. Objects of other catalogs in the same account are never touched.
   */
  readonly catalog?: string;
  /** The usage profiles folder, relative to the repository root. */
  readonly profiles: string;
  readonly policy: readonly PolicyRule[];
}

/** The config of a repository without a config file. */
export const DEFAULT_CONFIG: PricingConfig = { profiles: "profiles", policy: [] };

interface RawRule {
  readonly id?: string;
  readonly rule: PolicyRule["rule"];
  readonly percent?: number;
  readonly unlessLabel?: string;
}

/** Reads a config whose data passed the schema. */
export function readConfig(source: ModelSource): PricingConfig {
  const data = source.data as {
    catalog?: string;
    profiles?: string;
    policy?: { rules?: readonly RawRule[] };
  };
  const rules = (data.policy?.rules ?? []).map((r, i): PolicyRule => {
    const at = source.positionOf(["policy", "rules", i]);
    const id = r.id ?? r.rule;
    const label = r.unlessLabel !== undefined ? { unlessLabel: r.unlessLabel } : {};
    if (r.rule === "max-increase") {
      const text = source.scalarText(["policy", "rules", i, "percent"]) ?? "0";
      const percent = parseDecimal(text);
      return {
        rule: r.rule,
        id,
        percent: typeof percent === "string" ? { units: 0n, scale: 0 } : percent,
        ...label,
        at,
      };
    }
    return { rule: r.rule, id, ...label, at };
  });
  return {
    file: source.file,
    ...(data.catalog !== undefined ? { catalog: data.catalog } : {}),
    profiles: data.profiles ?? DEFAULT_CONFIG.profiles,
    policy: rules,
  };
}
