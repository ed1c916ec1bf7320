/**
 * Customer impact from models to bills: the real pipeline (models → Stripe objects → plan), then
 * each profile's bill. The property test writes random tiers in a random currency's major units,
 * maps them with the tool's own Stripe mapping, and checks the bill against a straightforward
 * computation in major units done here: every unit priced one by one, scaled to the minor unit,
 * rounded half up.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freshState, modelsFromFiles, planFor, publishModels } from "../../../test/helpers/pipeline.js";
import type { SourcePosition } from "../diagnostics/diagnostic.js";
import { type Currency, minorUnitExponent } from "../money/currency.js";
import { computeImpact } from "./impact.js";
import { checkProfiles, type UsageProfile } from "./profile.js";

const AT: SourcePosition = { file: "p.yaml", line: 1, column: 1 };

function profile(
  name: string,
  usage: Record<string, bigint>,
  seats: Record<string, bigint> = {},
): UsageProfile {
  return {
    name,
    file: "p.yaml",
    usage,
    seats,
    positions: Object.fromEntries(Object.keys(usage).map((k) => [k, AT])),
    seatPositions: {},
    modelPositions: [],
  };
}

function model(id: string, currency: string, components: string, meters = true): string {
  return [
    "apiVersion: pricing/v1",
    "kind: PricingModel",
    `id: ${id}`,
    "product: { name: Test, unitLabel: kWh }",
    `currency: ${currency}`,
    ...(meters
      ? [
          "meters:",
          "  - { id: energy, eventName: e_kwh, displayName: Energy, aggregation: sum, valueKey: kwh }",
        ]
      : []),
    "components:",
    components,
    "",
  ].join("\n");
}

/** The impact of going from `before` to `after` (one model each) for `profiles`. */
async function impactOf(before: string, after: string, profiles: UsageProfile[]) {
  const state = (await publishModels(modelsFromFiles([{ path: "m.yaml", text: before }]), freshState()))
    .state;
  const plan = planFor(modelsFromFiles([{ path: "m.yaml", text: after }]), state);
  return computeImpact(plan, state, profiles);
}

describe("computeImpact", () => {
  it("bills seats, volume tiers, one-time fees and discounts (first bill and steady state)", async () => {
    const before = model(
      "m",
      "eur",
      [
        "  - { id: seat, type: flat, amount: 10, interval: month }",
        "  - { id: setup, type: flat, amount: 50, interval: one_time }",
        "  - id: energy",
        "    type: metered",
        "    meter: energy",
        "    tiersMode: volume",
        "    tiers: [{ upTo: 100, unitAmount: 0.30, flatAmount: 5 }, { upTo: inf, unitAmount: 0.25 }]",
        "    interval: month",
        "  - { id: promo, type: discount, percentOff: 10, duration: once }",
      ].join("\n"),
    );
    const after = before.replace("amount: 10,", "amount: 12,").replace("duration: once", "duration: forever");
    const impact = await impactOf(before, after, [
      profile("van", { energy: 150n }, { seat: 3n }),
      profile("small", { e_kwh: 80n }),
    ]);
    expect(impact.models).toEqual(["m"]);
    // van: 3 seats x 10 + 150 x 0.25 (volume: all at the second tier) = 67.50; first bill + 50 setup, 10% off.
    //   after: 3 x 12 + 37.50 = 73.50 every month, 10% off forever = 66.15; first 123.50 - 12.35 = 111.15.
    // small (meter by event name): 10 + 80 x 0.30 + 5 = 39.00; first (39 + 50) x 0.9 = 80.10.
    expect(impact.rows).toEqual([
      {
        model: "m",
        profile: "van",
        currency: "eur",
        period: "month",
        before: { first: 10575n, steady: 6750n, tax: "unspecified" },
        after: { first: 11115n, steady: 6615n, tax: "unspecified" },
      },
      {
        model: "m",
        profile: "small",
        currency: "eur",
        period: "month",
        before: { first: 8010n, steady: 3900n, tax: "unspecified" },
        after: { first: 8190n, steady: 3690n, tax: "unspecified" },
      },
    ]);
  });

  it("skips a model billed over mixed periods, and applies a meterless model to every profile", async () => {
    const mixed = model(
      "m",
      "eur",
      "  - { id: base, type: flat, amount: 100, interval: year }\n  - { id: energy, type: metered, meter: energy, unitAmount: 0.3, interval: month }",
    );
    const skipped = await impactOf(mixed, mixed.replace("amount: 100,", "amount: 110,"), [
      profile("p", { energy: 1n }),
    ]);
    expect(skipped.skipped).toEqual([
      { model: "m", reason: "prices billed over different periods (month, year)" },
    ]);
    const flat = model("f", "jpy", "  - { id: base, type: flat, amount: 980, interval: year }", false);
    const yearly = await impactOf(flat, flat.replace("980", "1080"), [profile("anyone", {})]);
    expect(yearly.rows).toEqual([
      {
        model: "f",
        profile: "anyone",
        currency: "jpy",
        period: "year",
        before: { first: 980n, steady: 980n, tax: "unspecified" },
        after: { first: 1080n, steady: 1080n, tax: "unspecified" },
      },
    ]);
  });

  it("agrees with a unit-by-unit computation in major units for random tiers, quantities and currencies", async () => {
    const currency = fc.constantFrom("eur", "jpy", "kwd", "usd", "bhd", "krw");
    const arb = currency.chain((cur) => {
      const exp = minorUnitExponent(cur as Currency);
      // A per-unit amount with up to exp + 4 decimals (sub-minor-unit prices included).
      const amount = fc
        .record({
          whole: fc.integer({ min: 0, max: 40 }),
          frac: fc.integer({ min: 0, max: 10 ** (exp + 4) - 1 }),
        })
        .map(({ whole, frac }) =>
          exp + 4 === 0 ? String(whole) : `${whole}.${String(frac).padStart(exp + 4, "0")}`,
        );
      const flat = fc.integer({ min: 0, max: 30 }).map(String);
      return fc.record({
        currency: fc.constant(cur),
        mode: fc.constantFrom("graduated", "volume"),
        tiers: fc.array(
          fc.record({
            width: fc.integer({ min: 1, max: 60 }),
            unit: amount,
            flat: fc.option(flat, { nil: undefined }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        usage: fc.integer({ min: 0, max: 400 }),
      });
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ currency: cur, mode, tiers, usage }) => {
        const bounds: number[] = [];
        for (const [i, t] of tiers.entries())
          bounds.push(i === tiers.length - 1 ? Number.POSITIVE_INFINITY : (bounds.at(-1) ?? 0) + t.width);
        const yamlTiers = tiers
          .map(
            (t, i) =>
              `{ upTo: ${i === tiers.length - 1 ? "inf" : bounds[i]}, unitAmount: ${t.unit}${t.flat !== undefined ? `, flatAmount: ${t.flat}` : ""} }`,
          )
          .join(", ");
        const text = (extra: string) =>
          model(
            "r",
            cur,
            `  - { id: energy, type: metered, meter: energy, tiersMode: ${mode}, tiers: [${yamlTiers}], interval: month }${extra}`,
          );
        const impact = await impactOf(
          text(""),
          text("\n  - { id: base, type: flat, amount: 1, interval: month }"),
          [profile("p", { energy: BigInt(usage) })],
        );
        // Reference, in major units as exact fractions over 10^(exp + 4).
        const exp = minorUnitExponent(cur as Currency);
        const den = 10n ** BigInt(exp + 4);
        const major = (s: string) => {
          const [w = "0", f = ""] = s.split(".");
          return BigInt(w) * den + BigInt(f.padEnd(exp + 4, "0") || "0");
        };
        const tierOf = (u: number) => bounds.findIndex((b) => u <= b);
        let sum = 0n;
        if (mode === "volume") {
          const t = tiers[tierOf(Math.max(usage, 1))];
          sum = BigInt(usage) * major(t?.unit ?? "0") + major(t?.flat ?? "0");
        } else {
          const touched = new Set([0]);
          for (let u = 1; u <= usage; u++) {
            touched.add(tierOf(u));
            sum += major(tiers[tierOf(u)]?.unit ?? "0");
          }
          for (const i of touched) sum += major(tiers[i]?.flat ?? "0");
        }
        // To minor units (x 10^exp), rounded half up: divide by 10^4 with rounding.
        const minor = (sum * 2n + 10n ** 4n) / (2n * 10n ** 4n);
        const row = impact.rows[0];
        expect(row?.before?.steady).toBe(minor);
        expect(row?.after?.steady).toBe(minor + 10n ** BigInt(exp));
      }),
      { numRuns: 60 },
    );
  });
});

describe("checkProfiles", () => {
  const [model] = modelsFromFiles([
    {
      path: "m.yaml",
      text: `apiVersion: pricing/v1
kind: PricingModel
id: fleet
product: { name: Fleet }
currency: eur
meters:
  - { id: energy, eventName: fleet_kwh, displayName: Energy, aggregation: sum }
components:
  - { id: platform, type: flat, amount: 39.00, interval: month }
  - { id: energy, type: metered, meter: energy, unitAmount: 0.30, interval: month }
`,
    },
  ]);
  it("refuses seats for a component no model has, and warns of a model that does not exist", () => {
    const typo: UsageProfile = {
      ...profile("fleet", { energy: 3000n }, { platfrom: 30n }),
      models: ["fleet", "fleet-tierd"],
    };
    const found = checkProfiles([typo], model ? [model] : []).map((d) => `${d.severity} ${d.message}`);
    expect(found).toEqual([
      'error profile "fleet" gives seats for "platfrom", which is no flat component of any model',
      'warning profile "fleet" names the model "fleet-tierd", which does not exist',
    ]);
  });
});
