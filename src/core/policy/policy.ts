/**
 * Policy gates: rules from the config that a plan must pass before it may be applied, judged
 * on what the plan does to prices and to customers' bills. A rule with `unlessLabel` is approved
 * by that pull-request label. Pure: the plan, its component changes and impact in, findings out.
 */

import type { PolicyRule } from "../config/config.js";
import { unreachable } from "../diagnostics/errors.js";
import { scaled } from "../impact/bill.js";
import { amountsIn, minorText } from "../impact/book.js";
import type { ComponentChange } from "../impact/changes.js";
import type { Impact } from "../impact/impact.js";
import type { JsonObject } from "../json/json.js";
import { formatDecimal } from "../money/decimal.js";
import { increaseAbove, percentChange } from "../money/format.js";
import type { Plan } from "../plan/types.js";
import { currenciesOf } from "../render/money.js";

/** One rule's outcome. */
export interface PolicyFinding {
  readonly id: string;
  readonly rule: PolicyRule["rule"];
  /** `passed`; `violated` (fails the check); `approved` (violated, but the label is on the pull request). */
  readonly status: "passed" | "violated" | "approved";
  /** What breaks the rule, one line each (empty when it passed). */
  readonly reasons: readonly string[];
  readonly unlessLabel?: string;
}

/** Every rule's outcome, in the config's order. */
export interface PolicyResult {
  readonly findings: readonly PolicyFinding[];
}

/** True when a rule is violated and not approved: the plan must not pass the check. */
export function policyFails(result: PolicyResult | undefined): boolean {
  return result?.findings.some((f) => f.status === "violated") ?? false;
}

/** Judges the plan against each rule; `labels` are the pull request's. */
export function evaluatePolicy(
  rules: readonly PolicyRule[],
  plan: Plan,
  changes: readonly ComponentChange[],
  impact: Impact | undefined,
  labels: readonly string[],
): PolicyResult {
  const findings = rules.map((rule): PolicyFinding => {
    const reasons = reasonsFor(rule, plan, changes, impact);
    const approved = rule.unlessLabel !== undefined && labels.includes(rule.unlessLabel);
    return {
      id: rule.id,
      rule: rule.rule,
      status: reasons.length === 0 ? "passed" : approved ? "approved" : "violated",
      reasons,
      ...(rule.unlessLabel !== undefined ? { unlessLabel: rule.unlessLabel } : {}),
    };
  });
  return { findings };
}

function reasonsFor(
  rule: PolicyRule,
  plan: Plan,
  changes: readonly ComponentChange[],
  impact: Impact | undefined,
): string[] {
  switch (rule.rule) {
    case "max-increase": {
      const out: string[] = [];
      const limit = formatDecimal(rule.percent);
      for (const c of changes) {
        if (!c.before || !c.after || c.op.type !== "price") continue;
        for (const cur of currenciesOf(c.after)) {
          const b = unit(c.before, cur);
          const a = unit(c.after, cur);
          if (b !== undefined && a !== undefined && increaseAbove(b, a, rule.percent))
            out.push(
              `${c.op.key} (${cur.toUpperCase()}) goes up ${percentChange(b, a) ?? "from zero"}, more than ${limit}%`,
            );
          const bt = tierUnits(c.before, cur);
          const at = tierUnits(c.after, cur);
          if (bt && at && bt.length === at.length)
            for (const [i, x] of bt.entries()) {
              const y = at[i];
              if (y !== undefined && increaseAbove(x, y, rule.percent))
                out.push(
                  `tier ${i + 1} of ${c.op.key} (${cur.toUpperCase()}) goes up ${percentChange(x, y) ?? "from zero"} per unit, more than ${limit}%`,
                );
            }
        }
      }
      for (const r of impact?.rows ?? []) {
        if (!r.before || !r.after) continue;
        if (increaseAbove(r.before.steady, r.after.steady, rule.percent))
          out.push(
            `the bill of "${r.profile}" for ${r.model} (${r.currency.toUpperCase()}) goes up ${percentChange(r.before.steady, r.after.steady) ?? "from zero"}, more than ${limit}%`,
          );
      }
      return out;
    }
    case "no-currency-removed": {
      const out: string[] = [];
      for (const c of changes) {
        if (!c.before) continue;
        // A component or model removed whole is not a currency removed (`no-model-removed` judges models).
        if (!c.after) continue;
        const now = currenciesOf(c.after);
        for (const cur of currenciesOf(c.before))
          if (!now.includes(cur)) out.push(`${c.op.key} is no longer offered in ${cur.toUpperCase()}`);
      }
      return out;
    }
    case "no-model-removed": {
      const removed = plan.operations.filter((o) => o.type === "product" && o.action === "archive");
      return removed.map((o) => `${o.model} is removed (its product is archived)`);
    }
    default:
      return unreachable(rule);
  }
}

/** The per-unit amount of each tier of a tiered price in one currency, in 10^-12 minor units. */
function tierUnits(fields: JsonObject, currency: Parameters<typeof amountsIn>[1]): bigint[] | undefined {
  const a = amountsIn(fields, currency);
  if (!a || !Array.isArray(a.tiers)) return undefined;
  return a.tiers.map((t) =>
    typeof t === "object" && t !== null && !Array.isArray(t)
      ? scaled(minorText(t, "unit_amount") ?? "0")
      : 0n,
  );
}

/** A per-unit price's unit amount in one currency, in 10^-12 minor units. */
function unit(fields: JsonObject, currency: Parameters<typeof amountsIn>[1]): bigint | undefined {
  const a = amountsIn(fields, currency);
  if (!a || Array.isArray(a.tiers)) return undefined;
  const t = minorText(a, "unit_amount");
  return t === undefined ? undefined : scaled(t);
}
