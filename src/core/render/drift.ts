/**
 * Drift reports: the findings of `pricing drift` as text, markdown and JSON. Every value from
 * the state or the backend is escaped for its context (the state file is edited by hand too).
 * Pure.
 */
import type { Finding } from "../drift/drift.js";
import { stableStringify } from "../json/json.js";
import { markdownCode, markdownText, oneLine } from "./escape.js";
import { showChange } from "./format.js";

/** What a drift report is about. */
export interface DriftReport {
  readonly revision: string | null;
  readonly backend: string;
  readonly findings: readonly Finding[];
}

/** `{ revision, backend, drift, findings }`, deterministic. */
export function renderDriftJson(r: DriftReport): string {
  return stableStringify({
    revision: r.revision,
    backend: r.backend,
    drift: r.findings.length > 0,
    findings: r.findings,
  });
}

/** A heading, the count, and a table of findings with field detail. */
export function renderDriftMarkdown(r: DriftReport): string {
  const out = [
    `### Pricing drift\n\n**${r.findings.length === 0 ? "No drift." : `${r.findings.length} finding(s).`}**\n`,
  ];
  if (r.findings.length > 0) {
    out.push("\n| Kind | Type | Key | Id | Detail |\n|---|---|---|---|---|\n");
    for (const f of r.findings) {
      const detail = [f.message, ...f.changes.map((c) => showChange(c, { explicit: true }))]
        .map(markdownText)
        .join("<br>");
      const code = (s: string) => markdownCode(s, { inTable: true });
      out.push(`| ${f.kind} | ${markdownText(f.type)} | ${code(f.key)} | ${code(f.id)} | ${detail} |\n`);
    }
  }
  return out.join("");
}

/** One line per finding with its changes below, then a closing line. */
export function renderDriftText(r: DriftReport): string {
  const out: string[] = [];
  for (const f of r.findings) {
    out.push(
      `${f.kind.padEnd(9)} ${oneLine(f.type)} ${oneLine(f.key)} (${oneLine(f.id)}): ${oneLine(f.message)}\n`,
    );
    for (const c of f.changes) out.push(`    ${showChange(c, { explicit: true })}\n`);
  }
  out.push(
    r.findings.length === 0
      ? `No drift: the ${r.backend} backend matches ${r.revision ?? "the empty state"}.\n`
      : `Drift: ${r.findings.length} finding${r.findings.length === 1 ? "" : "s"}. Run \`pricing plan\` to see how apply converges them.\n`,
  );
  return out.join("");
}
