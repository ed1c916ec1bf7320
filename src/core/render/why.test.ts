import { describe, expect, it } from "vitest";
import type { Why } from "../plan/why.js";
import type { StripeId } from "../state/types.js";
import { describeWhy } from "./why.js";

describe("describeWhy", () => {
  it.each<[Why, string]>([
    [
      {
        code: "immutable-changed",
        type: "price",
        fields: ["recurring", "unit_amount"],
        id: "price_1" as StripeId,
      },
      "recurring, unit_amount cannot change in place: create a new price and archive price_1",
    ],
    [
      {
        code: "immutable-changed",
        type: "billing_meter",
        fields: ["default_aggregation"],
        id: "mtr_1" as StripeId,
        eventName: "kwh",
      },
      "default_aggregation cannot change in place: create a new billing_meter and deactivate mtr_1 (on Stripe give the meter a new eventName too: Stripe never reuses kwh for a new meter)",
    ],
    [
      { code: "changed-back", type: "coupon", fields: ["percent_off"], replaces: "co_2" as StripeId },
      "percent_off changed back to an archived object's: reactivate it and delete co_2",
    ],
    [{ code: "archived-match" }, "an archived object matches: reactivate it instead of creating a duplicate"],
    [{ code: "removed", type: "metadata_binding" }, "no longer in the models: remove"],
    [
      { code: "duplicate", type: "product" },
      "a second active product of this key (an interrupted apply or an edit outside the tool): archive",
    ],
  ])("words %j", (why, words) => {
    expect(describeWhy(why)).toBe(words);
  });
});
