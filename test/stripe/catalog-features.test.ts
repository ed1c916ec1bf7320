/**
 * Marketing features and promotion codes (issue 16), through the real CLI against the emulator,
 * which enforces Stripe's rules for each: at most 15 marketing features of at most 80 characters,
 * replaced as a whole; a promotion code's code and coupon never change, codes are deactivated and
 * never deleted, and a code is unique among the account's active codes. Each change applies,
 * settles (the next plan is empty) and reads back as published.
 */
import { afterEach, describe, expect, it } from "vitest";
import { applySettled, type Harness, startWithModel } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withModel(text: string): Promise<Harness> {
  h = await startWithModel(text);
  return h;
}

/** Loses the state and imports it back: everything is adopted and nothing is left to do. */
async function importRoundTrip(harness: Harness): Promise<void> {
  // A deleted coupon stays in the state as deleted; Stripe no longer lists it to import.
  const before = harness.state().objects.filter((o) => o.active || o.type !== "coupon").length;
  harness.git("rm", "-q", "state/stripe.json");
  harness.git("commit", "-qm", "lose the state");
  const imported = await harness.run("import");
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain(`Imported ${before} managed objects`);
  const plan = await harness.run("plan", "--detailed-exitcode");
  expect(plan.code, plan.stdout).toBe(0);
}

const featuresModel = (features: readonly string[] | undefined) => `apiVersion: pricing/v1
kind: PricingModel
id: m
product:
  name: Plus
${features ? `  marketingFeatures: ${JSON.stringify(features)}\n` : ""}currency: eur
components:
  - { id: monthly, type: flat, amount: 10.00, interval: month }
`;

describe("marketing features", () => {
  it("are published in order, updated in place, reordered, emptied, drift-checked and imported", async () => {
    const harness = await withModel(featuresModel(["Unlimited home charging", "App support"]));
    await applySettled(harness);
    const product = () => harness.emulator.store.products.get("m");
    expect(product()?.marketing_features).toEqual([
      { name: "Unlimited home charging" },
      { name: "App support" },
    ]);

    // Order matters: a reorder is an in-place update of the product.
    const out = await applySettled(harness, featuresModel(["App support", "Unlimited home charging"]));
    expect(out).toMatch(/1 to update, 0 to replace/);
    expect(product()?.marketing_features).toEqual([
      { name: "App support" },
      { name: "Unlimited home charging" },
    ]);

    // Changed on Stripe: drift, and the next apply puts the model's list back.
    await harness.stripe.products.update("m", { marketing_features: [{ name: "Free kWh" }] });
    const drift = await harness.run("drift", "--detailed-exitcode");
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("marketing_features");
    await applySettled(harness);
    expect(product()?.marketing_features).toEqual([
      { name: "App support" },
      { name: "Unlimited home charging" },
    ]);
    await importRoundTrip(harness);

    // Dropped from the model: the list is emptied on Stripe.
    await applySettled(harness, featuresModel(undefined));
    expect(product()?.marketing_features).toEqual([]);
  });

  it("refuses more than 15 features or a name over 80 characters before anything is written", async () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `Feature ${i + 1}`);
    const harness = await withModel(featuresModel(sixteen));
    const tooMany = await harness.run("plan");
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr + tooMany.stdout).toMatch(/marketingFeatures/);
    harness.write("models/m.yaml", featuresModel(["x".repeat(81)]));
    const tooLong = await harness.run("plan");
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr + tooLong.stdout).toMatch(/marketingFeatures/);
    expect(harness.emulator.store.products.list()).toEqual([]);
  });
});

const promoModel = (opts: { code?: string; percent?: number; active?: boolean; codes?: boolean } = {}) => {
  const { code = "WELCOME20", percent = 20, active, codes = true } = opts;
  return `apiVersion: pricing/v1
kind: PricingModel
id: m
product: { name: Plus }
currency: eur
currencyOptions: [usd]
components:
  - { id: monthly, type: flat, amount: { eur: 10.00, usd: 11.00 }, interval: month }
  - id: launch
    type: discount
    percentOff: ${percent}
    duration: once
${
  codes
    ? `    promotionCodes:
      - id: welcome
        code: ${code}
${active === undefined ? "" : `        active: ${active}\n`}        maxRedemptions: 100
        expiresAt: 2099-12-31T23:59:59Z
        firstTimeOnly: true
        minimumAmount: { eur: 20.00, usd: 25.00 }
`
    : ""
}`;
};

describe("promotion codes", () => {
  it("are created on their coupon, replaced (deactivated first) when the code or coupon changes, paused, reactivated and never deleted", async () => {
    const harness = await withModel(promoModel());
    await applySettled(harness);
    const codes = () => harness.emulator.store.promotionCodes.list();
    const key = "m/launch#code:welcome";
    const current = () =>
      harness.state().objects.find((o) => o.type === "promotion_code" && o.key === key && o.active);
    const first = current();
    const coupon = harness.state().objects.find((o) => o.type === "coupon" && o.active);
    expect(codes()).toHaveLength(1);
    expect(codes()[0]).toMatchObject({
      id: first?.id,
      code: "WELCOME20",
      active: true,
      max_redemptions: 100,
      expires_at: 4102444799,
      promotion: { type: "coupon", coupon: coupon?.id },
      restrictions: {
        first_time_transaction: true,
        minimum_amount: 2000,
        minimum_amount_currency: "eur",
        currency_options: { usd: { minimum_amount: 2500 } },
      },
      metadata: { pricing_key: key, pricing_managed_by: "adaptive-pricing", pricing_model: "m" },
    });
    expect(codes()[0]?.metadata.pricing_catalog).toBeDefined();

    // A new code for the same id: Stripe never changes a code, so the plan says it replaces it.
    harness.write("models/m.yaml", promoModel({ code: "WELCOME25" }));
    const plan = await harness.run("plan");
    expect(plan.stdout).toContain(
      `Stripe never changes a promotion code's code: deactivate ${first?.id} (WELCOME20) first`,
    );
    await applySettled(harness);
    const second = current();
    expect(second?.id).not.toBe(first?.id);
    expect(harness.emulator.store.promotionCodes.get(first?.id ?? "")?.active).toBe(false);
    expect(harness.emulator.store.promotionCodes.get(second?.id ?? "")).toMatchObject({
      code: "WELCOME25",
      active: true,
    });

    // A changed discount replaces its coupon: the code moves to the new coupon under the same code.
    const out = await applySettled(harness, promoModel({ code: "WELCOME25", percent: 25 }));
    expect(out).toMatch(/2 to replace/);
    const third = current();
    const newCoupon = harness.state().objects.find((o) => o.type === "coupon" && o.active);
    expect(harness.emulator.store.promotionCodes.get(third?.id ?? "")).toMatchObject({
      code: "WELCOME25",
      active: true,
      promotion: { coupon: newCoupon?.id },
    });

    // active: false deactivates it; true again reactivates the same code.
    const paused = await applySettled(harness, promoModel({ code: "WELCOME25", percent: 25, active: false }));
    expect(paused).toMatch(/1 to archive/);
    expect(harness.emulator.store.promotionCodes.get(third?.id ?? "")?.active).toBe(false);
    await applySettled(harness, promoModel({ code: "WELCOME25", percent: 25 }));
    expect(current()?.id).toBe(third?.id);
    expect(harness.emulator.store.promotionCodes.get(third?.id ?? "")?.active).toBe(true);

    // Drift and a lost state: both read the code back as it was published.
    await harness.stripe.promotionCodes.update(third?.id ?? "", { metadata: { pricing_model: "x" } });
    const drift = await harness.run("drift", "--detailed-exitcode");
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("metadata.pricing_model");
    await applySettled(harness);
    await importRoundTrip(harness);

    // Removed from the model: deactivated, never deleted.
    await applySettled(harness, promoModel({ percent: 25, codes: false }));
    expect(codes()).toHaveLength(3);
    expect(codes().every((c) => !c.active)).toBe(true);
  });

  it("refuses, before any write, a code an active promotion code the tool does not manage holds", async () => {
    const harness = await withModel(promoModel({ code: "SPRING" }));
    const other = await harness.stripe.coupons.create({ percent_off: 10, duration: "once" });
    const held = await harness.stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: other.id },
      code: "spring",
    });
    const plan = await harness.run("plan");
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain(
      `the code SPRING is held by ${held.id}, an active promotion code the tool does not manage`,
    );
    const apply = await harness.run("apply");
    expect(apply.code).not.toBe(0);
    expect(harness.emulator.store.products.list()).toEqual([]);

    // Once that code is deactivated, the catalog's code can be created.
    await harness.stripe.promotionCodes.update(held.id, { active: false });
    await applySettled(harness);
    expect(harness.emulator.store.promotionCodes.list().filter((c) => c.active)).toHaveLength(1);
  });
});
