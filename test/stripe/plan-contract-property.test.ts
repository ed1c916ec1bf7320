/**
 * A randomized test of the plan's contract on Stripe (issue 10): generated multi-currency, tiered
 * and renamed models are applied through the real CLI against the emulator while 20% of requests
 * fail (500s, lock 429s, rate-limit 429s without Stripe-Should-Retry, or 500s after the write
 * happened). After each publish: every active price holds its model's amounts in every currency
 * (computed here from the generated numbers, not by the tool's mapping), no object is duplicated,
 * the plan settles; a change Stripe cannot make is refused before the first write.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { duplicates, type Harness, startHarness } from "./harness.js";

type Currency = "eur" | "usd" | "jpy";
const DIGITS: Readonly<Record<Currency, number>> = { eur: 2, usd: 2, jpy: 0 };

/** An amount per currency, in minor units (whole for fees, with up to 2 decimals per unit). */
type Amounts = Readonly<Partial<Record<Currency, number>>>;

interface Tier {
  readonly upTo: number | "inf";
  readonly unit: Amounts;
}

interface Model {
  readonly id: string;
  readonly eventName: string;
  readonly aggregation: "sum" | "last";
  readonly currencies: readonly Currency[];
  readonly fee: Amounts;
  readonly perUnit: Amounts;
  readonly tiers: readonly Tier[];
}

/** Minor units as the model's major-unit text: 499 eur → "4.99", 480 jpy → "480". */
function major(minor: number, currency: Currency, extraDecimals = 0): string {
  const digits = DIGITS[currency] + extraDecimals;
  const text = String(minor).padStart(digits + 1, "0");
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

function money(amounts: Amounts, currencies: readonly Currency[], extraDecimals = 0): string {
  return `{ ${currencies.map((c) => `${c}: ${major(amounts[c] ?? 0, c, extraDecimals)}`).join(", ")} }`;
}

function yaml(m: Model): string {
  const [base, ...others] = m.currencies as [Currency, ...Currency[]];
  const tiers = m.tiers
    .map((t) => `      - { upTo: ${t.upTo}, unitAmount: ${money(t.unit, m.currencies, 2)} }`)
    .join("\n");
  return `apiVersion: pricing/v1
kind: PricingModel
id: ${m.id}
product:
  name: Model ${m.id}
currency: ${base}
${others.length > 0 ? `currencyOptions: [${others.join(", ")}]\n` : ""}meters:
  - { id: energy, eventName: ${m.eventName}, displayName: Energy, aggregation: ${m.aggregation}, valueKey: kwh }
components:
  - { id: fee, type: flat, amount: ${money(m.fee, m.currencies)}, interval: month }
  - { id: energy, type: metered, meter: energy, unitAmount: ${money(m.perUnit, m.currencies, 2)}, interval: month }
  - id: tiered
    type: metered
    meter: energy
    tiersMode: graduated
    tiers:
${tiers}
    interval: month
`;
}

const minor = (max: number) => fc.integer({ min: 1, max });
const amounts = (max: number): fc.Arbitrary<Amounts> =>
  fc.record({ eur: minor(max), usd: minor(max), jpy: minor(max) });

const modelArb = (n: number): fc.Arbitrary<Model> =>
  fc.record({
    id: fc.constant(`m${n}`),
    eventName: fc.constant(`ev_m${n}_kwh`),
    aggregation: fc.constant("sum" as const),
    currencies: fc.constantFrom<readonly Currency[]>(
      ["eur"],
      ["eur", "usd"],
      ["usd", "eur", "jpy"],
      ["jpy", "usd"],
    ),
    fee: amounts(99_999),
    perUnit: amounts(9_999),
    tiers: fc.tuple(fc.integer({ min: 1, max: 500 }), amounts(999), amounts(999)).map(([upTo, a, b]) => [
      { upTo, unit: a },
      { upTo: "inf" as const, unit: b },
    ]),
  });

/** What changes between the two publishes of a scenario. */
interface Change {
  readonly rename: boolean;
  readonly addCurrency: boolean;
  readonly reprice: boolean;
  readonly aggregation: boolean;
}

function changed(m: Model, c: Change, fee: Amounts): Model {
  const currencies: readonly Currency[] =
    c.addCurrency && !m.currencies.includes("jpy") ? [...m.currencies, "jpy"] : m.currencies;
  return {
    ...m,
    id: c.rename ? `${m.id}-renamed` : m.id,
    aggregation: c.aggregation ? "last" : m.aggregation,
    currencies,
    fee: c.reprice ? fee : m.fee,
  };
}

/** The active price of a model's component on the emulator, by its lookup key. */
function activePrice(h: Harness, key: string) {
  const found = h.emulator.store.prices.list().filter((p) => p.active && p.lookup_key === key);
  expect(found, `one active price holds ${key}`).toHaveLength(1);
  return found[0];
}

/** Every active price holds its model's amounts, in every currency of the model and no other. */
function expectPricesMatch(h: Harness, models: readonly Model[]): void {
  for (const m of models) {
    const [base] = m.currencies;
    const fee = activePrice(h, `${m.id}/fee`);
    const energy = activePrice(h, `${m.id}/energy`);
    const tiered = activePrice(h, `${m.id}/tiered`);
    for (const p of [fee, energy, tiered]) {
      expect(p?.currency).toBe(base);
      expect(
        Object.keys(p?.currency_options ?? {})
          .filter((c) => c !== base)
          .sort(),
      ).toEqual(m.currencies.filter((c) => c !== base).sort());
    }
    for (const c of m.currencies) {
      const option = <T>(p: T & { currency_options: Record<string, unknown> }) =>
        (c === base ? p : p.currency_options[c]) as {
          unit_amount?: number | null;
          unit_amount_decimal?: string | null;
          tiers?: readonly { up_to: number | null; unit_amount_decimal?: string | null }[] | null;
        };
      expect(option(fee as never).unit_amount, `${m.id} fee ${c}`).toBe(m.fee[c]);
      expect(Number(option(energy as never).unit_amount_decimal), `${m.id} energy ${c}`).toBe(
        (m.perUnit[c] ?? 0) / 100,
      );
      const tiers = option(tiered as never).tiers ?? [];
      expect(
        tiers.map((t) => [t.up_to, Number(t.unit_amount_decimal)]),
        `${m.id} tiers ${c}`,
      ).toEqual(m.tiers.map((t) => [t.upTo === "inf" ? null : t.upTo, (t.unit[c] ?? 0) / 100]));
    }
  }
}

/** Applies under faults until it succeeds (each run must make progress), then checks the contract. */
async function publish(h: Harness, models: readonly Model[], mode: "before" | "after" | "rate_limit") {
  h.emulator.setFaults(0.2, mode);
  let applied = await h.run("apply");
  for (let attempt = 0; applied.code !== 0 && attempt < 6; attempt++) {
    expect(applied.stderr).toMatch(/re-run apply to continue|Stripe:/);
    if (h.git("status", "--porcelain", "state").trim() !== "") h.git("commit", "-qam", "partial state");
    applied = await h.run("apply");
  }
  h.emulator.setFaults(0);
  if (applied.code !== 0) applied = await h.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  expect(duplicates(h.emulator)).toEqual([]);
  const plan = await h.run("plan", "--detailed-exitcode");
  expect(plan.code, plan.stdout).toBe(0);
  expectPricesMatch(h, models);
}

describe("the plan's contract under faults", () => {
  it("every active price matches its model in every currency, with no duplicate, and the plan settles", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(modelArb(1), modelArb(2)),
        fc.record({
          rename: fc.boolean(),
          addCurrency: fc.boolean(),
          reprice: fc.boolean(),
          aggregation: fc.boolean(),
        }),
        amounts(99_999),
        fc.constantFrom("before" as const, "after" as const, "rate_limit" as const),
        async (models, change, fee, mode) => {
          const dir = mkdtempSync(join(tmpdir(), "pricing-contract-prop-"));
          for (const m of models) writeFileSync(join(dir, `${m.id}.yaml`), yaml(m));
          const h = await startHarness(dir);
          try {
            await publish(h, models, mode);
            const next = [changed(models[0], change, fee), models[1]];
            h.git("rm", "-q", `models/${models[0].id}.yaml`);
            for (const m of next) h.write(`models/${m.id}.yaml`, yaml(m));
            h.git("add", "-A");
            if (h.git("status", "--porcelain").trim() !== "") h.git("commit", "-qm", "change");
            if (change.aggregation) {
              // Stripe cannot change a meter's aggregation, nor give its event name to a new meter.
              h.emulator.resetCounts();
              const refused = await h.run("apply");
              expect(refused.code).toBe(1);
              expect(refused.stderr).toContain("cannot be applied on Stripe; nothing was written");
              expect(
                h.emulator.requestCount({ method: "POST" }) + h.emulator.requestCount({ method: "DELETE" }),
              ).toBe(0);
              expectPricesMatch(h, models);
              return;
            }
            await publish(h, next, mode);
          } finally {
            await h.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 12, seed: 20261129 },
    );
  }, 300_000);
});
