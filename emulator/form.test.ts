import { describe, expect, it } from "vitest";
import { decodeForm, FormDecodeError, splitKey } from "./form.js";
import { getArray, getStrings } from "./params.js";

describe("decodeForm", () => {
  it("nests bracketed keys and keeps leaves as strings", () => {
    const params = decodeForm(
      "recurring[interval]=month&tiers[0][up_to]=10&tiers[1][up_to]=inf&metadata[a%20b]=c%2Bd",
    );
    expect(params).toEqual({
      recurring: { interval: "month" },
      tiers: { "0": { up_to: "10" }, "1": { up_to: "inf" } },
      metadata: { "a b": "c+d" },
    });
  });

  it("appends `[]` items in order and accepts encoded brackets", () => {
    const params = decodeForm(
      "expand[]=data.tiers&expand%5B%5D=data.product&lookup_keys[0]=a&lookup_keys[1]=b",
    );
    expect(getStrings(params.expand)).toEqual(["data.tiers", "data.product"]);
    expect(getStrings(params.lookup_keys)).toEqual(["a", "b"]);
  });

  it("orders array items by index, not by arrival", () => {
    const params = decodeForm("tiers[1][up_to]=inf&tiers[0][up_to]=5&tiers[10][up_to]=7");
    expect(getArray(params.tiers).map((t) => (typeof t === "object" ? t.up_to : t))).toEqual([
      "5",
      "inf",
      "7",
    ]);
  });

  it("keeps an empty value (Stripe's way to clear a field)", () => {
    expect(decodeForm("metadata=&description=")).toEqual({ metadata: "", description: "" });
  });

  it("refuses a key used both as a value and as a hash", () => {
    expect(() => decodeForm("metadata=x&metadata[a]=b")).toThrow(FormDecodeError);
  });

  it("treats malformed brackets as a plain key", () => {
    expect(splitKey("a[b]c")).toEqual(["a[b]c"]);
    expect(splitKey("a[b][]")).toEqual(["a", "b", ""]);
  });
});
