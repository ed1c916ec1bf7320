/**
 * Exact decimal numbers for money. Values are read from source text and kept as a scaled
 * bigint, so no binary floating point ever touches an amount. Pure; no IO.
 */

/** An exact, non-negative decimal: `units / 10^scale`, normalised (no trailing zero in `units` when scale > 0). */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads a plain decimal literal (`4.99`, `0.0123`, `12`). Returns a message instead when the
 * text is not a non-negative decimal written in positional notation.
 */
export function parseDecimal(text: string): Decimal | string {
  const trimmed = text.trim();
  if (trimmed === "") return "an amount cannot be empty";
  if (trimmed.startsWith("-")) return `amount ${trimmed} is negative`;
  const match = DECIMAL_TEXT.exec(trimmed.startsWith("+") ? trimmed.slice(1) : trimmed);
  if (!match)
    return `"${trimmed}" is not a decimal amount (write digits with an optional decimal point, like 4.99)`;
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (whole.length > 20) return `amount ${trimmed} is too large`;
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** Multiplies by 10^exponent exactly: major units to minor units. */
export function shift(d: Decimal, exponent: number): Decimal {
  if (exponent >= d.scale) return { units: d.units * 10n ** BigInt(exponent - d.scale), scale: 0 };
  // Minor units back to major (a negative exponent) can leave trailing zeros: 100 cents is 1, not 1.00.
  let units = d.units;
  let scale = d.scale - exponent;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Canonical text: no exponent, no trailing zeros, `0` for zero. */
export function formatDecimal(d: Decimal): string {
  if (d.scale === 0) return d.units.toString();
  const digits = d.units.toString().padStart(d.scale + 1, "0");
  return `${digits.slice(0, digits.length - d.scale)}.${digits.slice(digits.length - d.scale)}`;
}

/** Compares two decimals: negative, zero or positive. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}
