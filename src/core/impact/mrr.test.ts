/** The monthly normalisation rule: exact fractions, one half-up rounding at the end. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonthly, monthly, NO_MRR, roundMonthly } from "./mrr.js";

const month = (amount: bigint, interval: string, count = 1) => {
  const m = monthly(amount, interval, count);
  if (!m) throw new Error("unknown interval");
  return m;
};

describe("monthly", () => {
  it("divides a year by 12, a quarter by 3, and multiplies a week by 52/12 and a day by 365/12", () => {
    expect(roundMonthly(month(12_000n, "year"))).toBe(1_000n);
    expect(roundMonthly(month(3_000n, "month", 3))).toBe(1_000n);
    expect(roundMonthly(month(500n, "week"))).toBe(2_167n); // 2166.67
    expect(roundMonthly(month(100n, "day"))).toBe(3_042n); // 3041.67
    expect(roundMonthly(month(100n, "week", 2))).toBe(217n); // 216.67
  });

  it("sums exactly and rounds once, not per subscription", () => {
    // Three yearly subscriptions of 1 minor unit: 3/12 = 0.25 rounds to 0; rounded one by one
    // (0.083 each) they would also be 0, but 6 of them are 0.5, which rounds up to 1.
    let total = NO_MRR;
    for (let i = 0; i < 6; i++) total = addMonthly(total, month(1n, "year"));
    expect(roundMonthly(total)).toBe(1n);
    expect(roundMonthly(addMonthly(month(499_00n, "year"), month(499_00n, "year")))).toBe(8_317n);
  });

  it("refuses an interval or count it has no rule for", () => {
    expect(monthly(100n, "fortnight", 1)).toBeUndefined();
    expect(monthly(100n, "month", 0)).toBeUndefined();
  });

  it("of n equal monthly amounts is n times one (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 500 }), (a, n) => {
        let total = NO_MRR;
        for (let i = 0; i < n; i++) total = addMonthly(total, month(a, "month"));
        return roundMonthly(total) === a * BigInt(n);
      }),
      { numRuns: 50 },
    );
  });
});
