/**
 * A model's price book: its prices, meters and coupon as Stripe objects hold them (the state's
 * before, the plan's after), read into what the bill calculator needs for one currency. Pure.
 */
import { isJsonObject, type Json, type JsonObject } from "../json/json.js";
import { type Currency, parseCurrency } from "../money/currency.js";
import type { BillDiscount, BillPackage, BillTier, LineTax, Pricing } from "./bill.js";

/** One Stripe object of a model, as the state or a plan operation holds it. */
export interface BookObject {
  readonly key: string;
  readonly type: string;
  readonly fields: JsonObject;
}

/** A price of the book, with the meter it bills (if metered). */
export interface BookPrice {
  readonly key: string;
  /** The component id (the part of the key after the model id). */
  readonly component: string;
  readonly fields: JsonObject;
  readonly meter?: { readonly id: string; readonly eventName: string };
  /** null for a one-time price. */
  readonly recurring: { readonly interval: string; readonly count: number; readonly metered: boolean } | null;
}

/** What a model charges. */
export interface Book {
  readonly prices: readonly BookPrice[];
  readonly coupon?: JsonObject;
  readonly currencies: readonly Currency[];
}

/** A field that should be a string, or "" when it is anything else (a state file can hold anything). */
export const text = (v: Json | undefined): string => (typeof v === "string" ? v : "");

/**
 * Reads a book from a model's objects. `meterOf` resolves a price's `recurring.meter` (a Stripe id
 * or a `$ref:` to a key) to the meter's key and fields.
 */
export function readBook(
  objects: readonly BookObject[],
  meterOf: (ref: string) => { readonly key: string; readonly fields: JsonObject } | undefined,
): Book {
  const prices: BookPrice[] = [];
  let coupon: JsonObject | undefined;
  const currencies = new Set<Currency>();
  for (const o of [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (o.type === "coupon") coupon ??= o.fields;
    if (o.type !== "price") continue;
    if (prices.some((p) => p.key === o.key)) continue;
    const f = o.fields;
    const base = parseCurrency(text(f.currency));
    if (base) currencies.add(base);
    if (isJsonObject(f.currency_options))
      for (const c of Object.keys(f.currency_options)) {
        const cur = parseCurrency(c);
        if (cur) currencies.add(cur);
      }
    const r = f.recurring;
    let meter: BookPrice["meter"];
    if (isJsonObject(r) && typeof r.meter === "string") {
      const m = meterOf(r.meter);
      if (m)
        meter = {
          id: m.key.slice(m.key.indexOf("#meter:") + "#meter:".length),
          eventName: text(m.fields.event_name),
        };
    }
    prices.push({
      key: o.key,
      component: o.key.slice(o.key.indexOf("/") + 1),
      fields: f,
      ...(meter ? { meter } : {}),
      recurring: isJsonObject(r)
        ? {
            interval: text(r.interval),
            count:
              typeof r.interval_count === "number" &&
              Number.isSafeInteger(r.interval_count) &&
              r.interval_count > 0
                ? r.interval_count
                : 1,
            metered: r.usage_type === "metered",
          }
        : null,
    });
  }
  const sorted = [...currencies].sort();
  const base = prices[0] ? parseCurrency(text(prices[0].fields.currency)) : undefined;
  const ordered = base ? [base, ...sorted.filter((c) => c !== base)] : sorted;
  return { prices, ...(coupon ? { coupon } : {}), currencies: ordered };
}

/** The amounts of a price (or coupon) in one currency, or undefined when it is not offered in it. */
export function amountsIn(fields: JsonObject, currency: Currency): JsonObject | undefined {
  // Only a currency Stripe has (the percent-off coupon's "every currency" row passes none).
  if (parseCurrency(currency) !== currency) return undefined;
  if (fields.currency === currency) return fields;
  const options = fields.currency_options;
  if (!isJsonObject(options)) return undefined;
  const o = options[currency];
  return isJsonObject(o) ? o : undefined;
}

/** A minor-unit amount field pair (`x_decimal` text or integer `x`) as decimal text. */
export function minorText(o: JsonObject, name: string): string | undefined {
  const d = o[`${name}_decimal`];
  const w = o[name];
  const value =
    typeof d === "string" ? d : typeof w === "number" && Number.isSafeInteger(w) ? String(w) : undefined;
  // A state file is editable in a pull request: anything but a plain decimal (at most 12 places,
  // Stripe's limit) is treated as absent rather than trusted.
  return value !== undefined && MINOR_TEXT.test(value) ? value : undefined;
}

const MINOR_TEXT = /^\d{1,20}(\.\d{1,12})?$/;

/** How a price charges in one currency, or undefined when it is not offered in it. */
export function pricingIn(price: BookPrice, currency: Currency): Pricing | undefined {
  const a = amountsIn(price.fields, currency);
  if (!a) return undefined;
  if (price.fields.billing_scheme === "tiered" || Array.isArray(a.tiers)) {
    const tiers: BillTier[] = (Array.isArray(a.tiers) ? a.tiers : []).filter(isJsonObject).map((t) => {
      const unit = minorText(t, "unit_amount");
      const flat = minorText(t, "flat_amount");
      return {
        upTo: typeof t.up_to === "number" && Number.isSafeInteger(t.up_to) ? BigInt(t.up_to) : null,
        ...(unit !== undefined ? { unit } : {}),
        ...(flat !== undefined ? { flat } : {}),
      };
    });
    return { kind: "tiered", mode: price.fields.tiers_mode === "volume" ? "volume" : "graduated", tiers };
  }
  const pack = packageOf(price.fields.transform_quantity);
  return { kind: "per_unit", unit: minorText(a, "unit_amount") ?? "0", ...(pack ? { package: pack } : {}) };
}

/** A price's `transform_quantity` as a package, when it is a well-formed one. */
function packageOf(t: Json | undefined): BillPackage | undefined {
  if (!isJsonObject(t)) return undefined;
  const size = t.divide_by;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 1) return undefined;
  return { size: BigInt(size), round: t.round === "down" ? "down" : "up" };
}

/** A price's tax behaviour in one currency: its option's own when it has one, else the price's. */
export function taxIn(price: BookPrice, currency: Currency): LineTax {
  const own = amountsIn(price.fields, currency)?.tax_behavior;
  const t = own ?? price.fields.tax_behavior;
  return t === "inclusive" || t === "exclusive" ? t : "unspecified";
}

/** The coupon as a discount in one currency (an amount-off coupon not offered in it gives none). */
export function discountIn(coupon: JsonObject, currency: Currency): BillDiscount | undefined {
  if (parseCurrency(currency) !== currency) return undefined;
  const p = coupon.percent_off;
  if (typeof p === "number") {
    const text = decimalText(p);
    return p >= 0 && p <= 100 && /^\d+(\.\d{1,12})?$/.test(text)
      ? { kind: "percent", percent: text }
      : undefined;
  }
  const options = coupon.currency_options;
  const o = coupon.currency === currency ? coupon : isJsonObject(options) ? options[currency] : undefined;
  const amount = isJsonObject(o) ? o.amount_off : undefined;
  return typeof amount === "number" && Number.isSafeInteger(amount) && amount >= 0
    ? { kind: "amount", amount: BigInt(amount) }
    : undefined;
}

/** A percent held as a JSON number (Stripe's `percent_off`, e.g. 12.5) as decimal text. */
function decimalText(n: number): string {
  // The planner writes it from exact decimal text; JSON numbers of a few decimals print back exactly.
  return String(n).includes("e") ? n.toFixed(12).replace(/\.?0+$/, "") : String(n);
}
