/** The JSON form of a plan: the contract's fields, deterministic bytes. Pure. */
import { stableStringify } from "../json/json.js";
import type { Plan } from "../plan/types.js";
import { describeProblem } from "./problem.js";
import { describeWhy } from "./why.js";

/** Renders a plan as deterministic JSON (also the format of `plan --out`); `why` reads as words. */
export function renderPlanJson(plan: Plan): string {
  return stableStringify({
    ...plan,
    operations: plan.operations.map((op) => (op.why ? { ...op, why: describeWhy(op.why) } : op)),
    ...(plan.problems ? { problems: plan.problems.map((p) => ({ ...p, message: describeProblem(p) })) } : {}),
  });
}
