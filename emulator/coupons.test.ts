import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
});
afterEach(async () => {
  await emulator.close();
});

describe("coupons", () => {
  it("create a percent-off coupon with a chosen id", async () => {
    const coupon = await stripe.coupons.create({
      id: "launch-20",
      percent_off: 20,
      duration: "forever",
      name: "Launch",
    });
    expect(coupon).toMatchObject({
      id: "launch-20",
      object: "coupon",
      percent_off: 20,
      amount_off: null,
      currency: null,
      duration: "forever",
      duration_in_months: null,
      name: "Launch",
      valid: true,
      times_redeemed: 0,
      livemode: false,
    });
    const generated = await stripe.coupons.create({ percent_off: 12.5 });
    expect(generated.id).toMatch(/^[0-9A-Z]{8}$/);
    expect(generated.percent_off).toBe(12.5);
    expect(generated.duration).toBe("once");
    expect((await stripeError(stripe.coupons.create({ id: "launch-20", percent_off: 5 }))).code).toBe(
      "resource_already_exists",
    );
  });

  it("validate amount_off with currency and repeating with months", async () => {
    expect((await stripeError(stripe.coupons.create({ amount_off: 500 }))).param).toBe("currency");
    expect((await stripeError(stripe.coupons.create({ percent_off: 10, duration: "repeating" }))).param).toBe(
      "duration_in_months",
    );
    expect((await stripeError(stripe.coupons.create({ percent_off: 150 }))).param).toBe("percent_off");
    const coupon = await stripe.coupons.create({
      amount_off: 500,
      currency: "EUR",
      duration: "repeating",
      duration_in_months: 3,
      currency_options: { usd: { amount_off: 600 } },
    });
    expect(coupon).toMatchObject({ amount_off: 500, currency: "eur", duration_in_months: 3 });
    expect(coupon).not.toHaveProperty("currency_options");
    const expanded = await stripe.coupons.retrieve(coupon.id, { expand: ["currency_options"] });
    expect(expanded.currency_options).toEqual({ usd: { amount_off: 600 } });
  });

  it("include applies_to only when expanded and check the products exist", async () => {
    await stripe.products.create({ id: "plan", name: "Plan" });
    const coupon = await stripe.coupons.create({
      id: "c",
      percent_off: 10,
      applies_to: { products: ["plan"] },
    });
    expect(coupon).not.toHaveProperty("applies_to");
    expect((await stripe.coupons.retrieve("c", { expand: ["applies_to"] })).applies_to).toEqual({
      products: ["plan"],
    });
    const listed = await stripe.coupons.list({ expand: ["data.applies_to"] });
    expect(listed.data[0]?.applies_to).toEqual({ products: ["plan"] });
    const missing = await stripeError(
      stripe.coupons.create({ percent_off: 10, applies_to: { products: ["ghost"] } }),
    );
    expect(missing).toMatchObject({ code: "resource_missing", param: "applies_to[products][0]" });
  });

  it("update only name, metadata and currency options", async () => {
    await stripe.coupons.create({ id: "c", percent_off: 10, metadata: { a: "1" } });
    const updated = await stripe.coupons.update("c", { name: "Renamed", metadata: { b: "2" } });
    expect(updated).toMatchObject({ name: "Renamed", metadata: { a: "1", b: "2" }, percent_off: 10 });
    const error = await stripeError(
      stripe.coupons.update("c", { percent_off: 20 } as Stripe.CouponUpdateParams),
    );
    expect(error).toMatchObject({ message: "Received unknown parameter: percent_off", param: "percent_off" });
  });

  it("delete, then 404", async () => {
    await stripe.coupons.create({ id: "gone", percent_off: 10 });
    await expect(stripe.coupons.del("gone")).resolves.toEqual({
      id: "gone",
      object: "coupon",
      deleted: true,
    });
    expect((await stripeError(stripe.coupons.retrieve("gone"))).statusCode).toBe(404);
    expect((await stripeError(stripe.coupons.del("gone"))).code).toBe("resource_missing");
    expect(emulator.store.coupons.size).toBe(0);
  });

  it("list newest first with pagination", async () => {
    for (const id of ["a", "b", "c"]) await stripe.coupons.create({ id, percent_off: 5 });
    const all = await stripe.coupons.list({ limit: 2 }).autoPagingToArray({ limit: 10 });
    expect(all.map((c) => c.id)).toEqual(["c", "b", "a"]);
  });
});
