/**
 * Plans: the closed set of actions that take the backend from the state to the desired
 * objects. A plan is data; making it is pure, rendering and applying live elsewhere.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { FieldChange } from "../json/json.js";
import type { ModelId } from "../model/types.js";
import type { StripeId } from "../state/types.js";
import type { Fidelity } from "../stripe/desired-object.js";
import type { FieldsByType, ObjectType } from "../stripe/registry.js";
import type { PlanProblem } from "./problem.js";
import type { Why } from "./why.js";

/** What an operation does to one object. */
export type Action = "create" | "update" | "replace" | "archive" | "reactivate" | "noop";

/** Every action, in the order summaries list them. */
export const ACTIONS: readonly Action[] = ["create", "update", "replace", "archive", "reactivate", "noop"];

/** One step of a plan on an object of type `T`. `reason` explains the fidelity; `why` the action. */
export interface OperationOf<T extends ObjectType> {
  readonly action: Action;
  readonly key: LogicalKey;
  readonly type: T;
  readonly model: ModelId;
  readonly fidelity: Fidelity;
  readonly reason: string;
  /** Why the planner chose this action (a closed code with its values; words are the renderer's). */
  readonly why?: Why;
  /** The existing object acted on (update, archive, reactivate, noop), or the one a replace retires. */
  readonly id?: StripeId;
  /** For reactivate: the active object it takes over from (archived by the same step). */
  readonly replaces?: StripeId;
  /** Field-level differences from the current object. */
  readonly changes: readonly FieldChange[];
  /** Desired fields, for every action but archive; `$ref:<key>` marks an id known only after apply. */
  readonly fields?: FieldsByType[T];
}

/** One step of a plan, discriminated on `type`. */
export type Operation<T extends ObjectType = ObjectType> = { [K in T]: OperationOf<K> }[T];

/** Counts per action. */
export type Summary = Readonly<Record<Action, number>>;

/** A plan: operations against one state, identified by its revision and digest. */
export interface Plan {
  readonly formatVersion: 1;
  readonly backend: "shadow" | "stripe";
  readonly baseRevision: string | null;
  /** Digest of the state the plan was made against; apply refuses a plan whose state moved. */
  readonly baseDigest: string;
  /** Digest of the desired objects the plan was made from; `apply --plan` refuses a plan whose models moved. */
  readonly modelsDigest?: string;
  /** The model ids the plan is limited to, or null for the whole catalog. */
  readonly scope: readonly string[] | null;
  readonly summary: Summary;
  readonly operations: readonly Operation[];
  /** Why the plan cannot be applied on Stripe; absent when it can. Apply refuses such a plan. */
  readonly problems?: readonly PlanProblem[];
}

/** True when the plan can be applied (it has no problems). */
export function applicable(plan: Plan): boolean {
  return (plan.problems ?? []).length === 0;
}

/** True when applying the plan would change anything. */
export function hasChanges(plan: Plan): boolean {
  return plan.operations.some((op) => op.action !== "noop");
}
