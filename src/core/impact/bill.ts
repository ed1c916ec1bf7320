/**
 * The bill calculator: what one customer pays for one billing period, in whole minor units,
 * exactly. Pure; no IO; no float ever touches an amount.
 *
 * Rounding rule (the one Stripe documents for decimal amounts): a line's amount is computed
 * exactly, in minor units with up to 12 decimals (`unit_amount_decimal`), and rounded once per
 * invoice line to a whole minor unit, half up: 1.5 cents is 2 cents. "Rounding occurs on the line
 * item level of your invoices … 0.05 * 30 = 1.5, which is then rounded up to 2 cents. If you
 * have multiple line items, each will be rounded before summing up"
 * (https://stripe.com/docs/billing/subscriptions/decimal-amounts). A tiered price is one line:
 * its tiers are summed exactly, then rounded. A percent discount is computed on the subtotal of
 * the lines it applies to and rounded half up too; an amount-off discount never takes a bill
 * below zero. A package price (`transform_quantity`) bills the quantity divided by the package
 * size, rounded up or down to whole packages, before the unit amount. Tax is never added: a
 * bill's amounts are the prices' own, and `tax` says whether they hold it (inclusive) or tax is
 * added on top (exclusive). See docs/impact.md for what is and is not confirmed about Stripe.
 */

/** Minor-unit amounts in the calculator carry this many decimals (Stripe's most, in `unit_amount_decimal`). */
export const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);

/** One tier: `upTo` is null on the last (`inf`) tier; amounts are minor units as decimal text. */
export interface BillTier {
  readonly upTo: bigint | null;
  readonly unit?: string;
  readonly flat?: string;
}

/** Package pricing: the quantity is divided by `size` and rounded to whole packages. */
export interface BillPackage {
  readonly size: bigint;
  readonly round: "up" | "down";
}

/** How a price in one currency charges a quantity. */
export type Pricing =
  | { readonly kind: "per_unit"; readonly unit: string; readonly package?: BillPackage }
  | { readonly kind: "tiered"; readonly mode: "graduated" | "volume"; readonly tiers: readonly BillTier[] };

/** Whether a price's amounts include tax; `unspecified` leaves it to the account's tax settings. */
export type LineTax = "inclusive" | "exclusive" | "unspecified";

/** One invoice line: a price and the quantity billed (seats, or a meter's usage over the period). */
export interface BillLine {
  readonly key: string;
  readonly pricing: Pricing;
  readonly quantity: bigint;
  /** The price's tax behaviour (default unspecified). */
  readonly tax?: LineTax;
}

/**
 * How tax stands to a bill's total: every charged line includes it (`inclusive`), has it added
 * on top (`exclusive`), leaves it to the account (`unspecified`), or the lines differ (`mixed`).
 */
export type BillTax = LineTax | "mixed";

/** A discount as Stripe's coupon holds it: percent (decimal text) or an amount in minor units. */
export type BillDiscount =
  | { readonly kind: "percent"; readonly percent: string }
  | { readonly kind: "amount"; readonly amount: bigint };

/** A computed bill in whole minor units. */
export interface Bill {
  readonly lines: readonly { readonly key: string; readonly amount: bigint }[];
  readonly subtotal: bigint;
  readonly discount: bigint;
  readonly total: bigint;
  readonly tax: BillTax;
}

/** Decimal text (minor units) as an integer of 10^-12 minor units. */
export function scaled(text: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a non-negative decimal amount: ${text}`);
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > SCALE) throw new RangeError(`more than ${SCALE} decimals: ${text}`);
  return BigInt((m[1] ?? "0") + frac.padEnd(SCALE, "0"));
}

/** Rounds a non-negative `num / den` to the nearest integer, halves up. */
function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/**
 * A line's exact amount in 10^-12 minor units. Graduated: each tier charges the units that fall
 * in it, plus its flat fee when any unit does (the first tier's flat fee is charged even at zero
 * units). Volume: every unit at the tier the total quantity falls in, plus that tier's flat fee.
 */
export function exactLineAmount(pricing: Pricing, quantity: bigint): bigint {
  if (quantity < 0n) throw new RangeError("a quantity cannot be negative");
  if (pricing.kind === "per_unit") return packages(quantity, pricing.package) * scaled(pricing.unit);
  const tiers = pricing.tiers;
  if (pricing.mode === "volume") {
    const tier = tiers.find((t) => t.upTo === null || quantity <= t.upTo) ?? tiers.at(-1);
    if (!tier) return 0n;
    return quantity * scaled(tier.unit ?? "0") + scaled(tier.flat ?? "0");
  }
  let total = 0n;
  let from = 0n; // units below this are billed by earlier tiers
  for (const [i, tier] of tiers.entries()) {
    if (i > 0 && quantity <= from) break;
    const to = tier.upTo === null || quantity < tier.upTo ? quantity : tier.upTo;
    const units = to > from ? to - from : 0n;
    total += units * scaled(tier.unit ?? "0") + scaled(tier.flat ?? "0");
    if (tier.upTo === null) break;
    from = tier.upTo;
  }
  return total;
}

/** The quantity a price bills: whole packages (rounded up or down), or the quantity itself. */
export function packages(quantity: bigint, pack: BillPackage | undefined): bigint {
  if (!pack || pack.size <= 1n) return quantity;
  const whole = quantity / pack.size;
  return pack.round === "up" && whole * pack.size < quantity ? whole + 1n : whole;
}

/** A line's amount in whole minor units: exact, then rounded half up (Stripe's line-level rounding). */
export function lineAmount(pricing: Pricing, quantity: bigint): bigint {
  return roundHalfUp(exactLineAmount(pricing, quantity), ONE);
}

/** The bill for some lines: each line rounded, summed, then the discount (if any) taken off. */
export function computeBill(lines: readonly BillLine[], discount?: BillDiscount): Bill {
  const amounts = lines.map((l) => ({ key: l.key, amount: lineAmount(l.pricing, l.quantity) }));
  const subtotal = amounts.reduce((s, l) => s + l.amount, 0n);
  let off = 0n;
  if (discount?.kind === "percent") {
    const p = scaled(discount.percent);
    off = roundHalfUp(subtotal * p, 100n * ONE);
  } else if (discount?.kind === "amount") {
    off = discount.amount;
  }
  if (off > subtotal) off = subtotal;
  return { lines: amounts, subtotal, discount: off, total: subtotal - off, tax: billTax(lines, amounts) };
}

/** The tax behaviour shared by the charged lines (all lines when none is charged). */
function billTax(lines: readonly BillLine[], amounts: readonly { readonly amount: bigint }[]): BillTax {
  const charged = lines.filter((_, i) => (amounts[i]?.amount ?? 0n) > 0n);
  const taxes = new Set((charged.length > 0 ? charged : lines).map((l) => l.tax ?? "unspecified"));
  if (taxes.size > 1) return "mixed";
  return [...taxes][0] ?? "unspecified";
}
