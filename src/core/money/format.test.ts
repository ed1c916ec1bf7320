import { describe, expect, it } from "vitest";
import { type Currency, parseCurrency } from "./currency.js";
import { parseDecimal } from "./decimal.js";
import { formatMinor, formatMinorDelta, formatMoney, increaseAbove, percentChange } from "./format.js";

const cur = (c: string) => parseCurrency(c) as Currency;
const dec = (t: string) => {
  const d = parseDecimal(t);
  if (typeof d === "string") throw new Error(d);
  return d;
};

describe("formatMoney", () => {
  it("writes amounts with their currency's decimals and keeps sub-unit decimals", () => {
    expect(formatMoney(dec("4.99"), cur("eur"))).toBe("€4.99");
    expect(formatMoney(dec("5"), cur("eur"))).toBe("€5.00");
    expect(formatMoney(dec("0.002"), cur("usd"))).toBe("$0.002");
    expect(formatMoney(dec("480"), cur("jpy"))).toBe("¥480");
    expect(formatMoney(dec("0.5"), cur("jpy"))).toBe("¥0.5");
    expect(formatMoney(dec("1.234"), cur("kwd"))).toBe("KWD\u00a01.234");
    expect(formatMoney(dec("1234567.89"), cur("gbp"))).toBe("£1,234,567.89");
  });

  it("never goes through a float", () => {
    expect(formatMoney(dec("0.30000000000000004"), cur("usd"))).toBe("$0.30000000000000004");
    expect(formatMoney(dec("123456789012345678.99"), cur("usd"))).toBe("$123,456,789,012,345,678.99");
  });

  it("reads minor units", () => {
    expect(formatMinor(499, cur("eur"))).toBe("€4.99");
    expect(formatMinor("0.2", cur("usd"))).toBe("$0.002");
    expect(formatMinor(480n, cur("jpy"))).toBe("¥480");
    expect(formatMinorDelta(-50n, cur("eur"))).toBe("-€0.50");
    expect(formatMinorDelta(50n, cur("eur"))).toBe("+€0.50");
    expect(formatMinorDelta(0n, cur("eur"))).toBe("€0.00");
  });
});

describe("percentChange and increaseAbove", () => {
  it("rounds half away from zero to one decimal", () => {
    expect(percentChange(499n, 549n)).toBe("+10.0%");
    expect(percentChange(899n, 949n)).toBe("+5.6%");
    expect(percentChange(200n, 199n)).toBe("-0.5%");
    expect(percentChange(100000n, 100000n)).toBe("0.0%");
    expect(percentChange(3n, 2n)).toBe("-33.3%");
    expect(percentChange(0n, 5n)).toBeUndefined();
  });

  it("compares increases exactly", () => {
    expect(increaseAbove(100n, 115n, dec("15"))).toBe(false);
    expect(increaseAbove(100n, 116n, dec("15"))).toBe(true);
    expect(increaseAbove(1000n, 1151n, dec("15.05"))).toBe(true);
    expect(increaseAbove(0n, 1n, dec("15"))).toBe(true);
    expect(increaseAbove(100n, 90n, dec("0"))).toBe(false);
  });
});
