import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  clientFor,
  payingCustomer,
  recurringPrice,
  startWithClient,
  stripeError,
  subscriptionIdsOn,
} from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;
let a: string;
let b: string;
let yearly: string;
let sub: Stripe.Subscription;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
  a = await recurringPrice(stripe, { amount: 1000 });
  b = await recurringPrice(stripe, { amount: 1500 });
  yearly = await recurringPrice(stripe, { amount: 9000, interval: "year" });
  const customer = await payingCustomer(stripe);
  sub = await stripe.subscriptions.create({ customer, items: [{ price: a, quantity: 2 }] });
});
afterEach(async () => {
  await emulator.close();
});

const itemOf = (s: Stripe.Subscription) => s.items.data[0] as Stripe.SubscriptionItem;

describe("/v1/subscription_items", () => {
  it("retrieves an item and moves it to another price, as a migration would", async () => {
    const item = itemOf(sub);
    expect(await stripe.subscriptionItems.retrieve(item.id)).toMatchObject({
      id: item.id,
      subscription: sub.id,
      price: { id: a },
      quantity: 2,
    });
    const moved = await stripe.subscriptionItems.update(item.id, { price: b, proration_behavior: "none" });
    expect(moved).toMatchObject({ id: item.id, price: { id: b }, quantity: 1 });
    expect(itemOf(await stripe.subscriptions.retrieve(sub.id)).price.id).toBe(b);
    expect((await stripe.subscriptions.list({ price: a })).data).toEqual([]);
  });

  it("names the offending parameter plainly and changes nothing when refused", async () => {
    const item = itemOf(sub);
    const interval = await stripeError(
      stripe.subscriptionItems.create({ subscription: sub.id, price: yearly }),
    );
    expect(interval).toMatchObject({ statusCode: 400, param: "price" });
    const twice = await stripeError(stripe.subscriptionItems.create({ subscription: sub.id, price: a }));
    expect(twice).toMatchObject({ statusCode: 400, param: "price" });
    await stripe.prices.update(b, { active: false });
    const inactive = await stripeError(stripe.subscriptionItems.update(item.id, { price: b }));
    expect(inactive).toMatchObject({ statusCode: 400, param: "price" });
    expect(await stripeError(stripe.subscriptionItems.retrieve("si_nope"))).toMatchObject({
      statusCode: 404,
    });
    expect(itemOf(await stripe.subscriptions.retrieve(sub.id))).toMatchObject({
      price: { id: a },
      quantity: 2,
    });
  });

  it("adds, lists and deletes items, but never the last one", async () => {
    const added = await stripe.subscriptionItems.create({ subscription: sub.id, price: b, quantity: 3 });
    expect(added).toMatchObject({ object: "subscription_item", subscription: sub.id, quantity: 3 });
    expect(added.current_period_end).toBe(itemOf(sub).current_period_end);
    const listed = await stripe.subscriptionItems.list({ subscription: sub.id });
    expect(listed.data.map((i) => i.price.id)).toEqual([a, b]);
    expect(
      await stripeError(stripe.subscriptionItems.list({} as Stripe.SubscriptionItemListParams)),
    ).toMatchObject({
      code: "parameter_missing",
      param: "subscription",
    });
    expect(await stripe.subscriptionItems.del(added.id)).toEqual(
      expect.objectContaining({ id: added.id, object: "subscription_item", deleted: true }),
    );
    const last = await stripeError(stripe.subscriptionItems.del(itemOf(sub).id));
    expect(last).toMatchObject({ statusCode: 400 });
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data).toHaveLength(1);
  });

  it("refuses to change the items of a canceled subscription", async () => {
    await stripe.subscriptions.cancel(sub.id);
    const error = await stripeError(stripe.subscriptionItems.update(itemOf(sub).id, { quantity: 5 }));
    expect(error).toMatchObject({ statusCode: 400 });
  });
});

describe("faults on a migration's writes", () => {
  it("a fault after the write keeps the change and replays the 500 under the same key", async () => {
    const item = itemOf(sub);
    emulator.setFaults(1, "after", ["POST"]);
    const first = await stripeError(
      stripe.subscriptionItems.update(item.id, { price: b }, { idempotencyKey: "move-1" }),
    );
    expect(first.statusCode).toBe(500);
    const replay = await stripeError(
      stripe.subscriptionItems.update(item.id, { price: b }, { idempotencyKey: "move-1" }),
    );
    expect(replay.statusCode).toBe(500);
    expect(replay.headers?.["idempotent-replayed"]).toBe("true");
    emulator.setFaults(0);
    // The client cannot tell from the 500; reading the subscription shows the move happened once.
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((i) => [i.id, i.price.id])).toEqual([[item.id, b]]);
  });

  it("with 30% faults before the write and SDK retries, all 40 seeded subscriptions reach the new price", async () => {
    const seeded = emulator.seed({ customers: 40, prices: [{ price: a }], seed: 5 });
    emulator.setFaults(0.3, "before", ["POST"]);
    emulator.resetCounts();
    const retrying = clientFor(emulator, { maxNetworkRetries: 8 });
    for (const id of seeded.subscription_ids) {
      const s = emulator.store.subscriptions.get(id);
      const item = s?.items[0];
      if (item === undefined) throw new Error(`no item on ${id}`);
      await retrying.subscriptionItems.update(item.id, { price: b, proration_behavior: "none" });
    }
    emulator.setFaults(0);
    const moved = new Set(await subscriptionIdsOn(stripe, b));
    expect(seeded.subscription_ids.every((id) => moved.has(id))).toBe(true);
    expect(await subscriptionIdsOn(stripe, a)).toEqual([sub.id]);
    // Some requests were refused and retried: the faults really struck.
    expect(emulator.requestCount({ method: "POST", path: /^\/v1\/subscription_items\// })).toBeGreaterThan(
      40,
    );
  });
});
