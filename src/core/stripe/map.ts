/**
 * The Stripe mapper: provider-neutral artifacts to desired Stripe objects, each marked
 * exact, approximate or unsupported with its reason. Uses Stripe's current API shape
 * (metered prices reference a billing meter). Pure; no IO, no SDK.
 */
import type {
  Artifact,
  CommitmentArtifact,
  ConfigurationArtifact,
  DiscountArtifact,
  LogicalKey,
  MeterArtifact,
  PriceArtifact,
  ProductArtifact,
} from "../artifacts/artifacts.js";
import type { Json, JsonObject } from "../json/json.js";
import {
  configurationKey as configMetadataKey,
  KEY_LOGICAL,
  KEY_MANAGED_BY,
  KEY_MODEL,
  MANAGED_BY,
  termKey,
} from "../model/metadata-keys.js";
import type { Interval, Money, Tier } from "../model/types.js";
import { type Currency, minorUnitExponent } from "../money/currency.js";
import { type Decimal, formatDecimal, shift } from "../money/decimal.js";
import { type DesiredObject, ref } from "./types.js";

/** Maps every artifact to the Stripe objects that carry it. */
export function mapToStripe(artifacts: readonly Artifact[]): DesiredObject[] {
  return artifacts.map(mapArtifact);
}

function mapArtifact(a: Artifact): DesiredObject {
  switch (a.kind) {
    case "product":
      return product(a);
    case "meter":
      return meter(a);
    case "price":
      return price(a);
    case "discount":
      return coupon(a);
    case "commitment":
      return commitment(a);
    case "configuration":
      return configuration(a);
  }
}

/** Metadata the tool puts on every object that can hold metadata, to find and adopt it later. */
export function managedMetadata(key: LogicalKey, model: string): Record<string, string> {
  return { [KEY_LOGICAL]: key, [KEY_MANAGED_BY]: MANAGED_BY, [KEY_MODEL]: model };
}

function product(a: ProductArtifact): DesiredObject {
  const p = a.product;
  return {
    key: a.key,
    type: "product",
    model: a.model,
    fidelity: "exact",
    reason: "product identity and metadata map one to one",
    fields: {
      name: p.name,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.unitLabel !== undefined ? { unit_label: p.unitLabel } : {}),
      ...(p.taxCode !== undefined ? { tax_code: p.taxCode } : {}),
      metadata: { ...p.metadata, ...managedMetadata(a.key, a.model) },
    },
  };
}

function meter(a: MeterArtifact): DesiredObject {
  const m = a.meter;
  return {
    key: a.key,
    type: "billing_meter",
    model: a.model,
    fidelity: "exact",
    reason: "billing meter definition maps one to one",
    fields: {
      display_name: m.displayName,
      event_name: m.eventName,
      default_aggregation: { formula: m.aggregation },
      value_settings: { event_payload_key: m.valueKey },
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
    },
  };
}

function price(a: PriceArtifact): DesiredObject {
  const c = a.component;
  const [base, ...others] = a.currencies as [Currency, ...Currency[]];
  const recurring: JsonObject =
    c.interval === "one_time"
      ? {}
      : {
          recurring: {
            interval: c.interval,
            interval_count: c.intervalCount,
            usage_type: c.type === "metered" ? "metered" : "licensed",
            ...(c.type === "metered" && a.meterKey ? { meter: ref(a.meterKey) } : {}),
          },
        };
  const common: JsonObject = {
    product: ref(a.productKey),
    currency: base,
    lookup_key: a.key,
    nickname: a.label,
    metadata: managedMetadata(a.key, a.model),
    ...recurring,
  };
  const kind = c.interval === "one_time" ? "one-time price" : "recurring price";
  if (c.type === "flat") {
    return desiredPrice(a, "exact", `fixed ${kind}`, {
      ...common,
      billing_scheme: "per_unit",
      unit_amount: whole(c.amount, base),
      ...currencyOptions(others, (cur) => ({ unit_amount: whole(c.amount, cur) }), c.amount),
    });
  }
  if (c.tiers && c.tiersMode) {
    const tiers = c.tiers;
    return desiredPrice(a, "exact", `tiered metered price (${c.tiersMode})`, {
      ...common,
      billing_scheme: "tiered",
      tiers_mode: c.tiersMode,
      tiers: stripeTiers(tiers, base),
      ...currencyOptions(
        others,
        (cur) => ({ tiers: stripeTiers(tiers, cur) }),
        tiers[0]?.unitAmount ?? tiers[0]?.flatAmount,
      ),
    });
  }
  const unit = c.unitAmount;
  if (unit && c.includedUnits !== undefined) {
    const allowance: Tier[] = [
      { upTo: c.includedUnits, unitAmount: zero(a.currencies) },
      { upTo: "inf", unitAmount: unit },
    ];
    return desiredPrice(
      a,
      "approximate",
      `${c.includedUnits} included units carried as a graduated first tier at 0; Stripe has no allowance object`,
      {
        ...common,
        billing_scheme: "tiered",
        tiers_mode: "graduated",
        tiers: stripeTiers(allowance, base),
        ...currencyOptions(others, (cur) => ({ tiers: stripeTiers(allowance, cur) }), unit),
      },
    );
  }
  if (unit) {
    return desiredPrice(a, "exact", "metered per-unit price", {
      ...common,
      billing_scheme: "per_unit",
      unit_amount_decimal: perUnit(unit, base),
      ...currencyOptions(others, (cur) => ({ unit_amount_decimal: perUnit(unit, cur) }), unit),
    });
  }
  // An allowance with nothing billable after it: recorded on the product, never dropped.
  return {
    key: a.key,
    type: "metadata_binding",
    model: a.model,
    fidelity: "unsupported",
    reason: `an allowance of ${c.includedUnits ?? 0} units with no per-unit price after it: Stripe has nothing to bill; recorded as product metadata only`,
    fields: {
      product: ref(a.productKey),
      metadata: {
        [termKey(c.id)]:
          `allowance ${c.includedUnits ?? 0} units per ${cadence(c.interval, c.intervalCount)}`,
      },
    },
  };
}

function desiredPrice(
  a: PriceArtifact,
  fidelity: DesiredObject["fidelity"],
  reason: string,
  fields: JsonObject,
): DesiredObject {
  return { key: a.key, type: "price", model: a.model, fidelity, reason, fields };
}

function coupon(a: DiscountArtifact): DesiredObject {
  const c = a.component;
  const [base, ...others] = a.currencies as [Currency, ...Currency[]];
  const amountOff = c.amountOff;
  const off: JsonObject = amountOff
    ? {
        amount_off: whole(amountOff, base),
        currency: base,
        ...currencyOptions(others, (cur) => ({ amount_off: whole(amountOff, cur) }), amountOff),
      }
    : { percent_off: Number(formatDecimal(c.percentOff ?? { units: 0n, scale: 0 })) };
  return {
    key: a.key,
    type: "coupon",
    model: a.model,
    fidelity: "approximate",
    reason:
      "discount carried as a coupon restricted to the product; it applies when attached to a subscription or invoice",
    fields: {
      name: a.label,
      duration: c.duration,
      ...(c.durationInMonths !== undefined ? { duration_in_months: c.durationInMonths } : {}),
      applies_to: { products: [ref(a.productKey)] },
      metadata: managedMetadata(a.key, a.model),
      ...off,
    },
  };
}

function commitment(a: CommitmentArtifact): DesiredObject {
  const c = a.component;
  const binding = (fidelity: DesiredObject["fidelity"], reason: string, value: string): DesiredObject => ({
    key: a.key,
    type: "metadata_binding",
    model: a.model,
    fidelity,
    reason,
    fields: { product: ref(a.productKey), metadata: { [termKey(c.id)]: value } },
  });
  if (c.commitment === "contract_duration") {
    return binding(
      "approximate",
      `a ${c.months}-month contract term carried as product metadata; Stripe does not enforce it (subscription schedules can)`,
      `contract_duration ${c.months} months`,
    );
  }
  const amounts = a.currencies
    .map((cur) => `${formatDecimal(c.amount[cur] ?? zeroDecimal)} ${cur}`)
    .join(" / ");
  const what = c.commitment === "minimum_spend" ? "a minimum spend" : "a prepayment";
  return binding(
    "unsupported",
    `Stripe alone cannot enforce ${what}; recorded as product metadata only`,
    `${c.commitment} ${amounts} per ${cadence(c.interval, 1)}`,
  );
}

function configuration(a: ConfigurationArtifact): DesiredObject {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.values)) metadata[configMetadataKey(k)] = String(v);
  return {
    key: a.key,
    type: "metadata_binding",
    model: a.model,
    fidelity: "approximate",
    reason: "configuration carried as product metadata; Stripe does not act on it",
    fields: { product: ref(a.productKey), metadata },
  };
}

const zeroDecimal: Decimal = { units: 0n, scale: 0 };

function zero(currencies: readonly Currency[]): Money {
  return Object.fromEntries(currencies.map((c) => [c, zeroDecimal])) as Money;
}

/** A whole amount in minor units (Stripe's `unit_amount`, `amount_off`, `flat_amount`). */
function whole(money: Money, currency: Currency): number {
  return Number(shift(money[currency] ?? zeroDecimal, minorUnitExponent(currency)).units);
}

/** A per-unit amount as Stripe's `unit_amount_decimal`: minor units with up to 12 decimals. */
function perUnit(money: Money, currency: Currency): string {
  return formatDecimal(shift(money[currency] ?? zeroDecimal, minorUnitExponent(currency)));
}

function stripeTiers(tiers: readonly Tier[], currency: Currency): Json[] {
  return tiers.map((t) => ({
    up_to: t.upTo === "inf" ? "inf" : Number(t.upTo),
    ...(t.unitAmount ? { unit_amount_decimal: perUnit(t.unitAmount, currency) } : {}),
    ...(t.flatAmount ? { flat_amount: whole(t.flatAmount, currency) } : {}),
  }));
}

/**
 * `currency_options` for the extra currencies. A scalar amount in a multi-currency model is
 * the base currency's only: then there are no options (`sample` tells which case it is).
 */
function currencyOptions(
  others: readonly Currency[],
  option: (c: Currency) => JsonObject,
  sample: Money | undefined,
): JsonObject {
  const covered = others.filter((c) => sample?.[c] !== undefined);
  if (covered.length === 0) return {};
  return { currency_options: Object.fromEntries(covered.map((c) => [c, option(c)])) };
}

function cadence(interval: Interval, count: number): string {
  if (interval === "one_time") return "purchase";
  return count === 1 ? interval : `${count} ${interval}s`;
}
