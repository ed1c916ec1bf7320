/**
 * Who is on the prices a plan replaces or archives: asks the backend for their subscribers
 * (only when the plan has such prices: a plan that replaces nothing costs no request) and
 * computes their monthly revenue before and after, for the plan's reviewer.
 */
import { affectedPrices, computeSubscribers, type SubscriberImpact } from "../core/impact/subscribers.js";
import type { Plan } from "../core/plan/types.js";
import type { State } from "../core/state/types.js";
import type { Backend } from "../edge/backend/backend.js";

/** The subscriber impact of `plan` (made against `state`), or undefined when it replaces and archives no price. */
export async function reviewSubscribers(
  plan: Plan,
  state: State,
  backend: Pick<Backend, "subscribers">,
): Promise<SubscriberImpact | undefined> {
  const affected = affectedPrices(plan);
  if (affected.length === 0) return undefined;
  return computeSubscribers(plan, state, await backend.subscribers(affected.map((p) => p.id)));
}
