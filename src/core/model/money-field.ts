/**
 * Reading one money field (a scalar or a per-currency map) from its source text, checked
 * against each currency's minor unit and Stripe's limits. Pure.
 */
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";
import {
  type Currency,
  MAX_MINOR_AMOUNT,
  MAX_UNIT_AMOUNT_DECIMALS,
  minorUnitExponent,
  parseCurrency,
} from "../money/currency.js";
import { compareDecimal, type Decimal, formatDecimal, parseDecimal, shift } from "../money/decimal.js";
import type { DataPath, ModelSource } from "./source.js";
import type { Money } from "./types.js";

/** Whole minor units (a fee), or a per-unit price with up to 12 decimals of the minor unit. */
export type AmountKind = "whole" | "per-unit";

const MAX: Decimal = { units: MAX_MINOR_AMOUNT, scale: 0 };

/** Reads an exact decimal at a path from its source text. */
export function readDecimal(
  source: ModelSource,
  path: DataPath,
  problems: Diagnostic[],
): Decimal | undefined {
  const text = source.scalarText(path);
  const parsed = parseDecimal(text ?? "");
  if (typeof parsed === "string") {
    problems.push(error(source.positionOf(path), parsed));
    return undefined;
  }
  return parsed;
}

/**
 * Reads a money field for a model with the given currencies (base first). A scalar is the
 * base currency's amount; a map must name every currency of the model and no other.
 */
export function readMoney(
  source: ModelSource,
  path: DataPath,
  value: unknown,
  currencies: readonly Currency[],
  kind: AmountKind,
  problems: Diagnostic[],
): Money | undefined {
  const base = currencies[0];
  if (base === undefined) return undefined;
  const before = problems.length;
  const entries: [Currency, DataPath][] = [];
  if (value !== null && typeof value === "object") {
    const seen = new Set<string>();
    for (const key of Object.keys(value)) {
      const currency = parseCurrency(key);
      if (!currency || !currencies.includes(currency)) {
        problems.push(
          error(
            source.positionOf([...path, key], { key: true }),
            `currency "${key}" is not one of this model's currencies (${currencies.join(", ")})`,
          ),
        );
        continue;
      }
      if (seen.has(currency)) {
        problems.push(
          error(source.positionOf([...path, key], { key: true }), `currency ${currency} is listed twice`),
        );
        continue;
      }
      seen.add(currency);
      entries.push([currency, [...path, key]]);
    }
    const missing = currencies.filter((c) => !seen.has(c));
    if (missing.length > 0) {
      problems.push(
        error(
          source.positionOf(path),
          `amount map is missing ${missing.join(", ")}: list every currency of the model`,
        ),
      );
    }
  } else if (currencies.length > 1) {
    // A plain number in a multi-currency model: only 0 means the same in every currency.
    const amount = readDecimal(source, path, problems);
    if (amount && amount.units === 0n) return Object.fromEntries(currencies.map((c) => [c, amount])) as Money;
    if (amount) {
      problems.push(
        error(
          source.positionOf(path),
          `this model is priced in ${currencies.join(", ")}: give the amount per currency ({ ${currencies.map((c) => `${c}: ...`).join(", ")} }); a plain number is allowed only for 0`,
        ),
      );
    }
    return undefined;
  } else {
    entries.push([base, path]);
  }
  const money: Record<string, Decimal> = {};
  for (const [currency, at] of entries) {
    const amount = readDecimal(source, at, problems);
    if (amount && checkAmount(amount, currency, kind, source, at, problems)) money[currency] = amount;
  }
  return problems.length === before ? (money as Money) : undefined;
}

function checkAmount(
  amount: Decimal,
  currency: Currency,
  kind: AmountKind,
  source: ModelSource,
  at: DataPath,
  problems: Diagnostic[],
): boolean {
  const exponent = minorUnitExponent(currency);
  const allowed = kind === "whole" ? exponent : exponent + MAX_UNIT_AMOUNT_DECIMALS;
  const text = formatDecimal(amount);
  if (amount.scale > allowed) {
    const what =
      kind === "whole"
        ? `${currency} allows (${exponent})`
        : `a per-unit ${currency} amount allows (${allowed})`;
    problems.push(error(source.positionOf(at), `amount ${text} has more decimals than ${what}`));
    return false;
  }
  if (compareDecimal(shift(amount, exponent), MAX) > 0) {
    problems.push(
      error(
        source.positionOf(at),
        `amount ${text} ${currency} is above Stripe's limit of ${formatDecimal(shift(MAX, -exponent))}`,
      ),
    );
    return false;
  }
  return true;
}
