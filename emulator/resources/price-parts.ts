/**
 * Parsing and checking of a price's structured parts: tiers, the `recurring` hash and
 * `currency_options`, with Stripe's rules (last tier `inf`, ascending `up_to`, metered prices
 * name an active meter, extra currencies differ from the main one).
 */
import { readAmount } from "../amounts.js";
import { conflict, invalidParam, missingParam, noSuchReferenced } from "../errors.js";
import type { FormObject, FormValue } from "../form.js";
import {
  arr,
  bool,
  dec,
  type Fields,
  getArray,
  getInt,
  getObject,
  getString,
  int,
  intOrInf,
  obj,
  oneOf,
  str,
  strMax,
  unsupported,
} from "../params.js";
import type { CurrencyOption, PriceTier, Recurring, TaxBehavior } from "../records.js";
import type { MemoryStore } from "../store.js";

const tierShape = obj({
  up_to: intOrInf,
  unit_amount: int,
  unit_amount_decimal: dec,
  flat_amount: int,
  flat_amount_decimal: dec,
});

/** The `tiers[]` parameter shape. */
export const tiersShape = arr(tierShape);

/** The `recurring` parameter shape. */
export const recurringShape = obj({
  interval: oneOf("day", "week", "month", "year"),
  interval_count: int,
  meter: str,
  trial_period_days: int,
  usage_type: oneOf("licensed", "metered"),
});

/** One entry of `currency_options`. */
export const currencyOptionShape = obj({
  unit_amount: int,
  unit_amount_decimal: dec,
  tiers: tiersShape,
  tax_behavior: oneOf("inclusive", "exclusive", "unspecified"),
  custom_unit_amount: unsupported,
});

/** Shared by create and update: `tax_behavior`, `lookup_key`, `transfer_lookup_key`, `nickname`. */
export const mutableFields: Fields = {
  tax_behavior: oneOf("inclusive", "exclusive", "unspecified"),
  lookup_key: strMax(200),
  transfer_lookup_key: bool,
  nickname: strMax(5000),
};

const MAX_INTERVALS: Readonly<Record<Recurring["interval"], number>> = {
  day: 1095,
  week: 156,
  month: 36,
  year: 3,
};

/** Parses and checks `tiers`; `path` is the parameter path (`tiers` or `currency_options[eur][tiers]`). */
export function parseTiers(value: FormValue | undefined, path: string): readonly PriceTier[] {
  const items = getArray(value);
  if (items.length === 0) throw missingParam(path);
  const tiers: PriceTier[] = [];
  let previous = 0;
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const tier = getObject(item) ?? {};
    const upToText = getString(tier.up_to);
    if (upToText === undefined) throw missingParam(`${at}[up_to]`);
    const upTo = upToText === "inf" ? null : Number.parseInt(upToText, 10);
    const last = i === items.length - 1;
    if (last && upTo !== null)
      throw invalidParam("The last tier must have `up_to` set to `inf`.", `${at}[up_to]`);
    if (!last && upTo === null)
      throw invalidParam("Only the last tier can have `up_to` set to `inf`.", `${at}[up_to]`);
    if (upTo !== null) {
      if (upTo <= previous) throw invalidParam("Tiers must be sorted by ascending `up_to`.", `${at}[up_to]`);
      previous = upTo;
    }
    const unit = readAmount(tier, "unit_amount", at);
    const flat = readAmount(tier, "flat_amount", at);
    if (unit === undefined && flat === undefined) {
      throw invalidParam("Each tier must specify either a unit amount or a flat amount.", at);
    }
    tiers.push({
      flat_amount: flat?.integer ?? null,
      flat_amount_decimal: flat?.decimal ?? null,
      unit_amount: unit?.integer ?? null,
      unit_amount_decimal: unit?.decimal ?? null,
      up_to: upTo,
    });
  });
  return tiers;
}

/** Parses and checks `recurring`, including its meter. */
export function parseRecurring(store: MemoryStore, value: FormObject): Recurring {
  const interval = getString(value.interval) as Recurring["interval"] | undefined;
  if (interval === undefined) throw missingParam("recurring[interval]");
  const count = getInt(value.interval_count) ?? 1;
  if (count < 1 || count > MAX_INTERVALS[interval]) {
    throw invalidParam("The maximum billing interval is 3 years.", "recurring[interval_count]");
  }
  const usageType = (getString(value.usage_type) ?? "licensed") as Recurring["usage_type"];
  const meterId = getString(value.meter);
  if (usageType === "metered") {
    if (meterId === undefined) throw missingParam("recurring[meter]");
    const meter = store.meters.get(meterId);
    if (meter === undefined) throw noSuchReferenced("billing meter", meterId, "recurring[meter]");
    if (meter.status !== "active") {
      throw conflict(
        `The meter \`${meterId}\` is inactive; a deactivated meter cannot be attached to a price.`,
        "recurring[meter]",
      );
    }
  } else if (meterId !== undefined) {
    throw invalidParam(
      "`recurring[meter]` can only be set when `recurring[usage_type]` is `metered`.",
      "recurring[meter]",
    );
  }
  const trial = getInt(value.trial_period_days);
  return {
    interval,
    interval_count: count,
    meter: meterId ?? null,
    trial_period_days: trial ?? null,
    usage_type: usageType,
  };
}

/** Parses `currency_options` for a price in `mainCurrency`; tiered prices need tiers matching `mainTiers`. */
export function parseCurrencyOptions(
  value: FormObject,
  mainCurrency: string,
  mainTiers: readonly PriceTier[] | null,
): Readonly<Record<string, CurrencyOption>> {
  const out: Record<string, CurrencyOption> = {};
  for (const [rawCurrency, raw] of Object.entries(value)) {
    const currency = rawCurrency.toLowerCase();
    const at = `currency_options[${rawCurrency}]`;
    if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${rawCurrency}`, at);
    if (currency === mainCurrency) {
      throw invalidParam(
        "You are specifying a currency option that matches the top-level currency for this price. Please remove this currency option and update the top-level params instead.",
        at,
      );
    }
    const option = getObject(raw) ?? {};
    const taxBehavior = (getString(option.tax_behavior) ?? null) as TaxBehavior | null;
    if (mainTiers !== null) {
      if (option.unit_amount !== undefined || option.unit_amount_decimal !== undefined) {
        throw invalidParam(
          "A tiered price's currency options take `tiers`, not `unit_amount`.",
          `${at}[unit_amount]`,
        );
      }
      const tiers = parseTiers(option.tiers, `${at}[tiers]`);
      const same =
        tiers.length === mainTiers.length && tiers.every((t, i) => t.up_to === mainTiers[i]?.up_to);
      if (!same)
        throw invalidParam(
          "Currency option tiers must have the same `up_to` values as the price's tiers.",
          `${at}[tiers]`,
        );
      out[currency] = {
        custom_unit_amount: null,
        tax_behavior: taxBehavior,
        tiers,
        unit_amount: null,
        unit_amount_decimal: null,
      };
    } else {
      if (option.tiers !== undefined) throw invalidParam("Only tiered prices take `tiers`.", `${at}[tiers]`);
      const amount = readAmount(option, "unit_amount", at);
      if (amount === undefined) throw missingParam(`${at}[unit_amount]`);
      out[currency] = {
        custom_unit_amount: null,
        tax_behavior: taxBehavior,
        unit_amount: amount.integer,
        unit_amount_decimal: amount.decimal,
      };
    }
  }
  return out;
}
