/**
 * `/v1/prices`: create, retrieve, update (only Stripe's mutable fields), list. Prices are never
 * deleted (no DELETE route). Lookup keys are unique among prices; `transfer_lookup_key` moves one.
 */
import { readAmount } from "../amounts.js";
import type { RequestContext, Route } from "../context.js";
import { conflict, invalidParam, missingParam, noSuch, noSuchReferenced } from "../errors.js";
import { readExpand } from "../expand.js";
import type { FormObject } from "../form.js";
import { paginate, readPage } from "../list.js";
import { applyMetadata } from "../metadata.js";
import {
  arr,
  bool,
  checkFields,
  dec,
  expandField,
  type Fields,
  getBool,
  getObject,
  getString,
  getStrings,
  int,
  listFields,
  map,
  obj,
  oneOf,
  str,
  strMax,
  unsupported,
} from "../params.js";
import type { CurrencyOption, PriceRecord, TaxBehavior } from "../records.js";
import { renderPrice } from "../render.js";
import {
  currencyOptionShape,
  mutableFields,
  parseCurrencyOptions,
  parseRecurring,
  parseTiers,
  recurringShape,
  tiersShape,
} from "./price-parts.js";

const EXPANDABLE = ["tiers", "currency_options", "currency_options.<currency>.tiers", "product"] as const;

const createFields: Fields = {
  ...expandField,
  ...mutableFields,
  active: bool,
  billing_scheme: oneOf("per_unit", "tiered"),
  currency: str,
  currency_options: map(currencyOptionShape),
  metadata: map(str, true),
  product: strMax(5000),
  recurring: recurringShape,
  tiers: tiersShape,
  tiers_mode: oneOf("graduated", "volume"),
  transform_quantity: obj({ divide_by: int, round: oneOf("up", "down") }),
  unit_amount: int,
  unit_amount_decimal: dec,
  custom_unit_amount: unsupported,
  product_data: unsupported,
};

const updateFields: Fields = {
  ...expandField,
  ...mutableFields,
  active: bool,
  currency_options: map(currencyOptionShape, true),
  metadata: map(str, true),
};

const listParams: Fields = {
  ...listFields,
  active: bool,
  currency: str,
  lookup_keys: arr(str),
  product: str,
  recurring: obj({
    interval: oneOf("day", "week", "month", "year"),
    meter: str,
    usage_type: oneOf("licensed", "metered"),
  }),
  type: oneOf("one_time", "recurring"),
  created: unsupported,
};

function existing(ctx: RequestContext): PriceRecord {
  const price = ctx.store.prices.get(ctx.id);
  if (price === undefined) throw noSuch("price", ctx.id);
  return price;
}

/**
 * Gives `lookupKey` to price `ownerId`: fails when another price holds it, unless `transfer`
 * is set, in which case the other price loses it. Returns the key to store (null clears).
 */
function claimLookupKey(
  ctx: RequestContext,
  ownerId: string,
  lookupKey: string,
  transfer: boolean,
): string | null {
  if (lookupKey === "") return null;
  const holder = ctx.store.prices.list().find((p) => p.lookup_key === lookupKey && p.id !== ownerId);
  if (holder !== undefined) {
    if (!transfer) {
      throw conflict(
        `A price (\`${holder.id}\`) already uses that lookup key. Pass \`transfer_lookup_key=true\` to move it to this price.`,
        "lookup_key",
      );
    }
    ctx.store.prices.put({ ...holder, lookup_key: null });
  }
  return lookupKey;
}

/**
 * Builds and stores a price from parameters already checked against their shape (`/v1/prices`
 * create, or a product's `default_price_data` with `product` filled in). Throws Stripe's error
 * for a rule broken before anything is stored.
 */
export function createPrice(ctx: RequestContext, p: FormObject): PriceRecord {
  const productId = getString(p.product);
  if (productId === undefined) throw missingParam("product");
  const currencyText = getString(p.currency);
  if (currencyText === undefined) throw missingParam("currency");
  const currency = currencyText.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${currencyText}`, "currency");
  const scheme = (getString(p.billing_scheme) ?? "per_unit") as PriceRecord["billing_scheme"];
  const amount = readAmount(p, "unit_amount", "");
  let tiers: PriceRecord["tiers"] = null;
  let tiersMode: PriceRecord["tiers_mode"] = null;
  if (scheme === "tiered") {
    if (amount !== undefined)
      throw invalidParam("`unit_amount` is not allowed when `billing_scheme` is `tiered`.", "unit_amount");
    tiersMode = (getString(p.tiers_mode) ?? null) as PriceRecord["tiers_mode"];
    if (tiersMode === null) throw missingParam("tiers_mode");
    tiers = parseTiers(p.tiers, "tiers");
    if (p.transform_quantity !== undefined) {
      throw invalidParam(
        "`transform_quantity` is not allowed when `billing_scheme` is `tiered`.",
        "transform_quantity",
      );
    }
  } else {
    if (p.tiers !== undefined)
      throw invalidParam("`tiers` requires `billing_scheme` to be `tiered`.", "tiers");
    if (p.tiers_mode !== undefined)
      throw invalidParam("`tiers_mode` requires `billing_scheme` to be `tiered`.", "tiers_mode");
    if (amount === undefined) throw missingParam("unit_amount");
  }
  const transform = getObject(p.transform_quantity);
  let transformQuantity: PriceRecord["transform_quantity"] = null;
  if (transform !== undefined) {
    const divideBy = getString(transform.divide_by);
    const round = getString(transform.round) as "up" | "down" | undefined;
    if (divideBy === undefined) throw missingParam("transform_quantity[divide_by]");
    if (round === undefined) throw missingParam("transform_quantity[round]");
    const divisor = Number.parseInt(divideBy, 10);
    if (divisor < 1) {
      throw invalidParam(
        "`transform_quantity[divide_by]` must be a positive integer.",
        "transform_quantity[divide_by]",
      );
    }
    transformQuantity = { divide_by: divisor, round };
  }
  const recurringParams = getObject(p.recurring);
  const product = ctx.store.products.get(productId);
  if (product === undefined) throw noSuchReferenced("product", productId, "product");
  const recurring = recurringParams === undefined ? null : parseRecurring(ctx.store, recurringParams);
  const currencyOptions = parseCurrencyOptions(getObject(p.currency_options) ?? {}, currency, tiers);
  const metadata = applyMetadata({}, p.metadata);
  const id = ctx.store.ids.next("price");
  const lookupKeyParam = getString(p.lookup_key);
  const lookupKey =
    lookupKeyParam === undefined
      ? null
      : claimLookupKey(ctx, id, lookupKeyParam, getBool(p.transfer_lookup_key) ?? false);
  const nickname = getString(p.nickname);
  const price: PriceRecord = {
    id,
    object: "price",
    active: getBool(p.active) ?? true,
    billing_scheme: scheme,
    created: ctx.now,
    currency,
    currency_options: currencyOptions,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata,
    nickname: nickname === undefined || nickname === "" ? null : nickname,
    product: product.id,
    recurring,
    tax_behavior: (getString(p.tax_behavior) ?? "unspecified") as TaxBehavior,
    tiers,
    tiers_mode: tiersMode,
    transform_quantity: transformQuantity,
    type: recurring === null ? "one_time" : "recurring",
    unit_amount: amount?.integer ?? null,
    unit_amount_decimal: amount?.decimal ?? null,
  };
  return ctx.store.prices.put(price);
}

function create(ctx: RequestContext): unknown {
  checkFields(ctx.params, createFields);
  const expand = readExpand(ctx.params, EXPANDABLE, false);
  return renderPrice(ctx.store, createPrice(ctx, ctx.params), expand);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  return renderPrice(ctx.store, existing(ctx), readExpand(ctx.params, EXPANDABLE, false));
}

/**
 * The tax behaviour after an update: Stripe lets it go from unset or `unspecified` to a value,
 * but once `inclusive` or `exclusive` it cannot change ("Once specified as either `inclusive` or
 * `exclusive`, it cannot be changed", API reference). The same holds for each currency option.
 */
function nextTaxBehavior<T extends TaxBehavior | null>(
  current: T,
  requested: string | undefined,
  param: string,
): T | TaxBehavior {
  if (requested === undefined || requested === current) return current;
  if (current === "inclusive" || current === "exclusive") {
    throw invalidParam(`The tax_behavior of a price cannot be changed once it is \`${current}\`.`, param);
  }
  return requested as TaxBehavior;
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const price = existing(ctx);
  const active = getBool(p.active) ?? price.active;
  if (!active && price.active) {
    const product = ctx.store.products.get(price.product);
    if (product?.default_price === price.id) {
      throw conflict(
        "This price cannot be archived because it is the default price of its product.",
        "active",
      );
    }
  }
  let currencyOptions = price.currency_options;
  if (p.currency_options === "") currencyOptions = {};
  const optionParams = getObject(p.currency_options);
  if (optionParams !== undefined) {
    const parsed = parseCurrencyOptions(optionParams, price.currency, price.tiers);
    const merged: Record<string, CurrencyOption> = { ...currencyOptions };
    for (const [currency, option] of Object.entries(parsed)) {
      const before = currencyOptions[currency]?.tax_behavior ?? null;
      merged[currency] = {
        ...option,
        tax_behavior: nextTaxBehavior(
          before,
          option.tax_behavior ?? undefined,
          `currency_options[${currency}][tax_behavior]`,
        ),
      };
    }
    currencyOptions = merged;
  }
  const taxBehavior = nextTaxBehavior(price.tax_behavior, getString(p.tax_behavior), "tax_behavior");
  const nickname = getString(p.nickname);
  const metadata = applyMetadata(price.metadata, p.metadata);
  const lookupKeyParam = getString(p.lookup_key);
  const lookupKey =
    lookupKeyParam === undefined
      ? price.lookup_key
      : claimLookupKey(ctx, price.id, lookupKeyParam, getBool(p.transfer_lookup_key) ?? false);
  const next: PriceRecord = {
    ...price,
    active,
    currency_options: currencyOptions,
    lookup_key: lookupKey,
    metadata,
    nickname: nickname === undefined ? price.nickname : nickname === "" ? null : nickname,
    tax_behavior: taxBehavior,
  };
  return renderPrice(ctx.store, ctx.store.prices.put(next), expand);
}

function list(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, listParams);
  const expand = readExpand(p, EXPANDABLE, true);
  // Stripe documents List prices as returning active prices unless `active` says otherwise.
  const active = getBool(p.active) ?? true;
  const product = getString(p.product);
  const currency = getString(p.currency)?.toLowerCase();
  const type = getString(p.type);
  const lookupKeys = p.lookup_keys === undefined ? undefined : new Set(getStrings(p.lookup_keys));
  if (lookupKeys !== undefined && lookupKeys.size > 10) {
    throw invalidParam("You can specify up to 10 lookup_keys.", "lookup_keys");
  }
  const recurring = getObject(p.recurring);
  const interval = getString(recurring?.interval);
  const usageType = getString(recurring?.usage_type);
  const meter = getString(recurring?.meter);
  const keep = (price: PriceRecord): boolean =>
    price.active === active &&
    (product === undefined || price.product === product) &&
    (currency === undefined || price.currency === currency) &&
    (type === undefined || price.type === type) &&
    (lookupKeys === undefined || (price.lookup_key !== null && lookupKeys.has(price.lookup_key))) &&
    (recurring === undefined ||
      (price.recurring !== null &&
        (interval === undefined || price.recurring.interval === interval) &&
        (usageType === undefined || price.recurring.usage_type === usageType) &&
        (meter === undefined || price.recurring.meter === meter)));
  const page = paginate(ctx.store.prices.list(), keep, readPage(p), ctx.path, "price");
  return { ...page, data: page.data.map((price) => renderPrice(ctx.store, price, expand)) };
}

/** The routes of the prices resource (no DELETE: Stripe does not delete prices). */
export const priceRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/prices", handler: create },
  { method: "GET", pattern: "/v1/prices", handler: list },
  { method: "GET", pattern: "/v1/prices/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/prices/:id", handler: update },
];
