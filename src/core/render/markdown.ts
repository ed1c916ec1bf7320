/**
 * The markdown form of a plan, for a pull-request comment: the summary line, a table of
 * operations with fidelity, collapsible field-level diffs, and the approximate and
 * unsupported mappings with their reasons. Every value from the models or the state goes
 * through `escape.ts` for its context, so no content changes the comment's structure. Pure.
 */

import type { Operation, Plan } from "../plan/types.js";
import { fencedBlock, htmlText, markdownCode, markdownText } from "./escape.js";
import { showChange, summaryLine } from "./format.js";
import { describeProblem } from "./problem.js";
import { describeWhy } from "./why.js";

/** Renders a plan as GitHub-flavoured markdown. */
export function renderPlanMarkdown(plan: Plan): string {
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
  const changes = plan.operations.filter((op) => op.action !== "noop");
  if (changes.length > 0) {
    out.push("");
    out.push("| Action | Type | Key | Fidelity | Why |");
    out.push("|---|---|---|---|---|");
    for (const op of changes) {
      out.push(
        `| ${op.action} | ${cell(op.type)} | ${code(op.key)} | ${cell(op.fidelity)} | ${cell(op.why ? describeWhy(op.why) : "")} |`,
      );
    }
    out.push("");
    for (const op of changes.filter((o) => o.changes.length > 0)) {
      out.push("<details>");
      out.push(
        `<summary>${op.action} ${htmlText(op.type)} <code>${htmlText(op.key)}</code> (${op.changes.length} field${op.changes.length === 1 ? "" : "s"})</summary>`,
      );
      out.push("");
      out.push(...fencedBlock("diff", diffLines(op)));
      out.push("");
      out.push("</details>");
    }
  }
  const caveats = plan.operations.filter((op) => op.fidelity !== "exact" && op.action !== "archive");
  if (caveats.length > 0) {
    out.push("");
    out.push("#### Mappings that are not exact");
    out.push("");
    out.push("| Key | Type | Fidelity | Reason |");
    out.push("|---|---|---|---|");
    for (const op of caveats)
      out.push(`| ${code(op.key)} | ${cell(op.type)} | ${cell(op.fidelity)} | ${cell(op.reason)} |`);
  }
  const unchanged = plan.operations.length - changes.length;
  if (unchanged > 0) {
    out.push("");
    out.push(`${unchanged} object${unchanged === 1 ? "" : "s"} unchanged.`);
  }
  return `${out.join("\n")}\n`;
}

function diffLines(op: Operation): string[] {
  return op.changes.map((c) => {
    if (c.before === undefined) return `+ ${showChange(c)}`;
    if (c.after === undefined) return `- ${showChange(c)}`;
    return `! ${showChange(c)}`;
  });
}

/** Inline code in a table cell. */
function code(s: string): string {
  return markdownCode(s, { inTable: true });
}

/** Text in a table cell. */
function cell(s: string): string {
  return markdownText(s);
}
