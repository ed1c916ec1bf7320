/**
 * The metadata keys the tool writes on Stripe objects. One place, so the loader can reserve
 * them and check Stripe's limits, and the mapper and backends agree on them. Pure.
 */

/** Prefix of every key the tool owns; users may not write keys with it. */
export const RESERVED_PREFIX = "pricing_";

/** Names the object's logical key (model id, or model id / component id). */
export const KEY_LOGICAL = "pricing_key";

/** Names the tool, so managed objects can be found and adopted. */
export const KEY_MANAGED_BY = "pricing_managed_by";

/** Names the catalog (the repository's `catalog:`) the object belongs to; objects of other catalogs are never touched. */
export const KEY_CATALOG = "pricing_catalog";

/**
 * On a product: the event names of its model's meters, comma-separated (event names hold no
 * comma). Meters carry no metadata, so this is how another catalog sharing the account knows
 * a meter is taken even when no price uses it.
 */
export const KEY_METERS = "pricing_meters";

/** Names the source model of the object. */
export const KEY_MODEL = "pricing_model";

/** The value of {@link KEY_MANAGED_BY}. */
export const MANAGED_BY = "adaptive-pricing";

/** Metadata key carrying one configuration value on the product. */
export function configurationKey(name: string): string {
  return `pricing_cfg_${name}`;
}

/** Metadata key recording, on the product, one component Stripe cannot price (a commitment, a bare allowance). */
export function termKey(componentId: string): string {
  return `pricing_term_${componentId}`;
}

/**
 * Names, on a product, the price whose default the tool set (`default_price` itself carries no
 * metadata): a default set outside the tool has no such key and is left alone.
 */
export const KEY_DEFAULT_PRICE = "pricing_default_price";

/** Stripe's metadata limits. */
export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;
