/**
 * Desired Stripe objects: what the catalog wants Stripe to hold, each with how faithfully
 * Stripe can express it. Pure types.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { JsonObject } from "../json/json.js";
import type { ModelId } from "../model/types.js";

/** Stripe object types the tool manages, in dependency order. */
export const OBJECT_TYPES = ["product", "billing_meter", "price", "coupon", "metadata_binding"] as const;

/** A Stripe object type the tool manages. */
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** How faithfully a Stripe object carries what the model says. */
export type Fidelity = "exact" | "approximate" | "unsupported";

/**
 * One object the catalog wants. `fields` are Stripe-shaped; references to other managed
 * objects are written as `$ref:<logical key>` and resolved to ids when planning and applying.
 */
export interface DesiredObject {
  readonly key: LogicalKey;
  readonly type: ObjectType;
  readonly model: ModelId;
  readonly fidelity: Fidelity;
  readonly reason: string;
  readonly fields: JsonObject;
}

/** Prefix marking a reference to another managed object by logical key. */
export const REF_PREFIX = "$ref:";

/** A reference to another object's id, by its logical key. */
export function ref(key: LogicalKey): string {
  return `${REF_PREFIX}${key}`;
}
