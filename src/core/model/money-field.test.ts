import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type Currency, parseCurrency } from "../money/currency.js";
import { formatDecimal } from "../money/decimal.js";
import { type AmountKind, readDecimal, readMoney } from "./money-field.js";
import { type ModelSource, parseModelSource } from "./source.js";

function currencies(...codes: string[]): Currency[] {
  return codes.map((c) => {
    const currency = parseCurrency(c);
    if (!currency) throw new Error(`not a currency: ${c}`);
    return currency;
  });
}

/** Reads `amount:` of a one-line YAML document; returns the money as text per currency, or the problems. */
function read(
  yaml: string,
  codes: readonly string[],
  kind: AmountKind = "whole",
): Record<string, string> | string[] {
  const parsed = parseModelSource("models/m.yaml", new TextEncoder().encode(yaml));
  if (!("data" in parsed)) throw new Error(parsed.map((d) => d.message).join("; "));
  const source: ModelSource = parsed;
  const problems: Diagnostic[] = [];
  const value = (source.data as { amount: unknown }).amount;
  const money = readMoney(source, ["amount"], value, currencies(...codes), kind, problems);
  if (problems.length > 0) {
    expect(money).toBeUndefined();
    return problems.map((d) => `${d.line}:${d.column} ${d.message}`);
  }
  if (!money) throw new Error("no money and no problem");
  return Object.fromEntries(Object.entries(money).map(([c, d]) => [c, formatDecimal(d)]));
}

describe("readMoney: a scalar", () => {
  it("in a multi-currency model is refused, but for 0, which is zero in every currency", () => {
    expect(read("amount: 4.99\n", ["eur", "usd"])).toEqual([
      "1:9 this model is priced in eur, usd: give the amount per currency ({ eur: ..., usd: ... }); a plain number is allowed only for 0",
    ]);
    expect(read("amount: 0\n", ["eur", "usd", "jpy"])).toEqual({ eur: "0", usd: "0", jpy: "0" });
    expect(read("amount: 0.00\n", ["eur", "usd"])).toEqual({ eur: "0", usd: "0" });
  });

  it("is the single currency's amount, read from the text", () => {
    expect(read('amount: "4.90"\n', ["eur"])).toEqual({ eur: "4.9" });
    expect(read("amount: 480\n", ["jpy"])).toEqual({ jpy: "480" });
    expect(read("amount: 1.234\n", ["kwd"])).toEqual({ kwd: "1.234" });
    expect(read("amount: 0\n", ["eur"])).toEqual({ eur: "0" });
  });

  it("must fit the currency's minor unit for a whole amount", () => {
    expect(read("amount: 4.999\n", ["eur"])).toEqual([
      "1:9 amount 4.999 has more decimals than eur allows (2)",
    ]);
    expect(read("amount: 100.5\n", ["jpy"])).toEqual([
      "1:9 amount 100.5 has more decimals than jpy allows (0)",
    ]);
    expect(read("amount: 1.2345\n", ["kwd"])).toEqual([
      "1:9 amount 1.2345 has more decimals than kwd allows (3)",
    ]);
    // Trailing zeros are not decimals.
    expect(read("amount: 100.000\n", ["jpy"])).toEqual({ jpy: "100" });
  });

  it("may carry 12 more decimals (of the minor unit) for a per-unit amount", () => {
    expect(read("amount: 0.00000000000001\n", ["eur"], "per-unit")).toEqual({ eur: "0.00000000000001" });
    expect(read("amount: 0.000000000000001\n", ["eur"], "per-unit")).toEqual([
      "1:9 amount 0.000000000000001 has more decimals than a per-unit eur amount allows (14)",
    ]);
    expect(read("amount: 0.000000000001\n", ["jpy"], "per-unit")).toEqual({ jpy: "0.000000000001" });
    expect(read("amount: 0.0000000000001\n", ["jpy"], "per-unit")).toEqual([
      "1:9 amount 0.0000000000001 has more decimals than a per-unit jpy amount allows (12)",
    ]);
    expect(read("amount: 0.000000000000001\n", ["kwd"], "per-unit")).toEqual({ kwd: "0.000000000000001" });
  });

  it("stays within Stripe's largest amount (99999999 minor units)", () => {
    expect(read("amount: 999999.99\n", ["eur"])).toEqual({ eur: "999999.99" });
    expect(read("amount: 1000000\n", ["eur"])).toEqual([
      "1:9 amount 1000000 eur is above Stripe's limit of 999999.99",
    ]);
    expect(read("amount: 99999999\n", ["jpy"])).toEqual({ jpy: "99999999" });
    expect(read("amount: 100000000\n", ["jpy"])).toEqual([
      "1:9 amount 100000000 jpy is above Stripe's limit of 99999999",
    ]);
    expect(read("amount: 99999.999\n", ["kwd"])).toEqual({ kwd: "99999.999" });
    expect(read("amount: 100000\n", ["kwd"])).toEqual([
      "1:9 amount 100000 kwd is above Stripe's limit of 99999.999",
    ]);
  });

  it("refuses text that is not a decimal", () => {
    expect(read("amount: 1e3\n", ["eur"])).toEqual([
      '1:9 "1e3" is not a decimal amount (write digits with an optional decimal point, like 4.99)',
    ]);
    expect(read('amount: ""\n', ["eur"])).toEqual(["1:9 an amount cannot be empty"]);
    expect(read("amount: -1\n", ["eur"])).toEqual(["1:9 amount -1 is negative"]);
  });
});

describe("readMoney: a map per currency", () => {
  it("names every currency of the model, in any case", () => {
    expect(read("amount: { eur: 4.99, usd: 5.49, chf: 4.90 }\n", ["eur", "usd", "chf"])).toEqual({
      eur: "4.99",
      usd: "5.49",
      chf: "4.9",
    });
    expect(read("amount: { EUR: 4.99, Jpy: 480 }\n", ["eur", "jpy"])).toEqual({ eur: "4.99", jpy: "480" });
  });

  it("applies each currency's own minor unit", () => {
    expect(read("amount: { eur: 4.99, jpy: 480.5 }\n", ["eur", "jpy"])).toEqual([
      "1:27 amount 480.5 has more decimals than jpy allows (0)",
    ]);
    expect(read("amount: { eur: 0.49, jpy: 79.5 }\n", ["eur", "jpy"], "per-unit")).toEqual({
      eur: "0.49",
      jpy: "79.5",
    });
  });

  it("must not miss a currency of the model", () => {
    expect(read("amount: { eur: 4.99, usd: 5.49 }\n", ["eur", "usd", "chf"])).toEqual([
      "1:9 amount map is missing chf: list every currency of the model",
    ]);
    expect(read("amount:\n  eur: 4.99\n", ["eur", "usd", "chf"])).toEqual([
      "1:1 amount map is missing usd, chf: list every currency of the model",
    ]);
  });

  it("must not name a currency outside the model, or one twice", () => {
    expect(read("amount: { eur: 4.99, gbp: 4.29 }\n", ["eur"])).toEqual([
      '1:22 currency "gbp" is not one of this model\'s currencies (eur)',
    ]);
    expect(read("amount: { eur: 4.99, xyz: 1 }\n", ["eur"])).toEqual([
      '1:22 currency "xyz" is not one of this model\'s currencies (eur)',
    ]);
    expect(read("amount: { eur: 4.99, EUR: 5.00 }\n", ["eur"])).toEqual([
      "1:22 currency eur is listed twice",
    ]);
  });

  it("reports every bad entry of the map at once", () => {
    expect(read("amount:\n  eur: 4.999\n  usd: 5.499\n", ["eur", "usd"])).toEqual([
      "2:8 amount 4.999 has more decimals than eur allows (2)",
      "3:8 amount 5.499 has more decimals than usd allows (2)",
    ]);
  });
});

describe("readDecimal", () => {
  it("reads the source text exactly, or reports at the value", () => {
    const parsed = parseModelSource("models/m.yaml", new TextEncoder().encode("a: 0.1\nb: 1e-7\n"));
    if (!("data" in parsed)) throw new Error("parse failed");
    const problems: Diagnostic[] = [];
    expect(readDecimal(parsed, ["a"], problems)).toEqual({ units: 1n, scale: 1 });
    expect(readDecimal(parsed, ["b"], problems)).toBeUndefined();
    expect(readDecimal(parsed, ["missing"], problems)).toBeUndefined();
    expect(problems.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '2:4 "1e-7" is not a decimal amount (write digits with an optional decimal point, like 4.99)',
      "1:1 an amount cannot be empty",
    ]);
  });
});
