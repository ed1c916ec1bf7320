/**
 * Response JSON of customers, subscriptions and subscription schedules: the stored state plus
 * Stripe's constant fields (payments, tax and Connect settings the emulator does not model),
 * in the shape of stripe-node 23's types. A subscription's `items` is a list object whose
 * items carry the full price (and the legacy `plan` view of it); expansions follow `expand`.
 */

import type {
  CustomerRecord,
  PhaseRecord,
  PriceRecord,
  ScheduleRecord,
  SubscriptionItemRecord,
  SubscriptionRecord,
} from "./records.js";
import { renderPrice } from "./render.js";
import type { MemoryStore } from "./store.js";

const NONE: ReadonlySet<string> = new Set();

/** A customer's JSON. */
export function renderCustomer(customer: CustomerRecord): unknown {
  return {
    id: customer.id,
    object: "customer",
    address: null,
    balance: 0,
    created: customer.created,
    currency: customer.currency,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: customer.description,
    discount: null,
    email: customer.email,
    invoice_prefix: customer.invoice_prefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: customer.default_payment_method,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: customer.metadata,
    name: customer.name,
    next_invoice_sequence: 1,
    phone: customer.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

/** The legacy `plan` view of a recurring price, as Stripe shows it on subscription items. */
function planOf(price: PriceRecord): unknown {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? null,
    interval_count: price.recurring?.interval_count ?? null,
    livemode: false,
    metadata: price.metadata,
    meter: price.recurring?.meter ?? null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: price.recurring?.usage_type ?? "licensed",
  };
}

/** The expansions below `prefix.` (e.g. `items.data.price.` gives `product`). */
function under(expand: ReadonlySet<string>, prefix: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const path of expand) if (path.startsWith(`${prefix}.`)) out.add(path.slice(prefix.length + 1));
  return out;
}

/** A subscription item's JSON; `price.product` (and the price's own expansions) follow `expand`. */
export function renderItem(
  store: MemoryStore,
  subscription: string,
  item: SubscriptionItemRecord,
  expand: ReadonlySet<string>,
): unknown {
  const price = store.prices.get(item.price) as PriceRecord;
  return {
    id: item.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: item.created,
    current_period_end: item.current_period_end,
    current_period_start: item.current_period_start,
    discounts: [],
    metadata: item.metadata,
    plan: planOf(price),
    price: renderPrice(store, price, under(expand, "price")),
    // A metered item has no quantity: the key is absent, as stripe-node's `quantity?` says.
    ...(item.quantity === null ? {} : { quantity: item.quantity }),
    subscription,
    tax_rates: [],
  };
}

/** A subscription's JSON; `customer`, `schedule` and `items.data.price.*` follow `expand`. */
export function renderSubscription(
  store: MemoryStore,
  sub: SubscriptionRecord,
  expand: ReadonlySet<string> = NONE,
): unknown {
  const itemExpand = under(expand, "items.data");
  const customer = store.customers.get(sub.customer);
  const schedule = sub.schedule === null ? undefined : store.schedules.get(sub.schedule);
  return {
    id: sub.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: sub.billing_cycle_anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: sub.cancel_at,
    cancel_at_period_end: sub.cancel_at_period_end,
    canceled_at: sub.canceled_at,
    cancellation_details: sub.cancellation_details,
    collection_method: "charge_automatically",
    created: sub.created,
    currency: sub.currency,
    customer: !expand.has("customer")
      ? sub.customer
      : customer === undefined
        ? { id: sub.customer, object: "customer", deleted: true }
        : renderCustomer(customer),
    customer_account: null,
    days_until_due: null,
    default_payment_method: sub.default_payment_method,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: sub.ended_at,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: {
      object: "list",
      data: sub.items.map((item) => renderItem(store, sub.id, item, itemExpand)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: sub.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule:
      expand.has("schedule") && schedule !== undefined ? renderSchedule(store, schedule) : sub.schedule,
    start_date: sub.start_date,
    status: sub.status,
    test_clock: null,
    transfer_data: null,
    trial_end: sub.trial_end,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: sub.trial_start,
  };
}

function renderPhase(store: MemoryStore, phase: PhaseRecord, expand: ReadonlySet<string>): unknown {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: phase.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: phase.end_date,
    invoice_settings: null,
    items: phase.items.map((item) => {
      const price = store.prices.get(item.price) as PriceRecord;
      return {
        billing_thresholds: null,
        discounts: [],
        metadata: item.metadata,
        plan: planOf(price),
        price: expand.has("items.price") ? renderPrice(store, price) : price.id,
        ...(item.quantity === null ? {} : { quantity: item.quantity }),
        tax_rates: [],
      };
    }),
    metadata: phase.metadata,
    on_behalf_of: null,
    proration_behavior: phase.proration_behavior,
    start_date: phase.start_date,
    transfer_data: null,
    trial_end: null,
  };
}

/** A subscription schedule's JSON; `customer`, `subscription` and `phases.items.price` follow `expand`. */
export function renderSchedule(
  store: MemoryStore,
  schedule: ScheduleRecord,
  expand: ReadonlySet<string> = NONE,
  now?: number,
): unknown {
  const customer = store.customers.get(schedule.customer);
  const sub = schedule.subscription === null ? undefined : store.subscriptions.get(schedule.subscription);
  const current =
    schedule.status === "active" ? schedule.phases[Math.max(0, schedule.applied_phase)] : undefined;
  return {
    id: schedule.id,
    object: "subscription_schedule",
    application: null,
    billing_mode: { flexible: null, type: "classic" },
    canceled_at: schedule.canceled_at,
    completed_at: schedule.completed_at,
    created: schedule.created,
    current_phase:
      current === undefined || (now !== undefined && now < current.start_date)
        ? null
        : { end_date: current.end_date, start_date: current.start_date },
    customer: !expand.has("customer")
      ? schedule.customer
      : customer === undefined
        ? { id: schedule.customer, object: "customer", deleted: true }
        : renderCustomer(customer),
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: "automatic",
      billing_thresholds: null,
      collection_method: "charge_automatically",
      default_payment_method: null,
      description: null,
      invoice_settings: { account_tax_ids: null, days_until_due: null, issuer: { type: "self" } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: schedule.end_behavior,
    livemode: false,
    metadata: schedule.metadata,
    pause_schedules: [],
    phases: schedule.phases.map((phase) => renderPhase(store, phase, under(expand, "phases"))),
    released_at: schedule.released_at,
    released_subscription: schedule.released_subscription,
    status: schedule.status,
    subscription:
      expand.has("subscription") && sub !== undefined
        ? renderSubscription(store, sub)
        : schedule.subscription,
    test_clock: null,
  };
}
