/**
 * Stripe API objects to the tool's field shape (the shape of desired objects and the state),
 * so that what Stripe holds compares field by field with what was published. Drops what the
 * tool does not manage (nulls, defaults it never sets). Pure.
 */
import type { Json, JsonObject } from "../../../core/json/json.js";
import { RESERVED_PREFIX } from "../../../core/model/metadata-keys.js";
import { formatDecimal, parseDecimal } from "../../../core/money/decimal.js";

/** A loosely typed Stripe object as the SDK returns it. */
export type StripeObject = Readonly<Record<string, unknown>>;

/** Product metadata keys written by metadata bindings (not part of the product's own fields). */
export function isBindingKey(key: string): boolean {
  return key.startsWith(`${RESERVED_PREFIX}term_`) || key.startsWith(`${RESERVED_PREFIX}cfg_`);
}

/** A product's fields; binding keys are left out of its metadata. */
export function productFields(p: StripeObject): JsonObject {
  const metadata = Object.fromEntries(Object.entries(strings(p.metadata)).filter(([k]) => !isBindingKey(k)));
  return compact({
    name: str(p.name),
    description: str(p.description),
    unit_label: str(p.unit_label),
    tax_code:
      typeof p.tax_code === "object" && p.tax_code !== null
        ? str((p.tax_code as StripeObject).id)
        : str(p.tax_code),
    metadata,
  });
}

/** A billing meter's fields. */
export function meterFields(m: StripeObject): JsonObject {
  const agg = (m.default_aggregation ?? {}) as StripeObject;
  const value = (m.value_settings ?? {}) as StripeObject;
  const mapping = (m.customer_mapping ?? {}) as StripeObject;
  return compact({
    display_name: str(m.display_name),
    event_name: str(m.event_name),
    default_aggregation: { formula: str(agg.formula) ?? "sum" },
    value_settings: { event_payload_key: str(value.event_payload_key) ?? "value" },
    customer_mapping: compact({ event_payload_key: str(mapping.event_payload_key), type: str(mapping.type) }),
  });
}

/** A price's fields: metered prices carry decimal unit amounts, others whole ones. */
export function priceFields(p: StripeObject): JsonObject {
  const recurring = p.recurring as StripeObject | null | undefined;
  const metered = recurring?.usage_type === "metered";
  const currency = str(p.currency) ?? "";
  const options = Object.entries((p.currency_options ?? {}) as Record<string, StripeObject>)
    .filter(([c]) => c !== currency)
    .map(([c, o]) => [c, amountFields(o, metered)] as const);
  return compact({
    product:
      typeof p.product === "object" && p.product !== null
        ? str((p.product as StripeObject).id)
        : str(p.product),
    currency,
    lookup_key: str(p.lookup_key),
    nickname: str(p.nickname),
    metadata: strings(p.metadata),
    billing_scheme: str(p.billing_scheme),
    tiers_mode: str(p.tiers_mode),
    ...amountFields(p, metered),
    currency_options: options.length > 0 ? Object.fromEntries(options) : undefined,
    recurring: recurring
      ? compact({
          interval: str(recurring.interval),
          interval_count: num(recurring.interval_count),
          usage_type: str(recurring.usage_type),
          meter: str(recurring.meter),
        })
      : undefined,
  });
}

/** A coupon's fields. */
export function couponFields(c: StripeObject): JsonObject {
  const currency = str(c.currency);
  const options = Object.entries((c.currency_options ?? {}) as Record<string, StripeObject>)
    .filter(([cur]) => cur !== currency)
    .map(([cur, o]) => [cur, { amount_off: num(o.amount_off) ?? 0 }] as const);
  const appliesTo = c.applies_to as StripeObject | null | undefined;
  return compact({
    name: str(c.name),
    duration: str(c.duration),
    duration_in_months: num(c.duration_in_months),
    applies_to: appliesTo ? { products: ((appliesTo.products ?? []) as string[]).map(String) } : undefined,
    metadata: strings(c.metadata),
    percent_off: num(c.percent_off),
    amount_off: num(c.amount_off),
    currency,
    currency_options: options.length > 0 ? Object.fromEntries(options) : undefined,
  });
}

function amountFields(o: StripeObject, metered: boolean): JsonObject {
  const tiers = o.tiers as readonly StripeObject[] | null | undefined;
  if (tiers && tiers.length > 0) {
    return {
      tiers: tiers.map((t) =>
        compact({
          up_to: t.up_to === null || t.up_to === undefined ? "inf" : Number(t.up_to),
          unit_amount_decimal: decimal(t.unit_amount_decimal ?? t.unit_amount),
          flat_amount: num(t.flat_amount),
        }),
      ),
    };
  }
  if (metered) return compact({ unit_amount_decimal: decimal(o.unit_amount_decimal ?? o.unit_amount) });
  return compact({ unit_amount: num(o.unit_amount) });
}

function decimal(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = parseDecimal(String(value));
  return typeof parsed === "string" ? String(value) : formatDecimal(parsed);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

/** Drops undefined members (Stripe's nulls and the defaults the tool never sets). */
function compact(o: Record<string, Json | undefined>): JsonObject {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
