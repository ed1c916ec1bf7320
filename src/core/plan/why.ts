/**
 * Why the planner chose an action: a closed set of codes with the values each needs. The
 * words are chosen by the renderers (`src/core/render/why.ts`). Pure types.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { StripeId } from "../state/types.js";
import type { ObjectType } from "../stripe/registry.js";

/** The reason for one operation's action. */
export type Why =
  /** An immutable field changed: a new object is created and `id` retired. */
  | {
      readonly code: "immutable-changed";
      readonly type: ObjectType;
      readonly fields: readonly string[];
      readonly id: StripeId;
    }
  /**
   * A field Stripe lets be set only once (a price's tax behaviour) holds `from` and the model
   * wants `to` (null: unset): a new object is created and `id` retired. `fields` lists every
   * field that cannot change in place.
   */
  | {
      readonly code: "set-once-changed";
      readonly type: ObjectType;
      readonly field: string;
      readonly from: string;
      readonly to: string | null;
      readonly fields: readonly string[];
      readonly id: StripeId;
    }
  /**
   * Stripe never changes a promotion code's `fields` (its code, its coupon, its limits): the code
   * `id` (`promotionCode`) is deactivated first (codes are unique among active ones), then a new one created.
   */
  | {
      readonly code: "promotion-code-fixed";
      readonly fields: readonly string[];
      readonly id: StripeId;
      readonly promotionCode: string;
    }
  /** The model keeps the object but marks it inactive (a promotion code with `active: false`). */
  | { readonly code: "made-inactive"; readonly type: ObjectType }
  /** The product's default price follows its price, which this plan replaces: it moves from `from` to the new one. */
  | { readonly code: "default-price-moves"; readonly from: StripeId; readonly to: LogicalKey }
  /** Immutable fields changed back to those of an archived object: it is reactivated, `replaces` retired. */
  | {
      readonly code: "changed-back";
      readonly type: ObjectType;
      readonly fields: readonly string[];
      readonly replaces: StripeId;
    }
  /** A missing object matches an archived one, which is reactivated rather than duplicated. */
  | { readonly code: "archived-match" }
  /** The object is no longer in the models. */
  | { readonly code: "removed"; readonly type: ObjectType }
  /** A second active object of the same key (an interrupted apply or an edit outside the tool). */
  | { readonly code: "duplicate"; readonly type: ObjectType }
  /** An existing object identified by what Stripe keeps unique (a meter's event name) takes a new key. */
  | { readonly code: "moved"; readonly type: ObjectType; readonly from: LogicalKey }
  /** A meter of the account that no state or metadata names is adopted because it holds the event name. */
  | { readonly code: "adopted-by-event-name"; readonly eventName: string }
  /** A price takes a lookup key from a price the tool does not manage, as its model asks. */
  | { readonly code: "lookup-key-takeover"; readonly lookupKey: string; readonly holder: StripeId };
