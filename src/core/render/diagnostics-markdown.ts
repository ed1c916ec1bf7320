/**
 * The markdown form of invalid models, for the pull-request comment that stands in for a plan:
 * one table row per diagnostic. File names and messages quote what a model author wrote, so
 * each is escaped for its cell (`escape.ts`). Pure.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { markdownCode, markdownText } from "./escape.js";

/** Renders the diagnostics of `pricing validate` as GitHub-flavoured markdown. */
export function renderDiagnosticsMarkdown(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const out: string[] = ["### Pricing plan", ""];
  if (errors === 0) {
    out.push("**The models are valid.**");
  } else {
    out.push(
      "**The models are invalid: no plan.** Each error is annotated on its line under _Files changed_.",
      "",
      `${errors} error${errors === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}.`,
    );
  }
  if (diagnostics.length > 0) {
    out.push("", "| File | Line | Column | Severity | Message |", "|---|---|---|---|---|");
    for (const d of diagnostics) {
      out.push(
        `| ${markdownCode(d.file, { inTable: true })} | ${d.line} | ${d.column} | ${d.severity} | ${markdownText(d.message)} |`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
