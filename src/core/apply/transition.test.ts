import { describe, expect, it } from "vitest";
import { operation, stateObject } from "../../../test/helpers/plans.js";
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { JsonObject } from "../json/json.js";
import type { Operation } from "../plan/types.js";
import type { StateObject, StripeId } from "../state/types.js";
import { afterOperation } from "./transition.js";

const KEY = "m/base" as LogicalKey;

const price = (id: string, active: boolean, fields: JsonObject): StateObject =>
  stateObject("price", KEY, id, fields, { active, reason: "fixed recurring price" });

const op = operation;

const withKey = (amount: number): JsonObject => ({
  unit_amount: amount,
  lookup_key: KEY,
  nickname: "M base",
});

describe("afterOperation", () => {
  it("records a create with the new id", () => {
    const out = afterOperation([], op("create"), withKey(100), "price_a" as StripeId);
    expect(out).toEqual([price("price_a", true, withKey(100))]);
  });

  it("refuses a create that returned no id", () => {
    expect(() => afterOperation([], op("create"), withKey(100))).toThrow(/without an id/);
  });

  it("replaces: the old price is archived and hands its lookup key to the new one", () => {
    const before = [price("price_a", true, withKey(100))];
    const out = afterOperation(
      before,
      op("replace", { id: "price_a" as StripeId }),
      withKey(200),
      "price_b" as StripeId,
    );
    expect(out).toEqual([
      price("price_a", false, { unit_amount: 100, nickname: "M base" }),
      price("price_b", true, withKey(200)),
    ]);
    // The input is not mutated.
    expect(before[0]?.active).toBe(true);
  });

  it("a create whose id is already listed (a re-created coupon) keeps one entry", () => {
    const coupon: StateObject = { ...price("co_a", false, { percent_off: 10 }), type: "coupon" };
    const out = afterOperation(
      [coupon],
      { ...op("create"), type: "coupon" } as Operation,
      { percent_off: 10, name: "x" },
      "co_a" as StripeId,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ id: "co_a", active: true, fields: { percent_off: 10, name: "x" } });
  });

  it("updates in place, keeping the id", () => {
    const out = afterOperation(
      [price("price_a", true, withKey(100))],
      op("update", { id: "price_a" as StripeId }),
      { ...withKey(100), nickname: "renamed" },
    );
    expect(out).toEqual([price("price_a", true, { ...withKey(100), nickname: "renamed" })]);
  });

  it("archives without touching the fields (an archived price keeps its lookup key)", () => {
    const out = afterOperation(
      [price("price_a", true, withKey(100))],
      op("archive", { id: "price_a" as StripeId }),
      undefined,
    );
    expect(out).toEqual([price("price_a", false, withKey(100))]);
  });

  it("reactivates an archived price and retires the one it replaces", () => {
    const out = afterOperation(
      [price("price_a", false, { unit_amount: 100 }), price("price_b", true, withKey(200))],
      op("reactivate", { id: "price_a" as StripeId, replaces: "price_b" as StripeId }),
      withKey(100),
    );
    expect(out).toEqual([
      price("price_a", true, withKey(100)),
      price("price_b", false, { unit_amount: 200, nickname: "M base" }),
    ]);
  });

  it("takes the lookup key from an archived price still holding it", () => {
    // price_b was archived with its model (keeping the key); the model is back at price_a's amount.
    const out = afterOperation(
      [price("price_a", false, { unit_amount: 100 }), price("price_b", false, withKey(200))],
      op("reactivate", { id: "price_a" as StripeId }),
      withKey(100),
    );
    expect(out.filter((o) => o.fields.lookup_key === KEY).map((o) => o.id)).toEqual(["price_a"]);
    expect(out.find((o) => o.id === "price_b")?.fields).toEqual({ unit_amount: 200, nickname: "M base" });
  });

  it("a new price takes the lookup key from an archived one too", () => {
    const out = afterOperation(
      [price("price_b", false, withKey(200))],
      op("create"),
      withKey(300),
      "price_c" as StripeId,
    );
    expect(out.filter((o) => o.fields.lookup_key === KEY).map((o) => o.id)).toEqual(["price_c"]);
  });

  it("leaves lookup keys of other prices alone", () => {
    const other = price("price_x", true, { unit_amount: 1, lookup_key: "m/other" });
    const out = afterOperation([other], op("create"), withKey(300), "price_c" as StripeId);
    expect(out[0]).toEqual(other);
  });
});
