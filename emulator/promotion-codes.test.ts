import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;
const now = (): number => Math.floor(Date.now() / 1000);

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
  await stripe.coupons.create({ id: "launch", percent_off: 20, duration: "forever" });
});
afterEach(async () => {
  await emulator.close();
});

const forLaunch = { type: "coupon", coupon: "launch" } as const;

describe("promotion codes: create", () => {
  it("creates a code for a coupon named by promotion[coupon], with Stripe's fields", async () => {
    const promo = await stripe.promotionCodes.create({
      promotion: forLaunch,
      code: "SPRING-25",
      max_redemptions: 100,
      restrictions: { first_time_transaction: true, minimum_amount: 5000, minimum_amount_currency: "EUR" },
      metadata: { campaign: "spring" },
    });
    expect(promo.id).toMatch(/^promo_[A-Za-z0-9]{24}$/);
    expect(promo).toMatchObject({
      object: "promotion_code",
      active: true,
      code: "SPRING-25",
      customer: null,
      expires_at: null,
      livemode: false,
      max_redemptions: 100,
      metadata: { campaign: "spring" },
      promotion: { type: "coupon", coupon: "launch" },
      restrictions: {
        first_time_transaction: true,
        minimum_amount: 5000,
        minimum_amount_currency: "eur",
        currency_options: {},
      },
      times_redeemed: 0,
    });
    const expanded = await stripe.promotionCodes.retrieve(promo.id, { expand: ["promotion.coupon"] });
    expect(expanded.promotion.coupon).toMatchObject({ id: "launch", object: "coupon", percent_off: 20 });
    const listed = await stripe.promotionCodes.list({ expand: ["data.promotion.coupon"] });
    expect(listed.data[0]?.promotion.coupon).toMatchObject({ id: "launch", object: "coupon" });
    const notListPath = await stripeError(stripe.promotionCodes.list({ expand: ["promotion.coupon"] }));
    expect(notListPath.param).toBe("expand");
  });

  it("generates a code when none is given", async () => {
    const promo = await stripe.promotionCodes.create({ promotion: forLaunch });
    expect(promo.code).toMatch(/^[0-9A-Z]{8}$/);
  });

  it("takes the coupon only through promotion: a top-level coupon is an unknown parameter", async () => {
    const error = await stripeError(
      stripe.promotionCodes.create({ coupon: "launch" } as unknown as Stripe.PromotionCodeCreateParams),
    );
    expect(error).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "coupon" });
    const missing = await stripeError(
      stripe.promotionCodes.create({ promotion: { type: "coupon" } } as Stripe.PromotionCodeCreateParams),
    );
    expect(missing).toMatchObject({ code: "parameter_missing", param: "promotion[coupon]" });
    expect(emulator.store.promotionCodes.size).toBe(0);
  });

  it("refuses a coupon that does not exist or was deleted", async () => {
    const ghost = await stripeError(
      stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: "ghost" } }),
    );
    expect(ghost).toMatchObject({ statusCode: 400, code: "resource_missing", param: "promotion[coupon]" });
    await stripe.coupons.create({ id: "gone", percent_off: 5 });
    await stripe.coupons.del("gone");
    const deleted = await stripeError(
      stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: "gone" } }),
    );
    expect(deleted).toMatchObject({ statusCode: 400, code: "resource_missing", param: "promotion[coupon]" });
    expect(emulator.store.promotionCodes.size).toBe(0);
  });

  it("keeps codes unique among active codes regardless of case", async () => {
    const first = await stripe.promotionCodes.create({ promotion: forLaunch, code: "WELCOME" });
    const clash = await stripeError(stripe.promotionCodes.create({ promotion: forLaunch, code: "welcome" }));
    expect(clash).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError", param: "code" });
    expect(emulator.store.promotionCodes.size).toBe(1);
    // An inactive twin is allowed, but cannot be activated while the first one is active.
    const twin = await stripe.promotionCodes.create({ promotion: forLaunch, code: "Welcome", active: false });
    const reactivate = await stripeError(stripe.promotionCodes.update(twin.id, { active: true }));
    expect(reactivate.param).toBe("code");
    await stripe.promotionCodes.update(first.id, { active: false });
    await expect(stripe.promotionCodes.update(twin.id, { active: true })).resolves.toMatchObject({
      active: true,
    });
  });

  it("refuses characters other than letters, digits and dashes, and codes over 500 characters", async () => {
    for (const code of ["SPRING 25", "SPRING_25", "ÉTÉ"]) {
      const error = await stripeError(stripe.promotionCodes.create({ promotion: forLaunch, code }));
      expect(error.param).toBe("code");
    }
    const long = await stripeError(
      stripe.promotionCodes.create({ promotion: forLaunch, code: "A".repeat(501) }),
    );
    expect(long.param).toBe("code");
    await expect(
      stripe.promotionCodes.create({ promotion: forLaunch, code: "A".repeat(500) }),
    ).resolves.toMatchObject({ active: true });
  });

  it("bounds max_redemptions and expires_at by the coupon's", async () => {
    await stripe.coupons.create({
      id: "capped",
      percent_off: 10,
      max_redemptions: 5,
      redeem_by: now() + 3600,
    });
    const capped = { type: "coupon", coupon: "capped" } as const;
    expect(
      (await stripeError(stripe.promotionCodes.create({ promotion: capped, max_redemptions: 6 }))).param,
    ).toBe("max_redemptions");
    expect(
      (await stripeError(stripe.promotionCodes.create({ promotion: capped, max_redemptions: 0 }))).param,
    ).toBe("max_redemptions");
    expect(
      (await stripeError(stripe.promotionCodes.create({ promotion: capped, expires_at: now() + 7200 })))
        .param,
    ).toBe("expires_at");
    expect(
      (await stripeError(stripe.promotionCodes.create({ promotion: forLaunch, expires_at: now() - 10 })))
        .param,
    ).toBe("expires_at");
    await expect(
      stripe.promotionCodes.create({ promotion: capped, max_redemptions: 5, expires_at: now() + 60 }),
    ).resolves.toMatchObject({ max_redemptions: 5 });
  });

  it("requires minimum_amount and its currency together, and other currencies in currency_options", async () => {
    const noCurrency = await stripeError(
      stripe.promotionCodes.create({ promotion: forLaunch, restrictions: { minimum_amount: 100 } }),
    );
    expect(noCurrency).toMatchObject({
      code: "parameter_missing",
      param: "restrictions[minimum_amount_currency]",
    });
    const same = await stripeError(
      stripe.promotionCodes.create({
        promotion: forLaunch,
        restrictions: {
          minimum_amount: 100,
          minimum_amount_currency: "eur",
          currency_options: { eur: { minimum_amount: 90 } },
        },
      }),
    );
    expect(same.param).toBe("restrictions[currency_options][eur]");
    const ok = await stripe.promotionCodes.create({
      promotion: forLaunch,
      restrictions: {
        minimum_amount: 100,
        minimum_amount_currency: "eur",
        currency_options: { usd: { minimum_amount: 110 } },
      },
    });
    const retrieved = await stripe.promotionCodes.retrieve(ok.id);
    expect(retrieved.restrictions.currency_options).toEqual({ usd: { minimum_amount: 110 } });
  });
});

describe("promotion codes: update", () => {
  it("changes only active, metadata and restrictions' currency options", async () => {
    const promo = await stripe.promotionCodes.create({
      promotion: forLaunch,
      code: "SUMMER",
      metadata: { a: "1" },
      restrictions: { minimum_amount: 100, minimum_amount_currency: "eur" },
    });
    const updated = await stripe.promotionCodes.update(promo.id, {
      metadata: { b: "2" },
      restrictions: { currency_options: { gbp: { minimum_amount: 90 } } },
    });
    expect(updated.metadata).toEqual({ a: "1", b: "2" });
    expect(updated.restrictions.currency_options).toEqual({ gbp: { minimum_amount: 90 } });
    for (const [field, value] of [
      ["code", "WINTER"],
      ["promotion", { type: "coupon", coupon: "launch" }],
      ["max_redemptions", 3],
      ["expires_at", now() + 60],
    ] as const) {
      const error = await stripeError(
        stripe.promotionCodes.update(promo.id, { [field]: value } as Stripe.PromotionCodeUpdateParams),
      );
      expect(error).toMatchObject({ code: "parameter_unknown", param: field });
    }
    const minimum = await stripeError(
      stripe.promotionCodes.update(promo.id, {
        restrictions: { minimum_amount: 5 } as Stripe.PromotionCodeUpdateParams.Restrictions,
      }),
    );
    expect(minimum).toMatchObject({ code: "parameter_unknown", param: "restrictions[minimum_amount]" });
    expect(emulator.store.promotionCodes.get(promo.id)?.code).toBe("SUMMER");
  });

  it("reports a code inactive once its coupon is deleted, and refuses to reactivate it", async () => {
    await stripe.coupons.create({ id: "short", percent_off: 5 });
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: "short" } });
    await stripe.coupons.del("short");
    const after = await stripe.promotionCodes.retrieve(promo.id);
    expect(after.active).toBe(false);
    expect(after.promotion.coupon).toBe("short");
    const error = await stripeError(stripe.promotionCodes.update(promo.id, { active: true }));
    expect(error).toMatchObject({ statusCode: 400, param: "active" });
    expect((await stripe.promotionCodes.list({ active: true })).data).toEqual([]);
    expect(after).not.toHaveProperty("coupon_deleted");
    // A new coupon under the same id is another coupon: the old code stays inactive.
    await stripe.coupons.create({ id: "short", percent_off: 5 });
    expect((await stripe.promotionCodes.retrieve(promo.id)).active).toBe(false);
    const again = await stripeError(stripe.promotionCodes.update(promo.id, { active: true }));
    expect(again.param).toBe("active");
    const expanded = await stripe.promotionCodes.retrieve(promo.id, { expand: ["promotion.coupon"] });
    expect(expanded.promotion.coupon).toBe("short");
  });

  it("answers 404 for an unknown code", async () => {
    const error = await stripeError(stripe.promotionCodes.retrieve("promo_nope"));
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});

describe("promotion codes: list", () => {
  it("filters by code (any case), coupon and active, newest first, with pagination", async () => {
    await stripe.coupons.create({ id: "other", amount_off: 500, currency: "eur" });
    const a = await stripe.promotionCodes.create({ promotion: forLaunch, code: "ALPHA" });
    const b = await stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: "other" },
      code: "BETA",
    });
    const c = await stripe.promotionCodes.create({ promotion: forLaunch, code: "GAMMA", active: false });
    const ids = (list: Stripe.ApiList<Stripe.PromotionCode>): string[] => list.data.map((p) => p.id);
    expect(ids(await stripe.promotionCodes.list())).toEqual([c.id, b.id, a.id]);
    expect(ids(await stripe.promotionCodes.list({ code: "alpha" }))).toEqual([a.id]);
    expect(ids(await stripe.promotionCodes.list({ coupon: "launch" }))).toEqual([c.id, a.id]);
    expect(ids(await stripe.promotionCodes.list({ active: false }))).toEqual([c.id]);
    const first = await stripe.promotionCodes.list({ limit: 2 });
    expect(first.has_more).toBe(true);
    expect(ids(await stripe.promotionCodes.list({ limit: 2, starting_after: b.id }))).toEqual([a.id]);
    const unsupported = await stripeError(stripe.promotionCodes.list({ customer: "cus_1" }));
    expect(unsupported.param).toBe("customer");
  });
});
