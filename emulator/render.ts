/**
 * Turns stored objects into response JSON: expandable fields (`tiers`, `currency_options`,
 * `applies_to`) appear only when expanded, and expanded references become objects. A currency
 * option's `tiers` need their own expansion, `currency_options.<currency>.tiers`, as on Stripe:
 * expanding `currency_options` (or `tiers`) alone leaves them out.
 */
import type { CouponRecord, CurrencyOption, PriceRecord, ProductRecord } from "./records.js";
import type { MemoryStore } from "./store.js";

const NONE: ReadonlySet<string> = new Set();

/** A deleted object, as Stripe returns it in place of an expanded reference or from DELETE. */
export interface DeletedBody {
  readonly id: string;
  readonly object: string;
  readonly deleted: true;
}

/** A product's JSON; `default_price` is an object when expanded. */
export function renderProduct(
  store: MemoryStore,
  product: ProductRecord,
  expand: ReadonlySet<string> = NONE,
): unknown {
  if (expand.has("default_price") && product.default_price !== null) {
    const price = store.prices.get(product.default_price);
    return {
      ...product,
      default_price: price === undefined ? product.default_price : renderPrice(store, price),
    };
  }
  return product;
}

/** Each currency option, with its `tiers` only where `currency_options.<currency>.tiers` was expanded. */
function renderCurrencyOptions(
  options: Readonly<Record<string, CurrencyOption>>,
  expand: ReadonlySet<string>,
): Readonly<Record<string, CurrencyOption>> {
  const out: Record<string, CurrencyOption> = {};
  for (const currency of Object.keys(options).sort()) {
    const option = options[currency] as CurrencyOption;
    const { tiers, ...rest } = option;
    out[currency] =
      expand.has(`currency_options.${currency}.tiers`) && tiers !== undefined ? { ...rest, tiers } : rest;
  }
  return out;
}

/** A price's JSON; `tiers`, `currency_options` and `product` follow `expand`. */
export function renderPrice(
  store: MemoryStore,
  price: PriceRecord,
  expand: ReadonlySet<string> = NONE,
): unknown {
  const { tiers, currency_options, ...rest } = price;
  const body: Record<string, unknown> = { ...rest };
  if (expand.has("tiers") && tiers !== null) body.tiers = tiers;
  if (expand.has("currency_options")) {
    const main: CurrencyOption = {
      custom_unit_amount: null,
      tax_behavior: price.tax_behavior,
      unit_amount: price.unit_amount,
      unit_amount_decimal: price.unit_amount_decimal,
      ...(tiers === null ? {} : { tiers }),
    };
    body.currency_options = renderCurrencyOptions({ ...currency_options, [price.currency]: main }, expand);
  }
  if (expand.has("product")) {
    const product = store.products.get(price.product);
    body.product =
      product === undefined
        ? ({ id: price.product, object: "product", deleted: true } satisfies DeletedBody)
        : product;
  }
  return body;
}

/** A coupon's JSON; `applies_to` and `currency_options` only when expanded. */
export function renderCoupon(coupon: CouponRecord, expand: ReadonlySet<string> = NONE): unknown {
  const { applies_to, currency_options, ...rest } = coupon;
  const body: Record<string, unknown> = { ...rest };
  if (expand.has("applies_to") && applies_to !== null) body.applies_to = applies_to;
  if (expand.has("currency_options")) body.currency_options = currency_options;
  return body;
}
