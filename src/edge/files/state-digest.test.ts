import { describe, expect, it } from "vitest";
import { stateObject } from "../../../test/helpers/plans.js";
import { emptyState, type State } from "../../core/state/types.js";
import { stateDigest } from "./state-digest.js";

const state: State = {
  ...emptyState("lineage"),
  serial: 1,
  revision: "stripe-rev-0001",
  objects: [stateObject("product", "m", "m", { name: "M" })],
};

describe("stateDigest", () => {
  it("changes with any part of the state", () => {
    expect(stateDigest({ ...state, serial: 2 })).not.toBe(stateDigest(state));
    expect(stateDigest({ ...state, objects: [] })).not.toBe(stateDigest(state));
  });

  it("does not depend on the order of objects or keys", () => {
    const other = stateObject("price", "m/base", "price_1", { b: 1, a: 2 });
    const swapped = stateObject("price", "m/base", "price_1", { a: 2, b: 1 });
    expect(stateDigest({ ...state, objects: [other, ...state.objects] })).toBe(
      stateDigest({ ...state, objects: [...state.objects, swapped] }),
    );
  });
});
