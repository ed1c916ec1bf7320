/**
 * Money as people read it: `€4.99`, `$0.002`, `¥480`, `KWD 1.234`. Amounts are formatted from
 * exact decimal text by `Intl.NumberFormat`, which since Node 20 reads a decimal string without
 * going through a float; the locale is fixed (`en-US`) so output is the same on every machine.
 * Pure; no IO.
 */
import { type Currency, minorUnitExponent } from "./currency.js";
import { type Decimal, formatDecimal, parseDecimal, shift } from "./decimal.js";

const FORMATTERS = new Map<string, Intl.NumberFormat>();

function formatter(currency: Currency, fractionDigits: number): Intl.NumberFormat {
  const exponent = minorUnitExponent(currency);
  const digits = Math.min(20, Math.max(exponent, fractionDigits));
  const id = `${currency}:${digits}`;
  let f = FORMATTERS.get(id);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: exponent,
      maximumFractionDigits: digits,
    });
    FORMATTERS.set(id, f);
  }
  return f;
}

/**
 * An amount in major units (`4.99` euros) as money: at least the currency's decimals, and every
 * further decimal it has (a sub-cent unit price stays `$0.002`, never rounded for display).
 */
export function formatMoney(amount: Decimal, currency: Currency): string {
  // Intl.NumberFormat.format takes a decimal string exactly (ECMA-402 "Intl.NumberFormat v3").
  return formatter(currency, amount.scale).format(formatDecimal(amount) as unknown as number);
}

/** Minor units (Stripe's `unit_amount`, `unit_amount_decimal` text, a bill in cents) as major units. */
export function minorToMajor(minor: bigint | number | string, currency: Currency): Decimal {
  const d = parseDecimal(String(minor));
  if (typeof d === "string") throw new RangeError(`not an amount in minor units: ${String(minor)}`);
  return shift(d, -minorUnitExponent(currency));
}

/** Minor units formatted as money (`499` eur → `€4.99`). */
export function formatMinor(minor: bigint | number | string, currency: Currency): string {
  return formatMoney(minorToMajor(minor, currency), currency);
}

/** A signed difference in whole minor units: `+€0.50`, `-€1.00`, `€0.00`. */
export function formatMinorDelta(delta: bigint, currency: Currency): string {
  const abs = formatMinor(delta < 0n ? -delta : delta, currency);
  return delta > 0n ? `+${abs}` : delta < 0n ? `-${abs}` : abs;
}

/**
 * The change from `before` to `after` in percent, one decimal, rounded half away from zero, with
 * its sign (`+10.0%`, `-5.3%`, `0.0%`); undefined when `before` is zero (no percentage of nothing).
 * Exact: computed on bigints, so `+15.0%` is never `+14.999…%`.
 */
export function percentChange(before: bigint, after: bigint): string | undefined {
  if (before === 0n) return undefined;
  const delta = after - before;
  const negative = delta < 0n !== before < 0n && delta !== 0n;
  const num = (delta < 0n ? -delta : delta) * 1000n;
  const den = before < 0n ? -before : before;
  const tenths = (2n * num + den) / (2n * den);
  const text = `${tenths / 10n}.${tenths % 10n}%`;
  return tenths === 0n ? text : negative ? `-${text}` : `+${text}`;
}

/** True when the change from `before` to `after` is more than `percent` percent up (exact). */
export function increaseAbove(before: bigint, after: bigint, percent: Decimal): boolean {
  if (after <= before) return false;
  if (before <= 0n) return true;
  // (after - before) / before > units / 10^scale / 100
  return (after - before) * 100n * 10n ** BigInt(percent.scale) > percent.units * before;
}
