import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addIntervals, periodAt } from "./periods.js";

const at = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) / 1000;

describe("billing periods on the calendar", () => {
  it("keep the anchor's day of the month, clamped to the month's end", () => {
    const month = { interval: "month", interval_count: 1 } as const;
    const anchor = at(2026, 1, 31, 12);
    expect([1, 2, 3, 4].map((n) => addIntervals(anchor, month, n))).toEqual([
      at(2026, 2, 28, 12),
      at(2026, 3, 31, 12),
      at(2026, 4, 30, 12),
      at(2026, 5, 31, 12),
    ]);
    expect(addIntervals(at(2024, 2, 29), { interval: "year", interval_count: 1 }, 1)).toBe(at(2025, 2, 28));
    expect(addIntervals(at(2026, 1, 1), { interval: "week", interval_count: 2 }, 1)).toBe(at(2026, 1, 15));
    expect(addIntervals(at(2026, 11, 30), { interval: "month", interval_count: 3 }, 1)).toBe(at(2027, 2, 28));
  });

  it("find the period containing any later time", () => {
    const units = ["day", "week", "month", "year"] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: at(2000, 1, 1), max: at(2040, 1, 1) }),
        fc.constantFrom(...units),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 20 * 366 * 86_400 }),
        (anchor, interval, count, later) => {
          const every = { interval, interval_count: count };
          const now = anchor + later;
          const { start, end } = periodAt(anchor, every, now);
          expect(start).toBeLessThanOrEqual(now);
          expect(end).toBeGreaterThan(now);
          // `end` is the interval after `start`, counted from the anchor.
          let n = 0;
          while (addIntervals(anchor, every, n) < start) n += 1;
          expect(addIntervals(anchor, every, n)).toBe(start);
          expect(addIntervals(anchor, every, n + 1)).toBe(end);
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });
});
