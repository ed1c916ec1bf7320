/**
 * Carries out a plan step by step through a backend's executor, resolving references to
 * ids as objects come into being and recording each result in the state. The executor does
 * the writes; this module decides nothing about Stripe. No IO of its own.
 */
import { hasUnresolvedRef, resolveRefs } from "../plan/plan.js";
import type { Operation, Plan } from "../plan/types.js";
import type { State, StateObject, StripeId } from "../state/types.js";
import type { ObjectType } from "../stripe/registry.js";
import { applyOperation, ObjectIndex } from "./transition.js";

/** Performs one operation on a backend; returns the id of what a create or replace made. */
export interface Executor {
  /** How many operations of one wave may run at once (default 1). */
  readonly concurrency?: number;
  /** `op` has every reference resolved to an id; `objects` is the state so far, by type and id. */
  execute(op: Operation, objects: ObjectIndex): Promise<{ readonly id?: StripeId }>;
}

/** Reports progress: the step just finished and, on demand, the state so far (for checkpointing). */
export type StepListener = (
  done: number,
  total: number,
  op: Operation,
  state: () => State,
) => void | Promise<void>;

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

/**
 * Executes every non-noop operation and returns the resulting state (serial and revision
 * unchanged). Operations run in dependency waves (the plan's order groups them by type);
 * within a wave up to `executor.concurrency` run at once. On a failure the operations already
 * in flight finish and are recorded before the apply stops.
 */
export async function executePlan(
  plan: Plan,
  state: State,
  executor: Executor,
  onStep?: StepListener,
): Promise<State> {
  const steps = plan.operations.filter((op) => op.action !== "noop");
  const index = new ObjectIndex(state.objects);
  const snapshot = (): State => ({ ...state, objects: index.values() });
  const limit = Math.max(1, executor.concurrency ?? 1);
  let done = 0;
  for (const wave of waves(steps)) {
    // References point at earlier waves only, so one lookup table serves the whole wave.
    const ids = activeIds(index.values());
    let failure: { op: Operation; cause: unknown } | undefined;
    let next = 0;
    const worker = async () => {
      while (failure === undefined && next < wave.length) {
        const planned = wave[next++] as Operation;
        const op = resolveOperation(planned, ids);
        try {
          if (op.fields && hasUnresolvedRef(op.fields))
            throw new Error("a referenced object was not created first");
          const result = await executor.execute(op, index);
          applyOperation(index, op, op.fields, result.id);
          done++;
          await onStep?.(done, steps.length, op, snapshot);
        } catch (cause) {
          failure ??= { op: planned, cause };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, wave.length) }, worker));
    if (failure) throw new ApplyStoppedError(snapshot(), done, steps.length, failure.op, failure.cause);
  }
  return snapshot();
}

/** The operation with every `$ref:` in its fields replaced by the id it names. */
function resolveOperation<T extends ObjectType>(
  op: Operation<T>,
  ids: ReadonlyMap<string, string>,
): Operation<T> {
  return op.fields === undefined ? op : { ...op, fields: resolveRefs(op.fields, ids) };
}

/** Consecutive operations of one dependency rank (same type, same phase) form a wave. */
function waves(steps: readonly Operation[]): Operation[][] {
  const out: Operation[][] = [];
  let last = "";
  for (const op of steps) {
    const rank = `${op.action === "archive" ? "retire" : "make"}:${op.type}`;
    if (rank !== last || out.length === 0) out.push([]);
    out[out.length - 1]?.push(op);
    last = rank;
  }
  return out;
}

/** Logical key to id of every active object: what `$ref:` references resolve to. */
export function activeIds(objects: readonly StateObject[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const o of objects) if (o.active) ids.set(o.key, o.id);
  return ids;
}
