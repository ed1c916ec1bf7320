/** Small hand-made plans and state objects for renderer, drift and planner unit tests. */
import type { LogicalKey } from "../../src/core/artifacts/artifacts.js";
import type { JsonObject } from "../../src/core/json/json.js";
import type { ModelId } from "../../src/core/model/types.js";
import {
  ACTIONS,
  type Action,
  type Operation,
  type OperationOf,
  type Plan,
  type Summary,
} from "../../src/core/plan/types.js";
import type { StateObject, StripeId } from "../../src/core/state/types.js";
import type { DesiredObject, ObjectType } from "../../src/core/stripe/registry.js";

/** A plan of the given operations, with its summary counted. */
export function planOf(operations: readonly Operation[], extra: Partial<Plan> = {}): Plan {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const op of operations) summary[op.action]++;
  return {
    formatVersion: 1,
    backend: "shadow",
    baseRevision: "stripe-rev-0001",
    baseDigest: "0".repeat(64),
    scope: null,
    summary: summary as Summary,
    operations,
    ...extra,
  };
}

/** An operation on a price of model `m`, exact unless told otherwise. */
/** Test operations are loosely typed: any fields, any type. */
export function operation(action: Action, extra: Partial<OperationOf<ObjectType>> = {}): Operation {
  return {
    action,
    key: "m/base" as LogicalKey,
    type: "price",
    model: "m" as ModelId,
    fidelity: "exact",
    reason: "fixed recurring price",
    changes: [],
    ...extra,
  } as Operation;
}

/** A state object. */
export function stateObject(
  type: ObjectType,
  key: string,
  id: string,
  fields: JsonObject,
  extra: Partial<StateObject> = {},
): StateObject {
  return {
    key: key as LogicalKey,
    type,
    id: id as StripeId,
    active: true,
    model: (key.split(/[/#]/)[0] ?? key) as ModelId,
    fidelity: "exact",
    reason: "test",
    fields,
    ...extra,
  };
}

/** A desired object. */
export function desired(type: ObjectType, key: string, fields: JsonObject): DesiredObject {
  return {
    key: key as LogicalKey,
    type,
    model: (key.split(/[/#]/)[0] ?? key) as ModelId,
    fidelity: "exact",
    reason: "test",
    fields,
  } as DesiredObject;
}
