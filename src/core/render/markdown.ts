/**
 * The markdown form of a plan, for a pull-request comment a pricing manager can review: the
 * summary line, policy findings, what each customer profile pays before and after (a table and
 * charts), then one section per model: its prices and discounts before and after in money,
 * tiers as tables, fidelity notes only for what changes, and the Stripe steps with their
 * field-level diff folded in `<details>`. What must survive GitHub's comment limit comes first;
 * the detail after it may be cut. Every value from the models, the state or the profiles goes
 * through `escape.ts` for its context, so no content changes the comment's structure. Pure.
 */

import { type ComponentChange, componentChanges, productsByModel, unitLabel } from "../impact/changes.js";
import type { Impact } from "../impact/impact.js";
import type { SubscriberImpact } from "../impact/subscribers.js";
import type { JsonObject } from "../json/json.js";
import type { Currency } from "../money/currency.js";
import type { Operation, Plan } from "../plan/types.js";
import { type PolicyResult, shownReasons } from "../policy/policy.js";
import type { State } from "../state/types.js";
import { fencedBlock, markdownCode, markdownText, oneLine } from "./escape.js";
import { showValue, summaryLine } from "./format.js";
import { impactMarkdown } from "./impact.js";
import { changeCurrencies, changeText, sideText, type TierRow, tierRows } from "./money.js";
import { describeProblem } from "./problem.js";
import { subscribersMarkdown } from "./subscribers.js";
import { describeWhy } from "./why.js";
import { actionWords, noun } from "./words.js";

/** What a plan comment shows beside the plan itself. */
export interface PlanContext {
  /** The state the plan was made against: prices before, product names and unit labels. */
  readonly state?: State;
  readonly impact?: Impact;
  readonly policy?: PolicyResult;
  /** Who is on the prices the plan replaces or archives (absent when it has none). */
  readonly subscribers?: SubscriberImpact;
}

/** Renders a plan as GitHub-flavoured markdown. */
export function renderPlanMarkdown(plan: Plan, context: PlanContext = {}): string {
  const out: string[] = [];
  const scope = plan.scope ? ` · models: ${plan.scope.map((m) => markdownCode(m)).join(", ")}` : "";
  out.push(`### Pricing plan`);
  out.push("");
  out.push(`**${summaryLine(plan)}**`);
  out.push("");
  if (plan.problems && plan.problems.length > 0) {
    out.push("#### This plan cannot be applied on Stripe");
    out.push("");
    for (const p of plan.problems) out.push(`- ${markdownText(describeProblem(p))}`);
    out.push("");
  }
  out.push(
    `Base: ${plan.baseRevision ? markdownCode(plan.baseRevision) : "empty state"} · backend: ${markdownCode(plan.backend)}${scope}`,
  );
  if (context.policy && context.policy.findings.length > 0) {
    out.push("");
    out.push(...policyMarkdown(context.policy));
  }
  if (context.impact) {
    out.push("");
    out.push(...impactMarkdown(context.impact));
  }
  if (context.subscribers) {
    out.push("");
    out.push(...subscribersMarkdown(context.subscribers));
  }
  const changes = plan.operations.filter((op) => op.action !== "noop");
  const products = productsByModel(plan, context.state);
  const opsOf = groupBy(plan.operations, (op) => op.model);
  const componentsOf = groupBy(componentChanges(plan, context.state), (c) => c.op.model);
  const models = [...new Set(changes.map((op) => op.model as string))];
  for (const model of models) {
    out.push("");
    out.push(
      ...modelSection(model, opsOf.get(model) ?? [], componentsOf.get(model) ?? [], products.get(model)),
    );
  }
  const quiet = plan.operations.filter((op) => op.action === "noop" && op.fidelity !== "exact");
  if (quiet.length > 0) {
    out.push("");
    out.push("<details>");
    out.push(
      `<summary>${quiet.length} unchanged object${quiet.length === 1 ? " is" : "s are"} approximate or unsupported in Stripe (as before)</summary>`,
    );
    out.push("");
    out.push("| Key | Type | Fidelity | Reason |");
    out.push("|---|---|---|---|");
    for (const op of quiet)
      out.push(`| ${code(op.key)} | ${cell(noun(op.type))} | ${cell(op.fidelity)} | ${cell(op.reason)} |`);
    out.push("");
    out.push("</details>");
  }
  const unchanged = plan.operations.length - changes.length;
  if (unchanged > 0) {
    out.push("");
    out.push(`${unchanged} object${unchanged === 1 ? "" : "s"} unchanged.`);
  }
  return `${out.join("\n")}\n`;
}

/** A rule per line: violated ones first, as a caution GitHub highlights. */
function policyMarkdown(policy: PolicyResult): string[] {
  const out: string[] = ["#### Policy", ""];
  for (const f of policy.findings) {
    const label = f.unlessLabel ? markdownCode(f.unlessLabel) : "";
    if (f.status === "passed") out.push(`- ✅ ${markdownCode(f.id)} passed.`);
    else {
      const head =
        f.status === "violated"
          ? `- ❌ **${markdownCode(f.id)} is violated**${label ? ` (add the label ${label} to approve it)` : ""}:`
          : `- ☑️ ${markdownCode(f.id)} is approved by the label ${label}:`;
      out.push(`${head} ${shownReasons(f).map(markdownText).join("; ")}.`);
    }
  }
  if (policy.findings.some((f) => f.status === "violated")) {
    out.push("");
    out.push(
      "**This plan fails the pricing policy: the check stays red until the rule passes or is approved.**",
    );
  }
  return out;
}

/** Items grouped by a key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function modelSection(
  model: string,
  ops: readonly Operation[],
  components: readonly ComponentChange[],
  product: JsonObject | undefined,
): string[] {
  const changed = ops.filter((op) => op.action !== "noop");
  const name = typeof product?.name === "string" ? ` · ${markdownText(product.name)}` : "";
  const label = unitLabel(product);
  const out: string[] = [`#### ${markdownCode(model)}${name}`, ""];
  out.push(markdownText(modelSummary(changed, ops.length - changed.length)));
  const mine = components.filter((c) => c.before || c.after);
  const rows: string[] = [];
  const tiers: string[] = [];
  for (const c of mine) {
    const component = c.op.key.slice(model.length + 1) || c.op.key;
    const describe = (f: JsonObject | undefined, cur: Currency) =>
      f ? (sideText(c.op.type, f, cur, label) ?? "not offered") : "—";
    // A percent-off coupon has no currency (""): one row for every currency.
    for (const cur of changeCurrencies(c.before, c.after)) {
      const before = describe(c.before, cur);
      const after = describe(c.after, cur);
      const tierLines = tierTable(component, cur, tierRows(c.before, cur), tierRows(c.after, cur));
      if (before === after && tierLines.length === 0) continue;
      const change =
        changeText(c.before, c.after, cur) ??
        (!c.after
          ? actionWords(c.op.action, c.op.type)
          : !c.before
            ? "new"
            : before === "not offered"
              ? `now offered in ${cur.toUpperCase()}`
              : after === "not offered"
                ? `no longer offered in ${cur.toUpperCase()}`
                : tierLines.length > 0
                  ? "tiers change (below)"
                  : "changed");
      rows.push(
        `| ${code(component)} | ${cell(noun(c.op.type))} | ${cell(cur === "" ? "all" : cur.toUpperCase())} | ${cell(before)} | ${cell(after)} | ${cell(change)} |`,
      );
      tiers.push(...tierLines);
    }
  }
  if (rows.length > 0) {
    out.push("");
    out.push("| Component | Kind | Currency | Before | After | Change |");
    out.push("|---|---|---|---|---|---|");
    out.push(...rows);
  }
  out.push(...tiers);
  const notes = changed.filter((op) => op.fidelity !== "exact" && op.action !== "archive");
  if (notes.length > 0) {
    out.push("");
    for (const op of notes)
      out.push(`- Note on ${code(op.key)}: ${cell(op.fidelity)} in Stripe: ${cell(op.reason)}.`);
  }
  out.push("");
  out.push("<details>");
  out.push(`<summary>Stripe steps and field changes (${changed.length})</summary>`);
  out.push("");
  out.push("| Step | Key | Stripe id | Why |");
  out.push("|---|---|---|---|");
  for (const op of changed)
    out.push(
      `| ${cell(`${noun(op.type)} ${actionWords(op.action, op.type)}`)} | ${code(op.key)} | ${op.id ? code(op.id) : "new"} | ${cell(op.why ? describeWhy(op.why) : "")} |`,
    );
  out.push("");
  out.push(...fencedBlock("diff", changed.flatMap(diffLines)));
  out.push("");
  out.push("</details>");
  return out;
}

/** `2 changes: 1 price replaced (…), 1 coupon deleted and re-created; 3 objects unchanged.` */
function modelSummary(changed: readonly Operation[], unchanged: number): string {
  const counts = new Map<string, number>();
  for (const op of changed) {
    const words = `${noun(op.type)} ${actionWords(op.action, op.type)}`;
    counts.set(words, (counts.get(words) ?? 0) + 1);
  }
  const parts = [...counts.entries()].map(([w, n]) => (n === 1 ? `1 ${w}` : `${n} × ${w}`));
  const rest = unchanged > 0 ? `; ${unchanged} object${unchanged === 1 ? "" : "s"} unchanged` : "";
  return `${changed.length} change${changed.length === 1 ? "" : "s"}: ${parts.join(", ")}${rest}.`;
}

/** The tier table of a component in one currency: one table when the bounds match, else before and after. */
function tierTable(component: string, cur: Currency, before?: TierRow[], after?: TierRow[]): string[] {
  if (!before && !after) return [];
  const same = (a?: TierRow[], b?: TierRow[]) => JSON.stringify(a) === JSON.stringify(b);
  if (same(before, after)) return [];
  const head = (title: string) => [
    "",
    `**${code(component)} tiers, ${cell(cur.toUpperCase())}${title}**`,
    "",
    "| From | Up to | Per unit | Flat fee |",
    "|---|---|---|---|",
  ];
  const boundsMatch =
    before && after && before.length === after.length && before.every((t, i) => t.upTo === after[i]?.upTo);
  if (boundsMatch) {
    const both = (x: string, y: string) => (x === y ? cell(x) : `~~${cell(x)}~~ → **${cell(y)}**`);
    return [
      ...head(" (before → after)"),
      ...after.map((t, i) => {
        const b = before[i] as TierRow;
        return `| ${t.from} | ${t.upTo} | ${both(b.perUnit, t.perUnit)} | ${both(b.flat, t.flat)} |`;
      }),
    ];
  }
  const rows = (list: TierRow[]) =>
    list.map((t) => `| ${t.from} | ${t.upTo} | ${cell(t.perUnit)} | ${cell(t.flat)} |`);
  return [
    ...(before ? [...head(" before"), ...rows(before)] : []),
    ...(after ? [...head(" after"), ...rows(after)] : []),
  ];
}

/** `@@ replace price key @@`, then `-` before and `+` after per field: the lines GitHub colours. */
function diffLines(op: Operation): string[] {
  const out = [
    `@@ ${op.action} ${oneLine(op.type)} ${oneLine(op.key)}${op.id ? ` (${oneLine(op.id)})` : ""} @@`,
  ];
  for (const c of op.changes) {
    const path = oneLine(c.path);
    if (c.before !== undefined) out.push(`- ${path}: ${showValue(c.before)}`);
    if (c.after !== undefined) out.push(`+ ${path}: ${showValue(c.after)}`);
  }
  return out;
}

/** Inline code in a table cell. */
function code(s: string): string {
  return markdownCode(s, { inTable: true });
}

/** Text in a table cell. */
function cell(s: string): string {
  return markdownText(s);
}
