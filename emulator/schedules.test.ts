import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { payingCustomer, startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

const T0 = Date.UTC(2026, 3, 10, 9) / 1000;
const DAY = 86_400;

let emulator: EmulatorHandle;
let stripe: Stripe;
let oldPrice: string;
let newPrice: string;
let yearly: string;
let customer: string;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient({ clock: () => T0 * 1000 }));
  await stripe.products.create({ id: "plan", name: "Plan" });
  const price = async (amount: number, interval: "month" | "year" = "month") =>
    (
      await stripe.prices.create({
        product: "plan",
        currency: "usd",
        unit_amount: amount,
        recurring: { interval },
      })
    ).id;
  oldPrice = await price(1000);
  newPrice = await price(1200);
  yearly = await price(10000, "year");
  customer = await payingCustomer(stripe);
});
afterEach(async () => {
  await emulator.close();
});

async function subscribed(quantity = 2): Promise<Stripe.Subscription> {
  return stripe.subscriptions.create({ customer, items: [{ price: oldPrice, quantity }] });
}

describe("a schedule from a subscription", () => {
  it("holds the current period as its one phase and attaches to the subscription", async () => {
    const sub = await subscribed();
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(schedule.id).toMatch(/^sub_sched_[A-Za-z0-9]{24}$/);
    expect(schedule).toMatchObject({
      object: "subscription_schedule",
      status: "active",
      customer,
      subscription: sub.id,
      end_behavior: "release",
      current_phase: { start_date: item.current_period_start, end_date: item.current_period_end },
    });
    expect(schedule.phases).toHaveLength(1);
    expect(schedule.phases[0]).toMatchObject({
      start_date: item.current_period_start,
      end_date: item.current_period_end,
      currency: "usd",
      items: [{ price: oldPrice, quantity: 2 }],
    });
    expect((await stripe.subscriptions.retrieve(sub.id)).schedule).toBe(schedule.id);
  });

  it("refuses phases alongside from_subscription, a second schedule and an unknown subscription", async () => {
    const sub = await subscribed();
    const withPhases = await stripeError(
      stripe.subscriptionSchedules.create({
        from_subscription: sub.id,
        phases: [{ items: [{ price: newPrice }] }],
      }),
    );
    expect(withPhases).toMatchObject({ statusCode: 400, param: "phases" });
    await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const twice = await stripeError(stripe.subscriptionSchedules.create({ from_subscription: sub.id }));
    expect(twice).toMatchObject({ statusCode: 400, param: "from_subscription" });
    const ghost = await stripeError(stripe.subscriptionSchedules.create({ from_subscription: "sub_ghost" }));
    expect(ghost).toMatchObject({ statusCode: 400, code: "resource_missing", param: "from_subscription" });
  });
});

describe("switching price at renewal through a phase", () => {
  it("keeps the old price until the phase ends, then moves the item to the new price and releases", async () => {
    const sub = await subscribed(3);
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const current = schedule.phases[0] as Stripe.SubscriptionSchedule.Phase;
    const updated = await stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: "release",
      proration_behavior: "none",
      phases: [
        {
          start_date: current.start_date,
          end_date: current.end_date,
          items: [{ price: oldPrice, quantity: 3 }],
        },
        { items: [{ price: newPrice, quantity: 3 }], duration: { interval: "month", interval_count: 1 } },
      ],
    });
    expect(updated.phases.map((ph) => [ph.start_date, ph.end_date])).toEqual([
      [current.start_date, current.end_date],
      [current.end_date, Date.UTC(2026, 5, 10, 9) / 1000],
    ]);
    emulator.clock.set(current.end_date - 1);
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(oldPrice);
    emulator.clock.set(current.end_date + 60);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.items.data).toHaveLength(1);
    expect(renewed.items.data[0]).toMatchObject({
      price: { id: newPrice },
      quantity: 3,
      current_period_start: current.end_date,
    });
    expect(renewed.billing_cycle_anchor).toBe(sub.billing_cycle_anchor);
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: "active",
      current_phase: { start_date: current.end_date },
    });
    emulator.clock.set(Date.UTC(2026, 5, 10, 9) / 1000);
    const released = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(released).toMatchObject({ status: "released", subscription: null, released_subscription: sub.id });
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ status: "active", schedule: null });
    expect(after.items.data[0]?.price.id).toBe(newPrice);
    // Stripe lists subscriptions by the price they are on now.
    expect((await stripe.subscriptions.list({ price: newPrice })).data.map((s) => s.id)).toEqual([sub.id]);
    expect((await stripe.subscriptions.list({ price: oldPrice })).data).toEqual([]);
  });

  it("checks phase items with the subscription item rules", async () => {
    const sub = await subscribed();
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const current = schedule.phases[0] as Stripe.SubscriptionSchedule.Phase;
    await stripe.prices.update(newPrice, { active: false });
    const phases = (second: Stripe.SubscriptionScheduleUpdateParams.Phase) => ({
      phases: [
        { start_date: current.start_date, end_date: current.end_date, items: [{ price: oldPrice }] },
        second,
      ],
    });
    const inactive = await stripeError(
      stripe.subscriptionSchedules.update(schedule.id, phases({ items: [{ price: newPrice }] })),
    );
    expect(inactive).toMatchObject({ statusCode: 400, param: "phases[1][items][0][price]" });
    const mixed = await stripeError(
      stripe.subscriptionSchedules.update(
        schedule.id,
        phases({ items: [{ price: oldPrice }, { price: yearly }] }),
      ),
    );
    expect(mixed).toMatchObject({ statusCode: 400, param: "phases[1][items][1][price]" });
    const both = await stripeError(
      stripe.subscriptionSchedules.update(
        schedule.id,
        phases({
          items: [{ price: oldPrice }],
          end_date: current.end_date + DAY,
          duration: { interval: "day" },
        }),
      ),
    );
    expect(both).toMatchObject({ statusCode: 400, param: "phases[1][end_date]" });
    const noStart = await stripeError(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: oldPrice }] }] }),
    );
    expect(noStart).toMatchObject({ code: "parameter_missing", param: "phases[0][start_date]" });
    const moved = await stripeError(
      stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ start_date: current.start_date + 1, items: [{ price: oldPrice }] }],
      }),
    );
    expect(moved).toMatchObject({ statusCode: 400, param: "phases[0][start_date]" });
    // stripe-node 23 (API 2025-09-30.clover and later) has no `iterations`: Stripe removed it.
    const iterations = await stripeError(
      stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ start_date: current.start_date, items: [{ price: oldPrice }], iterations: 2 }],
      } as unknown as Stripe.SubscriptionScheduleUpdateParams),
    );
    expect(iterations).toMatchObject({ code: "parameter_unknown", param: "phases[0][iterations]" });
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).phases).toHaveLength(1);
  });

  it("makes the subscription refuse cancel_at_period_end while it manages it", async () => {
    const sub = await subscribed();
    await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const error = await stripeError(stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }));
    expect(error).toMatchObject({ statusCode: 400, param: "cancel_at_period_end" });
  });
});

describe("release, cancel and list", () => {
  it("releases the subscription, once", async () => {
    const sub = await subscribed();
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const released = await stripe.subscriptionSchedules.release(schedule.id);
    expect(released).toMatchObject({
      status: "released",
      released_at: T0,
      released_subscription: sub.id,
      subscription: null,
      current_phase: null,
    });
    expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: "active", schedule: null });
    const again = await stripeError(stripe.subscriptionSchedules.release(schedule.id));
    expect(again).toMatchObject({ statusCode: 400 });
    const update = await stripeError(
      stripe.subscriptionSchedules.update(schedule.id, { metadata: { a: "b" } }),
    );
    expect(update).toMatchObject({ statusCode: 400 });
  });

  it("cancels the subscription with the schedule", async () => {
    const sub = await subscribed();
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(await stripe.subscriptionSchedules.cancel(schedule.id)).toMatchObject({
      status: "canceled",
      canceled_at: T0,
    });
    expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: "canceled" });
  });

  it("lists by customer, newest first", async () => {
    const other = await payingCustomer(stripe);
    const a = await stripe.subscriptionSchedules.create({ from_subscription: (await subscribed()).id });
    const b = await stripe.subscriptionSchedules.create({
      from_subscription: (
        await stripe.subscriptions.create({ customer: other, items: [{ price: oldPrice }] })
      ).id,
    });
    const c = await stripe.subscriptionSchedules.create({
      from_subscription: (await stripe.subscriptions.create({ customer, items: [{ price: newPrice }] })).id,
    });
    expect((await stripe.subscriptionSchedules.list({ customer })).data.map((s) => s.id)).toEqual([
      c.id,
      a.id,
    ]);
    expect((await stripe.subscriptionSchedules.list()).data.map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    const page = await stripe.subscriptionSchedules.list({ limit: 1, starting_after: c.id });
    expect(page.data.map((s) => s.id)).toEqual([b.id]);
  });
});

describe("a schedule created with phases", () => {
  it("starting now creates its subscription at once and cancels it after the last phase", async () => {
    const schedule = await stripe.subscriptionSchedules.create({
      customer,
      start_date: "now",
      end_behavior: "cancel",
      phases: [
        { items: [{ price: oldPrice, quantity: 1 }], duration: { interval: "month", interval_count: 2 } },
      ],
    });
    expect(schedule.status).toBe("active");
    const subId = schedule.subscription as string;
    const sub = await stripe.subscriptions.retrieve(subId);
    expect(sub).toMatchObject({ status: "active", schedule: schedule.id, start_date: T0 });
    emulator.clock.set(Date.UTC(2026, 5, 10, 9) / 1000);
    expect(await stripe.subscriptions.retrieve(subId)).toMatchObject({
      status: "canceled",
      ended_at: Date.UTC(2026, 5, 10, 9) / 1000,
    });
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: "completed" });
  });

  it("starting later waits, not_started, then creates the subscription when the clock gets there", async () => {
    const start = T0 + 5 * DAY;
    const schedule = await stripe.subscriptionSchedules.create({
      customer,
      start_date: start,
      phases: [{ items: [{ price: newPrice }] }],
    });
    expect(schedule).toMatchObject({ status: "not_started", subscription: null, current_phase: null });
    expect(emulator.store.subscriptions.size).toBe(0);
    emulator.clock.set(start + 1);
    const started = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(started.status).toBe("active");
    expect(await stripe.subscriptions.retrieve(started.subscription as string)).toMatchObject({
      start_date: start,
      status: "active",
    });
  });
});
