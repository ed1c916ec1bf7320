/** `/v1/products`: create (optionally with a chosen id), retrieve, update, delete, list. */
import type { RequestContext, Route } from "../context.js";
import { conflict, invalidParam, missingParam, noSuch, noSuchReferenced, StripeApiError } from "../errors.js";
import { readExpand } from "../expand.js";
import type { FormValue } from "../form.js";
import { paginate, readPage } from "../list.js";
import { applyMetadata } from "../metadata.js";
import {
  arr,
  bool,
  checkFields,
  dec,
  expandField,
  type Fields,
  getArray,
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
  textLength,
  tooLong,
  unsupported,
} from "../params.js";
import type { ProductRecord } from "../records.js";
import { renderProduct } from "../render.js";
import { tiersShape } from "./price-parts.js";
import { createPrice } from "./prices.js";

const EXPANDABLE = ["default_price"] as const;

const common: Fields = {
  ...expandField,
  active: bool,
  description: strMax(40000),
  images: arr(str, true),
  metadata: map(str, true),
  name: strMax(5000),
  shippable: bool,
  statement_descriptor: strMax(22),
  tax_code: str,
  unit_label: strMax(12),
  url: str,
  package_dimensions: unsupported,
  tax_details: unsupported,
};

/** `default_price_data`: Stripe's `price_data_without_product_with_metadata`. */
const defaultPriceData = obj({
  currency: str,
  currency_options: map(
    obj({
      unit_amount: int,
      unit_amount_decimal: dec,
      tax_behavior: oneOf("inclusive", "exclusive", "unspecified"),
      tiers: tiersShape,
      custom_unit_amount: unsupported,
    }),
  ),
  metadata: map(str),
  recurring: obj({ interval: oneOf("day", "week", "month", "year"), interval_count: int }),
  tax_behavior: oneOf("inclusive", "exclusive", "unspecified"),
  unit_amount: int,
  unit_amount_decimal: dec,
  custom_unit_amount: unsupported,
});

const marketingFeature = obj({ name: strMax(5000) });

const createFields: Fields = {
  ...common,
  id: strMax(5000),
  url: strMax(5000),
  type: oneOf("service", "good"),
  default_price_data: defaultPriceData,
  marketing_features: arr(marketingFeature),
};
const updateFields: Fields = {
  ...common,
  default_price: strMax(5000),
  marketing_features: arr(marketingFeature, true),
};

/**
 * The API reference: "A list of up to 15 marketing features", each name "Up to 80 characters
 * long". (The OpenAPI request schema only caps the name at 5000; the documented 80 is stricter.)
 */
const MAX_MARKETING_FEATURES = 15;
const MAX_MARKETING_FEATURE_NAME = 80;

function readMarketingFeatures(
  value: FormValue | undefined,
  current: ProductRecord["marketing_features"],
): ProductRecord["marketing_features"] {
  if (value === undefined) return current;
  if (value === "") return [];
  const items = getArray(value);
  if (items.length > MAX_MARKETING_FEATURES) {
    throw invalidParam(
      `A product can have up to ${MAX_MARKETING_FEATURES} marketing features; ${items.length} were given.`,
      "marketing_features",
    );
  }
  return items.map((item, i) => {
    const name = getString(getObject(item)?.name);
    if (name === undefined || name === "") throw missingParam(`marketing_features[${i}][name]`);
    if (textLength(name) > MAX_MARKETING_FEATURE_NAME) {
      throw tooLong(name, MAX_MARKETING_FEATURE_NAME, `marketing_features[${i}][name]`);
    }
    return { name };
  });
}
const listParams: Fields = {
  ...listFields,
  active: bool,
  ids: arr(str),
  created: unsupported,
  shippable: unsupported,
  url: unsupported,
};

/** `""` clears an optional text field; absent keeps the current value. */
function optionalText(value: string | undefined, current: string | null): string | null {
  if (value === undefined) return current;
  return value === "" ? null : value;
}

function existing(ctx: RequestContext): ProductRecord {
  const product = ctx.store.products.get(ctx.id);
  if (product === undefined) throw noSuch("product", ctx.id);
  return product;
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const name = getString(p.name);
  if (name === undefined || name === "") throw missingParam("name");
  const chosenId = getString(p.id);
  if (chosenId !== undefined && (chosenId === "" || /[/?#\s]/.test(chosenId))) {
    throw invalidParam(`Invalid product id: ${chosenId}`, "id");
  }
  if (chosenId !== undefined && ctx.store.products.has(chosenId)) {
    throw conflict("Product already exists.", "id", "resource_already_exists");
  }
  const id = chosenId ?? ctx.store.ids.next("prod");
  const product: ProductRecord = {
    id,
    object: "product",
    active: getBool(p.active) ?? true,
    created: ctx.now,
    default_price: null,
    description: optionalText(getString(p.description), null),
    images: getStrings(p.images),
    livemode: false,
    marketing_features: readMarketingFeatures(p.marketing_features, []),
    metadata: applyMetadata({}, p.metadata),
    name,
    package_dimensions: null,
    shippable: getBool(p.shippable) ?? null,
    statement_descriptor: optionalText(getString(p.statement_descriptor), null),
    tax_code: optionalText(getString(p.tax_code), null),
    tax_details: null,
    type: getString(p.type) === "good" ? "good" : "service",
    unit_label: optionalText(getString(p.unit_label), null),
    updated: ctx.now,
    url: optionalText(getString(p.url), null),
  };
  const priceData = getObject(p.default_price_data);
  if (priceData === undefined) return renderProduct(ctx.store, ctx.store.products.put(product), expand);
  // The product must exist for its price to be created; if the price is refused, nothing stays.
  ctx.store.products.put(product);
  try {
    const price = createPrice(ctx, { ...priceData, product: id });
    return renderProduct(ctx.store, ctx.store.products.put({ ...product, default_price: price.id }), expand);
  } catch (error) {
    ctx.store.products.delete(id);
    throw prefixParam(error, "default_price_data");
  }
}

/** Re-roots the `param` of a price error under `default_price_data` (`currency` -> `default_price_data[currency]`). */
function prefixParam(error: unknown, prefix: string): unknown {
  if (!(error instanceof StripeApiError) || error.param === undefined) return error;
  const [head, ...rest] = error.param.split("[");
  const param = `${prefix}[${head}]${rest.length === 0 ? "" : `[${rest.join("[")}`}`;
  const message =
    error.code === "parameter_missing" ? error.message.split(error.param).join(param) : error.message;
  return new StripeApiError({
    status: error.status,
    type: error.type,
    message,
    param,
    stage: error.stage,
    headers: error.headers,
    ...(error.code === undefined ? {} : { code: error.code }),
  });
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  return renderProduct(ctx.store, existing(ctx), readExpand(ctx.params, EXPANDABLE, false));
}

function resolveDefaultPrice(
  ctx: RequestContext,
  product: ProductRecord,
  value: string | undefined,
): string | null {
  if (value === undefined) return product.default_price;
  if (value === "") return null;
  const price = ctx.store.prices.get(value);
  if (price === undefined) throw noSuchReferenced("price", value, "default_price");
  if (price.product !== product.id) {
    throw conflict(`The price \`${value}\` does not belong to product \`${product.id}\`.`, "default_price");
  }
  if (!price.active) throw conflict(`The price \`${value}\` is not active.`, "default_price");
  return value;
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const product = existing(ctx);
  const name = getString(p.name);
  if (name === "") throw invalidParam("You must provide a non-empty name.", "name");
  const images = p.images === undefined ? product.images : getStrings(p.images);
  const next: ProductRecord = {
    ...product,
    active: getBool(p.active) ?? product.active,
    default_price: resolveDefaultPrice(ctx, product, getString(p.default_price)),
    description: optionalText(getString(p.description), product.description),
    images,
    marketing_features: readMarketingFeatures(p.marketing_features, product.marketing_features),
    metadata: applyMetadata(product.metadata, p.metadata),
    name: name ?? product.name,
    shippable: getBool(p.shippable) ?? product.shippable,
    statement_descriptor: optionalText(getString(p.statement_descriptor), product.statement_descriptor),
    tax_code: optionalText(getString(p.tax_code), product.tax_code),
    unit_label: optionalText(getString(p.unit_label), product.unit_label),
    updated: ctx.now,
    url: optionalText(getString(p.url), product.url),
  };
  return renderProduct(ctx.store, ctx.store.products.put(next), expand);
}

function remove(ctx: RequestContext): unknown {
  checkFields(ctx.params, {});
  const product = existing(ctx);
  if (ctx.store.prices.list().some((price) => price.product === product.id)) {
    throw conflict("This product cannot be deleted because it has one or more user-created prices.");
  }
  ctx.store.products.delete(product.id);
  for (const attachment of ctx.store.productFeatures.list()) {
    if (attachment.product === product.id) ctx.store.productFeatures.delete(attachment.id);
  }
  return { id: product.id, object: "product", deleted: true };
}

function list(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, listParams);
  const expand = readExpand(p, EXPANDABLE, true);
  const active = getBool(p.active);
  const ids = p.ids === undefined ? undefined : new Set(getStrings(p.ids));
  const page = paginate(
    ctx.store.products.list(),
    (product) =>
      (active === undefined || product.active === active) && (ids === undefined || ids.has(product.id)),
    readPage(p),
    ctx.path,
    "product",
  );
  return { ...page, data: page.data.map((product) => renderProduct(ctx.store, product, expand)) };
}

/** The routes of the products resource. */
export const productRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/products", handler: create },
  { method: "GET", pattern: "/v1/products", handler: list },
  { method: "GET", pattern: "/v1/products/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/products/:id", handler: update },
  { method: "DELETE", pattern: "/v1/products/:id", handler: remove },
];
