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
import { isJsonObject, type Json, type JsonObject } from "../json/json.js";
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

/** How many reasons of one rule a comment or a log line shows; the rest are counted. */
const SHOWN_REASONS = 10;

/** A rule's reasons as shown: the first ten, then `and N more` (a catalog-wide change lists thousands). */
export function shownReasons(f: PolicyFinding): string[] {
  if (f.reasons.length <= SHOWN_REASONS) return [...f.reasons];
  return [...f.reasons.slice(0, SHOWN_REASONS), `and ${f.reasons.length - SHOWN_REASONS} more`];
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
        // Amounts over different periods cannot be compared: the rule cannot clear the change.
        const was = period(c.before);
        const now = period(c.after);
        if (was !== now) {
          out.push(`${c.op.key} is billed ${now} instead of ${was}: the rule cannot compare its amounts`);
          continue;
        }
        const shapeBefore = tierShape(c.before);
        const shapeAfter = tierShape(c.after);
        if (shapeBefore !== shapeAfter)
          out.push(
            `the tiers of ${c.op.key} change shape (${shapeBefore || "no tiers"} → ${shapeAfter || "no tiers"}): the rule cannot compare them tier by tier`,
          );
        for (const cur of currenciesOf(c.after)) {
          const b = unit(c.before, cur);
          const a = unit(c.after, cur);
          if (b !== undefined && a !== undefined && increaseAbove(b, a, rule.percent))
            out.push(
              `${c.op.key} (${cur.toUpperCase()}) goes up ${percentChange(b, a) ?? "from zero"}, more than ${limit}%`,
            );
          for (const [what, field] of [
            ["per unit", "unit_amount"],
            ["as a flat fee", "flat_amount"],
          ] as const) {
            const bt = tierAmounts(c.before, cur, field);
            const at = tierAmounts(c.after, cur, field);
            if (bt && at && bt.length === at.length)
              for (const [i, x] of bt.entries()) {
                const y = at[i];
                if (y !== undefined && increaseAbove(x, y, rule.percent))
                  out.push(
                    `tier ${i + 1} of ${c.op.key} (${cur.toUpperCase()}) goes up ${percentChange(x, y) ?? "from zero"} ${what}, more than ${limit}%`,
                  );
              }
          }
        }
      }
      // A changed model whose bills cannot be computed cannot be cleared by the rule either (a
      // new model raises nobody's bill).
      for (const s of impact?.skipped ?? [])
        if (changes.some((c) => c.op.model === s.model && c.before !== undefined))
          out.push(`the bills of ${s.model} cannot be computed (${s.reason}): the rule cannot judge them`);
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

/** One amount of each tier of a tiered price in one currency, in 10^-12 minor units. */
function tierAmounts(
  fields: JsonObject,
  currency: Parameters<typeof amountsIn>[1],
  field: "unit_amount" | "flat_amount",
): bigint[] | undefined {
  const a = amountsIn(fields, currency);
  if (!a || !Array.isArray(a.tiers)) return undefined;
  return a.tiers.map((t) =>
    typeof t === "object" && t !== null && !Array.isArray(t) ? scaled(minorText(t, field) ?? "0") : 0n,
  );
}

/** A price's billing period: `month`, `3 months`, `one time`. */
function period(fields: JsonObject): string {
  const r = fields.recurring;
  if (!isJsonObject(r)) return "one time";
  const count = typeof r.interval_count === "number" ? r.interval_count : 1;
  const interval = typeof r.interval === "string" ? r.interval : "?";
  return count === 1 ? interval : `${count} ${interval}s`;
}

/** A tiered price's mode and bounds (`graduated 100/1000/inf`), or "" for a per-unit price. */
function tierShape(fields: JsonObject): string {
  if (!Array.isArray(fields.tiers)) return "";
  const scalar = (v: Json | undefined) => (typeof v === "string" || typeof v === "number" ? String(v) : "?");
  const bounds = fields.tiers.map((t) => (isJsonObject(t) ? scalar(t.up_to) : "?"));
  return `${fields.tiers_mode === undefined ? "" : scalar(fields.tiers_mode)} ${bounds.join("/")}`.trim();
}

/** A per-unit price's unit amount in one currency, in 10^-12 minor units. */
function unit(fields: JsonObject, currency: Parameters<typeof amountsIn>[1]): bigint | undefined {
  const a = amountsIn(fields, currency);
  if (!a || Array.isArray(a.tiers)) return undefined;
  const t = minorText(a, "unit_amount");
  return t === undefined ? undefined : scaled(t);
}
