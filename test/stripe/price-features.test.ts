/**
 * Tax behaviour, package pricing and the default price (issue 16), through the real CLI against
 * the emulator, which enforces Stripe's rules for each: a tax behaviour is set once, a package
 * never changes, a product's default price cannot be archived. Each change applies, settles (the
 * next plan is empty) and reads back as published.
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

const activePrice = (harness: Harness, key: string) =>
  harness.state().objects.find((o) => o.type === "price" && o.key === key && o.active);

const taxModel = (base: string, setup: string) => `apiVersion: pricing/v1
kind: PricingModel
id: m
product: { name: VAT }
currency: eur
currencyOptions: [usd]
${base === "" ? "" : `taxBehavior: ${base}\n`}components:
  - { id: base, type: flat, amount: { eur: 9.00, usd: 10.00 }, interval: month }
  - { id: setup, type: flat, amount: { eur: 19.00, usd: 21.00 }, interval: one_time, taxBehavior: ${setup} }
`;

describe("tax behaviour", () => {
  it("is set in place once, in every currency, and a set one is replaced, never changed", async () => {
    const harness = await withModel(taxModel("", "inclusive"));
    await applySettled(harness);
    const base = activePrice(harness, "m/base");
    const setup = activePrice(harness, "m/setup");
    const stored = (id: string | undefined) => harness.emulator.store.prices.get(id ?? "");
    expect(stored(base?.id)?.tax_behavior).toBe("unspecified");
    expect(stored(setup?.id)).toMatchObject({ tax_behavior: "inclusive" });
    expect(stored(setup?.id)?.currency_options.usd?.tax_behavior).toBe("inclusive");

    // unspecified -> exclusive: the same price; inclusive -> exclusive: a new one.
    const out = await applySettled(harness, taxModel("exclusive", "exclusive"));
    expect(out).toMatch(/1 to update, 1 to replace/);
    expect(activePrice(harness, "m/base")?.id).toBe(base?.id);
    expect(stored(base?.id)?.tax_behavior).toBe("exclusive");
    expect(stored(base?.id)?.currency_options.usd?.tax_behavior).toBe("exclusive");
    const replaced = activePrice(harness, "m/setup");
    expect(replaced?.id).not.toBe(setup?.id);
    expect(stored(replaced?.id)?.tax_behavior).toBe("exclusive");
    expect(stored(setup?.id)?.active).toBe(false);

    // Back to unspecified is a replace as well: Stripe refuses to clear a set value.
    const plan = await harness.run("plan");
    expect(plan.stdout).toContain("No changes.");
    harness.write("models/m.yaml", taxModel("", "unspecified"));
    const shown = await harness.run("plan");
    expect(shown.stdout).toContain(
      "tax_behavior is exclusive, and Stripe lets it be set only once (from unspecified), so making it unspecified needs a new price",
    );
    await applySettled(harness);
    expect(stored(activePrice(harness, "m/base")?.id)?.tax_behavior).toBe("unspecified");
  });

  it("a currency option whose tax behaviour was changed on Stripe is drift, and a replace fixes it", async () => {
    const harness = await withModel(taxModel("", "inclusive"));
    await applySettled(harness);
    const base = activePrice(harness, "m/base");
    await harness.stripe.prices.update(base?.id ?? "", {
      currency_options: { usd: { unit_amount: 1000, tax_behavior: "inclusive" } },
    });
    const drift = await harness.run("drift", "--detailed-exitcode");
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("currency_options.usd.tax_behavior");
    await applySettled(harness);
    expect(activePrice(harness, "m/base")?.id).not.toBe(base?.id);
  });
});

const apiModel = (round: string) => `apiVersion: pricing/v1
kind: PricingModel
id: m
product: { name: API, unitLabel: calls }
currency: eur
meters:
  - { id: calls, eventName: m_api_calls, displayName: API calls, aggregation: count }
components:
  - id: calls
    type: metered
    meter: calls
    unitAmount: 5.00
    package: { size: 1000, round: ${round} }
    interval: month
`;

describe("package pricing", () => {
  it("publishes transform_quantity, reads it back, and replaces the price when it changes", async () => {
    const harness = await withModel(apiModel("up"));
    await applySettled(harness);
    const first = activePrice(harness, "m/calls");
    expect(harness.emulator.store.prices.get(first?.id ?? "")).toMatchObject({
      billing_scheme: "per_unit",
      unit_amount_decimal: "500",
      transform_quantity: { divide_by: 1000, round: "up" },
    });
    const out = await applySettled(harness, apiModel("down"));
    expect(out).toMatch(/0 to update, 1 to replace/);
    const second = activePrice(harness, "m/calls");
    expect(second?.id).not.toBe(first?.id);
    expect(harness.emulator.store.prices.get(second?.id ?? "")?.transform_quantity).toEqual({
      divide_by: 1000,
      round: "down",
    });
    expect(harness.emulator.store.prices.get(first?.id ?? "")?.active).toBe(false);
  });
});

const defaultModel = (monthly: string, defaultPrice?: string, extra = true) => `apiVersion: pricing/v1
kind: PricingModel
id: m
product:
  name: Plus
${defaultPrice ? `  defaultPrice: ${defaultPrice}\n` : ""}currency: eur
components:
  - { id: monthly, type: flat, amount: ${monthly}, interval: month }
${extra ? "  - { id: yearly, type: flat, amount: 100.00, interval: year }\n" : ""}`;

describe("default price", () => {
  it("is set, follows a replaced price, moves, and is unset before its price is archived", async () => {
    const harness = await withModel(defaultModel("10.00", "monthly"));
    await applySettled(harness);
    const product = () => harness.emulator.store.products.get("m");
    const monthly = activePrice(harness, "m/monthly");
    expect(product()?.default_price).toBe(monthly?.id);

    // The default price is replaced: the plan says the default moves, and Stripe ends there.
    harness.write("models/m.yaml", defaultModel("12.00", "monthly"));
    const plan = await harness.run("plan");
    expect(plan.stdout).toContain(
      `the product's default price moves from ${monthly?.id} to the new price of m/monthly`,
    );
    await applySettled(harness);
    const raised = activePrice(harness, "m/monthly");
    expect(raised?.id).not.toBe(monthly?.id);
    expect(product()?.default_price).toBe(raised?.id);
    expect(harness.emulator.store.prices.get(monthly?.id ?? "")?.active).toBe(false);

    // Another component becomes the default, and the old one goes: moved first, archived after.
    await applySettled(harness, defaultModel("12.00", "yearly"));
    expect(product()?.default_price).toBe(activePrice(harness, "m/yearly")?.id);

    // No default and the component removed: unset first (Stripe refuses to archive a default).
    await applySettled(harness, defaultModel("12.00", undefined, false));
    expect(product()?.default_price).toBeNull();
    expect(product()?.metadata.pricing_default_price).toBeUndefined();
    expect(harness.emulator.store.prices.list().filter((p) => p.active)).toHaveLength(1);
  });

  it("is drift when changed on Stripe, is imported with the state, and a default set outside the tool is left alone", async () => {
    const harness = await withModel(defaultModel("10.00", "monthly"));
    await applySettled(harness);
    const monthly = activePrice(harness, "m/monthly");
    const yearly = activePrice(harness, "m/yearly");
    await harness.stripe.products.update("m", { default_price: yearly?.id ?? "" });
    const drift = await harness.run("drift", "--detailed-exitcode", "--format", "json");
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("m#default-price");
    await applySettled(harness);
    expect(harness.emulator.store.products.get("m")?.default_price).toBe(monthly?.id);

    // A lost state: import adopts the default price with everything else, and nothing is left to do.
    const before = harness.state().objects.length;
    harness.git("rm", "-q", "state/stripe.json");
    harness.git("commit", "-qm", "lose the state");
    const imported = await harness.run("import");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`Imported ${before} managed objects`);
    expect((await harness.run("plan", "--detailed-exitcode")).code).toBe(0);

    // Without defaultPrice in the model, a default set in the dashboard is not the tool's to unset.
    await applySettled(harness, defaultModel("10.00", undefined));
    await harness.stripe.products.update("m", { default_price: yearly?.id ?? "" });
    const plan = await harness.run("plan", "--detailed-exitcode");
    expect(plan.code, plan.stdout).toBe(0);
  });
});
