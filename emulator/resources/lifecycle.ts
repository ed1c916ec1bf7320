/**
 * What happens to subscriptions and schedules as the emulator's clock moves, applied lazily
 * before each request (`advanceBilling`): a period that ended rolls into the next one; a trial
 * that ended makes the subscription `active` and moves its billing cycle anchor to the trial
 * end; `cancel_at_period_end` cancels at the period end; a schedule enters its next phase
 * (the subscription takes the phase's items) and, after its last phase, releases or cancels
 * the subscription per `end_behavior`. Payments are not modelled: every renewal succeeds.
 */
import { addIntervals, type Interval, periodAt } from "../periods.js";
import type {
  Metadata,
  PhaseRecord,
  ScheduleRecord,
  SubscriptionItemRecord,
  SubscriptionRecord,
} from "../records.js";
import type { MemoryStore } from "../store.js";
import { intervalOf, sameInterval } from "./items.js";
import { costsSomething, payingMethod } from "./payments.js";

/** Stripe expires an `incomplete` subscription whose first invoice stays unpaid for 23 hours. */
const INCOMPLETE_TTL = 23 * 3600;

/** The billing interval of a subscription (all its items share one). */
export function subscriptionInterval(store: MemoryStore, sub: SubscriptionRecord): Interval {
  const item = sub.items[0];
  const price = item === undefined ? undefined : store.prices.get(item.price);
  if (price === undefined) throw new Error(`subscription ${sub.id} has no priced item`);
  return intervalOf(price);
}

/** Makes sure `advanceBilling` looks again no later than `at`. */
export function noteBillingEvent(store: MemoryStore, at: number): void {
  if (at < store.nextBillingEvent) store.nextBillingEvent = at;
}

/** The next time `sub` changes by itself (its period end), or Infinity once it has ended. */
function subscriptionEvent(sub: SubscriptionRecord): number {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") return Number.POSITIVE_INFINITY;
  if (sub.status === "incomplete") return sub.created + INCOMPLETE_TTL;
  return sub.items[0]?.current_period_end ?? Number.POSITIVE_INFINITY;
}

/** Stores `sub` and notes when it next changes. */
export function saveSubscription(store: MemoryStore, sub: SubscriptionRecord): SubscriptionRecord {
  store.subscriptions.put(sub);
  for (const item of sub.items) store.itemOwners.set(item.id, sub.id);
  noteBillingEvent(store, subscriptionEvent(sub));
  return sub;
}

/** Every item with the period `[start, end)`. */
export function withPeriod(
  items: readonly SubscriptionItemRecord[],
  start: number,
  end: number,
): readonly SubscriptionItemRecord[] {
  return items.map((item) => ({ ...item, current_period_start: start, current_period_end: end }));
}

/** Cancels `sub` at `at` (its schedule, if any, is canceled with it). */
export function endSubscription(store: MemoryStore, sub: SubscriptionRecord, at: number): SubscriptionRecord {
  if (sub.schedule !== null) {
    const schedule = store.schedules.get(sub.schedule);
    if (schedule !== undefined && (schedule.status === "active" || schedule.status === "not_started")) {
      store.schedules.put({ ...schedule, status: "canceled", canceled_at: at });
    }
  }
  const ended: SubscriptionRecord = {
    ...sub,
    status: "canceled",
    canceled_at: sub.canceled_at ?? at,
    ended_at: at,
    cancellation_details: { ...sub.cancellation_details, reason: "cancellation_requested" },
  };
  store.subscriptions.put(ended);
  return ended;
}

/** Rolls `sub` forward to `now`: trial end, period ends, cancellation at period end. */
function advanceSubscription(store: MemoryStore, sub: SubscriptionRecord, now: number): void {
  const end = subscriptionEvent(sub);
  if (now < end) {
    noteBillingEvent(store, end);
    return;
  }
  if (sub.status === "incomplete") {
    store.subscriptions.put({ ...sub, status: "incomplete_expired", ended_at: end });
    return;
  }
  if (sub.cancel_at_period_end) {
    endSubscription(store, sub, end);
    return;
  }
  const every = subscriptionInterval(store, sub);
  let next = sub;
  if (sub.status === "trialing" && sub.trial_end !== null && sub.trial_end <= now) {
    next = { ...sub, status: "active", billing_cycle_anchor: sub.trial_end };
  }
  // The new period's invoice is paid by the payment method; without one it fails: past_due.
  if (payingMethod(store, next) === null && costsSomething(store, next.items))
    next = { ...next, status: "past_due" };
  const period = periodAt(next.billing_cycle_anchor, every, now);
  saveSubscription(store, { ...next, items: withPeriod(next.items, period.start, period.end) });
}

/** The items of `phase` on `sub`: an item whose price stays keeps its id. */
export function phaseItems(
  store: MemoryStore,
  sub: SubscriptionRecord,
  phase: PhaseRecord,
  now: number,
): readonly SubscriptionItemRecord[] {
  const first = sub.items[0];
  return phase.items.map((wanted) => {
    const kept = sub.items.find((item) => item.price === wanted.price);
    return {
      id: kept?.id ?? store.ids.short("si"),
      created: kept?.created ?? now,
      current_period_start: first?.current_period_start ?? now,
      current_period_end: first?.current_period_end ?? now,
      metadata: { ...(kept?.metadata ?? {}), ...wanted.metadata },
      price: wanted.price,
      quantity: wanted.quantity,
    };
  });
}

/**
 * Puts `phase` into effect on `sub` at `at`: its items replace the subscription's; a change of
 * billing interval resets the billing cycle anchor to `at`, as Stripe does when the interval
 * changes.
 */
export function enterPhase(
  store: MemoryStore,
  sub: SubscriptionRecord,
  phase: PhaseRecord,
  at: number,
): SubscriptionRecord {
  const before = subscriptionInterval(store, sub);
  const items = phaseItems(store, sub, phase, at);
  const after = { ...sub, items, metadata: { ...sub.metadata, ...phase.metadata } };
  const every = subscriptionInterval(store, after);
  if (sameInterval(before, every)) return saveSubscription(store, after);
  const end = addIntervals(at, every, 1);
  return saveSubscription(store, { ...after, billing_cycle_anchor: at, items: withPeriod(items, at, end) });
}

/** The index of the phase in effect at `now` (the last one that started), or -1. */
export function phaseIndexAt(schedule: ScheduleRecord, now: number): number {
  let found = -1;
  schedule.phases.forEach((phase, i) => {
    if (phase.start_date <= now) found = i;
  });
  return found;
}

/** Ends `schedule` after its last phase, at `at`, per its `end_behavior`. */
function finishSchedule(store: MemoryStore, schedule: ScheduleRecord, at: number): void {
  const sub = schedule.subscription === null ? undefined : store.subscriptions.get(schedule.subscription);
  if (schedule.end_behavior === "cancel") {
    if (sub !== undefined) endSubscription(store, { ...sub, schedule: null }, at);
    store.schedules.put({ ...schedule, status: "completed", completed_at: at });
    return;
  }
  if (sub !== undefined) saveSubscription(store, { ...sub, schedule: null });
  store.schedules.put({
    ...schedule,
    status: "released",
    released_at: at,
    released_subscription: schedule.subscription,
    subscription: null,
  });
}

/** What a new subscription starts with. */
export interface NewSubscription {
  readonly customer: string;
  readonly currency: string;
  readonly items: readonly {
    readonly price: string;
    readonly quantity: number | null;
    readonly metadata: Metadata;
  }[];
  readonly interval: Interval;
  /** When it starts (Unix seconds). */
  readonly start: number;
  /** The end of a trial starting at `start`, if any. */
  readonly trialEnd?: number;
  readonly cancelAtPeriodEnd?: boolean;
  readonly metadata?: Metadata;
  readonly schedule?: string;
  readonly status?: SubscriptionRecord["status"];
  readonly defaultPaymentMethod?: string;
}

/**
 * Creates and stores a subscription: `active` (payments are not modelled, so the first invoice
 * is paid at once) or `trialing`; its billing cycle anchor is the start, or the trial end. The
 * customer takes the subscription's currency.
 */
export function createSubscription(store: MemoryStore, spec: NewSubscription): SubscriptionRecord {
  const id = store.ids.next("sub");
  const anchor = spec.trialEnd ?? spec.start;
  const end = spec.trialEnd ?? addIntervals(spec.start, spec.interval, 1);
  const items: SubscriptionItemRecord[] = spec.items.map((item) => ({
    id: store.ids.short("si"),
    created: spec.start,
    current_period_start: spec.start,
    current_period_end: end,
    metadata: item.metadata,
    price: item.price,
    quantity: item.quantity,
  }));
  const sub: SubscriptionRecord = {
    id,
    billing_cycle_anchor: anchor,
    cancel_at: spec.cancelAtPeriodEnd === true ? end : null,
    cancel_at_period_end: spec.cancelAtPeriodEnd ?? false,
    canceled_at: spec.cancelAtPeriodEnd === true ? spec.start : null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    created: spec.start,
    currency: spec.currency,
    customer: spec.customer,
    default_payment_method: spec.defaultPaymentMethod ?? null,
    ended_at: null,
    items,
    metadata: spec.metadata ?? {},
    schedule: spec.schedule ?? null,
    start_date: spec.start,
    status: spec.status ?? (spec.trialEnd === undefined ? "active" : "trialing"),
    trial_end: spec.trialEnd ?? null,
    trial_start: spec.trialEnd === undefined ? null : spec.start,
  };
  const customer = store.customers.get(spec.customer);
  if (customer !== undefined && customer.currency === null) {
    store.customers.put({ ...customer, currency: spec.currency });
  }
  return saveSubscription(store, sub);
}

/** Creates the subscription of a schedule whose first phase starts at `at`. */
function startScheduled(store: MemoryStore, schedule: ScheduleRecord, at: number): SubscriptionRecord {
  const phase = schedule.phases[0] as PhaseRecord;
  const price = store.prices.get(phase.items[0]?.price ?? "");
  if (price === undefined) throw new Error(`schedule ${schedule.id} has no priced item`);
  // The first invoice is paid by the customer's default payment method; without one it fails.
  const unpaid = payingMethod(store, { customer: schedule.customer, default_payment_method: null }) === null;
  return createSubscription(store, {
    customer: schedule.customer,
    currency: phase.currency,
    items: phase.items,
    interval: intervalOf(price),
    start: at,
    metadata: phase.metadata,
    schedule: schedule.id,
    ...(unpaid && costsSomething(store, phase.items) ? { status: "past_due" as const } : {}),
  });
}

/** Moves `schedule` forward to `now`, phase by phase. */
function advanceSchedule(store: MemoryStore, schedule: ScheduleRecord, now: number): void {
  let current = schedule;
  const first = current.phases[0];
  if (first === undefined) return;
  if (current.status === "not_started") {
    if (now < first.start_date) {
      noteBillingEvent(store, first.start_date);
      return;
    }
    const sub = startScheduled(store, current, first.start_date);
    current = { ...current, status: "active", subscription: sub.id, applied_phase: 0 };
    store.schedules.put(current);
  }
  if (current.status !== "active") return;
  const last = current.phases[current.phases.length - 1] as PhaseRecord;
  const target = Math.min(phaseIndexAt(current, now), current.phases.length - 1);
  for (let i = current.applied_phase + 1; i <= target; i += 1) {
    const phase = current.phases[i] as PhaseRecord;
    const sub = current.subscription === null ? undefined : store.subscriptions.get(current.subscription);
    if (sub !== undefined && sub.status !== "canceled") {
      // Bring the subscription up to the phase start before the phase changes it.
      advanceSubscription(store, sub, phase.start_date);
      const fresh = store.subscriptions.get(sub.id) as SubscriptionRecord;
      if (fresh.status !== "canceled") enterPhase(store, fresh, phase, phase.start_date);
    }
    current = { ...current, applied_phase: i };
    store.schedules.put(current);
  }
  if (now >= last.end_date) {
    finishSchedule(store, current, last.end_date);
    return;
  }
  const upcoming = current.phases[current.applied_phase + 1];
  noteBillingEvent(store, upcoming === undefined ? last.end_date : upcoming.start_date);
}

/**
 * Brings every subscription and schedule up to `now`. Cheap when nothing is due: the store
 * keeps the earliest pending event, and only a request at or after it scans the tables.
 */
export function advanceBilling(store: MemoryStore, now: number): void {
  if (now < store.nextBillingEvent) return;
  store.nextBillingEvent = Number.POSITIVE_INFINITY;
  for (const schedule of [...store.schedules.values()]) {
    if (schedule.status === "active" || schedule.status === "not_started")
      advanceSchedule(store, schedule, now);
  }
  for (const sub of [...store.subscriptions.values()]) {
    const fresh = store.subscriptions.get(sub.id) as SubscriptionRecord;
    if (fresh.status !== "canceled") advanceSubscription(store, fresh, now);
  }
}
