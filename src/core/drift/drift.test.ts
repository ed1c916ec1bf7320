import { describe, expect, it } from "vitest";
import { stateObject } from "../../../test/helpers/plans.js";
import { findDrift } from "./drift.js";

const product = stateObject("product", "m", "m", { name: "M" });
const price = stateObject("price", "m/base", "price_1", { unit_amount: 100, lookup_key: "m/base" });

describe("findDrift", () => {
  it("finds nothing when the backend holds the state's objects", () => {
    expect(findDrift([product, price], [price, product])).toEqual([]);
  });

  it("reports changed fields with before and after", () => {
    const seen = { ...price, fields: { unit_amount: 100, nickname: "edited" } };
    expect(findDrift([price], [seen])).toEqual([
      {
        kind: "changed",
        type: "price",
        key: "m/base",
        id: "price_1",
        message: "2 fields differ",
        changes: [
          { path: "lookup_key", before: "m/base" },
          { path: "nickname", after: "edited" },
        ],
      },
    ]);
  });

  it("reports an object archived on the backend but active in the state", () => {
    const [finding] = findDrift([price], [{ ...price, active: false }]);
    expect(finding).toMatchObject({
      kind: "status",
      message: "archived on the backend, active in the state",
      changes: [{ path: "active", before: true, after: false }],
    });
  });

  it("reports missing and unmanaged objects, but not a deleted coupon that the state archived", () => {
    const coupon = stateObject("coupon", "m/off", "co_1", { percent_off: 10 }, { active: false });
    const stray = stateObject("price", "m/other", "price_9", {});
    const findings = findDrift([product, price, coupon], [product, stray]);
    expect(findings.map((f) => `${f.kind} ${f.id}`)).toEqual(["missing price_1", "unmanaged price_9"]);
  });

  it("still reports an archived price that is missing: prices are never deleted", () => {
    const archived = { ...price, active: false };
    expect(findDrift([archived], []).map((f) => f.kind)).toEqual(["missing"]);
  });
});
