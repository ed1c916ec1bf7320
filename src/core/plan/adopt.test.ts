/** Adoption across catalogs: what another catalog's products and prices say of meters. */
import { describe, expect, it } from "vitest";
import { stateObject } from "../../../test/helpers/plans.js";
import type { StripeId } from "../state/types.js";
import { emptyState } from "../state/types.js";
import { adoptObserved, type ObservedObject } from "./adopt.js";

const meter = (active: boolean) =>
  stateObject("billing_meter", "gamma#meter:y", "mtr_y", { event_name: "ev_y" }, { active });
const theirProduct: ObservedObject = {
  type: "product",
  id: "delta" as StripeId,
  active: true,
  fields: { name: "Delta", metadata: { pricing_meters: "ev_y" } },
  claim: { key: "delta" as never, model: "delta" as never, catalog: "delta" },
};
const observedMeter = (active: boolean): ObservedObject => ({
  type: "billing_meter",
  id: "mtr_y" as StripeId,
  active,
  fields: { event_name: "ev_y" },
});

describe("a meter another catalog's product names", () => {
  it("is claimed twice while this catalog's state holds it active", () => {
    const state = { ...emptyState("l", "stripe"), objects: [meter(true)] };
    expect(() => adoptObserved({ state, objects: [theirProduct, observedMeter(true)] }, [], "gamma")).toThrow(
      'billing_meter mtr_y is claimed by two catalogs: "gamma" (this state lists it) and "delta"',
    );
  });

  it("is released once this catalog retired it: theirs, unmanaged here", () => {
    const state = { ...emptyState("l", "stripe"), objects: [meter(false)] };
    const adopted = adoptObserved({ state, objects: [theirProduct, observedMeter(true)] }, [], "gamma");
    expect(adopted.state.objects).toEqual([]);
    expect(adopted.unmanaged.map((o) => o.id)).toEqual(["delta", "mtr_y"]);
    expect(adopted.owners?.get("mtr_y")).toBe("delta");
  });
});
