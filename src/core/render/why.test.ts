import { describe, expect, it } from "vitest";
import type { LogicalKey } from "../artifacts/artifacts.js";
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
      { code: "moved", type: "billing_meter", from: "a#meter:kwh" as LogicalKey },
      "the billing_meter of a#meter:kwh (identified by what Stripe keeps unique) now belongs to this key",
    ],
    [
      { code: "lookup-key-takeover", lookupKey: "m/base", holder: "price_9" as StripeId },
      "takes the lookup key m/base from price_9, a price the tool does not manage (the model says takeOverLookupKey)",
    ],
    [
      { code: "changed-back", type: "coupon", fields: ["percent_off"], replaces: "co_2" as StripeId },
      "percent_off changed back to an archived object's: reactivate it and delete co_2",
    ],
    [
      {
        code: "set-once-changed",
        type: "price",
        field: "tax_behavior",
        from: "inclusive",
        to: null,
        fields: ["tax_behavior", "unit_amount"],
        id: "price_3" as StripeId,
      },
      "tax_behavior is inclusive, and Stripe lets it be set only once (from unspecified), so making it unspecified needs a new price (unit_amount cannot change in place either): create one and archive price_3",
    ],
    [
      { code: "default-price-moves", from: "price_4" as StripeId, to: "m/base" as LogicalKey },
      "the product's default price moves from price_4 to the new price of m/base, which this plan replaces (Stripe refuses to archive a product's default price)",
    ],
    [{ code: "removed", type: "default_price" }, "no longer in the models: unset"],
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
