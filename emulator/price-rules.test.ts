import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
  await stripe.products.create({ id: "api", name: "API calls" });
});
afterEach(async () => {
  await emulator.close();
});

describe("tax behavior", () => {
  it("may be set at create and stays when later updates omit it", async () => {
    const price = await stripe.prices.create({
      product: "api",
      currency: "eur",
      unit_amount: 500,
      tax_behavior: "exclusive",
    });
    expect(price.tax_behavior).toBe("exclusive");
    const renamed = await stripe.prices.update(price.id, { nickname: "Net" });
    expect(renamed.tax_behavior).toBe("exclusive");
    await expect(stripe.prices.update(price.id, { tax_behavior: "exclusive" })).resolves.toMatchObject({
      tax_behavior: "exclusive",
    });
  });

  it("goes once from unspecified to a value, then never changes", async () => {
    const price = await stripe.prices.create({ product: "api", currency: "eur", unit_amount: 500 });
    expect(price.tax_behavior).toBe("unspecified");
    const set = await stripe.prices.update(price.id, { tax_behavior: "inclusive" });
    expect(set.tax_behavior).toBe("inclusive");
    for (const next of ["exclusive", "unspecified"] as const) {
      const error = await stripeError(stripe.prices.update(price.id, { tax_behavior: next }));
      expect(error).toMatchObject({ statusCode: 400, param: "tax_behavior" });
    }
    expect(emulator.store.prices.get(price.id)?.tax_behavior).toBe("inclusive");
  });

  it("follows the same rule inside each currency option", async () => {
    const price = await stripe.prices.create({
      product: "api",
      currency: "eur",
      unit_amount: 500,
      currency_options: { usd: { unit_amount: 550 }, gbp: { unit_amount: 450, tax_behavior: "inclusive" } },
    });
    const setUsd = await stripe.prices.update(price.id, {
      currency_options: { usd: { unit_amount: 550, tax_behavior: "exclusive" } },
      expand: ["currency_options"],
    });
    expect(setUsd.currency_options?.usd?.tax_behavior).toBe("exclusive");
    const changeGbp = await stripeError(
      stripe.prices.update(price.id, {
        currency_options: { gbp: { unit_amount: 450, tax_behavior: "exclusive" } },
      }),
    );
    expect(changeGbp).toMatchObject({ statusCode: 400, param: "currency_options[gbp][tax_behavior]" });
    const changeUsd = await stripeError(
      stripe.prices.update(price.id, {
        currency_options: { usd: { unit_amount: 550, tax_behavior: "inclusive" } },
      }),
    );
    expect(changeUsd.param).toBe("currency_options[usd][tax_behavior]");
    // An update that leaves tax_behavior out keeps the option's value.
    const amountOnly = await stripe.prices.update(price.id, {
      currency_options: { gbp: { unit_amount: 460 } },
      expand: ["currency_options"],
    });
    expect(amountOnly.currency_options?.gbp).toMatchObject({ unit_amount: 460, tax_behavior: "inclusive" });
  });
});

describe("package pricing (transform_quantity)", () => {
  it("divides per-unit quantities and returns the transform on retrieve and list", async () => {
    const price = await stripe.prices.create({
      product: "api",
      currency: "eur",
      unit_amount: 500,
      recurring: { interval: "month" },
      transform_quantity: { divide_by: 1000, round: "up" },
    });
    expect(price.transform_quantity).toEqual({ divide_by: 1000, round: "up" });
    expect((await stripe.prices.retrieve(price.id)).transform_quantity).toEqual({
      divide_by: 1000,
      round: "up",
    });
    const listed = await stripe.prices.list({ product: "api" });
    expect(listed.data[0]?.transform_quantity).toEqual({ divide_by: 1000, round: "up" });
    const plain = await stripe.prices.create({ product: "api", currency: "eur", unit_amount: 1 });
    expect(plain.transform_quantity).toBeNull();
  });

  it("needs both divide_by (positive) and round (up or down)", async () => {
    const base = { product: "api", currency: "eur", unit_amount: 500 } as const;
    const noRound = await stripeError(
      stripe.prices.create({
        ...base,
        transform_quantity: { divide_by: 10 } as Stripe.PriceCreateParams.TransformQuantity,
      }),
    );
    expect(noRound).toMatchObject({ code: "parameter_missing", param: "transform_quantity[round]" });
    const badRound = await stripeError(
      stripe.prices.create({
        ...base,
        transform_quantity: { divide_by: 10, round: "nearest" as "up" },
      }),
    );
    expect(badRound.param).toBe("transform_quantity[round]");
    for (const divideBy of [0, -5]) {
      const error = await stripeError(
        stripe.prices.create({ ...base, transform_quantity: { divide_by: divideBy, round: "down" } }),
      );
      expect(error.param).toBe("transform_quantity[divide_by]");
    }
    expect(emulator.store.prices.size).toBe(0);
  });

  it("cannot be combined with tiers", async () => {
    const error = await stripeError(
      stripe.prices.create({
        product: "api",
        currency: "eur",
        billing_scheme: "tiered",
        tiers_mode: "volume",
        tiers: [{ up_to: "inf", unit_amount: 5 }],
        transform_quantity: { divide_by: 100, round: "up" },
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: "transform_quantity" });
    expect(emulator.store.prices.size).toBe(0);
  });

  it("is immutable after create", async () => {
    const price = await stripe.prices.create({
      product: "api",
      currency: "eur",
      unit_amount: 500,
      transform_quantity: { divide_by: 1000, round: "up" },
    });
    const error = await stripeError(
      stripe.prices.update(price.id, {
        transform_quantity: { divide_by: 10, round: "down" },
      } as Stripe.PriceUpdateParams),
    );
    expect(error).toMatchObject({ code: "parameter_unknown", param: "transform_quantity" });
    expect(emulator.store.prices.get(price.id)?.transform_quantity).toEqual({ divide_by: 1000, round: "up" });
  });
});
