/**
 * The text form of a plan, for terminals and logs: one line per operation with its fidelity,
 * field changes indented below, the summary line last. Colour only when asked. Every value from
 * the models or the state is shown on one visible line (`escape.ts`): a key with a line break
 * or an escape sequence can neither fake a line of the plan (or a `::error` workflow command in
 * a CI log) nor drive the terminal. Pure.
 */

import { componentChanges, productsByModel, unitLabel } from "../impact/changes.js";
import type { Operation, Plan } from "../plan/types.js";
import { shownReasons } from "../policy/policy.js";
import { oneLine } from "./escape.js";
import { showChange, summaryLine } from "./format.js";
import { impactText } from "./impact.js";
import type { PlanContext } from "./markdown.js";
import { changeCurrencies, changeText, sideText } from "./money.js";
import { describeProblem } from "./problem.js";
import { subscribersText } from "./subscribers.js";
import { describeWhy } from "./why.js";
import { actionVerb } from "./words.js";

/** Field paths that hold amounts: shown as money lines instead when the object's fields are known. */
const AMOUNT_PATH = /(^|\.)(unit_amount|unit_amount_decimal|tiers|flat_amount|amount_off)$/;

const SYMBOL: Readonly<Record<Operation["action"], string>> = {
  create: "+",
  update: "~",
  replace: "-/+",
  archive: "-",
  reactivate: "^",
  noop: " ",
};

const COLOR: Readonly<Record<Operation["action"], string>> = {
  create: "32",
  update: "33",
  replace: "35",
  archive: "31",
  reactivate: "36",
  noop: "2",
};

/** Renders a plan as text; `color` adds ANSI colours; the context adds money, impact and policy. */
export function renderPlanText(
  plan: Plan,
  options: { readonly color?: boolean } = {},
  context: PlanContext = {},
): string {
  const priced = new Map(componentChanges(plan, context.state).map((c) => [c.op, c]));
  const products = productsByModel(plan, context.state);
  const paint = (code: string, s: string) => (options.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const scope = plan.scope ? ` (models: ${plan.scope.map(oneLine).join(", ")})` : "";
  lines.push(
    `Plan against ${plan.baseRevision === null ? "an empty state" : oneLine(plan.baseRevision)} on the ${oneLine(plan.backend)} backend${scope}`,
  );
  lines.push("");
  const changes = plan.operations.filter((op) => op.action !== "noop");
  for (const op of changes) {
    const head = `${SYMBOL[op.action].padStart(3)} ${actionVerb(op.action, op.type)} ${oneLine(op.type)} ${oneLine(op.key)}${op.id ? ` (${oneLine(op.id)})` : ""}`;
    lines.push(`${paint(COLOR[op.action], head)}  [${oneLine(op.fidelity)}]`);
    if (op.why) lines.push(`      ${oneLine(describeWhy(op.why))}`);
    if (op.fidelity !== "exact") lines.push(`      ${oneLine(op.fidelity)}: ${oneLine(op.reason)}`);
    const money = moneyLines(priced.get(op), unitLabel(products.get(op.model)));
    for (const m of money) lines.push(`      ${m}`);
    for (const c of op.changes)
      if (money.length === 0 || !AMOUNT_PATH.test(c.path)) lines.push(`      ${showChange(c)}`);
  }
  const unchanged = plan.operations.length - changes.length;
  if (unchanged > 0) lines.push(paint("2", `${unchanged} object${unchanged === 1 ? "" : "s"} unchanged.`));
  const caveats = changes.filter((op) => op.fidelity !== "exact" && op.action !== "archive");
  if (caveats.length > 0) {
    lines.push("");
    lines.push("Changed mappings that are not exact:");
    for (const op of caveats)
      lines.push(
        `  ${oneLine(op.fidelity).padEnd(11)} ${oneLine(op.key)} (${oneLine(op.type)}): ${oneLine(op.reason)}`,
      );
  }
  const quiet = plan.operations.filter((op) => op.action === "noop" && op.fidelity !== "exact").length;
  if (quiet > 0)
    lines.push(
      paint(
        "2",
        `${quiet} unchanged object${quiet === 1 ? " is" : "s are"} approximate or unsupported, as before.`,
      ),
    );
  if (context.policy && context.policy.findings.length > 0) {
    lines.push("");
    lines.push("Policy:");
    for (const f of context.policy.findings)
      lines.push(
        `  ${f.status.padEnd(8)} ${oneLine(f.id)}${f.reasons.length > 0 ? `: ${shownReasons(f).map(oneLine).join("; ")}` : ""}`,
      );
  }
  if (context.impact) {
    lines.push("");
    lines.push(...impactText(context.impact));
  }
  if (context.subscribers) {
    lines.push("");
    lines.push(...subscribersText(context.subscribers));
  }
  if (plan.problems && plan.problems.length > 0) {
    lines.push("");
    lines.push(paint("31", "This plan cannot be applied on Stripe (nothing will be written):"));
    for (const p of plan.problems) lines.push(`  error: ${oneLine(describeProblem(p))}`);
  }
  lines.push("");
  lines.push(summaryLine(plan));
  return `${lines.join("\n")}\n`;
}

/** `EUR: €8.99 / month -> €9.49 / month  +€0.50 (+5.6%)` per currency whose amount differs. */
function moneyLines(
  c: ReturnType<typeof componentChanges>[number] | undefined,
  label: string | undefined,
): string[] {
  if (!c || (!c.before && !c.after)) return [];
  const out: string[] = [];
  for (const cur of changeCurrencies(c.before, c.after)) {
    const say = (f: typeof c.before) =>
      f ? (sideText(c.op.type, f, cur, label) ?? "not offered") : "(none)";
    const before = say(c.before);
    const after = say(c.after);
    if (before === after) continue;
    const change = cur === "" ? undefined : changeText(c.before, c.after, cur);
    out.push(
      `${cur === "" ? "" : `${cur.toUpperCase()}: `}${before} -> ${after}${change ? `  ${change}` : ""}`,
    );
  }
  return out;
}
