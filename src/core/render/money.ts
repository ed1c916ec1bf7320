/**
 * Prices and discounts as a pricing manager reads them: `€4.99 / month`, `$0.002 per call`,
 * `20% off for 3 months`, tiers as rows (from, up to, per unit, flat fee). Built from Stripe's
 * fields; every amount exact (decimal text in, `Intl.NumberFormat` on decimal text out). Pure.
 */
import { type BillTier, SCALE, scaled } from "../impact/bill.js";
import { amountsIn, minorText, pricingIn, taxIn, text } from "../impact/book.js";
import { isJsonObject, type JsonObject } from "../json/json.js";
import { type Currency, parseCurrency } from "../money/currency.js";
import { formatMinor, formatMinorDelta, percentChange } from "../money/format.js";

/**
 * The currencies of a change, the new side's first, then the ones only the old side had; `[""]`
 * when neither side has one (a percent-off coupon: one row for every currency).
 */
export function changeCurrencies(before: JsonObject | undefined, after: JsonObject | undefined): Currency[] {
  const list = currenciesOf(after);
  for (const c of currenciesOf(before)) if (!list.includes(c)) list.push(c);
  return list.length > 0 ? list : ["" as Currency];
}

/** One side of a price or coupon in words in one currency; undefined where it has no amount in it. */
export function sideText(
  type: string,
  fields: JsonObject,
  currency: Currency,
  unitLabel: string | undefined,
): string | undefined {
  if (type === "coupon") return couponText(fields, currency);
  return currency === "" ? undefined : priceText(fields, currency, unitLabel);
}

/** The currencies a price or coupon is offered in: its own first, then its options, sorted. */
export function currenciesOf(fields: JsonObject | undefined): Currency[] {
  if (!fields) return [];
  const out: Currency[] = [];
  const base = parseCurrency(text(fields.currency));
  if (base) out.push(base);
  if (isJsonObject(fields.currency_options))
    for (const c of Object.keys(fields.currency_options).sort()) {
      const cur = parseCurrency(c);
      if (cur && !out.includes(cur)) out.push(cur);
    }
  return out;
}

/** `/ month`, `every 3 months`, `once`. */
export function periodText(fields: JsonObject): string {
  const r = fields.recurring;
  if (!isJsonObject(r)) return "once";
  const count = typeof r.interval_count === "number" ? r.interval_count : 1;
  return count === 1 ? `/ ${text(r.interval)}` : `every ${count} ${text(r.interval)}s`;
}

/** A minor-unit amount (decimal text) as money. */
function money(minor: string | undefined, currency: Currency): string {
  return formatMinor(minor ?? "0", currency);
}

/** What a price charges in one currency, in words (with its tax behaviour); undefined when it is not offered in it. */
export function priceText(fields: JsonObject, currency: Currency, unitLabel?: string): string | undefined {
  const words = amountText(fields, currency, unitLabel);
  if (words === undefined) return undefined;
  const tax = taxIn({ key: "", component: "", fields, recurring: null }, currency);
  return tax === "unspecified" ? words : `${words} ${tax === "inclusive" ? "incl. tax" : "+ tax"}`;
}

function amountText(
  fields: JsonObject,
  currency: Currency,
  unitLabel: string | undefined,
): string | undefined {
  const a = amountsIn(fields, currency);
  if (!a) return undefined;
  const period = periodText(fields);
  const per = unitLabel || "unit";
  if (fields.billing_scheme === "tiered" || Array.isArray(a.tiers)) {
    const included = includedOf(fields, currency);
    if (included)
      return `${money(included.unit, currency)} per ${per} after ${included.units} included ${period}`;
    const p = pricingIn({ key: "", component: "", fields, recurring: null }, currency);
    const tiers = p?.kind === "tiered" ? p.tiers : [];
    const units = tiers.map((t) => scaled(t.unit ?? "0"));
    // bigints: Math.min and Math.max do not take them.
    const sorted = [...units].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const low = sorted[0] ?? 0n;
    const high = sorted.at(-1) ?? 0n;
    const range =
      low === high
        ? money(tiers[0]?.unit, currency)
        : `${money(textOf(low), currency)} to ${money(textOf(high), currency)}`;
    return `${fields.tiers_mode === "volume" ? "volume" : "graduated"} tiers, ${range} per ${per} ${period}`;
  }
  const unit = money(minorText(a, "unit_amount"), currency);
  const r = fields.recurring;
  const p = pricingIn({ key: "", component: "", fields, recurring: null }, currency);
  const pack = p?.kind === "per_unit" ? p.package : undefined;
  if (pack)
    return `${unit} per ${new Intl.NumberFormat("en-US").format(pack.size)} ${per} (rounded ${pack.round} to whole packages) ${period}`;
  if (isJsonObject(r) && r.usage_type === "metered") return `${unit} per ${per} ${period}`;
  return `${unit} ${period}`;
}

/** Included units, as the model maps them: a free first tier, then one price (graduated). */
function includedOf(fields: JsonObject, currency: Currency): { units: string; unit: string } | undefined {
  if (fields.tiers_mode === "volume") return undefined;
  const p = pricingIn({ key: "", component: "", fields, recurring: null }, currency);
  if (p?.kind !== "tiered" || p.tiers.length !== 2) return undefined;
  const [first, second] = p.tiers;
  if (!first || !second || first.upTo === null) return undefined;
  const zero = (t: string | undefined) => scaled(t ?? "0") === 0n;
  if (!zero(first.unit) || !zero(first.flat) || !zero(second.flat)) return undefined;
  return { units: String(first.upTo), unit: second.unit ?? "0" };
}

/** What a coupon takes off in one currency, in words; undefined when it is not offered in it. */
export function couponText(fields: JsonObject, currency: Currency | ""): string | undefined {
  let off: string;
  if (typeof fields.percent_off === "number") off = `${String(fields.percent_off)}% off`;
  else {
    if (currency === "") return undefined;
    const a = amountsIn(fields, currency);
    const amount = a ? minorText(a, "amount_off") : undefined;
    if (amount === undefined) return undefined;
    off = `${money(amount, currency)} off`;
  }
  const d = fields.duration;
  if (d === "forever") return `${off} every bill`;
  if (d === "repeating")
    return `${off} for ${typeof fields.duration_in_months === "number" ? fields.duration_in_months : "?"} months`;
  return `${off} the first bill`;
}

/** The per-unit amount of a per-unit price in one currency, in 10^-12 minor units. */
function unitScaled(fields: JsonObject, currency: Currency): bigint | undefined {
  const a = amountsIn(fields, currency);
  if (!a || fields.billing_scheme === "tiered" || Array.isArray(a.tiers)) return undefined;
  const t = minorText(a, "unit_amount");
  return t === undefined ? undefined : scaled(t);
}

/** A non-negative amount in 10^-12 minor units as minor-unit decimal text. */
function textOf(v: bigint): string {
  const digits = v.toString().padStart(SCALE + 1, "0");
  return `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`.replace(/\.?0+$/, "") || "0";
}

/** A difference in 10^-12 minor units, as signed money. */
function scaledDelta(delta: bigint, currency: Currency): string {
  const abs = delta < 0n ? -delta : delta;
  if (abs % 10n ** BigInt(SCALE) === 0n) return formatMinorDelta(delta / 10n ** BigInt(SCALE), currency);
  const digits = abs.toString().padStart(SCALE + 1, "0");
  const text = `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`.replace(/0+$/, "");
  return `${delta < 0n ? "-" : "+"}${formatMinor(text, currency)}`;
}

/** `+€0.50 (+10.0%)` between two per-unit prices (or coupons' amounts), or undefined when not comparable. */
export function changeText(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  currency: Currency,
): string | undefined {
  if (!before || !after) return undefined;
  const b =
    unitScaled(before, currency) ?? includedScaled(before, currency) ?? couponScaled(before, currency);
  const a = unitScaled(after, currency) ?? includedScaled(after, currency) ?? couponScaled(after, currency);
  if (b === undefined || a === undefined || a === b) return undefined;
  const pct = percentChange(b, a);
  return `${scaledDelta(a - b, currency)}${pct ? ` (${pct})` : ""}`;
}

/** The paid unit amount of an included-units price, when both sides have the same allowance. */
function includedScaled(fields: JsonObject, currency: Currency): bigint | undefined {
  const i = includedOf(fields, currency);
  return i ? scaled(i.unit) : undefined;
}

function couponScaled(fields: JsonObject, currency: Currency): bigint | undefined {
  if (typeof fields.amount_off !== "number") return undefined;
  const a = amountsIn(fields, currency);
  const amount = a ? minorText(a, "amount_off") : undefined;
  return amount === undefined ? undefined : scaled(amount);
}

/** One row of a tier table. */
export interface TierRow {
  readonly from: string;
  readonly upTo: string;
  readonly perUnit: string;
  readonly flat: string;
}

/** The tiers of a tiered price in one currency as rows, or undefined when it has none there. */
export function tierRows(fields: JsonObject | undefined, currency: Currency): TierRow[] | undefined {
  if (!fields) return undefined;
  const p = pricingIn({ key: "", component: "", fields, recurring: null }, currency);
  if (p?.kind !== "tiered") return undefined;
  let from = 1n;
  return p.tiers.map((t: BillTier) => {
    const row: TierRow = {
      from: String(from),
      upTo: t.upTo === null ? "and up" : String(t.upTo),
      perUnit: money(t.unit, currency),
      flat: t.flat === undefined || scaled(t.flat) === 0n ? "" : money(t.flat, currency),
    };
    if (t.upTo !== null) from = t.upTo + 1n;
    return row;
  });
}
