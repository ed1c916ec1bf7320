/**
 * Amount pairs as Stripe takes them: an integer in minor units (`unit_amount`) or a decimal
 * string (`unit_amount_decimal`, up to 12 decimal places), never both. Amounts stay strings or
 * integers; no floating point is involved.
 */
import { invalidParam } from "./errors.js";
import type { FormObject } from "./form.js";
import { getInt, getString } from "./params.js";

/** An amount as stored: the integer form is null when the decimal has a fraction. */
export interface Amount {
  readonly integer: number | null;
  readonly decimal: string;
}

/** Canonical decimal text: no leading zeros, no trailing fractional zeros (`"012.50"` -> `"12.5"`). */
export function normalizeDecimal(text: string): string {
  const [whole = "0", fraction = ""] = text.split(".");
  const w = whole.replace(/^0+(?=\d)/, "");
  const f = fraction.replace(/0+$/, "");
  return f === "" ? w : `${w}.${f}`;
}

/**
 * Reads `<name>` / `<name>_decimal` from `source`; undefined when neither is given.
 * `prefix` is the parameter path of `source` (e.g. `tiers[0]`) for error messages.
 */
export function readAmount(source: FormObject, name: string, prefix: string): Amount | undefined {
  const at = (key: string): string => (prefix === "" ? key : `${prefix}[${key}]`);
  const integer = getInt(source[name]);
  const decimal = getString(source[`${name}_decimal`]);
  if (integer !== undefined && decimal !== undefined) {
    throw invalidParam(
      `You may only specify one of these parameters: ${at(name)}, ${at(`${name}_decimal`)}.`,
      at(name),
    );
  }
  if (integer !== undefined) {
    if (integer < 0 || !Number.isSafeInteger(integer)) {
      throw invalidParam(`Invalid non-negative integer: ${integer}`, at(name));
    }
    return { integer, decimal: String(integer) };
  }
  if (decimal !== undefined) {
    if (decimal.startsWith("-"))
      throw invalidParam(`Invalid non-negative decimal: ${decimal}`, at(`${name}_decimal`));
    const normalized = normalizeDecimal(decimal);
    const fraction = normalized.split(".")[1] ?? "";
    if (fraction.length > 12) {
      throw invalidParam("Decimal values can have at most 12 decimal places.", at(`${name}_decimal`));
    }
    const whole = fraction === "" ? Number(normalized) : null;
    return { integer: whole !== null && Number.isSafeInteger(whole) ? whole : null, decimal: normalized };
  }
  return undefined;
}
