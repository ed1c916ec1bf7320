/**
 * Marketing features and promotion codes (issue 16), through the real CLI against the emulator,
 * which enforces Stripe's rules for each: at most 15 marketing features of at most 80 characters,
 * replaced as a whole; a promotion code's code and coupon never change, codes are deactivated and
 * never deleted, and a code is unique among the account's active codes. Each change applies,
 * settles (the next plan is empty) and reads back as published.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { duplicates, type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function withModel(text: string): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pricing-catalog-features-"));
  dirs.push(dir);
  writeFileSync(join(dir, "m.yaml"), text);
  h = await startHarness(dir);
  return h;
}

/** Writes the model, commits and applies; the apply must succeed and the next plan be empty. */
async function applySettled(harness: Harness, text?: string): Promise<string> {
  if (text !== undefined) harness.write("models/m.yaml", text);
  harness.git("add", "-A");
  if (harness.git("status", "--porcelain").trim() !== "") harness.git("commit", "-qm", "models");
  const applied = await harness.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  const plan = await harness.run("plan", "--detailed-exitcode");
  expect(plan.code, plan.stdout).toBe(0);
  expect(duplicates(harness.emulator)).toEqual([]);
  return applied.stdout;
}

/** Loses the state and imports it back: everything is adopted and nothing is left to do. */
async function importRoundTrip(harness: Harness): Promise<void> {
  const before = harness.state().objects.length;
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
