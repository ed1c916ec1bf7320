/**
 * Stripe's rules per object type: which fields are immutable (a change replaces the object)
 * and whether an archived object can be brought back. One table, used by the planner. Pure.
 */
import type { ObjectType } from "../stripe/types.js";

/** How Stripe lets an object of a type change. */
export interface TypeTraits {
  /** Fields that can be changed in place; every other field is immutable. */
  readonly mutable: readonly string[];
  /** An archived object can be reactivated (coupons are deleted, so they are re-created). */
  readonly reactivatable: boolean;
  /** The verb the backend uses to retire one, for display. */
  readonly retire: string;
}

/** The traits of every managed type. */
export const TRAITS: Readonly<Record<ObjectType, TypeTraits>> = {
  product: {
    mutable: ["name", "description", "unit_label", "tax_code", "metadata"],
    reactivatable: true,
    retire: "archive",
  },
  billing_meter: { mutable: ["display_name"], reactivatable: true, retire: "deactivate" },
  price: { mutable: ["nickname", "metadata", "lookup_key"], reactivatable: true, retire: "archive" },
  coupon: { mutable: ["name", "metadata"], reactivatable: false, retire: "delete" },
  metadata_binding: { mutable: ["product", "metadata"], reactivatable: true, retire: "remove" },
};

/** The top-level immutable fields among changed field paths, sorted. */
export function immutableFields(type: ObjectType, changedPaths: readonly string[]): string[] {
  const mutable = TRAITS[type].mutable;
  const top = new Set(changedPaths.map((path) => path.split(".")[0] ?? path));
  return [...top].filter((field) => !mutable.includes(field)).sort();
}
