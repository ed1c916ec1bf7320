/**
 * Metadata bindings: what Stripe can only record, not enforce, carried as keys of the
 * product's metadata (`pricing_term_<component>`, `pricing_cfg_<name>`): contract terms,
 * minimum spend and prepayment, configuration, and an allowance with no price after it. Not a
 * Stripe object of its own: the backend reads and writes it through its product. Pure.
 */

import type {
  Artifact,
  CommitmentArtifact,
  ConfigurationArtifact,
  PriceArtifact,
} from "../artifacts/artifacts.js";
import { unreachable } from "../diagnostics/errors.js";
import { configurationKey, termKey } from "../model/metadata-keys.js";
import type { Interval } from "../model/types.js";
import { formatDecimal } from "../money/decimal.js";
import { amountIn } from "./amounts.js";
import { type DesiredOf, type Fidelity, ref } from "./desired-object.js";
import { isBillable } from "./price.js";
import type { TypeSpec } from "./type-spec.js";

/** A binding's fields: its product and the metadata keys it owns there. */
export type MetadataBindingFields = {
  readonly product: string;
  readonly metadata: Readonly<Record<string, string>>;
};

type DesiredBinding = DesiredOf<"metadata_binding", MetadataBindingFields>;

/** The metadata binding type. */
export const metadataBinding: TypeSpec<"metadata_binding", MetadataBindingFields> = {
  type: "metadata_binding",
  idPrefix: "mdb_",
  traits: { mutable: ["product", "metadata"], reactivatable: true, retire: "remove" },
  limits: {},
  map(a: Artifact): DesiredBinding[] {
    switch (a.kind) {
      case "commitment":
        return [commitment(a)];
      case "configuration":
        return [configuration(a)];
      case "price":
        return isBillable(a) ? [] : [allowance(a)];
      case "product":
      case "default-price":
      case "meter":
      case "discount":
      case "promotion-code":
        return [];
      default:
        return unreachable(a);
    }
  },
};

function binding(
  a: Artifact & { readonly productKey: PriceArtifact["productKey"] },
  fidelity: Fidelity,
  reason: string,
  metadata: Readonly<Record<string, string>>,
): DesiredBinding {
  return {
    key: a.key,
    type: "metadata_binding",
    model: a.model,
    fidelity,
    reason,
    fields: { product: ref(a.productKey), metadata },
  };
}

/** An allowance with nothing billable after it: recorded on the product, never dropped. */
function allowance(a: PriceArtifact): DesiredBinding {
  const c = a.component;
  const units = c.type === "metered" ? (c.includedUnits ?? 0n) : 0n;
  const count = c.intervalCount;
  return binding(
    a,
    "unsupported",
    `an allowance of ${units} units with no per-unit price after it: Stripe has nothing to bill; recorded as product metadata only`,
    { [termKey(c.id)]: `allowance ${units} units per ${cadence(c.interval, count)}` },
  );
}

function commitment(a: CommitmentArtifact): DesiredBinding {
  const c = a.component;
  if (c.commitment === "contract_duration") {
    return binding(
      a,
      "approximate",
      `a ${c.months}-month contract term carried as product metadata; Stripe does not enforce it (subscription schedules can)`,
      { [termKey(c.id)]: `contract_duration ${c.months} months` },
    );
  }
  const amounts = a.currencies.map((cur) => `${formatDecimal(amountIn(c.amount, cur))} ${cur}`).join(" / ");
  const what = c.commitment === "minimum_spend" ? "a minimum spend" : "a prepayment";
  return binding(a, "unsupported", `Stripe alone cannot enforce ${what}; recorded as product metadata only`, {
    [termKey(c.id)]: `${c.commitment} ${amounts} per ${cadence(c.interval, 1)}`,
  });
}

function configuration(a: ConfigurationArtifact): DesiredBinding {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.values)) metadata[configurationKey(k)] = String(v);
  return binding(
    a,
    "approximate",
    "configuration carried as product metadata; Stripe does not act on it",
    metadata,
  );
}

function cadence(interval: Interval, count: number): string {
  if (interval === "one_time") return "purchase";
  return count === 1 ? interval : `${count} ${interval}s`;
}
