/**
 * Diagnostics: problems found in user input, returned as values (never thrown) with the
 * source position they point at. Rendering lives here too so every command prints them alike.
 * Must not do IO.
 */
import { oneLine } from "../render/escape.js";

/** How bad a finding is: errors block every write, warnings only inform. */
export type Severity = "error" | "warning";

/** A 1-based position in a source file. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One problem in one file, at one place. */
export interface Diagnostic extends SourcePosition {
  readonly severity: Severity;
  readonly message: string;
}

/** Builds an error diagnostic at a position. */
export function error(at: SourcePosition, message: string): Diagnostic {
  return { file: at.file, line: at.line, column: at.column, severity: "error", message };
}

/** Orders diagnostics by file, line, column, then message, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.message, b.message),
  );
}

/** True when any diagnostic is an error. */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/**
 * `path:line:col error message`, the one-line form editors and CI annotations understand. A file
 * name or message with a line break (a key quoted from a model, a file named so) is shown quoted
 * on the same line, so it can never start a line of its own, e.g. a `::error` workflow command.
 */
export function formatDiagnostic(d: Diagnostic): string {
  return `${oneLine(d.file)}:${d.line}:${d.column} ${d.severity} ${oneLine(d.message)}`;
}

/** Code-unit string order, independent of the locale, for deterministic output. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
