/**
 * `/v1/subscriptions`: create, retrieve, update (items by `id`: price, quantity, `deleted`, new
 * items; `proration_behavior`; `cancel_at_period_end`; trials; metadata), cancel (DELETE), list
 * (filters `customer`, `price`, `status` with `all` and `ended`). Item rules live in `items.ts`,
 * what the clock does in `lifecycle.ts`. Payments are not modelled: a new subscription is
 * `active` (or `trialing`) at once.
 */
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
  expandField,
  type Fields,
  getArray,
  getBool,
  getInt,
  getObject,
  getString,
  int,
  listFields,
  map,
  obj,
  oneOf,
  str,
  strMax,
  unsupported,
} from "../params.js";
import { addIntervals } from "../periods.js";
import type { SubscriptionItemRecord, SubscriptionRecord } from "../records.js";
import { renderSubscription } from "../render-billing.js";
import {
  checkItemSet,
  itemQuantity,
  itemUpdateShape,
  newItemShape,
  paramAt,
  readNewItem,
  sameInterval,
  subscribablePrice,
  type WantedItem,
} from "./items.js";
import {
  createSubscription,
  endSubscription,
  saveSubscription,
  subscriptionInterval,
  withPeriod,
} from "./lifecycle.js";
import { costsSomething, customerPaymentMethod, NO_PAYMENT_METHOD, payingMethod } from "./payments.js";

/** Paths `expand[]` accepts on a subscription (`data.`-prefixed on the list). */
export const SUBSCRIPTION_EXPANDABLE = [
  "customer",
  "schedule",
  // Always null or empty here (no invoices, payment methods or discounts): expanding changes nothing.
  "latest_invoice",
  "default_payment_method",
  "discounts",
  // Already an object; public integrations expand it, so Stripe evidently accepts the path.
  "items.data.price",
  "items.data.price.product",
  "items.data.price.tiers",
  "items.data.price.currency_options",
] as const;

const MAX_TRIAL_DAYS = 730;
/** Stripe: "Each customer can have up to 500 active or scheduled subscriptions." */
const MAX_PER_CUSTOMER = 500;
const DAY = 86_400;

const PRORATION = oneOf("create_prorations", "none", "always_invoice");
const PAYMENT_BEHAVIOR = oneOf(
  "allow_incomplete",
  "default_incomplete",
  "error_if_incomplete",
  "pending_if_incomplete",
);

const common: Fields = {
  ...expandField,
  cancel_at_period_end: bool,
  metadata: map(str, true),
  // `default_incomplete` (create) and `error_if_incomplete` change what a missing payment method does.
  payment_behavior: PAYMENT_BEHAVIOR,
  proration_behavior: PRORATION,
  trial_end: str,
  add_invoice_items: unsupported,
  application_fee_percent: unsupported,
  automatic_tax: unsupported,
  billing_mode: unsupported,
  billing_thresholds: unsupported,
  cancel_at: unsupported,
  collection_method: unsupported,
  days_until_due: unsupported,
  default_payment_method: strMax(5000),
  default_source: unsupported,
  default_tax_rates: unsupported,
  description: unsupported,
  discounts: unsupported,
  invoice_settings: unsupported,
  off_session: unsupported,
  on_behalf_of: unsupported,
  payment_settings: unsupported,
  pending_invoice_item_interval: unsupported,
  transfer_data: unsupported,
  trial_from_plan: unsupported,
  trial_settings: unsupported,
};

const createFields: Fields = {
  ...common,
  customer: strMax(5000),
  items: arr(newItemShape),
  trial_period_days: int,
  backdate_start_date: unsupported,
  billing_cycle_anchor: unsupported,
  billing_cycle_anchor_config: unsupported,
  currency: unsupported,
  customer_account: unsupported,
};

const updateFields: Fields = {
  ...common,
  billing_cycle_anchor: oneOf("now", "unchanged"),
  cancellation_details: obj({ comment: str, feedback: str }),
  items: arr(itemUpdateShape),
  pause_collection: unsupported,
  proration_date: unsupported,
};

const cancelFields: Fields = {
  ...expandField,
  cancellation_details: obj({ comment: str, feedback: str }),
  invoice_now: bool,
  prorate: bool,
};

const listParams: Fields = {
  ...listFields,
  customer: strMax(5000),
  price: strMax(5000),
  status: oneOf(
    "active",
    "all",
    "canceled",
    "ended",
    "incomplete",
    "incomplete_expired",
    "past_due",
    "paused",
    "trialing",
    "unpaid",
  ),
  automatic_tax: unsupported,
  collection_method: unsupported,
  created: unsupported,
  current_period_end: unsupported,
  current_period_start: unsupported,
  customer_account: unsupported,
  plan: unsupported,
  test_clock: unsupported,
};

function existing(ctx: RequestContext): SubscriptionRecord {
  const sub = ctx.store.subscriptions.get(ctx.id);
  if (sub === undefined) throw noSuch("subscription", ctx.id);
  return sub;
}

/** `trial_end`: `now` or a future Unix timestamp at most two years away. */
function readTrialEnd(value: string | undefined, now: number): number | "now" | undefined {
  if (value === undefined) return undefined;
  if (value === "now") return "now";
  if (!/^\d+$/.test(value)) throw invalidParam(`Invalid integer: ${value}`, "trial_end");
  const at = Number.parseInt(value, 10);
  if (at <= now) {
    throw invalidParam("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
  }
  if (at > now + MAX_TRIAL_DAYS * DAY) {
    throw invalidParam("Invalid timestamp: can be no more than two years in the future.", "trial_end");
  }
  return at;
}

/** A customer bills in one currency while it has a subscription that has not ended. */
function checkCustomerCurrency(
  ctx: RequestContext,
  customerId: string,
  currency: string,
  except?: string,
): void {
  const customer = ctx.store.customers.get(customerId);
  if (customer === undefined || customer.currency === null || customer.currency === currency) return;
  for (const sub of ctx.store.subscriptions.values()) {
    if (sub.customer === customerId && sub.id !== except && sub.status !== "canceled") {
      throw conflict(
        `You cannot combine currencies on a single customer. This customer has an active subscription, subscription schedule, discount, quote, or invoice item with currency ${customer.currency}.`,
        "currency",
      );
    }
  }
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  const expand = readExpand(p, SUBSCRIPTION_EXPANDABLE, false);
  const customerId = getString(p.customer);
  if (customerId === undefined || customerId === "") throw missingParam("customer");
  const given = getArray(p.items);
  if (given.length === 0) throw missingParam("items");
  const trialEnd = readTrialEnd(getString(p.trial_end), ctx.now);
  const trialDays = getInt(p.trial_period_days);
  if (trialEnd !== undefined && trialDays !== undefined) {
    throw invalidParam(
      "You may only specify one of these parameters: trial_end, trial_period_days.",
      "trial_end",
    );
  }
  if (trialDays !== undefined && (trialDays < 0 || trialDays > MAX_TRIAL_DAYS)) {
    throw invalidParam(
      `This value must be greater than or equal to 0 and less than or equal to ${MAX_TRIAL_DAYS}.`,
      "trial_period_days",
    );
  }
  const customer = ctx.store.customers.get(customerId);
  // Recorded against Stripe by another emulator project: an unknown customer here is a 404.
  if (customer === undefined) throw noSuch("customer", customerId, "customer");
  const pmRef = getString(p.default_payment_method);
  const defaultPaymentMethod =
    pmRef === undefined ? undefined : customerPaymentMethod(customer, pmRef, "default_payment_method");
  const wanted = given.map((item, i) => readNewItem(ctx.store, item as FormObject, `items[${i}]`));
  const { currency, interval } = checkItemSet(wanted, "items", (priceId) =>
    conflict(
      `Cannot create a Subscription with multiple Subscription Items with the same Price: ${priceId}`,
      "plan",
    ),
  );
  checkCustomerCurrency(ctx, customerId, currency);
  let live = 0;
  for (const other of ctx.store.subscriptions.values()) {
    if (other.customer === customerId && other.status !== "canceled") live += 1;
  }
  if (live >= MAX_PER_CUSTOMER) {
    throw conflict(
      `A customer can have at most ${MAX_PER_CUSTOMER} active or scheduled subscriptions; cancel one first.`,
      "customer",
    );
  }
  const trialUntil =
    trialEnd === "now" || trialDays === 0
      ? undefined
      : (trialEnd ?? (trialDays === undefined ? undefined : ctx.now + trialDays * DAY));
  const items = wanted.map(({ price, quantity, metadata }) => ({ price: price.id, quantity, metadata }));
  // The first invoice is due now unless a trial runs. Stripe pays it with the payment method;
  // `default_incomplete` leaves it for the client to confirm (the emulator never confirms).
  const due = trialUntil === undefined && costsSomething(ctx.store, items);
  const payable = payingMethod(ctx.store, {
    customer: customerId,
    default_payment_method: defaultPaymentMethod ?? null,
  });
  const incomplete = due && getString(p.payment_behavior) === "default_incomplete";
  if (due && !incomplete && payable === null) throw conflict(NO_PAYMENT_METHOD);
  const sub = createSubscription(ctx.store, {
    customer: customerId,
    currency,
    interval,
    items,
    start: ctx.now,
    ...(defaultPaymentMethod === undefined ? {} : { defaultPaymentMethod }),
    ...(incomplete ? { status: "incomplete" as const } : {}),
    cancelAtPeriodEnd: getBool(p.cancel_at_period_end) ?? false,
    metadata: applyMetadata({}, p.metadata),
    ...(trialUntil === undefined ? {} : { trialEnd: trialUntil }),
  });
  return renderSubscription(ctx.store, sub, expand);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  return renderSubscription(ctx.store, existing(ctx), readExpand(ctx.params, SUBSCRIPTION_EXPANDABLE, false));
}

/** The subscription's items after applying `items[]` of an update. */
function updatedItems(
  ctx: RequestContext,
  sub: SubscriptionRecord,
  given: readonly FormObject[],
  atOf: (i: number) => string,
) {
  const byId = new Map(sub.items.map((item) => [item.id, item]));
  const kept = new Map<string, { item: SubscriptionItemRecord; wanted: WantedItem }>();
  for (const item of sub.items) {
    const price = ctx.store.prices.get(item.price);
    if (price === undefined) throw new Error(`item ${item.id} has no price`);
    kept.set(item.id, {
      item,
      wanted: { at: "items", price, quantity: item.quantity, metadata: item.metadata },
    });
  }
  const added: WantedItem[] = [];
  given.forEach((entry, i) => {
    const at = atOf(i);
    const id = getString(entry.id);
    if (id === undefined) {
      added.push(readNewItem(ctx.store, entry, at));
      return;
    }
    const current = byId.get(id);
    const row = kept.get(id);
    if (current === undefined || row === undefined)
      throw noSuchReferenced("subscription item", id, paramAt(at, "id"));
    if (getBool(entry.deleted) === true) {
      kept.delete(id);
      return;
    }
    const priceId = getString(entry.price);
    const price =
      priceId === undefined ? row.wanted.price : subscribablePrice(ctx.store, priceId, paramAt(at, "price"));
    const changedPrice = price.id !== current.price;
    const quantityGiven = getInt(entry.quantity);
    const quantity =
      quantityGiven === undefined && !changedPrice
        ? current.quantity
        : itemQuantity(price, quantityGiven, at);
    kept.set(id, {
      item: current,
      wanted: { at, price, quantity, metadata: applyMetadata(current.metadata, entry.metadata) },
    });
  });
  return { kept: [...kept.values()], added };
}

/**
 * Applies an update to `sub`: subscription-level parameters `p` and the item changes `given`
 * (each at parameter path `atOf(i)`), with every rule checked before anything is saved.
 */
export function reviseSubscription(
  ctx: RequestContext,
  sub: SubscriptionRecord,
  p: FormObject,
  given: readonly FormObject[],
  atOf: (i: number) => string,
): SubscriptionRecord {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    const other = Object.keys(p).find((k) => !["metadata", "cancellation_details", "expand"].includes(k));
    if (other !== undefined || given.length > 0) {
      throw conflict(
        "A canceled subscription can only update its cancellation_details and metadata.",
        other ?? "items",
        "invalid_canceled_subscription_fields",
      );
    }
  }
  if (sub.status === "incomplete") {
    const other = Object.keys(p).find((k) => !["metadata", "expand"].includes(k));
    if (other !== undefined || given.length > 0) {
      throw conflict(
        "An incomplete subscription can only update its metadata until its first invoice is paid.",
        other ?? "items",
      );
    }
  }
  const cancelAtEnd = getBool(p.cancel_at_period_end);
  if (cancelAtEnd !== undefined && sub.schedule !== null) {
    throw conflict(
      `The subscription is managed by the subscription schedule \`${sub.schedule}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
      "cancel_at_period_end",
    );
  }
  const trialEnd = readTrialEnd(getString(p.trial_end), ctx.now);
  const { kept, added } = updatedItems(ctx, sub, given, atOf);
  // Items the request leaves alone come first, so a conflict is reported on a requested item.
  const untouched = kept.filter((k) => k.wanted.at === "items").map((k) => k.wanted);
  const touched = kept.filter((k) => k.wanted.at !== "items").map((k) => k.wanted);
  const wanted = [...untouched, ...touched, ...added];
  if (wanted.length === 0) {
    throw conflict(
      "A subscription must keep at least one item; cancel it instead.",
      atOf(0) === "" ? "id" : "items",
    );
  }
  const { currency, interval } = checkItemSet(wanted, "items");
  checkCustomerCurrency(ctx, sub.customer, currency, sub.id);
  const first = sub.items[0] as SubscriptionItemRecord;
  let start = first.current_period_start;
  let end = first.current_period_end;
  let anchor = sub.billing_cycle_anchor;
  let status = sub.status;
  let trial = { start: sub.trial_start, end: sub.trial_end };
  const intervalChanged = !sameInterval(subscriptionInterval(ctx.store, sub), interval);
  // Stripe resets the billing date when the interval changes, when asked, or when a trial ends now.
  const endTrialNow = trialEnd === "now" && sub.status === "trialing";
  if (intervalChanged || getString(p.billing_cycle_anchor) === "now" || endTrialNow) {
    anchor = ctx.now;
    start = ctx.now;
    end = addIntervals(ctx.now, interval, 1);
  }
  const billsNow = intervalChanged || getString(p.billing_cycle_anchor) === "now" || endTrialNow;
  const pmRef = getString(p.default_payment_method);
  const customer = ctx.store.customers.get(sub.customer);
  const defaultPaymentMethod =
    pmRef === undefined || customer === undefined
      ? sub.default_payment_method
      : pmRef === ""
        ? null
        : customerPaymentMethod(customer, pmRef, "default_payment_method");
  const wantedItems = wanted.map((w) => ({ price: w.price.id, quantity: w.quantity }));
  // A change that bills at once needs a payment method; without one the invoice fails.
  const unpaid =
    billsNow &&
    costsSomething(ctx.store, wantedItems) &&
    payingMethod(ctx.store, { customer: sub.customer, default_payment_method: defaultPaymentMethod }) ===
      null;
  if (unpaid && getString(p.payment_behavior) === "error_if_incomplete") throw conflict(NO_PAYMENT_METHOD);
  if (endTrialNow) {
    status = "active";
    trial = { start: sub.trial_start, end: ctx.now };
  } else if (typeof trialEnd === "number") {
    // A new trial runs from now to its end, which becomes the billing cycle anchor.
    status = "trialing";
    trial = { start: sub.status === "trialing" ? sub.trial_start : ctx.now, end: trialEnd };
    anchor = trialEnd;
    start = sub.status === "trialing" ? start : ctx.now;
    end = trialEnd;
  }
  if (unpaid && status !== "trialing") status = "past_due";
  const items: SubscriptionItemRecord[] = [
    ...kept.map(({ item, wanted: w }) => ({
      ...item,
      price: w.price.id,
      quantity: w.quantity,
      metadata: w.metadata,
    })),
    ...added.map((w) => ({
      id: ctx.store.ids.short("si"),
      created: ctx.now,
      current_period_start: start,
      current_period_end: end,
      metadata: w.metadata,
      price: w.price.id,
      quantity: w.quantity,
    })),
  ];
  const next: SubscriptionRecord = {
    ...sub,
    billing_cycle_anchor: anchor,
    cancel_at: (cancelAtEnd ?? sub.cancel_at_period_end) ? end : null,
    cancel_at_period_end: cancelAtEnd ?? sub.cancel_at_period_end,
    default_payment_method: defaultPaymentMethod,
    // Stripe: with cancel_at_period_end, canceled_at is the time of the request that set it.
    canceled_at: cancelAtEnd === undefined ? sub.canceled_at : cancelAtEnd ? ctx.now : null,
    cancellation_details: readCancellationDetails(p.cancellation_details, sub),
    items: sub.status === "canceled" ? sub.items : withPeriod(items, start, end),
    metadata: applyMetadata(sub.metadata, p.metadata),
    status,
    trial_end: trial.end,
    trial_start: trial.start,
  };
  return saveSubscription(ctx.store, next);
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  const expand = readExpand(p, SUBSCRIPTION_EXPANDABLE, false);
  const given = getArray(p.items) as readonly FormObject[];
  const next = reviseSubscription(ctx, existing(ctx), p, given, (i) => `items[${i}]`);
  return renderSubscription(ctx.store, next, expand);
}

function readCancellationDetails(
  value: FormObject[string] | undefined,
  sub: SubscriptionRecord,
): SubscriptionRecord["cancellation_details"] {
  const details = getObject(value);
  if (details === undefined) return sub.cancellation_details;
  const comment = getString(details.comment);
  const feedback = getString(details.feedback);
  return {
    ...sub.cancellation_details,
    ...(comment === undefined ? {} : { comment: comment === "" ? null : comment }),
    ...(feedback === undefined ? {} : { feedback: feedback === "" ? null : feedback }),
  };
}

function cancel(ctx: RequestContext): unknown {
  checkFields(ctx.params, cancelFields);
  const expand = readExpand(ctx.params, SUBSCRIPTION_EXPANDABLE, false);
  const sub = existing(ctx);
  // Recorded against Stripe by another emulator project: a second DELETE is a 404.
  if (sub.status === "canceled") throw noSuch("subscription", sub.id);
  const ended = endSubscription(
    ctx.store,
    {
      ...sub,
      canceled_at: ctx.now,
      cancellation_details: readCancellationDetails(ctx.params.cancellation_details, sub),
    },
    ctx.now,
  );
  return renderSubscription(ctx.store, ended, expand);
}

function list(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, listParams);
  const expand = readExpand(p, SUBSCRIPTION_EXPANDABLE, true);
  const customer = getString(p.customer);
  const price = getString(p.price);
  const status = getString(p.status);
  const statusOk = (s: SubscriptionRecord["status"]): boolean => {
    // Stripe: without `status`, every subscription that has not been canceled.
    if (status === undefined) return s !== "canceled";
    if (status === "all") return true;
    if (status === "ended") return s === "canceled" || s === "incomplete_expired";
    return s === status;
  };
  const page = paginate(
    ctx.store.subscriptions.list(),
    (sub) =>
      statusOk(sub.status) &&
      (customer === undefined || sub.customer === customer) &&
      (price === undefined || sub.items.some((item) => item.price === price)),
    readPage(p),
    ctx.path,
    "subscription",
  );
  return { ...page, data: page.data.map((sub) => renderSubscription(ctx.store, sub, expand)) };
}

/** The routes of the subscriptions resource. */
export const subscriptionRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/subscriptions", handler: create },
  { method: "GET", pattern: "/v1/subscriptions", handler: list },
  { method: "GET", pattern: "/v1/subscriptions/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/subscriptions/:id", handler: update },
  { method: "DELETE", pattern: "/v1/subscriptions/:id", handler: cancel },
];
