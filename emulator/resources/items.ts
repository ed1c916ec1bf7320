/**
 * Stripe's rules for what a subscription (or a schedule phase) may hold, shared by
 * subscriptions and schedules: each item names an existing, active, recurring price; a metered
 * price takes no quantity; no two items share a price; all items share one currency and one
 * billing interval (`interval` and `interval_count`); at most 20 items.
 */
import { conflict, invalidParam, missingParam, noSuchReferenced, type StripeApiError } from "../errors.js";
import type { FormObject } from "../form.js";
import { applyMetadata } from "../metadata.js";
import { bool, type Fields, getInt, getString, int, map, obj, str, unsupported } from "../params.js";
import type { Interval } from "../periods.js";
import type { Metadata, PriceRecord } from "../records.js";
import type { MemoryStore } from "../store.js";

/**
 * The parameter path of `field` in the item at `at`: `items[0][price]`, or plain `price` when the
 * item is the whole request (`/v1/subscription_items`, where `at` is "").
 */
export function paramAt(at: string, field: string): string {
  return at === "" ? field : `${at}[${field}]`;
}

/** At most this many items per subscription or phase (Stripe's documented limit). */
export const MAX_ITEMS = 20;

const itemFields: Fields = {
  metadata: map(str, true),
  price: str,
  quantity: int,
  billing_thresholds: unsupported,
  discounts: unsupported,
  plan: unsupported,
  price_data: unsupported,
  tax_rates: unsupported,
};

/** One entry of `items[]` on subscription create and on schedule phases. */
export const newItemShape = obj(itemFields);

/** One entry of `items[]` on subscription update: an existing item by `id`, or a new one. */
export const itemUpdateShape = obj({ ...itemFields, id: str, deleted: bool, clear_usage: unsupported });

/** An item as checked, before it gets an id and a period. */
export interface WantedItem {
  /** The item's parameter path, e.g. `items[1]` ("" for a single-item request, "items" when untouched). */
  readonly at: string;
  readonly price: PriceRecord;
  readonly quantity: number | null;
  readonly metadata: Metadata;
}

/** The price `id` named at `at` (e.g. `items[0][price]`), if it may be subscribed to. */
export function subscribablePrice(store: MemoryStore, id: string, at: string): PriceRecord {
  const price = store.prices.get(id);
  if (price === undefined) throw noSuchReferenced("price", id, at);
  if (!price.active) {
    throw conflict("The price specified is inactive. This field only accepts active prices.", at);
  }
  if (price.recurring === null) {
    throw conflict(
      "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
      at,
    );
  }
  return price;
}

/** The quantity an item of `price` gets: none for metered prices, 1 by default otherwise. */
export function itemQuantity(price: PriceRecord, given: number | undefined, at: string): number | null {
  if (price.recurring?.usage_type === "metered") {
    if (given !== undefined)
      throw conflict("You cannot set the quantity for metered plans.", paramAt(at, "quantity"));
    return null;
  }
  if (given !== undefined && given < 0) {
    throw invalidParam("This value must be greater than or equal to 0.", paramAt(at, "quantity"));
  }
  return given ?? 1;
}

/** Reads a new item (`price`, `quantity`, `metadata`) at parameter path `at`. */
export function readNewItem(store: MemoryStore, item: FormObject, at: string): WantedItem {
  const priceId = getString(item.price);
  if (priceId === undefined || priceId === "") throw missingParam(paramAt(at, "price"));
  const price = subscribablePrice(store, priceId, paramAt(at, "price"));
  return {
    at,
    price,
    quantity: itemQuantity(price, getInt(item.quantity), at),
    metadata: applyMetadata({}, item.metadata),
  };
}

/** The billing interval of a recurring price. */
export function intervalOf(price: PriceRecord): Interval {
  const recurring = price.recurring;
  if (recurring === null) throw new Error(`price ${price.id} is not recurring`);
  return { interval: recurring.interval, interval_count: recurring.interval_count };
}

/**
 * Checks a whole set of items: not empty, at most 20, one item per price, one currency, one
 * interval. Returns the shared currency and interval.
 */
export function checkItemSet(
  items: readonly WantedItem[],
  param: string,
  duplicate: (priceId: string, item: WantedItem) => StripeApiError = (priceId, item) =>
    conflict(
      `Cannot add multiple subscription items with the same price: ${priceId}`,
      paramAt(item.at, "price"),
    ),
): { readonly currency: string; readonly interval: Interval } {
  const first = items[0];
  if (first === undefined) throw missingParam(param);
  if (items.length > MAX_ITEMS) {
    throw invalidParam(`A subscription can have at most ${MAX_ITEMS} items.`, param);
  }
  const seen = new Set<string>();
  const interval = intervalOf(first.price);
  for (const item of items) {
    if (seen.has(item.price.id)) throw duplicate(item.price.id, item);
    seen.add(item.price.id);
    const field =
      item.price.currency !== first.price.currency
        ? "currency"
        : intervalOf(item.price).interval !== interval.interval
          ? "interval"
          : intervalOf(item.price).interval_count !== interval.interval_count
            ? "interval_count"
            : undefined;
    if (field !== undefined) {
      throw conflict(
        `Currency and interval fields must match across all plans on this subscription. Found mismatch in ${field} field.`,
        paramAt(item.at, "price"),
      );
    }
  }
  return { currency: first.price.currency, interval };
}

/** Whether two intervals are the same. */
export function sameInterval(a: Interval, b: Interval): boolean {
  return a.interval === b.interval && a.interval_count === b.interval_count;
}
