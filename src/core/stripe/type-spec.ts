/**
 * What the tool knows about one Stripe object type, in one place: how Stripe lets it change,
 * the id prefix of its shadow objects, and how artifacts map to it. One `TypeSpec` per type,
 * gathered in `registry.ts`; the Stripe backend's half lives in
 * `src/edge/backend/stripe/resources/`. Pure.
 */
import type { Artifact } from "../artifacts/artifacts.js";
import type { JsonObject } from "../json/json.js";
import type { DesiredOf } from "./desired-object.js";

/** The verb a plan uses for retiring an object of a type (archive a price, delete a coupon, ...). */
export type RetireVerb = "archive" | "deactivate" | "delete" | "remove" | "unset";

/** How Stripe lets an object of a type change. */
export interface TypeTraits<F extends JsonObject> {
  /** Top-level fields that change in place; a change to any other field replaces the object. */
  readonly mutable: readonly (keyof F & string)[];
  /**
   * Map fields whose members may be added in place (a price's new currency option), though a
   * member that exists can neither change nor go: that still replaces the object.
   */
  readonly extendable?: readonly (keyof F & string)[];
  /**
   * Fields that may be set in place once, while absent (a price's `tax_behavior` from
   * unspecified to a value); changing or clearing a set value replaces the object.
   */
  readonly setOnce?: readonly (keyof F & string)[];
  /** An archived object can be brought back (coupons are deleted, so they are re-created). */
  readonly reactivatable: boolean;
  /** What retiring one does on Stripe, for display. */
  readonly retire: RetireVerb;
}

/**
 * One Stripe object type. `T` is its name (a key of the registry), `F` the shape of its
 * fields as desired objects and the state hold them (Stripe's field names, `$ref:<key>` for ids
 * known only after apply).
 */
export interface TypeSpec<T extends string, F extends JsonObject> {
  readonly type: T;
  /** Prefix of the synthetic ids the shadow backend gives new objects ("" = the logical key itself). */
  readonly idPrefix: string;
  readonly traits: TypeTraits<F>;
  /** Stripe's maximum length (code points) of each string field the tool sends. */
  readonly limits: Readonly<Partial<Record<keyof F & string, number>>>;
  /**
   * The desired objects of this type that carry one artifact: none when the artifact is
   * carried by another type. Across all types every artifact is carried exactly once.
   */
  map(artifact: Artifact): readonly DesiredOf<T, F>[];
}
