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

const tiered: Stripe.PriceCreateParams = {
  product: "plan",
  currency: "eur",
  billing_scheme: "tiered",
  tiers_mode: "graduated",
  recurring: { interval: "month" },
  tiers: [
    { up_to: 10, unit_amount: 500 },
    { up_to: "inf", unit_amount_decimal: "250.5" as unknown as Stripe.Decimal, flat_amount: 100 },
  ],
};

describe("price creation", () => {
  it("creates a recurring per-unit price with Stripe's fields", async () => {
    const price = await stripe.prices.create({
      product: "plan",
      currency: "EUR",
      unit_amount: 899,
      recurring: { interval: "month" },
      lookup_key: "plan-monthly",
      nickname: "Monthly",
      metadata: { key: "plan.monthly" },
    });
    expect(price.id).toMatch(/^price_[A-Za-z0-9]{24}$/);
    expect(price).toMatchObject({
      object: "price",
      active: true,
      billing_scheme: "per_unit",
      currency: "eur",
      livemode: false,
      lookup_key: "plan-monthly",
      nickname: "Monthly",
      product: "plan",
      recurring: { interval: "month", interval_count: 1, usage_type: "licensed", meter: null },
      tax_behavior: "unspecified",
      tiers_mode: null,
      type: "recurring",
      unit_amount: 899,
    });
    expect(String(price.unit_amount_decimal)).toBe("899");
  });

  it("keeps a fractional decimal amount exactly and leaves unit_amount null", async () => {
    const price = await stripe.prices.create({
      product: "plan",
      currency: "usd",
      unit_amount_decimal: "0.0125000" as unknown as Stripe.Decimal,
    });
    expect(price.unit_amount).toBeNull();
    expect(String(price.unit_amount_decimal)).toBe("0.0125");
    expect(price.type).toBe("one_time");
  });

  it("requires an existing product and an amount", async () => {
    const missing = await stripeError(
      stripe.prices.create({ product: "ghost", currency: "eur", unit_amount: 1 }),
    );
    expect(missing).toMatchObject({ statusCode: 400, code: "resource_missing", param: "product" });
    const noAmount = await stripeError(stripe.prices.create({ product: "plan", currency: "eur" }));
    expect(noAmount).toMatchObject({ code: "parameter_missing", param: "unit_amount" });
  });

  it("validates tiers: last tier must be inf", async () => {
    const error = await stripeError(
      stripe.prices.create({
        ...tiered,
        tiers: [
          { up_to: 5, unit_amount: 1 },
          { up_to: 10, unit_amount: 1 },
        ],
      }),
    );
    expect(error.param).toBe("tiers[1][up_to]");
  });

  it("includes tiers only when expanded (retrieve and list)", async () => {
    const created = await stripe.prices.create(tiered);
    expect(created).not.toHaveProperty("tiers");
    const plain = await stripe.prices.retrieve(created.id);
    expect(plain).not.toHaveProperty("tiers");
    const expanded = await stripe.prices.retrieve(created.id, { expand: ["tiers"] });
    expect(
      expanded.tiers?.map((t) => [t.up_to, t.unit_amount, String(t.unit_amount_decimal), t.flat_amount]),
    ).toEqual([
      [10, 500, "500", null],
      [null, null, "250.5", 100],
    ]);
    const listed = await stripe.prices.list({ expand: ["data.tiers"] });
    expect(listed.data[0]?.tiers).toHaveLength(2);
    const listedPlain = await stripe.prices.list();
    expect(listedPlain.data[0]).not.toHaveProperty("tiers");
  });

  it("includes currency_options only when expanded, with the main currency", async () => {
    const created = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 899,
      currency_options: {
        usd: { unit_amount: 999 },
        gbp: { unit_amount_decimal: "799" as unknown as Stripe.Decimal },
      },
    });
    expect(created).not.toHaveProperty("currency_options");
    const expanded = await stripe.prices.retrieve(created.id, { expand: ["currency_options"] });
    expect(Object.keys(expanded.currency_options ?? {})).toEqual(["eur", "gbp", "usd"]);
    expect(expanded.currency_options?.usd?.unit_amount).toBe(999);
    expect(expanded.currency_options?.gbp?.unit_amount).toBe(799);
    const listed = await stripe.prices.list({ expand: ["data.currency_options"] });
    expect(listed.data[0]?.currency_options?.usd?.unit_amount).toBe(999);
    const same = await stripeError(
      stripe.prices.create({
        product: "plan",
        currency: "eur",
        unit_amount: 1,
        currency_options: { eur: { unit_amount: 2 } },
      }),
    );
    expect(same.param).toBe("currency_options[eur]");
  });

  it("refuses an expansion Stripe does not offer", async () => {
    const price = await stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 1 });
    const error = await stripeError(stripe.prices.retrieve(price.id, { expand: ["recurring"] }));
    expect(error).toMatchObject({ statusCode: 400, param: "expand" });
    const listError = await stripeError(stripe.prices.list({ expand: ["tiers"] }));
    expect(listError.param).toBe("expand");
  });
});

describe("metered prices", () => {
  it("need an existing, active meter", async () => {
    const noMeter = await stripeError(
      stripe.prices.create({
        product: "plan",
        currency: "eur",
        unit_amount: 1,
        recurring: { interval: "month", usage_type: "metered" },
      }),
    );
    expect(noMeter).toMatchObject({ code: "parameter_missing", param: "recurring[meter]" });
    const meter = await stripe.billing.meters.create({
      display_name: "API calls",
      event_name: "api_call",
      default_aggregation: { formula: "sum" },
    });
    const price = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 1,
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    expect(price.recurring).toMatchObject({ usage_type: "metered", meter: meter.id });
    const byMeter = await stripe.prices.list({ recurring: { meter: meter.id } });
    expect(byMeter.data.map((p) => p.id)).toEqual([price.id]);
    await stripe.billing.meters.deactivate(meter.id);
    const inactive = await stripeError(
      stripe.prices.create({
        product: "plan",
        currency: "eur",
        unit_amount: 2,
        recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      }),
    );
    expect(inactive.param).toBe("recurring[meter]");
  });
});

describe("price updates", () => {
  it("refuses immutable fields as unknown parameters", async () => {
    const price = await stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 899 });
    for (const field of ["unit_amount", "currency", "recurring", "product"] as const) {
      const params = {
        [field]: field === "recurring" ? { interval: "year" } : field === "unit_amount" ? 999 : "x",
      };
      const error = await stripeError(stripe.prices.update(price.id, params as Stripe.PriceUpdateParams));
      expect(error.statusCode).toBe(400);
      expect(error.message).toBe(`Received unknown parameter: ${field}`);
      expect(error.param).toBe(field);
    }
    expect(emulator.store.prices.get(price.id)?.unit_amount).toBe(899);
  });

  it("updates nickname, metadata and tax behavior, then locks tax behavior", async () => {
    const price = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 899,
      metadata: { a: "1" },
    });
    const updated = await stripe.prices.update(price.id, {
      nickname: "Renamed",
      metadata: { b: "2" },
      tax_behavior: "inclusive",
    });
    expect(updated).toMatchObject({
      nickname: "Renamed",
      metadata: { a: "1", b: "2" },
      tax_behavior: "inclusive",
    });
    const error = await stripeError(stripe.prices.update(price.id, { tax_behavior: "exclusive" }));
    expect(error.param).toBe("tax_behavior");
  });

  it("keeps lookup keys unique unless transfer_lookup_key moves them", async () => {
    const first = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 899,
      lookup_key: "plan",
    });
    const clash = await stripeError(
      stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 999, lookup_key: "plan" }),
    );
    expect(clash).toMatchObject({ statusCode: 400, param: "lookup_key" });
    expect(emulator.store.prices.size).toBe(1);

    const second = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 999,
      lookup_key: "plan",
      transfer_lookup_key: true,
    });
    expect(second.lookup_key).toBe("plan");
    expect((await stripe.prices.retrieve(first.id)).lookup_key).toBeNull();

    await stripe.prices.update(second.id, { active: false });
    const moveBack = await stripe.prices.update(first.id, { lookup_key: "plan", transfer_lookup_key: true });
    expect(moveBack.lookup_key).toBe("plan");
    expect((await stripe.prices.retrieve(second.id)).lookup_key).toBeNull();
    const updateClash = await stripeError(stripe.prices.update(second.id, { lookup_key: "plan" }));
    expect(updateClash.param).toBe("lookup_key");
  });

  it("refuses to archive the product's default price", async () => {
    const price = await stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 899 });
    await stripe.products.update("plan", { default_price: price.id });
    const error = await stripeError(stripe.prices.update(price.id, { active: false }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      "This price cannot be archived because it is the default price of its product.",
    );
    expect(emulator.store.prices.get(price.id)?.active).toBe(true);
    await stripe.products.update("plan", { default_price: "" });
    await expect(stripe.prices.update(price.id, { active: false })).resolves.toMatchObject({ active: false });
  });

  it("has no delete route", async () => {
    const price = await stripe.prices.create({ product: "plan", currency: "eur", unit_amount: 1 });
    const error = await stripeError(stripe.rawRequest("DELETE", `/v1/prices/${price.id}`));
    expect(error.statusCode).toBe(404);
    expect(error.message).toMatch(/^Unrecognized request URL \(DELETE: \/v1\/prices\//);
    expect(emulator.store.prices.has(price.id)).toBe(true);
  });
});

describe("price lists", () => {
  it("return active prices unless `active` is given, and filter", async () => {
    await stripe.products.create({ id: "other", name: "Other" });
    const a = await stripe.prices.create({
      product: "plan",
      currency: "eur",
      unit_amount: 1,
      lookup_key: "a",
    });
    const b = await stripe.prices.create({
      product: "plan",
      currency: "usd",
      unit_amount: 2,
      recurring: { interval: "year" },
    });
    const c = await stripe.prices.create({
      product: "other",
      currency: "eur",
      unit_amount: 3,
      lookup_key: "c",
    });
    await stripe.prices.update(a.id, { active: false });
    const ids = async (params: Stripe.PriceListParams): Promise<string[]> =>
      (await stripe.prices.list(params)).data.map((p) => p.id);
    expect(await ids({})).toEqual([c.id, b.id]);
    expect(await ids({ active: false })).toEqual([a.id]);
    expect(await ids({ product: "plan", active: true })).toEqual([b.id]);
    expect(await ids({ currency: "eur" })).toEqual([c.id]);
    expect(await ids({ type: "recurring" })).toEqual([b.id]);
    expect(await ids({ recurring: { interval: "year" } })).toEqual([b.id]);
    expect(await ids({ lookup_keys: ["a", "c"] })).toEqual([c.id]);
    expect(await ids({ lookup_keys: ["a"], active: false })).toEqual([a.id]);
  });

  it("paginate newest first, by hand and with auto-pagination", async () => {
    const created: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      created.push((await stripe.prices.create({ product: "plan", currency: "eur", unit_amount: i + 1 })).id);
    }
    const newestFirst = [...created].reverse();
    const first = await stripe.prices.list({ limit: 10 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/prices" });
    expect(first.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 10));
    const second = await stripe.prices.list({ limit: 10, starting_after: first.data[9]?.id });
    expect(second.data.map((p) => p.id)).toEqual(newestFirst.slice(10, 20));
    const back = await stripe.prices.list({ limit: 5, ending_before: second.data[0]?.id });
    expect(back.data.map((p) => p.id)).toEqual(newestFirst.slice(5, 10));
    expect(back.has_more).toBe(true);
    const last = await stripe.prices.list({ limit: 10, starting_after: second.data[9]?.id });
    expect(last.has_more).toBe(false);
    expect(last.data).toHaveLength(5);

    emulator.resetCounts();
    const all = await stripe.prices.list({ limit: 7 }).autoPagingToArray({ limit: 100 });
    expect(all.map((p) => p.id)).toEqual(newestFirst);
    expect(emulator.requestCount({ method: "GET", path: /^\/v1\/prices$/ })).toBe(4);

    const limitError = await stripeError(stripe.prices.list({ limit: 101 }));
    expect(limitError.param).toBe("limit");
  });
});
