/**
 * GitHub workflow annotations from the diagnostics of `pricing validate --format json`: each
 * diagnostic becomes one `::error file=F,line=L,col=C::MSG` line, which the Actions runner shows
 * on that line of the pull request's diff. Pure: parses text, returns text; no IO.
 */

import type { Diagnostic, Severity } from "../../core/diagnostics/diagnostic.js";
import { PricingError, unreachable } from "../../core/diagnostics/errors.js";

/** The annotation lines and how many of them are errors. */
export interface Annotations {
  /** One workflow command per line, each ending in a newline. */
  readonly text: string;
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Reads the JSON printed by `pricing validate --format json` (`{ valid, models, diagnostics }`)
 * and returns its diagnostics. Throws a PricingError naming `source` when it is not that shape.
 */
export function parseValidateOutput(json: string, source: string): readonly Diagnostic[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new PricingError(
      `${source} is not the JSON of \`pricing validate --format json\`: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const list = isRecord(data) ? data.diagnostics : undefined;
  if (!Array.isArray(list) || !list.every(isDiagnostic)) {
    throw new PricingError(
      `${source} is not the JSON of \`pricing validate --format json\` (no diagnostics list)`,
    );
  }
  return list;
}

/** Every diagnostic as a workflow command, in the order given. */
export function toAnnotations(diagnostics: readonly Diagnostic[]): Annotations {
  const text = diagnostics.map((d) => `${annotation(d)}\n`).join("");
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { text, errors, warnings: diagnostics.length - errors };
}

/** One diagnostic as `::error file=F,line=L,col=C,title=T::MSG`. */
export function annotation(d: Diagnostic): string {
  const properties = [
    `file=${escapeProperty(d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `title=${escapeProperty("pricing validate")}`,
  ];
  return `::${command(d.severity)} ${properties.join(",")}::${escapeData(d.message)}`;
}

function command(severity: Severity): "error" | "warning" {
  switch (severity) {
    case "error":
      return "error";
    case "warning":
      return "warning";
    default:
      return unreachable(severity);
  }
}

/** Escapes a workflow command's message, as the Actions toolkit does. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value, as the Actions toolkit does. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isDiagnostic(v: unknown): v is Diagnostic {
  return (
    isRecord(v) &&
    typeof v.file === "string" &&
    typeof v.line === "number" &&
    typeof v.column === "number" &&
    typeof v.message === "string" &&
    (v.severity === "error" || v.severity === "warning")
  );
}
