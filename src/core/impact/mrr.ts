/**
 * Monthly recurring revenue: one subscription item's charge per billing period normalised to a
 * month, summed exactly as a fraction of minor units and rounded once, half up, to a whole
 * minor unit. The rule (docs/impact.md): a month is the period's amount ÷ interval_count; a
 * year ÷ 12; a week × 52 ÷ 12; a day × 365 ÷ 12. The period's amount is the bill calculator's
 * (each line rounded as Stripe rounds an invoice line). Pure.
 */

/** An exact, non-negative amount of minor units: `num / den`. */
export interface MonthlyAmount {
  readonly num: bigint;
  readonly den: bigint;
}

/** Zero minor units a month. */
export const NO_MRR: MonthlyAmount = { num: 0n, den: 1n };

/** Periods of each interval in a month, as a fraction `[num, den]`. */
const PER_MONTH: Readonly<Record<string, readonly [bigint, bigint]>> = {
  day: [365n, 12n],
  week: [52n, 12n],
  month: [1n, 1n],
  year: [1n, 12n],
};

/** `amount` charged every `count` `interval`s, as a monthly amount; undefined for an unknown interval. */
export function monthly(amount: bigint, interval: string, count: number): MonthlyAmount | undefined {
  const factor = PER_MONTH[interval];
  if (!factor || !Number.isSafeInteger(count) || count < 1) return undefined;
  return reduce({ num: amount * factor[0], den: factor[1] * BigInt(count) });
}

/** The exact sum of two monthly amounts. */
export function addMonthly(a: MonthlyAmount, b: MonthlyAmount): MonthlyAmount {
  return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}

/** The amount rounded half up to a whole minor unit (only here, once per total). */
export function roundMonthly(a: MonthlyAmount): bigint {
  return (2n * a.num + a.den) / (2n * a.den);
}

function reduce(a: MonthlyAmount): MonthlyAmount {
  const g = gcd(a.num, a.den);
  return g > 1n ? { num: a.num / g, den: a.den / g } : a;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
