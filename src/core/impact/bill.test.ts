/**
 * The calculator against an independent, straightforward implementation written here: it walks
 * the quantity one unit at a time, finds each unit's tier by scanning the tier bounds, and keeps
 * amounts as exact fractions (numerator over a power of ten of its own choosing).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Currency, minorUnitExponent } from "../money/currency.js";
import { type BillTier, computeBill, lineAmount, type Pricing } from "./bill.js";

/** An exact fraction `n / 10^d`. */
interface Frac {
  readonly n: bigint;
  readonly d: number;
}
const frac = (text: string): Frac => {
  const [i = "0", f = ""] = text.split(".");
  return { n: BigInt(i + f), d: f.length };
};
const add = (a: Frac, b: Frac): Frac => {
  const d = Math.max(a.d, b.d);
  return { n: a.n * 10n ** BigInt(d - a.d) + b.n * 10n ** BigInt(d - b.d), d };
};
/** Nearest integer, .5 up, by comparing twice the remainder with the divisor. */
const round = (x: Frac): bigint => {
  const den = 10n ** BigInt(x.d);
  const q = x.n / den;
  return 2n * (x.n - q * den) >= den ? q + 1n : q;
};

function reference(pricing: Pricing, quantity: number): bigint {
  if (pricing.kind === "per_unit") {
    let sum: Frac = { n: 0n, d: 0 };
    for (let u = 0; u < quantity; u++) sum = add(sum, frac(pricing.unit));
    return round(sum);
  }
  const bounds = pricing.tiers.map((t) => (t.upTo === null ? Number.POSITIVE_INFINITY : Number(t.upTo)));
  const tierOf = (unit: number) => bounds.findIndex((b) => unit <= b);
  let sum: Frac = { n: 0n, d: 0 };
  if (pricing.mode === "volume") {
    const t = pricing.tiers[tierOf(Math.max(quantity, 1))] as BillTier;
    for (let u = 0; u < quantity; u++) sum = add(sum, frac(t.unit ?? "0"));
    return round(add(sum, frac(t.flat ?? "0")));
  }
  const touched = new Set<number>([0]);
  for (let u = 1; u <= quantity; u++) {
    const i = tierOf(u);
    touched.add(i);
    sum = add(sum, frac(pricing.tiers[i]?.unit ?? "0"));
  }
  for (const i of touched) sum = add(sum, frac(pricing.tiers[i]?.flat ?? "0"));
  return round(sum);
}

const currency = fc.constantFrom("eur", "usd", "jpy", "kwd", "chf") as fc.Arbitrary<Currency>;
/** A minor-unit amount with up to 12 decimals, as Stripe's unit_amount_decimal. */
const unitText = fc
  .record({
    whole: fc.integer({ min: 0, max: 5000 }),
    decimals: fc.integer({ min: 0, max: 12 }),
    digits: fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
  })
  .map(({ whole, decimals, digits }) =>
    decimals === 0
      ? String(whole)
      : `${whole}.${(digits % 10n ** BigInt(decimals)).toString().padStart(decimals, "0")}`,
  );
const flatText = fc.option(fc.integer({ min: 0, max: 100000 }).map(String), { nil: undefined });
const tiers = fc
  .array(
    fc.record({
      width: fc.integer({ min: 1, max: 300 }),
      unit: fc.option(unitText, { nil: undefined }),
      flat: flatText,
    }),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((list) => {
    let bound = 0n;
    return list.map((t, i): BillTier => {
      bound += BigInt(t.width);
      return {
        upTo: i === list.length - 1 ? null : bound,
        ...(t.unit !== undefined ? { unit: t.unit } : {}),
        ...(t.flat !== undefined ? { flat: t.flat } : {}),
      };
    });
  });
const pricing: fc.Arbitrary<Pricing> = fc.oneof(
  unitText.map((unit) => ({ kind: "per_unit" as const, unit })),
  fc.record({
    kind: fc.constant("tiered" as const),
    mode: fc.constantFrom("graduated" as const, "volume" as const),
    tiers,
  }),
);

describe("the bill calculator", () => {
  it("agrees with a unit-by-unit implementation to the exact minor unit", () => {
    fc.assert(
      fc.property(currency, pricing, fc.integer({ min: 0, max: 1500 }), (cur, p, q) => {
        // Amounts are in minor units whatever the currency; the currency only changes what a
        // minor unit is, so a JPY and a KWD price take the same path.
        expect(minorUnitExponent(cur)).toBeGreaterThanOrEqual(0);
        expect(lineAmount(p, BigInt(q))).toBe(reference(p, q));
      }),
      { numRuns: 400 },
    );
  });

  it("rounds each line half up, then sums, then takes the discount off", () => {
    const half: Pricing = { kind: "per_unit", unit: "0.05" };
    expect(lineAmount(half, 30n)).toBe(2n); // Stripe's own example: 1.5 cents is 2 cents
    expect(lineAmount(half, 29n)).toBe(1n); // 1.45
    const bill = computeBill(
      [
        { key: "a", pricing: half, quantity: 30n },
        { key: "b", pricing: half, quantity: 30n },
      ],
      { kind: "percent", percent: "25" },
    );
    expect(bill).toEqual({
      lines: [
        { key: "a", amount: 2n },
        { key: "b", amount: 2n },
      ],
      subtotal: 4n,
      discount: 1n,
      total: 3n,
      tax: "unspecified",
    });
    expect(
      computeBill([{ key: "a", pricing: half, quantity: 30n }], { kind: "amount", amount: 500n }).total,
    ).toBe(0n);
  });

  it("charges graduated tiers per tier, volume tiers at one tier, flat fees once", () => {
    const t: BillTier[] = [
      { upTo: 50n, unit: "0" },
      { upTo: 100n, unit: "30", flat: "200" },
      { upTo: null, unit: "25" },
    ];
    expect(lineAmount({ kind: "tiered", mode: "graduated", tiers: t }, 120n)).toBe(
      50n * 30n + 200n + 20n * 25n,
    );
    expect(lineAmount({ kind: "tiered", mode: "graduated", tiers: t }, 50n)).toBe(0n);
    expect(lineAmount({ kind: "tiered", mode: "volume", tiers: t }, 120n)).toBe(120n * 25n);
    expect(lineAmount({ kind: "tiered", mode: "volume", tiers: t }, 60n)).toBe(60n * 30n + 200n);
    expect(
      lineAmount({ kind: "tiered", mode: "graduated", tiers: [{ upTo: null, unit: "1", flat: "500" }] }, 0n),
    ).toBe(500n);
  });

  it("bills package prices by whole packages, rounded up or down before the unit amount", () => {
    // EUR 5 (500 cents) per 1,000 calls.
    const up: Pricing = { kind: "per_unit", unit: "500", package: { size: 1000n, round: "up" } };
    const down: Pricing = { kind: "per_unit", unit: "500", package: { size: 1000n, round: "down" } };
    expect(lineAmount(up, 12_300n)).toBe(13n * 500n);
    expect(lineAmount(down, 12_300n)).toBe(12n * 500n);
    expect(lineAmount(up, 12_000n)).toBe(12n * 500n); // an exact multiple is never rounded
    expect(lineAmount(down, 12_000n)).toBe(12n * 500n);
    expect(lineAmount(up, 1n)).toBe(500n); // a started package is billed whole
    expect(lineAmount(down, 999n)).toBe(0n);
    expect(lineAmount(up, 0n)).toBe(0n);
    // A decimal package amount is rounded once per line, after the packages are counted.
    const fine: Pricing = { kind: "per_unit", unit: "0.5", package: { size: 10n, round: "up" } };
    expect(lineAmount(fine, 25n)).toBe(2n); // 3 packages x 0.5 = 1.5 -> 2
  });

  it("agrees with counting packages one unit at a time", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 5000n }),
        fc.bigInt({ min: 1n, max: 700n }),
        fc.constantFrom<"up" | "down">("up", "down"),
        (quantity, size, round) => {
          let full = 0n;
          let open = 0n;
          for (let unit = 1n; unit <= quantity; unit++) {
            open++;
            if (open === size) {
              full++;
              open = 0n;
            }
          }
          const expected = full + (round === "up" && open > 0n ? 1n : 0n);
          const pricing: Pricing = { kind: "per_unit", unit: "7", package: { size, round } };
          expect(lineAmount(pricing, quantity)).toBe(expected * 7n);
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });

  it("never adds tax: says whether the charged lines include it or have it added on top", () => {
    const flat: Pricing = { kind: "per_unit", unit: "1000" };
    const free: Pricing = { kind: "per_unit", unit: "0" };
    const line = (key: string, pricing: Pricing, tax?: "inclusive" | "exclusive") => ({
      key,
      pricing,
      quantity: 1n,
      ...(tax ? { tax } : {}),
    });
    const inclusive = computeBill([line("a", flat, "inclusive"), line("b", flat, "inclusive")]);
    expect(inclusive).toMatchObject({ total: 2000n, tax: "inclusive" });
    expect(computeBill([line("a", flat, "exclusive")])).toMatchObject({ total: 1000n, tax: "exclusive" });
    expect(computeBill([line("a", flat, "inclusive"), line("b", flat, "exclusive")]).tax).toBe("mixed");
    expect(computeBill([line("a", flat)]).tax).toBe("unspecified");
    // A line that charges nothing does not make a bill mixed.
    expect(computeBill([line("a", flat, "inclusive"), line("b", free, "exclusive")]).tax).toBe("inclusive");
    // The same amount with tax included: the discount and rounding are those of any bill.
    expect(computeBill([line("a", flat, "inclusive")], { kind: "percent", percent: "20" })).toMatchObject({
      total: 800n,
      tax: "inclusive",
    });
  });
});
