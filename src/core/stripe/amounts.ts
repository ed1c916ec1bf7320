/**
 * Money in Stripe's wire shape: whole minor units (`unit_amount`, `amount_off`, `flat_amount`),
 * decimal minor units (`unit_amount_decimal`), tiers and `currency_options`. Exact: amounts are
 * shifted decimals, never floats. Pure.
 */

import type { Money, Tier } from "../model/types.js";
import { type Currency, minorUnitExponent } from "../money/currency.js";
import { type Decimal, formatDecimal, shift } from "../money/decimal.js";

/** One tier as Stripe takes it. */
export type StripeTier = {
  readonly up_to: number | "inf";
  readonly unit_amount_decimal?: string;
  readonly flat_amount?: number;
};

/** Zero, in every currency. */
export const ZERO: Decimal = { units: 0n, scale: 0 };

/** An amount of zero in each of `currencies`. */
export function zeroMoney(currencies: readonly Currency[]): Money {
  return Object.fromEntries(currencies.map((c) => [c, ZERO])) as Money;
}

/**
 * The amount in one currency. The loader gives every amount in every currency of its model
 * (a plain number only for 0); a missing one is a bug, never filled with zero.
 */
export function amountIn(money: Money, currency: Currency): Decimal {
  const amount = money[currency];
  if (amount === undefined)
    throw new Error(`no ${currency} amount in a model priced in ${currency} (this is a bug)`);
  return amount;
}

/** A whole amount in minor units (Stripe's `unit_amount`, `amount_off`, `flat_amount`). */
export function whole(money: Money, currency: Currency): number {
  return Number(shift(amountIn(money, currency), minorUnitExponent(currency)).units);
}

/** A per-unit amount as Stripe's `unit_amount_decimal`: minor units with up to 12 decimals. */
export function perUnit(money: Money, currency: Currency): string {
  return formatDecimal(shift(amountIn(money, currency), minorUnitExponent(currency)));
}

/** Tiers in one currency. */
export function stripeTiers(tiers: readonly Tier[], currency: Currency): StripeTier[] {
  return tiers.map((t) => ({
    up_to: t.upTo === "inf" ? "inf" : Number(t.upTo),
    ...(t.unitAmount ? { unit_amount_decimal: perUnit(t.unitAmount, currency) } : {}),
    ...(t.flatAmount ? { flat_amount: whole(t.flatAmount, currency) } : {}),
  }));
}

/** `currency_options` for the model's extra currencies (none for a single-currency model). */
export function currencyOptions<O>(
  others: readonly Currency[],
  option: (c: Currency) => O,
): { readonly currency_options?: Readonly<Record<string, O>> } {
  if (others.length === 0) return {};
  return { currency_options: Object.fromEntries(others.map((c) => [c, option(c)])) };
}
