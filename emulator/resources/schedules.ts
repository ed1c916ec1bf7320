/**
 * `/v1/subscription_schedules`: create (`from_subscription`, or `customer` with `phases`),
 * retrieve, update (phases, `end_behavior`, metadata), release, cancel, list (filter
 * `customer`). A phase lasts until `end_date` or for `duration` (Stripe removed `iterations` in
 * 2025-09-30.clover; stripe-node 23 no longer has it). Phase items follow the subscription item
 * rules of `items.ts`. Entering a phase as the clock moves is done in `lifecycle.ts`.
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
import { addIntervals, type Interval } from "../periods.js";
import type { PhaseRecord, ProrationBehavior, ScheduleRecord, SubscriptionRecord } from "../records.js";
import { renderSchedule } from "../render-billing.js";
import { checkItemSet, newItemShape, readNewItem } from "./items.js";
import {
  advanceBilling,
  endSubscription,
  enterPhase,
  noteBillingEvent,
  phaseIndexAt,
  saveSubscription,
} from "./lifecycle.js";

const EXPANDABLE = ["customer", "subscription", "phases.items.price"] as const;
const PRORATION = oneOf("create_prorations", "none", "always_invoice");

const phaseCommon: Fields = {
  duration: obj({ interval: oneOf("day", "week", "month", "year"), interval_count: int }),
  items: arr(newItemShape),
  metadata: map(str, true),
  proration_behavior: PRORATION,
  add_invoice_items: unsupported,
  application_fee_percent: unsupported,
  automatic_tax: unsupported,
  billing_cycle_anchor: unsupported,
  billing_thresholds: unsupported,
  collection_method: unsupported,
  currency: unsupported,
  default_payment_method: unsupported,
  default_tax_rates: unsupported,
  description: unsupported,
  discounts: unsupported,
  invoice_settings: unsupported,
  on_behalf_of: unsupported,
  transfer_data: unsupported,
  trial: unsupported,
  trial_end: unsupported,
};
const createPhase = obj({ ...phaseCommon, end_date: int });
const updatePhase = obj({ ...phaseCommon, end_date: str, start_date: str });

const createFields: Fields = {
  ...expandField,
  customer: strMax(5000),
  end_behavior: oneOf("release", "cancel", "none", "renew"),
  from_subscription: strMax(5000),
  metadata: map(str, true),
  phases: arr(createPhase),
  start_date: str,
  billing_mode: unsupported,
  customer_account: unsupported,
  default_settings: unsupported,
  pause_schedules: unsupported,
};
const updateFields: Fields = {
  ...expandField,
  end_behavior: oneOf("release", "cancel", "none", "renew"),
  metadata: map(str, true),
  phases: arr(updatePhase),
  proration_behavior: PRORATION,
  default_settings: unsupported,
  pause_schedules: unsupported,
};
const releaseFields: Fields = { ...expandField, preserve_cancel_date: bool };
const cancelFields: Fields = { ...expandField, invoice_now: bool, prorate: bool };
const listParams: Fields = {
  ...listFields,
  customer: strMax(5000),
  canceled_at: unsupported,
  completed_at: unsupported,
  created: unsupported,
  customer_account: unsupported,
  released_at: unsupported,
  scheduled: unsupported,
};

function existing(ctx: RequestContext): ScheduleRecord {
  const schedule = ctx.store.schedules.get(ctx.id);
  if (schedule === undefined) throw noSuch("subscription_schedule", ctx.id);
  return schedule;
}

function readEndBehavior(value: string | undefined, current: ScheduleRecord["end_behavior"]) {
  if (value === "none" || value === "renew") {
    throw invalidParam(`The Stripe emulator does not support end_behavior=${value}.`, "end_behavior");
  }
  return (value ?? current) as ScheduleRecord["end_behavior"];
}

/** A timestamp parameter: an integer, or `now` where allowed. */
function readTime(value: string | undefined, now: number, at: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === "now") return now;
  if (!/^\d+$/.test(value)) throw invalidParam(`Invalid timestamp: ${value}`, at);
  return Number.parseInt(value, 10);
}

/**
 * Reads `phases[]`: items (Stripe's item rules), contiguous dates (each phase starts where the
 * previous ends), and an end from `end_date` or `duration` (one, not both; the last phase
 * defaults to one billing interval of its prices).
 */
function readPhases(ctx: RequestContext, given: readonly FormObject[], firstStart: number): PhaseRecord[] {
  if (given.length === 0) throw missingParam("phases");
  const phases: PhaseRecord[] = [];
  let start = firstStart;
  given.forEach((phase, i) => {
    const at = `phases[${i}]`;
    const items = getArray(phase.items).map((item, j) =>
      readNewItem(ctx.store, item as FormObject, `${at}[items][${j}]`),
    );
    if (items.length === 0) throw missingParam(`${at}[items]`);
    const { currency, interval } = checkItemSet(items, `${at}[items]`);
    const givenStart = readTime(getString(phase.start_date), ctx.now, `${at}[start_date]`);
    if (i > 0 && givenStart !== undefined && givenStart !== start) {
      throw invalidParam(
        `The start_date of ${at} must equal the end_date of the previous phase (${start}).`,
        `${at}[start_date]`,
      );
    }
    const endDate = readTime(getString(phase.end_date), ctx.now, `${at}[end_date]`);
    const duration = getObject(phase.duration);
    if (endDate !== undefined && duration !== undefined) {
      throw invalidParam(
        "You may only specify one of these parameters: duration, end_date.",
        `${at}[end_date]`,
      );
    }
    let every: Interval = interval;
    if (duration !== undefined) {
      const unit = getString(duration.interval) as Interval["interval"] | undefined;
      if (unit === undefined) throw missingParam(`${at}[duration][interval]`);
      const count = getInt(duration.interval_count) ?? 1;
      if (count < 1)
        throw invalidParam(
          "This value must be greater than or equal to 1.",
          `${at}[duration][interval_count]`,
        );
      every = { interval: unit, interval_count: count };
    } else if (endDate === undefined && i < given.length - 1) {
      throw missingParam(`${at}[end_date]`);
    }
    const end = endDate ?? addIntervals(start, every, 1);
    if (end <= start) {
      throw invalidParam(`The end_date of ${at} must be after its start_date.`, `${at}[end_date]`);
    }
    phases.push({
      currency,
      end_date: end,
      items: items.map(({ price, quantity, metadata }) => ({ price: price.id, quantity, metadata })),
      metadata: applyMetadata({}, phase.metadata),
      proration_behavior: (getString(phase.proration_behavior) ?? "create_prorations") as ProrationBehavior,
      start_date: start,
    });
    start = end;
  });
  const currencies = new Set(phases.map((phase) => phase.currency));
  if (currencies.size > 1) throw invalidParam("All phases of a schedule must use one currency.", "phases");
  return phases;
}

function fromSubscription(ctx: RequestContext, subId: string): ScheduleRecord {
  const p = ctx.params;
  for (const key of ["customer", "phases", "start_date", "end_behavior"] as const) {
    if (p[key] !== undefined) {
      throw invalidParam(`You cannot set \`${key}\` if \`from_subscription\` is set.`, key);
    }
  }
  const sub = ctx.store.subscriptions.get(subId);
  if (sub === undefined) throw noSuchReferenced("subscription", subId, "from_subscription");
  if (sub.status === "canceled") {
    throw conflict("A canceled subscription cannot be managed by a schedule.", "from_subscription");
  }
  if (sub.schedule !== null) {
    throw conflict(
      `The subscription \`${sub.id}\` is already attached to the schedule \`${sub.schedule}\`.`,
      "from_subscription",
    );
  }
  const first = sub.items[0];
  if (first === undefined) throw new Error(`subscription ${sub.id} has no items`);
  const schedule: ScheduleRecord = {
    id: ctx.store.ids.next("sub_sched"),
    applied_phase: 0,
    canceled_at: null,
    completed_at: null,
    created: ctx.now,
    customer: sub.customer,
    end_behavior: "release",
    metadata: applyMetadata({}, p.metadata),
    phases: [
      {
        currency: sub.currency,
        end_date: first.current_period_end,
        items: sub.items.map(({ price, quantity }) => ({ price, quantity, metadata: {} })),
        metadata: {},
        proration_behavior: "create_prorations",
        start_date: first.current_period_start,
      },
    ],
    released_at: null,
    released_subscription: null,
    status: "active",
    subscription: sub.id,
  };
  saveSubscription(ctx.store, { ...sub, schedule: schedule.id });
  noteBillingEvent(ctx.store, first.current_period_end);
  return ctx.store.schedules.put(schedule);
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const subId = getString(p.from_subscription);
  if (subId !== undefined) return renderSchedule(ctx.store, fromSubscription(ctx, subId), expand, ctx.now);
  const customerId = getString(p.customer);
  if (customerId === undefined || customerId === "") throw missingParam("customer");
  const endBehavior = readEndBehavior(getString(p.end_behavior), "release");
  const start = readTime(getString(p.start_date), ctx.now, "start_date") ?? ctx.now;
  if (!ctx.store.customers.has(customerId)) throw noSuchReferenced("customer", customerId, "customer");
  const phases = readPhases(ctx, getArray(p.phases) as readonly FormObject[], start);
  const schedule: ScheduleRecord = {
    id: ctx.store.ids.next("sub_sched"),
    applied_phase: -1,
    canceled_at: null,
    completed_at: null,
    created: ctx.now,
    customer: customerId,
    end_behavior: endBehavior,
    metadata: applyMetadata({}, p.metadata),
    phases,
    released_at: null,
    released_subscription: null,
    status: "not_started",
    subscription: null,
  };
  ctx.store.schedules.put(schedule);
  // A schedule that starts now (or in the past) creates its subscription at once.
  noteBillingEvent(ctx.store, start);
  advanceBilling(ctx.store, ctx.now);
  return renderSchedule(ctx.store, existing({ ...ctx, id: schedule.id }), expand, ctx.now);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  return renderSchedule(ctx.store, existing(ctx), readExpand(ctx.params, EXPANDABLE, false), ctx.now);
}

function requireOpen(schedule: ScheduleRecord, action: string): void {
  if (schedule.status !== "active" && schedule.status !== "not_started") {
    throw conflict(
      `You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in either the \`not_started\` or \`active\` status.`,
    );
  }
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const schedule = existing(ctx);
  requireOpen(schedule, "update");
  let next: ScheduleRecord = {
    ...schedule,
    end_behavior: readEndBehavior(getString(p.end_behavior), schedule.end_behavior),
    metadata: applyMetadata(schedule.metadata, p.metadata),
  };
  const given = getArray(p.phases) as readonly FormObject[];
  if (p.phases !== undefined) {
    const firstStart = readTime(getString(given[0]?.start_date), ctx.now, "phases[0][start_date]");
    if (firstStart === undefined) throw missingParam("phases[0][start_date]");
    const currentIndex = schedule.status === "active" ? Math.max(0, phaseIndexAt(schedule, ctx.now)) : -1;
    const current = schedule.phases[currentIndex];
    // Past phases may be left out; the phase in effect keeps its start date.
    const keptPast = schedule.phases.filter((phase) => phase.start_date < firstStart);
    if (current !== undefined && firstStart > current.start_date) {
      throw invalidParam("You can not modify the start date of the current phase.", "phases[0][start_date]");
    }
    if (current !== undefined && !schedule.phases.some((phase) => phase.start_date === firstStart)) {
      throw invalidParam("You can not modify the start date of the current phase.", "phases[0][start_date]");
    }
    if (current === undefined && firstStart < ctx.now && schedule.status === "not_started") {
      throw invalidParam(
        "The first phase of a schedule that has not started cannot start in the past.",
        "phases[0][start_date]",
      );
    }
    const phases = [...keptPast, ...readPhases(ctx, given, firstStart)];
    next = {
      ...next,
      phases,
      applied_phase:
        schedule.status === "active"
          ? Math.min(phaseIndexAt({ ...next, phases }, ctx.now), phases.length - 1)
          : -1,
    };
    const phase = phases[next.applied_phase];
    const sub = next.subscription === null ? undefined : ctx.store.subscriptions.get(next.subscription);
    // Changing the phase in effect changes the subscription now.
    if (phase !== undefined && sub !== undefined && sub.status !== "canceled") {
      enterPhase(ctx.store, sub, phase, ctx.now);
    }
    noteBillingEvent(ctx.store, phases[0]?.start_date ?? ctx.now);
  }
  ctx.store.schedules.put(next);
  const last = next.phases[next.phases.length - 1];
  if (last !== undefined) noteBillingEvent(ctx.store, last.end_date);
  advanceBilling(ctx.store, ctx.now);
  return renderSchedule(ctx.store, existing(ctx), expand, ctx.now);
}

function release(ctx: RequestContext): unknown {
  checkFields(ctx.params, releaseFields);
  const expand = readExpand(ctx.params, EXPANDABLE, false);
  const schedule = existing(ctx);
  requireOpen(schedule, "release");
  const sub = schedule.subscription === null ? undefined : ctx.store.subscriptions.get(schedule.subscription);
  if (sub !== undefined) saveSubscription(ctx.store, { ...sub, schedule: null });
  const released = ctx.store.schedules.put({
    ...schedule,
    status: "released",
    released_at: ctx.now,
    released_subscription: schedule.subscription,
    subscription: null,
  });
  return renderSchedule(ctx.store, released, expand, ctx.now);
}

function cancel(ctx: RequestContext): unknown {
  checkFields(ctx.params, cancelFields);
  const expand = readExpand(ctx.params, EXPANDABLE, false);
  const schedule = existing(ctx);
  requireOpen(schedule, "cancel");
  const sub = schedule.subscription === null ? undefined : ctx.store.subscriptions.get(schedule.subscription);
  // Canceling a schedule cancels its subscription (endSubscription cancels the schedule too).
  if (sub !== undefined && sub.status !== "canceled")
    endSubscription(ctx.store, sub as SubscriptionRecord, ctx.now);
  const canceled = ctx.store.schedules.put({
    ...(ctx.store.schedules.get(schedule.id) ?? schedule),
    status: "canceled",
    canceled_at: ctx.now,
  });
  return renderSchedule(ctx.store, canceled, expand, ctx.now);
}

function list(ctx: RequestContext): unknown {
  checkFields(ctx.params, listParams);
  const expand = readExpand(ctx.params, EXPANDABLE, true);
  const customer = getString(ctx.params.customer);
  const page = paginate(
    ctx.store.schedules.list(),
    (schedule) => customer === undefined || schedule.customer === customer,
    readPage(ctx.params),
    ctx.path,
    "subscription_schedule",
  );
  return { ...page, data: page.data.map((schedule) => renderSchedule(ctx.store, schedule, expand, ctx.now)) };
}

/** The routes of the subscription schedules resource. */
export const scheduleRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/subscription_schedules", handler: create },
  { method: "GET", pattern: "/v1/subscription_schedules", handler: list },
  { method: "GET", pattern: "/v1/subscription_schedules/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/subscription_schedules/:id", handler: update },
  { method: "POST", pattern: "/v1/subscription_schedules/:id/release", handler: release },
  { method: "POST", pattern: "/v1/subscription_schedules/:id/cancel", handler: cancel },
];
