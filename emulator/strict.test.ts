/**
 * Strict as Stripe, through the real SDK: currency-option tiers only under their own expansion
 * (`currency_options.<currency>.tiers`), `applies_to` only when expanded, and meter event names
 * reserved by deactivated meters.
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

describe("currency-option tiers need their own expansion", () => {
  async function tieredPrice(): Promise<Stripe.Price> {
    return stripe.prices.create({
      product: "plan",
      currency: "eur",
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: [
        { up_to: 100, unit_amount: 30 },
        { up_to: "inf", unit_amount: 25 },
      ],
      currency_options: {
        usd: {
          tiers: [
            { up_to: 100, unit_amount: 33 },
            { up_to: "inf", unit_amount: 28 },
          ],
        },
      },
    });
  }

  it("on retrieve: currency_options alone (even with tiers) has no option tiers", async () => {
    const price = await tieredPrice();
    const plain = await stripe.prices.retrieve(price.id, { expand: ["currency_options", "tiers"] });
    expect(plain.tiers).toHaveLength(2);
    expect(Object.keys(plain.currency_options ?? {})).toEqual(["eur", "usd"]);
    expect(plain.currency_options?.usd).not.toHaveProperty("tiers");
    expect(plain.currency_options?.eur).not.toHaveProperty("tiers");

    const usd = await stripe.prices.retrieve(price.id, { expand: ["currency_options.usd.tiers"] });
    expect(usd.currency_options?.usd?.tiers?.map((t) => t.unit_amount)).toEqual([33, 28]);
    expect(usd.currency_options?.eur).not.toHaveProperty("tiers");
    expect(usd).not.toHaveProperty("tiers");
    const both = await stripe.prices.retrieve(price.id, {
      expand: ["currency_options.usd.tiers", "currency_options.eur.tiers"],
    });
    expect(both.currency_options?.eur?.tiers?.map((t) => t.unit_amount)).toEqual([30, 25]);
  });

  it("on list: data.currency_options.<currency>.tiers, and only with the data. prefix", async () => {
    await tieredPrice();
    const plain = await stripe.prices.list({ expand: ["data.currency_options", "data.tiers"] });
    expect(plain.data[0]?.currency_options?.usd).not.toHaveProperty("tiers");
    const listed = await stripe.prices.list({ expand: ["data.currency_options.usd.tiers"] });
    expect(listed.data[0]?.currency_options?.usd?.tiers).toHaveLength(2);
    const noPrefix = await stripeError(stripe.prices.list({ expand: ["currency_options.usd.tiers"] }));
    expect(noPrefix).toMatchObject({ statusCode: 400, param: "expand" });
    const wildcard = await stripeError(stripe.prices.list({ expand: ["data.currency_options.*.tiers"] }));
    expect(wildcard).toMatchObject({ statusCode: 400, param: "expand" });
  });
});

describe("expansion-only fields and reserved names", () => {
  it("a coupon's applies_to appears only when expanded, on retrieve and on list", async () => {
    const created = await stripe.coupons.create({
      id: "c",
      percent_off: 10,
      applies_to: { products: ["plan"] },
    });
    expect(created).not.toHaveProperty("applies_to");
    expect(await stripe.coupons.retrieve("c")).not.toHaveProperty("applies_to");
    expect((await stripe.coupons.list()).data[0]).not.toHaveProperty("applies_to");
    expect((await stripe.coupons.retrieve("c", { expand: ["applies_to"] })).applies_to).toEqual({
      products: ["plan"],
    });
    expect((await stripe.coupons.list({ expand: ["data.applies_to"] })).data[0]?.applies_to).toEqual({
      products: ["plan"],
    });
  });

  it("a meter's event_name stays reserved once the meter is deactivated", async () => {
    const params = {
      display_name: "Energy",
      event_name: "energy_kwh",
      default_aggregation: { formula: "sum" },
    } as const;
    const first = await stripe.billing.meters.create(params);
    await stripe.billing.meters.deactivate(first.id);
    const again = await stripeError(
      stripe.billing.meters.create({ ...params, display_name: "Energy (renamed)" }),
    );
    expect(again).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError", param: "event_name" });
    expect(again.message).toContain(first.id);
    expect(emulator.store.meters.size).toBe(1);
  });
});
