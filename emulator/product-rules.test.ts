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

describe("marketing features", () => {
  it("are set at create, replaced on update and cleared with an empty string", async () => {
    const product = await stripe.products.create({
      id: "pro",
      name: "Pro",
      marketing_features: [{ name: "Unlimited projects" }, { name: "Priority support" }],
    });
    expect(product.marketing_features).toEqual([
      { name: "Unlimited projects" },
      { name: "Priority support" },
    ]);
    const replaced = await stripe.products.update("pro", { marketing_features: [{ name: "SSO" }] });
    expect(replaced.marketing_features).toEqual([{ name: "SSO" }]);
    const kept = await stripe.products.update("pro", { description: "The plan for teams" });
    expect(kept.marketing_features).toEqual([{ name: "SSO" }]);
    const cleared = await stripe.products.update("pro", { marketing_features: "" });
    expect(cleared.marketing_features).toEqual([]);
    expect((await stripe.products.create({ name: "Bare" })).marketing_features).toEqual([]);
  });

  it("take at most 15 features of at most 80 characters, each with a name", async () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => ({ name: `Feature ${i}` }));
    const tooMany = await stripeError(stripe.products.create({ name: "P", marketing_features: sixteen }));
    expect(tooMany).toMatchObject({ statusCode: 400, param: "marketing_features" });
    const tooLong = await stripeError(
      stripe.products.create({ name: "P", marketing_features: [{ name: "ok" }, { name: "x".repeat(81) }] }),
    );
    expect(tooLong).toMatchObject({ statusCode: 400, param: "marketing_features[1][name]" });
    // The SDK drops an empty hash from a list, so an empty name is the way to send a nameless one.
    const unnamed = await stripeError(
      stripe.products.create({ name: "P", marketing_features: [{ name: "" }] }),
    );
    expect(unnamed).toMatchObject({ statusCode: 400, param: "marketing_features[0][name]" });
    const unknownKey = await stripeError(
      stripe.products.create({
        name: "P",
        marketing_features: [{ name: "A", icon: "star" } as Stripe.ProductCreateParams.MarketingFeature],
      }),
    );
    expect(unknownKey).toMatchObject({ code: "parameter_unknown", param: "marketing_features[0][icon]" });
    expect(emulator.store.products.size).toBe(0);
    const fifteen = sixteen.slice(0, 15).map((f, i) => (i === 0 ? { name: "x".repeat(80) } : f));
    await expect(stripe.products.create({ name: "P", marketing_features: fifteen })).resolves.toMatchObject({
      name: "P",
    });
    await stripe.products.create({ id: "later", name: "Later" });
    const updateTooMany = await stripeError(stripe.products.update("later", { marketing_features: sixteen }));
    expect(updateTooMany.param).toBe("marketing_features");
  });
});

describe("default price", () => {
  beforeEach(async () => {
    await stripe.products.create({ id: "pro", name: "Pro" });
  });

  it("must be an active price of the product itself", async () => {
    await stripe.products.create({ id: "other", name: "Other" });
    const foreign = await stripe.prices.create({ product: "other", currency: "eur", unit_amount: 1 });
    const archived = await stripe.prices.create({
      product: "pro",
      currency: "eur",
      unit_amount: 2,
      active: false,
    });
    const own = await stripe.prices.create({ product: "pro", currency: "eur", unit_amount: 3 });
    expect((await stripeError(stripe.products.update("pro", { default_price: foreign.id }))).param).toBe(
      "default_price",
    );
    expect((await stripeError(stripe.products.update("pro", { default_price: archived.id }))).param).toBe(
      "default_price",
    );
    const ghost = await stripeError(stripe.products.update("pro", { default_price: "price_ghost" }));
    expect(ghost).toMatchObject({ statusCode: 400, code: "resource_missing", param: "default_price" });
    expect(emulator.store.products.get("pro")?.default_price).toBeNull();
    await expect(stripe.products.update("pro", { default_price: own.id })).resolves.toMatchObject({
      default_price: own.id,
    });
  });

  it("cannot be archived while it is the default; moving the default frees it", async () => {
    const first = await stripe.prices.create({ product: "pro", currency: "eur", unit_amount: 100 });
    const second = await stripe.prices.create({ product: "pro", currency: "eur", unit_amount: 200 });
    await stripe.products.update("pro", { default_price: first.id });
    const refused = await stripeError(stripe.prices.update(first.id, { active: false }));
    expect(refused).toMatchObject({
      statusCode: 400,
      message: "This price cannot be archived because it is the default price of its product.",
    });
    await stripe.products.update("pro", { default_price: second.id });
    await expect(stripe.prices.update(first.id, { active: false })).resolves.toMatchObject({ active: false });
  });

  it("is created with the product from default_price_data", async () => {
    const product = await stripe.products.create({
      id: "team",
      name: "Team",
      default_price_data: {
        currency: "eur",
        unit_amount: 4900,
        recurring: { interval: "month" },
        tax_behavior: "exclusive",
        metadata: { key: "team.monthly" },
      },
      expand: ["default_price"],
    });
    const price = product.default_price as Stripe.Price;
    expect(price).toMatchObject({
      object: "price",
      product: "team",
      currency: "eur",
      unit_amount: 4900,
      recurring: { interval: "month", interval_count: 1 },
      tax_behavior: "exclusive",
      metadata: { key: "team.monthly" },
    });
    expect(emulator.store.products.get("team")?.default_price).toBe(price.id);
  });

  it("refuses price fields default_price_data does not take, and leaves nothing behind on error", async () => {
    for (const extra of [{ lookup_key: "k" }, { transform_quantity: { divide_by: 2, round: "up" } }]) {
      const error = await stripeError(
        stripe.products.create({
          id: "bad",
          name: "Bad",
          default_price_data: {
            currency: "eur",
            unit_amount: 1,
            ...extra,
          } as Stripe.ProductCreateParams.DefaultPriceData,
        }),
      );
      expect(error).toMatchObject({ code: "parameter_unknown" });
      expect(error.param).toMatch(/^default_price_data\[/);
    }
    const noAmount = await stripeError(
      stripe.products.create({ id: "bad", name: "Bad", default_price_data: { currency: "eur" } }),
    );
    expect(noAmount).toMatchObject({ code: "parameter_missing", param: "default_price_data[unit_amount]" });
    expect(emulator.store.products.has("bad")).toBe(false);
    expect(emulator.store.prices.size).toBe(0);
  });
});

describe("product deletion", () => {
  it("drops the product's feature attachments with it", async () => {
    await stripe.products.create({ id: "pro", name: "Pro" });
    const feature = await stripe.entitlements.features.create({ lookup_key: "sso", name: "SSO" });
    await stripe.products.createFeature("pro", { entitlement_feature: feature.id });
    await stripe.products.del("pro");
    expect(emulator.store.productFeatures.size).toBe(0);
    expect((await stripe.entitlements.features.retrieve(feature.id)).active).toBe(true);
  });
});
