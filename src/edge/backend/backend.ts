/**
 * The backend seam: where managed objects really live. The shadow backend is the state file
 * itself; the Stripe backend is an account reached through the SDK. Both record results in
 * the same state and revision flow.
 */
import type { Executor } from "../../core/apply/execute.js";
import type { ObservedSubscribers } from "../../core/impact/subscribers.js";
import type { Adopted, Observation } from "../../core/plan/adopt.js";
import type { Plan } from "../../core/plan/types.js";
import type { State, StripeId } from "../../core/state/types.js";

/** A place managed objects live. */
export interface Backend {
  readonly name: "shadow" | "stripe";
  /**
   * What the backend really holds, for the planner to adopt (`adoptObserved`): the state with
   * its account details brought up to date, and every object the backend shows.
   */
  refresh(state: State): Promise<Observation>;
  /** The objects of `catalog` the backend holds, and what else it holds, for drift findings against the state. */
  observe(state: State, catalog: string): Promise<Adopted>;
  /**
   * The active and trialing subscriptions on `prices`, one item per subscription and price,
   * counted from list pages (never one request per subscription). The shadow backend has none.
   */
  subscribers(prices: readonly StripeId[]): Promise<ObservedSubscribers>;
  /** Carries out the operations of a plan. */
  executorFor(plan: Plan): Executor;
}
