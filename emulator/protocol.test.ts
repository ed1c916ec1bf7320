import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { clientFor, startWithClient, stripeError } from "../test/helpers/emulator.js";
import { type EmulatorHandle, startEmulator } from "./index.js";

const running: EmulatorHandle[] = [];

async function start(
  options: Parameters<typeof startWithClient>[0] = {},
  client: Parameters<typeof clientFor>[1] = {},
) {
  const started = await startWithClient(options, client);
  running.push(started.emulator);
  return started;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

describe("authentication and routing", () => {
  it("answers 401 without a key, with a bad key and with a live key", async () => {
    const { emulator } = await start();
    const response = await fetch(`${emulator.url}/v1/products`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^You did not provide an API key/);
    expect(response.headers.get("request-id")).toMatch(/^req_/);

    const bad = await stripeError(clientFor(emulator, { apiKey: "pk_test_nope" }).products.list());
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(bad.statusCode).toBe(401);
    const live = await stripeError(clientFor(emulator, { apiKey: "sk_live_abc" }).products.list());
    expect(live.statusCode).toBe(401);

    const restricted = clientFor(emulator, { apiKey: "rk_test_restricted" });
    await expect(restricted.products.list()).resolves.toMatchObject({ object: "list" });
    const basic = await fetch(`${emulator.url}/v1/products`, {
      headers: { Authorization: `Basic ${Buffer.from("sk_test_curl:").toString("base64")}` },
    });
    expect(basic.status).toBe(200);
  });

  it("answers 404 for unknown URLs and sets Request-Id on every response", async () => {
    const { emulator, stripe } = await start();
    const error = await stripeError(stripe.rawRequest("GET", "/v1/invoices"));
    expect(error.statusCode).toBe(404);
    expect(error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/invoices\)/);
    const product = await stripe.products.create({ name: "P" });
    expect(product.lastResponse.requestId).toMatch(/^req_/);
    expect(product.lastResponse.requestId).not.toBe(error.requestId);
    expect(emulator.requestCount()).toBe(2);
  });
});

describe("idempotency", () => {
  it("replays the first response for the same key and parameters", async () => {
    const { emulator, stripe } = await start();
    const first = await stripe.products.create({ name: "Once" }, { idempotencyKey: "key-1" });
    const again = await stripe.products.create({ name: "Once" }, { idempotencyKey: "key-1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(emulator.store.products.size).toBe(1);
  });

  it("refuses the same key with other parameters or another endpoint", async () => {
    const { stripe } = await start();
    await stripe.products.create({ name: "Once" }, { idempotencyKey: "key-1" });
    const other = await stripeError(stripe.products.create({ name: "Twice" }, { idempotencyKey: "key-1" }));
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other.statusCode).toBe(400);
    expect(other.message).toMatch(/same parameters/);
    const endpoint = await stripeError(
      stripe.coupons.create({ percent_off: 5 }, { idempotencyKey: "key-1" }),
    );
    expect(endpoint.message).toMatch(/same endpoint/);
  });

  it("scopes keys per API key", async () => {
    const { emulator, stripe } = await start();
    const mine = await stripe.products.create({ name: "Mine" }, { idempotencyKey: "shared" });
    const theirs = await clientFor(emulator, { apiKey: "sk_test_other" }).products.create(
      { name: "Theirs" },
      { idempotencyKey: "shared" },
    );
    expect(theirs.id).not.toBe(mine.id);
    expect(emulator.store.products.size).toBe(2);
  });

  it("replays errors raised while executing, but not parameter validation errors", async () => {
    const { stripe } = await start();
    await stripe.products.create({ id: "dup", name: "Dup" });
    const original = await stripeError(
      stripe.products.create({ id: "dup", name: "Dup" }, { idempotencyKey: "k" }),
    );
    expect(original.code).toBe("resource_already_exists");
    await stripe.products.del("dup");
    const replayed = await stripeError(
      stripe.products.create({ id: "dup", name: "Dup" }, { idempotencyKey: "k" }),
    );
    expect(replayed.code).toBe("resource_already_exists");
    expect(replayed.headers?.["idempotent-replayed"]).toBe("true");

    const invalid = await stripeError(
      stripe.products.create({ name: "X", colour: "red" } as Stripe.ProductCreateParams, {
        idempotencyKey: "v",
      }),
    );
    expect(invalid.code).toBe("parameter_unknown");
    await expect(stripe.products.create({ name: "X" }, { idempotencyKey: "v" })).resolves.toMatchObject({
      name: "X",
    });
  });

  it("forgets keys on store reset, along with the objects", async () => {
    const { emulator, stripe } = await start();
    const before = await stripe.products.create({ name: "A" }, { idempotencyKey: "k" });
    emulator.store.reset();
    expect(emulator.store.products.size).toBe(0);
    const after = await stripe.products.create({ name: "B" }, { idempotencyKey: "k" });
    expect(after.name).toBe("B");
    expect(after.id).toBe(before.id);
  });
});

describe("deterministic ids", () => {
  it("repeat for the same seed and requests, and differ across seeds", async () => {
    const run = async (seed: number): Promise<string[]> => {
      const { stripe } = await start({ seed });
      const product = await stripe.products.create({ name: "P" });
      const price = await stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 1 });
      const meter = await stripe.billing.meters.create({
        display_name: "M",
        event_name: "m",
        default_aggregation: { formula: "count" },
      });
      const coupon = await stripe.coupons.create({ percent_off: 5 });
      return [product.id, price.id, meter.id, coupon.id];
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
  });
});

describe("request counts", () => {
  it("count by method and path, and reset", async () => {
    const { emulator, stripe } = await start();
    await stripe.products.create({ id: "p", name: "P" });
    await stripe.products.retrieve("p");
    await stripe.prices.list();
    expect(emulator.requestCount({ method: "POST" })).toBe(1);
    expect(emulator.requestCount({ method: "get", path: /^\/v1\/products\// })).toBe(1);
    expect(emulator.requestCount({ path: /prices/ })).toBe(1);
    emulator.resetCounts();
    expect(emulator.requestCount()).toBe(0);
  });
});

describe("rate limit", () => {
  it("answers 429 rate_limit over the limit", async () => {
    const { emulator, stripe } = await start({ rateLimit: 2 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(() => stripe.products.list()));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThanOrEqual(3);
    const error = (refused[0] as PromiseRejectedResult).reason as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error.code).toBe("rate_limit");
    expect(error.statusCode).toBe(429);
    expect(error.headers?.["stripe-should-retry"]).toBeUndefined();
    emulator.setRateLimit(undefined);
    await expect(stripe.products.list()).resolves.toMatchObject({ object: "list" });
  });

  it("is not retried by the SDK, even with retries on, because it carries no Stripe-Should-Retry", async () => {
    const { emulator, stripe } = await start({ rateLimit: 3 }, { maxNetworkRetries: 2 });
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4, 5].map((i) => stripe.products.create({ id: `p${i}`, name: `P${i}` })),
    );
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const r of refused) expect(r.reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    // One attempt per call: the SDK retried none of the 429s.
    expect(emulator.requestCount({ method: "POST" })).toBe(6);
    expect(emulator.store.products.size).toBe(6 - refused.length);
  });

  it("differs from injected 500 and lock_timeout faults, which say Stripe-Should-Retry: true and are retried", async () => {
    const { emulator, stripe } = await start({ faultRate: 1 }, { maxNetworkRetries: 1 });
    const error = await stripeError(stripe.products.create({ name: "P" }));
    expect(error.statusCode).toBeGreaterThanOrEqual(429);
    expect(emulator.requestCount({ method: "POST" })).toBe(2);
  });
});

describe("fault injection", () => {
  it("before mode: failed requests did not run, and SDK retries converge", async () => {
    // Seed 2 never faults three attempts in a row over these requests (seed 3 does: the SDK gives up).
    const { emulator, stripe } = await start({ faultRate: 0.3, seed: 2 }, { maxNetworkRetries: 2 });
    for (let i = 0; i < 10; i += 1) await stripe.products.create({ name: `P${i}` });
    expect(emulator.store.products.size).toBe(10);
    expect(emulator.requestCount({ method: "POST" })).toBeGreaterThan(10);
  });

  it("before mode without retries surfaces 500 api_error or 429 lock_timeout", async () => {
    const { emulator, stripe } = await start({ faultRate: 1 });
    const errors = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => stripeError(stripe.products.create({ name: "P" }))),
    );
    for (const error of errors) {
      expect([500, 429]).toContain(error.statusCode);
      if (error.statusCode === 429) expect(error.code).toBe("lock_timeout");
      else expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    }
    expect(emulator.store.products.size).toBe(0);
  });

  it("after mode: the request runs, the client gets a 500 that its key replays", async () => {
    const { emulator, stripe } = await start(
      { faultRate: 1, faultMode: "after", faultMethods: ["POST"] },
      { maxNetworkRetries: 2 },
    );
    const error = await stripeError(
      stripe.products.create({ id: "p", name: "P" }, { idempotencyKey: "crash" }),
    );
    expect(error.statusCode).toBe(500);
    expect(error.headers?.["stripe-should-retry"]).toBe("false");
    expect(emulator.requestCount({ method: "POST" })).toBe(1);
    expect(emulator.store.products.get("p")?.name).toBe("P");
    await expect(stripe.products.retrieve("p")).resolves.toMatchObject({ id: "p" });

    emulator.setFaults(0);
    const replay = await stripeError(
      stripe.products.create({ id: "p", name: "P" }, { idempotencyKey: "crash" }),
    );
    expect(replay.statusCode).toBe(500);
    expect(replay.headers?.["idempotent-replayed"]).toBe("true");
    const fresh = await stripeError(stripe.products.create({ id: "p", name: "P" }));
    expect(fresh.code).toBe("resource_already_exists");
  });

  it("rate_limit mode: a header-less 429 rate_limit that the SDK does not retry, and nothing runs", async () => {
    const { emulator, stripe } = await start(
      { faultRate: 1, faultMode: "rate_limit", faultMethods: ["POST"] },
      { maxNetworkRetries: 2 },
    );
    const error = await stripeError(stripe.products.create({ name: "P" }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error.code).toBe("rate_limit");
    expect(error.headers?.["stripe-should-retry"]).toBeUndefined();
    expect(emulator.requestCount({ method: "POST" })).toBe(1);
    expect(emulator.store.products.size).toBe(0);
  });

  it("can be limited to some methods", async () => {
    const emulator = await startEmulator({ port: 0, faultRate: 1, faultMethods: ["POST"] });
    running.push(emulator);
    const stripe = clientFor(emulator);
    await expect(stripe.products.list()).resolves.toMatchObject({ object: "list" });
    expect((await stripeError(stripe.products.create({ name: "P" }))).statusCode).toBeGreaterThanOrEqual(429);
  });
});
