import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { payingCustomer, startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

/** 2026-01-31 12:00 UTC: a month-end anchor, so periods show Stripe's day clamping. */
const T0 = Date.UTC(2026, 0, 31, 12) / 1000;
const DAY = 86_400;

let emulator: EmulatorHandle;
let stripe: Stripe;
let monthly: string;
let monthly2: string;
let yearly: string;
let customer: string;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient({ clock: () => T0 * 1000 }));
  await stripe.products.create({ id: "plan", name: "Plan" });
  const price = (amount: number, interval: "month" | "year") =>
    stripe.prices.create({ product: "plan", currency: "usd", unit_amount: amount, recurring: { interval } });
  monthly = (await price(1000, "month")).id;
  monthly2 = (await price(2000, "month")).id;
  yearly = (await price(10000, "year")).id;
  customer = await payingCustomer(stripe, { email: "ada@example.com" });
});
afterEach(async () => {
  await emulator.close();
});

describe("subscription creation", () => {
  it("creates an active subscription whose items carry the price, quantity and period", async () => {
    const sub = await stripe.subscriptions.create({
      customer,
      items: [{ price: monthly, quantity: 3 }],
      metadata: { source: "test" },
    });
    expect(sub.id).toMatch(/^sub_[A-Za-z0-9]{24}$/);
    expect(sub).toMatchObject({
      object: "subscription",
      status: "active",
      customer,
      currency: "usd",
      billing_cycle_anchor: T0,
      start_date: T0,
      cancel_at_period_end: false,
      canceled_at: null,
      metadata: { source: "test" },
      schedule: null,
      trial_end: null,
    });
    expect(sub.items).toMatchObject({
      object: "list",
      has_more: false,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    });
    const [item] = sub.items.data;
    expect(item?.id).toMatch(/^si_[A-Za-z0-9]{14}$/);
    expect(item).toMatchObject({
      object: "subscription_item",
      quantity: 3,
      subscription: sub.id,
      current_period_start: T0,
      // 31 January + 1 month = 28 February (same time of day): the anchor's day, clamped.
      current_period_end: Date.UTC(2026, 1, 28, 12) / 1000,
      price: { id: monthly, object: "price", unit_amount: 1000, product: "plan" },
      plan: { id: monthly, object: "plan", amount: 1000, interval: "month" },
    });
    // stripe-node 23 has no period fields on the subscription itself: they moved to the items.
    expect(sub).not.toHaveProperty("current_period_end");
    expect((await stripe.customers.retrieve(customer)) as Stripe.Customer).toMatchObject({ currency: "usd" });
  });

  it("starts a trial from trial_period_days or trial_end and anchors billing at its end", async () => {
    const byDays = await stripe.subscriptions.create({
      customer,
      items: [{ price: monthly }],
      trial_period_days: 14,
    });
    expect(byDays).toMatchObject({ status: "trialing", trial_start: T0, trial_end: T0 + 14 * DAY });
    expect(byDays.billing_cycle_anchor).toBe(T0 + 14 * DAY);
    expect(byDays.items.data[0]).toMatchObject({ quantity: 1, current_period_end: T0 + 14 * DAY });
    const byEnd = await stripe.subscriptions.create({
      customer,
      items: [{ price: monthly2 }],
      trial_end: T0 + 3 * DAY,
    });
    expect(byEnd).toMatchObject({ status: "trialing", trial_end: T0 + 3 * DAY });
    const both = await stripeError(
      stripe.subscriptions.create({
        customer,
        items: [{ price: yearly }],
        trial_end: T0 + DAY,
        trial_period_days: 3,
      }),
    );
    expect(both).toMatchObject({ statusCode: 400, param: "trial_end" });
    const past = await stripeError(
      stripe.subscriptions.create({ customer, items: [{ price: yearly }], trial_end: T0 - 1 }),
    );
    expect(past).toMatchObject({ statusCode: 400, param: "trial_end" });
  });

  it("requires an existing customer and items", async () => {
    const noCustomer = await stripeError(stripe.subscriptions.create({ items: [{ price: monthly }] }));
    expect(noCustomer).toMatchObject({ code: "parameter_missing", param: "customer" });
    const ghost = await stripeError(
      stripe.subscriptions.create({ customer: "cus_ghost", items: [{ price: monthly }] }),
    );
    expect(ghost).toMatchObject({ statusCode: 404, code: "resource_missing", param: "customer" });
    const noItems = await stripeError(stripe.subscriptions.create({ customer }));
    expect(noItems).toMatchObject({ code: "parameter_missing", param: "items" });
    const unknown = await stripeError(
      stripe.subscriptions.create({ customer, items: [{ price: "price_nope" }] }),
    );
    expect(unknown).toMatchObject({ statusCode: 400, code: "resource_missing", param: "items[0][price]" });
  });

  it("refuses a second currency on one customer while a subscription is live", async () => {
    const eur = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 900,
      recurring: { interval: "month" },
    });
    await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const error = await stripeError(stripe.subscriptions.create({ customer, items: [{ price: eur.id }] }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^You cannot combine currencies on a single customer/);
  });

  it("allows a customer at most 500 live subscriptions (Stripe's documented limit)", async () => {
    for (let i = 0; i < 500; i += 1)
      await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const error = await stripeError(stripe.subscriptions.create({ customer, items: [{ price: monthly }] }));
    expect(error).toMatchObject({ statusCode: 400, param: "customer" });
    const first = emulator.store.subscriptions.list().at(-1);
    await stripe.subscriptions.cancel(first?.id as string);
    await expect(
      stripe.subscriptions.create({ customer, items: [{ price: monthly }] }),
    ).resolves.toMatchObject({
      status: "active",
    });
  }, 60_000);

  it("replays a create under the same idempotency key instead of subscribing twice", async () => {
    const params = { customer, items: [{ price: monthly }] };
    const first = await stripe.subscriptions.create(params, { idempotencyKey: "sub-once" });
    const again = await stripe.subscriptions.create(params, { idempotencyKey: "sub-once" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(emulator.store.subscriptions.size).toBe(1);
    const other = await stripeError(
      stripe.subscriptions.create({ customer, items: [{ price: monthly2 }] }, { idempotencyKey: "sub-once" }),
    );
    expect(other.type).toBe("StripeIdempotencyError");
  });
});

describe("subscription update", () => {
  it("changes an item's price by id, keeping the item id and the period", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly, quantity: 2 }] });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: monthly2 }],
      proration_behavior: "none",
    });
    expect(updated.items.data).toHaveLength(1);
    expect(updated.items.data[0]).toMatchObject({
      id: item.id,
      price: { id: monthly2 },
      quantity: 1,
      current_period_start: item.current_period_start,
      current_period_end: item.current_period_end,
    });
    const quantity = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: 5 }] });
    expect(quantity.items.data[0]).toMatchObject({ price: { id: monthly2 }, quantity: 5 });
  });

  it("adds and deletes items", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const added = await stripe.subscriptions.update(sub.id, { items: [{ price: monthly2, quantity: 4 }] });
    expect(added.items.data.map((i) => [i.price.id, i.quantity])).toEqual([
      [monthly, 1],
      [monthly2, 4],
    ]);
    const removed = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, deleted: true }] });
    expect(removed.items.data.map((i) => i.price.id)).toEqual([monthly2]);
    const last = removed.items.data[0] as Stripe.SubscriptionItem;
    const none = await stripeError(
      stripe.subscriptions.update(sub.id, { items: [{ id: last.id, deleted: true }] }),
    );
    expect(none).toMatchObject({ statusCode: 400, param: "items" });
    const ghost = await stripeError(
      stripe.subscriptions.update(sub.id, { items: [{ id: "si_ghost", quantity: 2 }] }),
    );
    expect(ghost).toMatchObject({ statusCode: 400, code: "resource_missing", param: "items[0][id]" });
  });

  it("takes only Stripe's proration_behavior values", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    for (const behavior of ["create_prorations", "none", "always_invoice"] as const) {
      await expect(
        stripe.subscriptions.update(sub.id, { proration_behavior: behavior }),
      ).resolves.toMatchObject({
        status: "active",
      });
    }
    const bad = await stripeError(
      stripe.subscriptions.update(sub.id, {
        proration_behavior: "sometimes",
      } as unknown as Stripe.SubscriptionUpdateParams),
    );
    expect(bad).toMatchObject({ statusCode: 400, param: "proration_behavior" });
  });

  it("resets the billing cycle anchor when the interval changes", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    emulator.clock.advance(10 * DAY);
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: yearly }] });
    expect(updated.billing_cycle_anchor).toBe(T0 + 10 * DAY);
    expect(updated.items.data[0]).toMatchObject({
      current_period_start: T0 + 10 * DAY,
      current_period_end: Date.UTC(2027, 1, 10, 12) / 1000,
    });
  });

  it("cancel_at_period_end keeps the subscription active until the period ends, then cancels it", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const end = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    emulator.clock.advance(DAY);
    const marked = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(marked).toMatchObject({
      status: "active",
      cancel_at_period_end: true,
      cancel_at: end,
      canceled_at: T0 + DAY,
    });
    emulator.clock.set(end - 1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    emulator.clock.set(end + 5);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: end, canceled_at: T0 + DAY });
    const locked = await stripeError(stripe.subscriptions.update(sub.id, { items: [{ price: monthly2 }] }));
    expect(locked).toMatchObject({ statusCode: 400 });
    await expect(stripe.subscriptions.update(sub.id, { metadata: { note: "kept" } })).resolves.toMatchObject({
      metadata: { note: "kept" },
    });
  });
});

describe("trials on update", () => {
  it("a trial added to an active subscription runs from now; trial_end=now ends it and resets billing", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    emulator.clock.advance(2 * DAY);
    const trialing = await stripe.subscriptions.update(sub.id, { trial_end: T0 + 9 * DAY });
    expect(trialing).toMatchObject({
      status: "trialing",
      trial_start: T0 + 2 * DAY,
      trial_end: T0 + 9 * DAY,
      billing_cycle_anchor: T0 + 9 * DAY,
    });
    expect(trialing.items.data[0]).toMatchObject({
      current_period_start: T0 + 2 * DAY,
      current_period_end: T0 + 9 * DAY,
    });
    emulator.clock.advance(DAY);
    const ended = await stripe.subscriptions.update(sub.id, { trial_end: "now" });
    expect(ended).toMatchObject({
      status: "active",
      trial_end: T0 + 3 * DAY,
      billing_cycle_anchor: T0 + 3 * DAY,
    });
    expect(ended.items.data[0]?.current_period_start).toBe(T0 + 3 * DAY);
  });
});

describe("the clock", () => {
  it("rolls periods forward on the calendar as it moves", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    emulator.clock.set(Date.UTC(2026, 2, 5) / 1000);
    const later = await stripe.subscriptions.retrieve(sub.id);
    expect(later.status).toBe("active");
    // Anchored on the 31st: 28 Feb, then 31 Mar.
    expect(later.items.data[0]).toMatchObject({
      current_period_start: Date.UTC(2026, 1, 28, 12) / 1000,
      current_period_end: Date.UTC(2026, 2, 31, 12) / 1000,
    });
    expect(later.billing_cycle_anchor).toBe(T0);
  });

  it("ends a trial: the subscription turns active, billed from the trial end", async () => {
    const sub = await stripe.subscriptions.create({
      customer,
      items: [{ price: monthly }],
      trial_period_days: 7,
    });
    const res = await fetch(`${emulator.url}/_emulator/clock`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/x-www-form-urlencoded" },
      body: `advance=${8 * DAY}`,
    });
    expect(await res.json()).toEqual({ object: "emulator.clock", now: T0 + 8 * DAY });
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ status: "active", billing_cycle_anchor: T0 + 7 * DAY });
    expect(after.items.data[0]).toMatchObject({ current_period_start: T0 + 7 * DAY });
    const back = await fetch(`${emulator.url}/_emulator/clock`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/x-www-form-urlencoded" },
      body: `to=${T0}`,
    });
    expect(back.status).toBe(400);
  });
});

describe("cancel and list", () => {
  it("cancels at once with DELETE, and a second DELETE is a 404", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: T0, ended_at: T0 });
    expect(canceled.cancellation_details?.reason).toBe("cancellation_requested");
    expect(await stripeError(stripe.subscriptions.cancel(sub.id))).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
    expect(await stripeError(stripe.subscriptions.retrieve("sub_nope"))).toMatchObject({ statusCode: 404 });
  });

  it("filters by price, status (canceled hidden unless asked, `all`, `ended`) and customer", async () => {
    const other = await payingCustomer(stripe);
    const a = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const b = await stripe.subscriptions.create({
      customer: other,
      items: [{ price: monthly }, { price: monthly2 }],
    });
    const c = await stripe.subscriptions.create({
      customer: other,
      items: [{ price: monthly2 }],
      trial_period_days: 3,
    });
    await stripe.subscriptions.cancel(a.id);
    const ids = async (params: Stripe.SubscriptionListParams) =>
      (await stripe.subscriptions.list(params)).data.map((s) => s.id);
    expect(await ids({})).toEqual([c.id, b.id]);
    expect(await ids({ price: monthly })).toEqual([b.id]);
    expect(await ids({ price: monthly, status: "all" })).toEqual([b.id, a.id]);
    expect(await ids({ status: "canceled" })).toEqual([a.id]);
    expect(await ids({ status: "ended" })).toEqual([a.id]);
    expect(await ids({ status: "trialing" })).toEqual([c.id]);
    expect(await ids({ status: "active", price: monthly2 })).toEqual([b.id]);
    expect(await ids({ customer })).toEqual([]);
    expect(await ids({ customer, status: "all" })).toEqual([a.id]);
    const bad = await stripeError(
      stripe.subscriptions.list({ status: "gone" } as unknown as Stripe.SubscriptionListParams),
    );
    expect(bad).toMatchObject({ statusCode: 400, param: "status" });
  });

  it("pages with starting_after across a filter", async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const who = await payingCustomer(stripe);
      created.push(
        (await stripe.subscriptions.create({ customer: who, items: [{ price: i % 2 ? monthly : monthly2 }] }))
          .id,
      );
    }
    const onMonthly = created.filter((_, i) => i % 2 === 1).reverse();
    const page1 = await stripe.subscriptions.list({ price: monthly, limit: 2 });
    expect(page1.data.map((s) => s.id)).toEqual(onMonthly.slice(0, 2));
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.subscriptions.list({
      price: monthly,
      limit: 2,
      starting_after: page1.data[1]?.id,
    });
    expect(page2.data.map((s) => s.id)).toEqual(onMonthly.slice(2));
    expect(page2.has_more).toBe(false);
    const all: string[] = [];
    for await (const s of stripe.subscriptions.list({ limit: 3 })) all.push(s.id);
    expect(all).toEqual([...created].reverse());
  });

  it("expands what Stripe lets expand and refuses the rest", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    const one = await stripe.subscriptions.retrieve(sub.id, {
      expand: ["customer", "items.data.price.product"],
    });
    expect(one.customer).toMatchObject({ id: customer, object: "customer" });
    expect((one.items.data[0] as Stripe.SubscriptionItem).price.product).toMatchObject({
      id: "plan",
      object: "product",
    });
    const listed = await stripe.subscriptions.list({ expand: ["data.items.data.price.product"] });
    expect(
      ((listed.data[0] as Stripe.Subscription).items.data[0] as Stripe.SubscriptionItem).price.product,
    ).toMatchObject({
      id: "plan",
    });
    // The item's price is always an object; expanding it (as many integrations do) changes nothing.
    const price = await stripe.subscriptions.retrieve(sub.id, {
      expand: ["items.data.price", "latest_invoice"],
    });
    expect(price.items.data[0]?.price).toMatchObject({ id: monthly, product: "plan" });
    expect(price.latest_invoice).toBeNull();
    const unknown = await stripeError(stripe.subscriptions.retrieve(sub.id, { expand: ["items.data.plan"] }));
    expect(unknown).toMatchObject({ statusCode: 400, param: "expand" });
    const noPrefix = await stripeError(stripe.subscriptions.list({ expand: ["customer"] }));
    expect(noPrefix).toMatchObject({ statusCode: 400, param: "expand" });
  });

  it("deleting the customer cancels its subscriptions", async () => {
    const sub = await stripe.subscriptions.create({ customer, items: [{ price: monthly }] });
    await stripe.customers.del(customer);
    expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: "canceled", ended_at: T0 });
  });
});
