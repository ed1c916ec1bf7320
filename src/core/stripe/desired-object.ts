/**
 * Desired Stripe objects: what the catalog wants Stripe to hold, each with how faithfully
 * Stripe can express it. Pure types.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { JsonObject } from "../json/json.js";
import type { ModelId } from "../model/types.js";

/** How faithfully a Stripe object carries what the model says. */
export type Fidelity = "exact" | "approximate" | "unsupported";

/**
 * One object the catalog wants, of type `T` with fields `F`. References to other managed
 * objects are written as `$ref:<logical key>` and resolved to ids when planning and applying.
 */
export interface DesiredOf<T extends string, F extends JsonObject> {
  readonly key: LogicalKey;
  readonly type: T;
  readonly model: ModelId;
  readonly fidelity: Fidelity;
  /** Why the fidelity is what it is, for display and the state's record. */
  readonly reason: string;
  readonly fields: F;
  /** The model allows taking identifiers (a lookup key) that objects the tool does not manage hold. */
  readonly takeover?: boolean;
  /**
   * The model keeps the object but wants it inactive (a promotion code with `active: false`):
   * an active one is retired, an inactive one left as it is, none is created.
   */
  readonly inactive?: boolean;
}

/** Prefix marking a reference to another managed object by logical key. */
export const REF_PREFIX = "$ref:";

/** A reference to another object's id, by its logical key. */
export function ref(key: LogicalKey): string {
  return `${REF_PREFIX}${key}`;
}
