/**
 * A seeded property test of the billing state: whatever sequence of subscription, item and
 * schedule requests (valid or not) and clock moves arrives, the server never answers 5xx and
 * the stored state always keeps Stripe's rules: every live subscription has 1..20 items on
 * distinct prices of one currency and one interval, all items share one current period that
 * contains now, and a subscription and its schedule point at each other.
 */
import fc from "fast-check";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payingCustomer, recurringPrice, startWithClient } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";
import type { MemoryStore } from "./store.js";

let emulator: EmulatorHandle;
let stripe: Stripe;
const prices: string[] = [];

beforeAll(async () => {
  ({ emulator, stripe } = await startWithClient({ clock: () => Date.UTC(2026, 0, 31, 8) }));
  for (const [amount, interval] of [
    [100, "month"],
    [200, "month"],
    [300, "month"],
    [400, "year"],
    [500, "week"],
  ] as const) {
    prices.push(await recurringPrice(stripe, { amount, interval }));
  }
  prices.push(await recurringPrice(stripe, { amount: 600, currency: "eur" }));
  const archived = await recurringPrice(stripe, { amount: 700 });
  await stripe.prices.update(archived, { active: false });
  prices.push(archived);
  prices.push((await stripe.prices.create({ product: "seeded", currency: "usd", unit_amount: 1 })).id);
});
afterAll(async () => {
  await emulator.close();
});

type Action =
  | { kind: "create"; customer: number; items: { price: number; quantity?: number }[]; trial: boolean }
  | {
      kind: "update";
      sub: number;
      changes: { item?: number; price?: number; quantity?: number; deleted?: boolean }[];
    }
  | { kind: "item"; sub: number; item: number; price: number }
  | { kind: "cancel"; sub: number }
  | { kind: "schedule"; sub: number }
  | { kind: "phase"; sub: number; price: number; months: number }
  | { kind: "release"; sub: number }
  | { kind: "clock"; seconds: number };

/** Mostly the three monthly USD prices (valid together), sometimes any price, valid or not. */
const priceIndex = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 7 }), weight: 1 },
);
const createAction = fc.record({
  kind: fc.constant("create" as const),
  customer: fc.integer({ min: 0, max: 3 }),
  items: fc.array(
    fc.record({
      price: priceIndex,
      quantity: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
    }),
    {
      minLength: 0,
      maxLength: 3,
    },
  ),
  trial: fc.boolean(),
});
const action: fc.Arbitrary<Action> = fc.oneof(
  createAction,
  createAction,
  createAction,
  fc.record({
    kind: fc.constant("update" as const),
    sub: fc.nat(),
    changes: fc.array(
      fc.record({
        item: fc.option(fc.nat(), { nil: undefined }),
        price: fc.option(priceIndex, { nil: undefined }),
        quantity: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        deleted: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({ kind: fc.constant("item" as const), sub: fc.nat(), item: fc.nat(), price: priceIndex }),
  fc.record({ kind: fc.constant("cancel" as const), sub: fc.nat() }),
  fc.record({ kind: fc.constant("schedule" as const), sub: fc.nat() }),
  fc.record({
    kind: fc.constant("phase" as const),
    sub: fc.nat(),
    price: priceIndex,
    months: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("release" as const), sub: fc.nat() }),
  fc.record({ kind: fc.constant("clock" as const), seconds: fc.integer({ min: 0, max: 70 * 86_400 }) }),
);

const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

async function run(a: Action, customers: readonly string[]): Promise<void> {
  const subs = emulator.store.subscriptions.list();
  const sub = "sub" in a ? pick(subs, a.sub) : undefined;
  switch (a.kind) {
    case "create":
      await stripe.subscriptions.create({
        customer: customers[a.customer] as string,
        items: a.items.map((i) => ({
          price: prices[i.price] as string,
          ...(i.quantity === undefined ? {} : { quantity: i.quantity }),
        })),
        ...(a.trial ? { trial_period_days: 10 } : {}),
      });
      return;
    case "update":
      if (sub === undefined) return;
      await stripe.subscriptions.update(sub.id, {
        items: a.changes.map((c) => ({
          ...(c.item === undefined ? {} : { id: pick(sub.items, c.item)?.id ?? "si_none" }),
          ...(c.price === undefined ? {} : { price: prices[c.price] as string }),
          ...(c.quantity === undefined ? {} : { quantity: c.quantity }),
          ...(c.deleted === undefined ? {} : { deleted: c.deleted }),
        })),
      });
      return;
    case "item": {
      const item = sub === undefined ? undefined : pick(sub.items, a.item);
      if (item !== undefined)
        await stripe.subscriptionItems.update(item.id, { price: prices[a.price] as string });
      return;
    }
    case "cancel":
      if (sub !== undefined) await stripe.subscriptions.cancel(sub.id);
      return;
    case "schedule":
      if (sub !== undefined) await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
      return;
    case "phase": {
      const schedule = sub?.schedule == null ? undefined : emulator.store.schedules.get(sub.schedule);
      const current = schedule?.phases[Math.max(0, schedule.applied_phase)];
      if (schedule === undefined || current === undefined) return;
      await stripe.subscriptionSchedules.update(schedule.id, {
        phases: [
          {
            start_date: current.start_date,
            end_date: current.end_date,
            items: current.items.map((i) => ({
              price: i.price,
              ...(i.quantity === null ? {} : { quantity: i.quantity }),
            })),
          },
          {
            items: [{ price: prices[a.price] as string }],
            duration: { interval: "month", interval_count: a.months },
          },
        ],
      });
      return;
    }
    case "release":
      if (sub?.schedule != null) await stripe.subscriptionSchedules.release(sub.schedule);
      return;
    case "clock":
      emulator.clock.advance(a.seconds);
      return;
  }
}

function checkInvariants(store: MemoryStore, now: number): void {
  for (const sub of store.subscriptions.list()) {
    const where = `${sub.id} ${JSON.stringify(sub.items)}`;
    expect(sub.items.length, where).toBeGreaterThan(0);
    expect(sub.items.length, where).toBeLessThanOrEqual(20);
    const itemPrices = sub.items.map(
      (i) => store.prices.get(i.price) as NonNullable<ReturnType<typeof store.prices.get>>,
    );
    expect(new Set(sub.items.map((i) => i.price)).size, where).toBe(sub.items.length);
    expect(new Set(itemPrices.map((p) => p.currency)).size, where).toBe(1);
    expect(
      new Set(itemPrices.map((p) => `${p.recurring?.interval}/${p.recurring?.interval_count}`)).size,
      where,
    ).toBe(1);
    expect(
      itemPrices.every((p) => p.recurring !== null),
      where,
    ).toBe(true);
    expect(
      new Set(sub.items.map((i) => `${i.current_period_start}-${i.current_period_end}`)).size,
      where,
    ).toBe(1);
    if (sub.status === "canceled") {
      expect(sub.ended_at, where).not.toBeNull();
      continue;
    }
    const first = sub.items[0];
    expect(first?.current_period_start, where).toBeLessThanOrEqual(now);
    expect(first?.current_period_end, where).toBeGreaterThan(now);
    if (sub.schedule !== null) {
      const schedule = store.schedules.get(sub.schedule);
      expect(schedule?.status, where).toBe("active");
      expect(schedule?.subscription, where).toBe(sub.id);
    }
  }
  for (const schedule of store.schedules.list()) {
    if (schedule.status !== "active" || schedule.subscription === null) continue;
    expect(store.subscriptions.get(schedule.subscription)?.schedule, schedule.id).toBe(schedule.id);
  }
}

describe("billing state under arbitrary requests and clock moves", () => {
  it("never answers 5xx and always keeps Stripe's item and period rules", async () => {
    const succeeded = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        const customers: string[] = [];
        for (let i = 0; i < 4; i += 1) customers.push(await payingCustomer(stripe));
        for (const a of actions) {
          try {
            await run(a, customers);
            succeeded.add(a.kind);
          } catch (error) {
            const status = (error as { statusCode?: number }).statusCode;
            expect(status, `${JSON.stringify(a)}: ${String(error)}`).toBeGreaterThanOrEqual(400);
            expect(status, `${JSON.stringify(a)}: ${String(error)}`).toBeLessThan(500);
          }
          // A request brings the state up to the clock before the invariants are read.
          await stripe.subscriptions.list({ limit: 1 });
          checkInvariants(emulator.store as MemoryStore, emulator.clock.now());
        }
      }),
      { seed: 1414, numRuns: 60 },
    );
    // The generator reaches every kind of request with a valid outcome, not only refusals.
    expect([...succeeded].sort()).toEqual([
      "cancel",
      "clock",
      "create",
      "item",
      "phase",
      "release",
      "schedule",
      "update",
    ]);
    expect(emulator.store.subscriptions.size).toBeGreaterThan(40);
    expect(emulator.store.schedules.list().some((s) => s.status === "released")).toBe(true);
  }, 120_000);
});
