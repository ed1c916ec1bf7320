import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareDecimal, type Decimal, formatDecimal, parseDecimal, shift } from "./decimal.js";

/** Parses text that must be a decimal (the test fails with the parser's message otherwise). */
function dec(text: string): Decimal {
  const d = parseDecimal(text);
  if (typeof d === "string") throw new Error(d);
  return d;
}

/** Digits without leading zeros (or "0"): the integer part of canonical text. */
const integerPart = fc.bigInt({ min: 0n, max: 10n ** 18n }).map((n) => n.toString());

/** Up to `max` fraction digits, any of them zero (so trailing zeros are exercised). */
const fractionDigits = (max: number) =>
  fc.string({ unit: fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), maxLength: max });

/** A normalised Decimal within the parser's limits (at most 20 integer digits). */
const normalisedDecimal = fc
  .record({ units: fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), scale: fc.integer({ min: 0, max: 20 }) })
  .map(({ units, scale }) => {
    let u = units;
    let s = scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s -= 1;
    }
    return { units: u, scale: s };
  });

/** Canonical text of `int.frac` written by hand: trailing zeros and an empty fraction dropped. */
function canonical(int: string, frac: string): string {
  const f = frac.replace(/0+$/, "");
  return f === "" ? int : `${int}.${f}`;
}

describe("parseDecimal", () => {
  it("reads positional decimals exactly and normalises trailing zeros", () => {
    expect(parseDecimal("4.99")).toEqual({ units: 499n, scale: 2 });
    expect(parseDecimal("4.90")).toEqual({ units: 49n, scale: 1 });
    expect(parseDecimal("4.00")).toEqual({ units: 4n, scale: 0 });
    expect(parseDecimal("0")).toEqual({ units: 0n, scale: 0 });
    expect(parseDecimal("0.000")).toEqual({ units: 0n, scale: 0 });
    expect(parseDecimal("0.0123")).toEqual({ units: 123n, scale: 4 });
    expect(parseDecimal("007.5")).toEqual({ units: 75n, scale: 1 });
    expect(parseDecimal("+1.5")).toEqual({ units: 15n, scale: 1 });
    expect(parseDecimal("  2.5 ")).toEqual({ units: 25n, scale: 1 });
  });

  it("never goes through a float: 0.1 + 0.2 style values stay exact", () => {
    const sum = dec("0.1").units * 10n + dec("0.2").units * 10n;
    expect(sum).toBe(30n);
    expect(parseDecimal("0.30000000000000004")).toEqual({ units: 30000000000000004n, scale: 17 });
    expect(formatDecimal(dec("123456789012345678.123456789012345678"))).toBe(
      "123456789012345678.123456789012345678",
    );
  });

  it("rejects what is not a non-negative positional decimal, with a message", () => {
    expect(parseDecimal("")).toBe("an amount cannot be empty");
    expect(parseDecimal("   ")).toBe("an amount cannot be empty");
    expect(parseDecimal("-4.99")).toBe("amount -4.99 is negative");
    expect(parseDecimal("-0")).toBe("amount -0 is negative");
    for (const bad of [
      "1e3",
      "1E-2",
      ".5",
      "5.",
      "NaN",
      ".nan",
      ".inf",
      "Infinity",
      "0x10",
      "1,5",
      "4.99 eur",
      "1_000",
    ]) {
      expect(parseDecimal(bad), bad).toMatch(/is not a decimal amount/);
    }
    expect(parseDecimal("1".repeat(21))).toBe(`amount ${"1".repeat(21)} is too large`);
    expect(parseDecimal("1".repeat(20))).toEqual({ units: BigInt("1".repeat(20)), scale: 0 });
  });
});

describe("formatDecimal and shift", () => {
  it("formats canonically", () => {
    expect(formatDecimal({ units: 499n, scale: 2 })).toBe("4.99");
    expect(formatDecimal({ units: 5n, scale: 3 })).toBe("0.005");
    expect(formatDecimal({ units: 0n, scale: 0 })).toBe("0");
    expect(formatDecimal({ units: 1200n, scale: 0 })).toBe("1200");
  });

  it("shifts between major and minor units exactly", () => {
    expect(shift(dec("4.99"), 2)).toEqual({ units: 499n, scale: 0 });
    expect(shift(dec("4.9"), 2)).toEqual({ units: 490n, scale: 0 });
    expect(shift(dec("480"), 0)).toEqual({ units: 480n, scale: 0 });
    expect(shift(dec("0.0123"), 2)).toEqual({ units: 123n, scale: 2 });
    expect(shift(dec("1.234"), 3)).toEqual({ units: 1234n, scale: 0 });
    expect(formatDecimal(shift({ units: 99_999_999n, scale: 0 }, -2))).toBe("999999.99");
  });

  it("keeps the result normalised when shifting minor units back to major", () => {
    expect(shift({ units: 100n, scale: 0 }, -2)).toEqual({ units: 1n, scale: 0 });
    expect(shift({ units: 490n, scale: 0 }, -2)).toEqual({ units: 49n, scale: 1 });
    expect(formatDecimal(shift({ units: 5000n, scale: 0 }, -3))).toBe("5");
    expect(shift({ units: 0n, scale: 0 }, -3)).toEqual({ units: 0n, scale: 0 });
  });

  it("compares across scales", () => {
    expect(compareDecimal(dec("4.99"), dec("4.990"))).toBe(0);
    expect(compareDecimal(dec("4.99"), dec("5"))).toBe(-1);
    expect(compareDecimal(dec("10"), dec("9.9999"))).toBe(1);
    expect(compareDecimal(dec("0"), dec("0.00"))).toBe(0);
  });
});

describe("decimal properties", () => {
  it("any amount within a currency's decimals round-trips to minor units and back", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 2, 3).chain((exponent) =>
          fc.record({
            exponent: fc.constant(exponent),
            int: integerPart,
            frac: fractionDigits(exponent),
          }),
        ),
        ({ exponent, int, frac }) => {
          const text = frac === "" ? int : `${int}.${frac}`;
          const d = dec(text);
          const minor = shift(d, exponent);
          expect(minor).toEqual({ units: BigInt(int + frac.padEnd(exponent, "0")), scale: 0 });
          const back = shift(minor, -exponent);
          expect(back).toEqual(d);
          expect(formatDecimal(back)).toBe(canonical(int, frac));
        },
      ),
    );
  });

  it("per-unit amounts (12 more decimals of the minor unit) round-trip too", () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 2, 3), integerPart, fractionDigits(15), (exponent, int, frac) => {
        const f = frac.slice(0, exponent + 12);
        const d = dec(f === "" ? int : `${int}.${f}`);
        const minor = shift(d, exponent);
        expect(minor.scale).toBeLessThanOrEqual(12);
        expect(shift(minor, -exponent)).toEqual(d);
        expect(formatDecimal(shift(minor, -exponent))).toBe(canonical(int, f));
      }),
    );
  });

  it("formatting a decimal and parsing the text gives the same decimal", () => {
    fc.assert(
      fc.property(normalisedDecimal, (d) => {
        const text = formatDecimal(d);
        expect(text).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(parseDecimal(text)).toEqual(d);
      }),
    );
  });

  it("parsing then formatting is canonical and idempotent", () => {
    fc.assert(
      fc.property(integerPart, fractionDigits(20), (int, frac) => {
        const text = frac === "" ? int : `${int}.${frac}`;
        const once = formatDecimal(dec(text));
        expect(once).toBe(canonical(int, frac));
        expect(formatDecimal(dec(once))).toBe(once);
      }),
    );
  });

  it("compareDecimal agrees with bigint comparison of the values scaled to a common scale", () => {
    const scaled = fc.record({
      value: fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }),
      scale: fc.integer({ min: 0, max: 15 }),
    });
    fc.assert(
      fc.property(scaled, scaled, (a, b) => {
        // value / 10^scale, written as text and parsed: the parser picks its own scale.
        const toText = ({ value, scale }: { value: bigint; scale: number }) => {
          const digits = value.toString().padStart(scale + 1, "0");
          return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        };
        const common = Math.max(a.scale, b.scale);
        const x = a.value * 10n ** BigInt(common - a.scale);
        const y = b.value * 10n ** BigInt(common - b.scale);
        const expected = x < y ? -1 : x > y ? 1 : 0;
        const da = dec(toText(a));
        const db = dec(toText(b));
        expect(compareDecimal(da, db)).toBe(expected);
        expect(compareDecimal(db, da)).toBe(expected === 0 ? 0 : -expected);
        expect(compareDecimal(da, da)).toBe(0);
      }),
    );
  });
});
