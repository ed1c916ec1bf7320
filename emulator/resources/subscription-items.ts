/**
 * `/v1/subscription_items`: the items of one subscription on their own: create (adds an item),
 * retrieve, update (price, quantity, metadata), delete (not the last one), list (`subscription`
 * required). Every change goes through `reviseSubscription`, so the item rules, the interval
 * reset and the canceled-subscription lock are the same as on `POST /v1/subscriptions/:id`;
 * parameters are named as on this endpoint (`price`, not `items[0][price]`).
 */
import type { RequestContext, Route } from "../context.js";
import { conflict, missingParam, noSuch, noSuchReferenced } from "../errors.js";
import { readExpand } from "../expand.js";
import type { FormObject } from "../form.js";
import { paginate, readPage } from "../list.js";
import {
  bool,
  checkFields,
  expandField,
  type Fields,
  getString,
  int,
  listFields,
  map,
  oneOf,
  str,
  strMax,
  unsupported,
} from "../params.js";
import type { SubscriptionItemRecord, SubscriptionRecord } from "../records.js";
import { renderItem } from "../render-billing.js";
import { reviseSubscription } from "./subscriptions.js";

const EXPANDABLE = ["price.product", "price.tiers", "price.currency_options"] as const;
const PRORATION = oneOf("create_prorations", "none", "always_invoice");
const PAYMENT_BEHAVIOR = oneOf(
  "allow_incomplete",
  "default_incomplete",
  "error_if_incomplete",
  "pending_if_incomplete",
);

const changeFields: Fields = {
  ...expandField,
  metadata: map(str, true),
  payment_behavior: PAYMENT_BEHAVIOR,
  price: strMax(5000),
  proration_behavior: PRORATION,
  quantity: int,
  billing_thresholds: unsupported,
  current_trial: unsupported,
  discounts: unsupported,
  off_session: unsupported,
  plan: unsupported,
  price_data: unsupported,
  proration_date: unsupported,
  tax_rates: unsupported,
};
const createFields: Fields = { ...changeFields, subscription: strMax(5000) };
const deleteFields: Fields = {
  payment_behavior: PAYMENT_BEHAVIOR,
  proration_behavior: PRORATION,
  clear_usage: bool,
  proration_date: unsupported,
};
const listParams: Fields = { ...listFields, subscription: strMax(5000) };

/** The item `ctx.id` and the subscription holding it. */
function located(ctx: RequestContext): { sub: SubscriptionRecord; item: SubscriptionItemRecord } {
  const subId = ctx.store.itemOwners.get(ctx.id);
  const sub = subId === undefined ? undefined : ctx.store.subscriptions.get(subId);
  const item = sub?.items.find((i) => i.id === ctx.id);
  if (sub === undefined || item === undefined) throw noSuch("subscription_item", ctx.id);
  return { sub, item };
}

function requireLive(sub: SubscriptionRecord): void {
  if (sub.status === "canceled") {
    throw conflict("A canceled subscription can only update its cancellation_details and metadata.");
  }
}

/** The item's change as an `items[]` entry: price, quantity and metadata only. */
function itemEntry(p: FormObject, extra: FormObject): FormObject {
  const entry = new Map<string, FormObject[string]>();
  for (const key of ["price", "quantity", "metadata"] as const) {
    const value = p[key];
    if (value !== undefined) entry.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) entry.set(key, value);
  // A null-prototype object, like the form decoder's, so no key reaches a prototype.
  return Object.assign(Object.create(null) as object, Object.fromEntries(entry)) as FormObject;
}

/** The subscription-level part of an item request: only `payment_behavior`. */
function subscriptionPart(p: FormObject): FormObject {
  return itemEntry({}, p.payment_behavior === undefined ? {} : { payment_behavior: p.payment_behavior });
}

function render(ctx: RequestContext, sub: SubscriptionRecord, id: string, expand: ReadonlySet<string>) {
  const item = sub.items.find((i) => i.id === id) as SubscriptionItemRecord;
  return renderItem(ctx.store, sub.id, item, expand);
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const subId = getString(p.subscription);
  if (subId === undefined || subId === "") throw missingParam("subscription");
  const sub = ctx.store.subscriptions.get(subId);
  // Recorded against Stripe by another emulator project: a canceled subscription is not found here.
  if (sub === undefined || sub.status === "canceled") throw noSuch("subscription", subId, "subscription");
  requireLive(sub);
  const before = new Set(sub.items.map((i) => i.id));
  const next = reviseSubscription(ctx, sub, subscriptionPart(p), [itemEntry(p, {})], () => "");
  const added = next.items.find((i) => !before.has(i.id)) as SubscriptionItemRecord;
  return render(ctx, next, added.id, expand);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  const expand = readExpand(ctx.params, EXPANDABLE, false);
  const { sub, item } = located(ctx);
  return render(ctx, sub, item.id, expand);
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, changeFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const { sub, item } = located(ctx);
  requireLive(sub);
  const next = reviseSubscription(ctx, sub, subscriptionPart(p), [itemEntry(p, { id: item.id })], () => "");
  return render(ctx, next, item.id, expand);
}

function remove(ctx: RequestContext): unknown {
  checkFields(ctx.params, deleteFields);
  const { sub, item } = located(ctx);
  requireLive(sub);
  reviseSubscription(
    ctx,
    sub,
    subscriptionPart(ctx.params),
    [itemEntry({}, { id: item.id, deleted: "true" })],
    () => "",
  );
  return { id: item.id, object: "subscription_item", deleted: true };
}

function list(ctx: RequestContext): unknown {
  checkFields(ctx.params, listParams);
  const expand = readExpand(ctx.params, EXPANDABLE, true);
  const subId = getString(ctx.params.subscription);
  if (subId === undefined || subId === "") throw missingParam("subscription");
  const sub = ctx.store.subscriptions.get(subId);
  if (sub === undefined) throw noSuchReferenced("subscription", subId, "subscription");
  const page = paginate(sub.items, () => true, readPage(ctx.params), ctx.path, "subscription_item");
  return { ...page, data: page.data.map((item) => renderItem(ctx.store, sub.id, item, expand)) };
}

/** The routes of the subscription items resource. */
export const subscriptionItemRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/subscription_items", handler: create },
  { method: "GET", pattern: "/v1/subscription_items", handler: list },
  { method: "GET", pattern: "/v1/subscription_items/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/subscription_items/:id", handler: update },
  { method: "DELETE", pattern: "/v1/subscription_items/:id", handler: remove },
];
