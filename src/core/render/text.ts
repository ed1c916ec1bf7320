/**
 * The text form of a plan, for terminals and logs: one line per operation with its fidelity,
 * field changes indented below, the summary line last. Colour only when asked. Every value from
 * the models or the state is shown on one visible line (`escape.ts`): a key with a line break
 * or an escape sequence can neither fake a line of the plan (or a `::error` workflow command in
 * a CI log) nor drive the terminal. Pure.
 */

import type { Operation, Plan } from "../plan/types.js";
import { oneLine } from "./escape.js";
import { showChange, summaryLine } from "./format.js";
import { describeProblem } from "./problem.js";
import { describeWhy } from "./why.js";

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

/** Renders a plan as text; `color` adds ANSI colours. */
export function renderPlanText(plan: Plan, options: { readonly color?: boolean } = {}): string {
  const paint = (code: string, s: string) => (options.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const scope = plan.scope ? ` (models: ${plan.scope.map(oneLine).join(", ")})` : "";
  lines.push(
    `Plan against ${plan.baseRevision === null ? "an empty state" : oneLine(plan.baseRevision)} on the ${oneLine(plan.backend)} backend${scope}`,
  );
  lines.push("");
  const changes = plan.operations.filter((op) => op.action !== "noop");
  for (const op of changes) {
    const head = `${SYMBOL[op.action].padStart(3)} ${op.action} ${oneLine(op.type)} ${oneLine(op.key)}${op.id ? ` (${oneLine(op.id)})` : ""}`;
    lines.push(`${paint(COLOR[op.action], head)}  [${oneLine(op.fidelity)}]`);
    if (op.why) lines.push(`      ${oneLine(describeWhy(op.why))}`);
    if (op.fidelity !== "exact") lines.push(`      ${oneLine(op.fidelity)}: ${oneLine(op.reason)}`);
    for (const c of op.changes) lines.push(`      ${showChange(c)}`);
  }
  const unchanged = plan.operations.length - changes.length;
  if (unchanged > 0) lines.push(paint("2", `${unchanged} object${unchanged === 1 ? "" : "s"} unchanged.`));
  const caveats = plan.operations.filter((op) => op.fidelity !== "exact" && op.action !== "archive");
  if (caveats.length > 0) {
    lines.push("");
    lines.push("Mappings that are not exact:");
    for (const op of caveats)
      lines.push(
        `  ${oneLine(op.fidelity).padEnd(11)} ${oneLine(op.key)} (${oneLine(op.type)}): ${oneLine(op.reason)}`,
      );
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
