import { afterEach, describe, expect, it } from "vitest";
import { recurringPrice, startWithClient, stripeError, subscriptionIdsOn } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

const open: EmulatorHandle[] = [];
async function start(seed = 1) {
  const started = await startWithClient({ seed, clock: () => Date.UTC(2026, 4, 1) });
  open.push(started.emulator);
  return started;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

async function post(emulator: EmulatorHandle, path: string, body: string): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: "POST",
    headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

describe("seeding subscribers", () => {
  it("creates N customers each with one active subscription, spread by weight, and lists them by price", async () => {
    const { emulator, stripe } = await start();
    const basic = await recurringPrice(stripe, { amount: 1000 });
    const pro = await recurringPrice(stripe, { amount: 5000 });
    const result = emulator.seed({
      customers: 1000,
      prices: [
        { price: basic, weight: 3 },
        { price: pro, quantity: 5 },
      ],
      seed: 42,
    });
    expect(result.subscriptions).toBe(1000);
    const onBasic = result.by_price[basic] ?? 0;
    const onPro = result.by_price[pro] ?? 0;
    expect(onBasic + onPro).toBe(1000);
    expect(onBasic).toBeGreaterThan(650);
    expect(onBasic).toBeLessThan(850);
    expect(emulator.store.customers.size).toBe(1000);
    expect(await subscriptionIdsOn(stripe, pro, "active")).toHaveLength(onPro);
    const sample = await stripe.subscriptions.list({ price: pro, limit: 1 });
    expect(sample.data[0]).toMatchObject({ status: "active", currency: "usd" });
    expect(sample.data[0]?.items.data[0]).toMatchObject({ quantity: 5, price: { id: pro } });
    // Start dates are spread over the last month, so every period is current.
    const now = emulator.clock.now();
    for (const sub of emulator.store.subscriptions.list()) {
      const item = sub.items[0];
      expect(item?.current_period_start).toBeLessThanOrEqual(now);
      expect(item?.current_period_end).toBeGreaterThan(now);
    }
  });

  it("is deterministic: same seed, same ids and assignment; another seed, another assignment", async () => {
    const runs = [];
    for (const seed of [7, 7, 8]) {
      const { emulator, stripe } = await start();
      const a = await recurringPrice(stripe, { amount: 100 });
      const b = await recurringPrice(stripe, { amount: 200 });
      const result = emulator.seed({ customers: 200, prices: [{ price: a }, { price: b }], seed });
      runs.push({
        result,
        assignment: emulator.store.subscriptions.list().map((s) => s.items[0]?.price === a),
      });
    }
    expect(runs[1]?.result.subscription_ids).toEqual(runs[0]?.result.subscription_ids);
    expect(runs[1]?.assignment).toEqual(runs[0]?.assignment);
    expect(runs[2]?.assignment).not.toEqual(runs[0]?.assignment);
  });

  it("applies Stripe's item rules to the prices", async () => {
    const { emulator, stripe } = await start();
    const archived = await recurringPrice(stripe, { amount: 100 });
    await stripe.prices.update(archived, { active: false });
    expect(() => emulator.seed({ customers: 1, prices: [{ price: archived }] })).toThrow(/inactive/);
    const oneTime = await stripe.prices.create({ product: "seeded", currency: "usd", unit_amount: 1 });
    expect(() => emulator.seed({ customers: 1, prices: [{ price: oneTime.id }] })).toThrow(/one_time/);
    expect(() => emulator.seed({ customers: 0, prices: [] })).toThrow(/customers/);
    expect(emulator.store.subscriptions.size).toBe(0);
  });

  it("answers at POST /_emulator/seed, outside Stripe's namespace, never faulted or rate-limited", async () => {
    const { emulator, stripe } = await start();
    const price = await recurringPrice(stripe, { amount: 900 });
    emulator.setFaults(1, "before");
    emulator.setRateLimit(1);
    const res = await post(
      emulator,
      "/_emulator/seed",
      `customers=25&prices[0][price]=${price}&prices[0][quantity]=2&prices[0][status]=past_due&seed=3`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { by_price: Record<string, number> };
    expect(body.by_price).toEqual({ [price]: 25 });
    emulator.setFaults(0);
    emulator.setRateLimit(undefined);
    expect(await subscriptionIdsOn(stripe, price, "past_due")).toHaveLength(25);
    const bad = await post(emulator, "/_emulator/seed", `customers=2&prices[0][price]=price_nope`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("resource_missing");
    const unknown = await post(emulator, "/_emulator/nothing", "");
    expect(unknown.status).toBe(404);
    const noKey = await fetch(`${emulator.url}/_emulator/clock`);
    expect(noKey.status).toBe(401);
  });

  it("seeds 10,000 subscriptions in a few seconds and pages through them by price", async () => {
    const { emulator, stripe } = await start();
    const prices = [
      await recurringPrice(stripe, { amount: 1000 }),
      await recurringPrice(stripe, { amount: 2000 }),
      await recurringPrice(stripe, { amount: 30000, interval: "year" }),
    ];
    const started = performance.now();
    const result = emulator.seed({ customers: 10_000, prices: prices.map((price) => ({ price })), seed: 9 });
    const seeded = performance.now() - started;
    expect(seeded).toBeLessThan(3000);
    expect(result.subscriptions).toBe(10_000);
    const yearly = prices[2] as string;
    const listStart = performance.now();
    const ids = await subscriptionIdsOn(stripe, yearly);
    expect(ids).toHaveLength(result.by_price[yearly] ?? -1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(performance.now() - listStart).toBeLessThan(10_000);
    const errorOnCursor = await stripeError(stripe.subscriptions.list({ starting_after: "sub_nope" }));
    expect(errorOnCursor).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "starting_after",
    });
  }, 30_000);
});
