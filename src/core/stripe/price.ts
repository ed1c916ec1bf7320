/**
 * Stripe prices: one per flat or billable metered component, in the model's currencies
 * (`currency_options` for the extra ones). Amounts, currency, interval, tiers, meter and package
 * (`transform_quantity`) are immutable on Stripe: a change replaces the price and moves its
 * lookup key. The tax behaviour may be set once, from unspecified (absent here) to a value; any
 * other change of it replaces the price. Pure.
 */
import type { Artifact, PriceArtifact } from "../artifacts/artifacts.js";
import type { Interval, Tier } from "../model/types.js";
import type { Currency } from "../money/currency.js";
import { currencyOptions, perUnit, type StripeTier, stripeTiers, whole, zeroMoney } from "./amounts.js";
import { type DesiredOf, type Fidelity, ref } from "./desired-object.js";
import { managedMetadata } from "./managed-metadata.js";
import type { TypeSpec } from "./type-spec.js";

/** The amount fields of a price, or of one of its currency options. */
export type PriceAmounts = {
  readonly unit_amount?: number;
  readonly unit_amount_decimal?: string;
  readonly tiers?: readonly StripeTier[];
};

/** A price's fields (Stripe's names). */
export type PriceFields = PriceAmounts & {
  readonly product: string;
  readonly currency: string;
  readonly lookup_key?: string;
  readonly nickname?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly billing_scheme?: "per_unit" | "tiered";
  readonly tiers_mode?: "graduated" | "volume";
  readonly recurring?: {
    readonly interval: Exclude<Interval, "one_time">;
    readonly interval_count?: number;
    readonly usage_type?: "metered" | "licensed";
    readonly meter?: string;
  };
  readonly currency_options?: Readonly<Record<string, PriceAmounts>>;
  /** Absent when unspecified (Stripe's default), so a price can still be given one in place. */
  readonly tax_behavior?: "inclusive" | "exclusive";
  /** Package pricing: usage divided by `divide_by`, rounded, then priced per package. */
  readonly transform_quantity?: { readonly divide_by: number; readonly round: "up" | "down" };
};

type DesiredPrice = DesiredOf<"price", PriceFields>;

/** The price type. */
export const price: TypeSpec<"price", PriceFields> = {
  type: "price",
  idPrefix: "price_",
  traits: {
    mutable: ["nickname", "metadata", "lookup_key"],
    // Stripe's price update takes `currency_options`: a currency is added in place.
    extendable: ["currency_options"],
    // Stripe's price update takes `tax_behavior`, but once inclusive or exclusive it cannot change.
    setOnce: ["tax_behavior"],
    reactivatable: true,
    retire: "archive",
  },
  limits: { nickname: 5000, lookup_key: 200 },
  map(a: Artifact): DesiredPrice[] {
    return a.kind === "price" && isBillable(a) ? [mapPrice(a)] : [];
  },
};

/** A price artifact Stripe can bill: anything but an allowance with no price after it. */
export function isBillable(a: PriceArtifact): boolean {
  const c = a.component;
  return (
    c.type === "flat" || c.unitAmount !== undefined || (c.tiers !== undefined && c.tiersMode !== undefined)
  );
}

function mapPrice(a: PriceArtifact): DesiredPrice {
  const c = a.component;
  const [base, ...others] = a.currencies as [Currency, ...Currency[]];
  const common = {
    product: ref(a.productKey),
    currency: base,
    lookup_key: a.key,
    nickname: a.label,
    metadata: managedMetadata(a.key, a.model),
    ...(c.taxBehavior === "inclusive" || c.taxBehavior === "exclusive"
      ? { tax_behavior: c.taxBehavior }
      : {}),
    ...(c.interval === "one_time"
      ? {}
      : {
          recurring: {
            interval: c.interval,
            interval_count: c.intervalCount,
            usage_type: c.type === "metered" ? ("metered" as const) : ("licensed" as const),
            ...(c.type === "metered" && a.meterKey ? { meter: ref(a.meterKey) } : {}),
          },
        }),
  };
  const desired = (fidelity: Fidelity, reason: string, fields: PriceFields): DesiredPrice => ({
    key: a.key,
    type: "price",
    model: a.model,
    fidelity,
    reason,
    fields,
    ...(c.takeOverLookupKey ? { takeover: true } : {}),
  });
  if (c.type === "flat") {
    const kind = c.interval === "one_time" ? "one-time price" : "recurring price";
    return desired("exact", `fixed ${kind}`, {
      ...common,
      billing_scheme: "per_unit",
      unit_amount: whole(c.amount, base),
      ...currencyOptions(others, (cur) => ({ unit_amount: whole(c.amount, cur) })),
    });
  }
  if (c.tiers && c.tiersMode) {
    const tiers = c.tiers;
    return desired("exact", `tiered metered price (${c.tiersMode})`, {
      ...common,
      billing_scheme: "tiered",
      tiers_mode: c.tiersMode,
      tiers: stripeTiers(tiers, base),
      ...currencyOptions(others, (cur) => ({ tiers: stripeTiers(tiers, cur) })),
    });
  }
  const unit = c.unitAmount;
  if (unit === undefined) throw new Error(`${a.key} has no billable amount`);
  if (c.includedUnits !== undefined) {
    const allowance: Tier[] = [
      { upTo: c.includedUnits, unitAmount: zeroMoney(a.currencies) },
      { upTo: "inf", unitAmount: unit },
    ];
    return desired(
      "approximate",
      `${c.includedUnits} included units carried as a graduated first tier at 0; Stripe has no allowance object`,
      {
        ...common,
        billing_scheme: "tiered",
        tiers_mode: "graduated",
        tiers: stripeTiers(allowance, base),
        ...currencyOptions(others, (cur) => ({ tiers: stripeTiers(allowance, cur) })),
      },
    );
  }
  const pack = c.package;
  const reason = pack
    ? `metered package price (per ${pack.size} units, rounded ${pack.round})`
    : "metered per-unit price";
  return desired("exact", reason, {
    ...common,
    billing_scheme: "per_unit",
    unit_amount_decimal: perUnit(unit, base),
    ...(pack ? { transform_quantity: { divide_by: Number(pack.size), round: pack.round } } : {}),
    ...currencyOptions(others, (cur) => ({ unit_amount_decimal: perUnit(unit, cur) })),
  });
}
