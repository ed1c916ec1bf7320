/**
 * Carries out a plan step by step through a backend's executor, resolving references to
 * ids as objects come into being and recording each result in the state. The executor does
 * the writes; this module decides nothing about Stripe. No IO of its own.
 */
import type { JsonObject } from "../json/json.js";
import { hasUnresolvedRef, resolveRefs } from "../plan/plan.js";
import type { Operation, Plan } from "../plan/types.js";
import type { State, StateObject, StripeId } from "../state/types.js";
import { afterOperation } from "./transition.js";

/** Performs one operation on a backend; returns the id of what a create or replace made. */
export interface Executor {
  execute(
    op: Operation,
    fields: JsonObject | undefined,
    objects: readonly StateObject[],
  ): Promise<{ readonly id?: StripeId }>;
}

/** Reports progress: the step just finished and the state so far (for checkpointing). */
export type StepListener = (done: number, total: number, op: Operation, state: State) => void | Promise<void>;

/** An apply that stopped part way: `state` records every step that was carried out. */
export class ApplyStoppedError extends Error {
  override readonly name = "ApplyStoppedError";
  constructor(
    readonly state: State,
    readonly done: number,
    readonly total: number,
    readonly failed: Operation,
    override readonly cause: unknown,
  ) {
    super(
      `stopped at ${failed.action} ${failed.key} (${done} of ${total} steps done): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/** Executes every non-noop operation in order and returns the resulting state (serial and revision unchanged). */
export async function executePlan(
  plan: Plan,
  state: State,
  executor: Executor,
  onStep?: StepListener,
): Promise<State> {
  const steps = plan.operations.filter((op) => op.action !== "noop");
  let current: State = state;
  let done = 0;
  for (const op of steps) {
    const ids = activeIds(current.objects);
    const fields = op.fields ? (resolveRefs(op.fields, ids) as JsonObject) : undefined;
    if (fields && hasUnresolvedRef(fields)) {
      throw new ApplyStoppedError(
        current,
        done,
        steps.length,
        op,
        new Error("a referenced object was not created first"),
      );
    }
    let result: { readonly id?: StripeId };
    try {
      result = await executor.execute(op, fields, current.objects);
    } catch (cause) {
      throw new ApplyStoppedError(current, done, steps.length, op, cause);
    }
    current = { ...current, objects: afterOperation(current.objects, op, fields, result.id) };
    done++;
    await onStep?.(done, steps.length, op, current);
  }
  return current;
}

/** Logical key to id of every active object: what `$ref:` references resolve to. */
export function activeIds(objects: readonly StateObject[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const o of objects) if (o.active) ids.set(o.key, o.id);
  return ids;
}
