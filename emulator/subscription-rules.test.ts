/** Stripe's rules for a subscription's items, on create and on update, through the real SDK. */
import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { payingCustomer, startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;
let customer: string;
const ids: Record<string, string> = {};

async function price(name: string, params: Partial<Stripe.PriceCreateParams>): Promise<void> {
  ids[name] = (
    await stripe.prices.create({
      product: "plan",
      currency: "usd",
      unit_amount: 100,
      ...params,
    } as Stripe.PriceCreateParams)
  ).id;
}

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
  await stripe.products.create({ id: "plan", name: "Plan" });
  const meter = await stripe.billing.meters.create({
    display_name: "Calls",
    event_name: "calls",
    default_aggregation: { formula: "sum" },
  });
  await price("monthly", { recurring: { interval: "month" } });
  await price("monthly2", { unit_amount: 200, recurring: { interval: "month" } });
  await price("quarterly", { recurring: { interval: "month", interval_count: 3 } });
  await price("yearly", { recurring: { interval: "year" } });
  await price("eur", { currency: "eur", recurring: { interval: "month" } });
  await price("oneTime", {});
  await price("archived", { recurring: { interval: "month" } });
  await stripe.prices.update(ids.archived as string, { active: false });
  await price("metered", { recurring: { interval: "month", usage_type: "metered", meter: meter.id } });
  customer = await payingCustomer(stripe);
});
afterEach(async () => {
  await emulator.close();
});

const create = (items: Stripe.SubscriptionCreateParams.Item[]) =>
  stripe.subscriptions.create({ customer, items });
const p = (name: string) => ids[name] as string;

describe("an item's price", () => {
  it("must be active", async () => {
    const error = await stripeError(create([{ price: p("archived") }]));
    expect(error).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      param: "items[0][price]",
    });
    expect(error.message).toBe("The price specified is inactive. This field only accepts active prices.");
  });

  it("must be recurring", async () => {
    const error = await stripeError(create([{ price: p("oneTime") }]));
    expect(error).toMatchObject({ statusCode: 400, param: "items[0][price]" });
    expect(error.message).toMatch(/`type=one_time` but this field only accepts prices with `type=recurring`/);
  });

  it("appears once per subscription", async () => {
    const error = await stripeError(create([{ price: p("monthly") }, { price: p("monthly"), quantity: 2 }]));
    expect(error).toMatchObject({ statusCode: 400, param: "plan" });
    expect(error.message).toBe(
      `Cannot create a Subscription with multiple Subscription Items with the same Price: ${p("monthly")}`,
    );
  });

  it("of a metered price takes no quantity, and the item has none", async () => {
    const error = await stripeError(create([{ price: p("metered"), quantity: 1 }]));
    expect(error).toMatchObject({ statusCode: 400, param: "items[0][quantity]" });
    const sub = await create([{ price: p("metered") }, { price: p("monthly"), quantity: 2 }]);
    expect(sub.items.data[0]).not.toHaveProperty("quantity");
    expect(sub.items.data[1]?.quantity).toBe(2);
  });
});

describe("all items of a subscription", () => {
  it.each([
    ["currency", "eur"],
    ["interval", "yearly"],
    ["interval_count", "quarterly"],
  ])("share one %s", async (field, other) => {
    const error = await stripeError(create([{ price: p("monthly") }, { price: p(other) }]));
    expect(error).toMatchObject({ statusCode: 400, param: "items[1][price]" });
    expect(error.message).toBe(
      `Currency and interval fields must match across all plans on this subscription. Found mismatch in ${field} field.`,
    );
    expect(emulator.store.subscriptions.size).toBe(0);
  });

  it("number at most 20", async () => {
    const prices: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      prices.push(
        (
          await stripe.prices.create({
            product: "plan",
            currency: "usd",
            unit_amount: i + 1,
            recurring: { interval: "month" },
          })
        ).id,
      );
    }
    const error = await stripeError(create(prices.map((id) => ({ price: id }))));
    expect(error).toMatchObject({ statusCode: 400, param: "items" });
  });

  it("refuses a negative quantity", async () => {
    const error = await stripeError(create([{ price: p("monthly"), quantity: -1 }]));
    expect(error).toMatchObject({ statusCode: 400, param: "items[0][quantity]" });
  });
});

describe("the same rules on update", () => {
  it("hold for changed and added items, and a refused update changes nothing", async () => {
    const sub = await create([{ price: p("monthly") }, { price: p("monthly2") }]);
    const [first, second] = sub.items.data as [Stripe.SubscriptionItem, Stripe.SubscriptionItem];
    const cases: [Stripe.SubscriptionUpdateParams.Item[], string][] = [
      [[{ id: first.id, price: p("archived") }], "items[0][price]"],
      [[{ id: first.id, price: p("oneTime") }], "items[0][price]"],
      [[{ id: first.id, price: p("monthly2") }], "items[0][price]"],
      [[{ price: p("monthly") }], "items[0][price]"],
      [[{ id: first.id, price: p("yearly") }], "items[0][price]"],
      [[{ price: p("eur") }], "items[0][price]"],
      [[{ price: p("metered"), quantity: 3 }], "items[0][quantity]"],
    ];
    for (const [items, param] of cases) {
      const error = await stripeError(stripe.subscriptions.update(sub.id, { items }));
      expect(error, JSON.stringify(items)).toMatchObject({ statusCode: 400, param });
    }
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((i) => [i.id, i.price.id])).toEqual([
      [first.id, p("monthly")],
      [second.id, p("monthly2")],
    ]);
    // Swapping both items to another interval together is allowed: the billing date resets.
    const swapped = await stripe.subscriptions.update(sub.id, {
      items: [
        { id: first.id, price: p("yearly") },
        { id: second.id, deleted: true },
      ],
    });
    expect(swapped.items.data.map((i) => i.price.id)).toEqual([p("yearly")]);
  });

  it("lets an item stay on a price archived after it was subscribed", async () => {
    const sub = await create([{ price: p("monthly"), quantity: 1 }]);
    await stripe.prices.update(p("monthly"), { active: false });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: 4 }] });
    expect(updated.items.data[0]).toMatchObject({ quantity: 4, price: { id: p("monthly"), active: false } });
  });
});
