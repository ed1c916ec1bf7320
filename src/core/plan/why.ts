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
  /** A price takes a lookup key from a price the tool does not manage, as its model asks. */
  | { readonly code: "lookup-key-takeover"; readonly lookupKey: string; readonly holder: StripeId };
