/**
 * A tiered price with currency options: Stripe returns a currency option's tiers only under
 * their own expansion (`currency_options.<currency>.tiers`), so the refresh must ask for it or it
 * sees no tiers in that currency and replaces the price on every apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

const MODEL = `apiVersion: pricing/v1
kind: PricingModel
id: tiered-eur-usd
product:
  name: Tiered Roaming
currency: eur
currencyOptions: [usd]
meters:
  - id: energy
    eventName: tiered_eur_usd_kwh
    displayName: Energy delivered
    aggregation: sum
    valueKey: kwh
components:
  - id: energy
    type: metered
    meter: energy
    tiersMode: graduated
    tiers:
      - { upTo: 100, unitAmount: { eur: 0.30, usd: 0.33 } }
      - { upTo: inf, unitAmount: { eur: 0.25, usd: 0.28 } }
    interval: month
`;

let h: Harness | undefined;
let models: string | undefined;
afterEach(async () => {
  await h?.close();
  if (models) rmSync(models, { recursive: true, force: true });
  h = undefined;
  models = undefined;
});

it("applies a multi-currency tiered price once, then plans no change", async () => {
  models = mkdtempSync(join(tmpdir(), "pricing-tiers-"));
  writeFileSync(join(models, "tiered-eur-usd.yaml"), MODEL);
  h = await startHarness(models);
  const applied = await h.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  const price = h.emulator.store.prices.list().find((p) => p.billing_scheme === "tiered");
  expect(price?.currency_options.usd?.tiers?.map((t) => t.unit_amount_decimal)).toEqual(["33", "28"]);
  const plan = await h.run("plan", "--detailed-exitcode");
  expect(plan.stdout).toContain("No changes.");
  expect(plan.code).toBe(0);
  expect(h.emulator.store.prices.size).toBe(1);
});
