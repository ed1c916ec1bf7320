/**
 * The JSON form of a plan: the contract's fields and Stripe's own field names, deterministic
 * bytes; `schemas/plan.schema.json` describes it. Beside Stripe's fields, each price and coupon
 * operation carries `money`: what it charges per currency, formatted, before and after; and
 * with a context, the plan carries `impact` (each profile's bill), `policy` (each rule's
 * outcome) and `subscribers` (who is on the prices it replaces or archives). Pure.
 */
import { componentChanges, productsByModel, unitLabel } from "../impact/changes.js";
import { stableStringify } from "../json/json.js";
import type { Plan } from "../plan/types.js";
import { impactJson } from "./impact.js";
import type { PlanContext } from "./markdown.js";
import { changeCurrencies, changeText, sideText } from "./money.js";
import { describeProblem } from "./problem.js";
import { subscribersJson } from "./subscribers.js";
import { describeWhy } from "./why.js";

/** Renders a plan as deterministic JSON (also the format of `plan --out`); `why` reads as words. */
export function renderPlanJson(plan: Plan, context: PlanContext = {}): string {
  const priced = new Map(componentChanges(plan, context.state).map((c) => [c.op, c]));
  const products = productsByModel(plan, context.state);
  return stableStringify({
    ...plan,
    operations: plan.operations.map((op) => {
      const c = priced.get(op);
      const money = c && (c.before || c.after) ? moneyOf(c, unitLabel(products.get(op.model))) : undefined;
      return {
        ...op,
        ...(op.why ? { why: describeWhy(op.why) } : {}),
        ...(money ? { money } : {}),
      };
    }),
    ...(context.impact ? { impact: impactJson(context.impact) } : {}),
    ...(context.policy ? { policy: context.policy } : {}),
    ...(context.subscribers ? { subscribers: subscribersJson(context.subscribers) } : {}),
    ...(plan.problems ? { problems: plan.problems.map((p) => ({ ...p, message: describeProblem(p) })) } : {}),
  });
}

type Priced = NonNullable<ReturnType<typeof componentChanges>[number]>;

/** Per currency (`*` for a percent-off coupon): the amounts in words before and after, and the change. */
function moneyOf(
  c: Priced,
  label: string | undefined,
): Record<string, { before: string | null; after: string | null; change: string | null }> {
  const out: Record<string, { before: string | null; after: string | null; change: string | null }> = {};
  for (const cur of changeCurrencies(c.before, c.after)) {
    const say = (f: typeof c.before) => (f ? (sideText(c.op.type, f, cur, label) ?? null) : null);
    out[cur === "" ? "*" : cur] = {
      before: say(c.before),
      after: say(c.after),
      change: cur === "" ? null : (changeText(c.before, c.after, cur) ?? null),
    };
  }
  return out;
}
