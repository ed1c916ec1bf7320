/**
 * Stripe's string limits, through the real SDK: `maxLength` from Stripe's OpenAPI spec (coupon
 * name 40, unit_label 12, statement_descriptor 22, lookup_key 200, meter display_name 250 and
 * event_name 100, names and nicknames 5000, description 40000) and the metadata rules of
 * https://docs.stripe.com/api/metadata (50 keys, 40-character keys, 500-character values).
 */
import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
  await stripe.products.create({ id: "plan", name: "Plan" });
});
afterEach(async () => {
  await emulator.close();
});

const chars = (n: number): string => "x".repeat(n);

async function expectTooLong(action: Promise<unknown>, param: string, max: number): Promise<void> {
  const error = await stripeError(action);
  expect(error.statusCode).toBe(400);
  expect(error.type).toBe("StripeInvalidRequestError");
  expect(error.param).toBe(param);
  expect(error.message).toMatch(new RegExp(`must be at most ${max} characters$`));
}

describe("string limits", () => {
  it("a coupon name has at most 40 characters, on create and on update", async () => {
    await expect(stripe.coupons.create({ id: "c", percent_off: 10, name: chars(40) })).resolves.toMatchObject(
      {
        name: chars(40),
      },
    );
    const name = "Home and public charging, premium tier launch";
    expect(name.length).toBeGreaterThan(40);
    await expectTooLong(stripe.coupons.create({ percent_off: 10, name }), "name", 40);
    await expectTooLong(stripe.coupons.update("c", { name: chars(41) }), "name", 40);
    expect(emulator.store.coupons.size).toBe(1);
  });

  it("counts characters, not UTF-16 units: 40 emoji are a valid coupon name", async () => {
    const name = "🔌".repeat(40);
    expect(name.length).toBe(80);
    await expect(stripe.coupons.create({ percent_off: 10, name })).resolves.toMatchObject({ name });
  });

  it.each([
    ["product name", "name", 5000, (v: string) => stripe.products.create({ name: v })],
    [
      "product unit_label",
      "unit_label",
      12,
      (v: string) => stripe.products.create({ name: "P", unit_label: v }),
    ],
    [
      "product statement_descriptor",
      "statement_descriptor",
      22,
      (v: string) => stripe.products.create({ name: "P", statement_descriptor: v }),
    ],
    [
      "product description",
      "description",
      40000,
      (v: string) => stripe.products.update("plan", { description: v }),
    ],
    ["product update name", "name", 5000, (v: string) => stripe.products.update("plan", { name: v })],
    [
      "price nickname",
      "nickname",
      5000,
      (v: string) => stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 1, nickname: v }),
    ],
    [
      "price lookup_key",
      "lookup_key",
      200,
      (v: string) =>
        stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 1, lookup_key: v }),
    ],
    [
      "meter display_name",
      "display_name",
      250,
      (v: string) =>
        stripe.billing.meters.create({
          display_name: v,
          event_name: "e1",
          default_aggregation: { formula: "sum" },
        }),
    ],
    [
      "meter event_name",
      "event_name",
      100,
      (v: string) =>
        stripe.billing.meters.create({
          display_name: "M",
          event_name: v,
          default_aggregation: { formula: "sum" },
        }),
    ],
  ] as const)("%s: %s accepts %i characters and refuses one more", async (_label, param, max, call) => {
    await expect(call(chars(max))).resolves.toBeDefined();
    await expectTooLong(call(chars(max + 1)), param, max);
  });

  it("metadata: 50 keys, keys of 40 characters, values of 500 characters", async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await expect(stripe.products.update("plan", { metadata: fifty })).resolves.toBeDefined();
    const over = await stripeError(stripe.products.update("plan", { metadata: { k50: "v" } }));
    expect(over).toMatchObject({ statusCode: 400, param: "metadata" });
    await expect(
      stripe.products.update("plan", { metadata: { [chars(40)]: "v", k0: "" } }),
    ).resolves.toBeDefined();
    const key = await stripeError(stripe.products.update("plan", { metadata: { [chars(41)]: "v" } }));
    expect(key).toMatchObject({ statusCode: 400, param: `metadata[${chars(41)}]` });
    await expect(stripe.products.update("plan", { metadata: { k1: chars(500) } })).resolves.toBeDefined();
    const value = await stripeError(stripe.products.update("plan", { metadata: { k1: chars(501) } }));
    expect(value).toMatchObject({ statusCode: 400, param: "metadata[k1]" });
  });
});
