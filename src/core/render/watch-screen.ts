/**
 * What `pricing watch` shows after each check: on a terminal, one screen redrawn in place (clear,
 * a header without times, then the plan or the errors), so the same models always look the
 * same; elsewhere, plain blocks one after another, each opened by a `==>` line. Pure.
 */
import { type Diagnostic, formatDiagnostic } from "../diagnostics/diagnostic.js";
import { oneLine } from "./escape.js";

/** Clears the terminal and its scroll-back, and homes the cursor. */
export const CLEAR_SCREEN = "\x1b[2J\x1b[3J\x1b[H";

/** The result of one check. */
export interface Frame {
  /** One line: the outcome, e.g. `6 models valid · Plan: 1 to replace ...`. */
  readonly title: string;
  /** The files of this batch (empty for the first check). */
  readonly changed: readonly string[];
  /** The plan, the errors or the failure, ending in a newline. */
  readonly body: string;
}

/** How to draw. */
export interface ScreenOptions {
  readonly tty: boolean;
  /** The models folder, shown in the terminal header. */
  readonly dir: string;
  readonly apply: boolean;
}

/** A frame as terminal screen or as a plain block. */
export function renderFrame(frame: Frame, options: ScreenOptions): string {
  // File names are the user's: a name with a line break or an escape sequence stays one visible line.
  const changed = frame.changed.length > 0 ? `changed: ${frame.changed.map(oneLine).join(", ")}\n` : "";
  if (options.tty) {
    const mode = options.apply ? "validate, plan and apply to the shadow backend" : "validate and plan";
    return `${CLEAR_SCREEN}pricing watch · ${oneLine(options.dir)} · ${mode} on every save · Ctrl-C to stop\n\n${frame.title}\n${changed}\n${frame.body}`;
  }
  return `==> ${frame.title}\n${changed}${frame.body}\n`;
}

/** The frame of an invalid catalog: every diagnostic, one per line. */
export function diagnosticsFrame(diagnostics: readonly Diagnostic[], changed: readonly string[]): Frame {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return {
    title: `${errors} error${errors === 1 ? "" : "s"} in the models: nothing planned`,
    changed,
    body: diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(""),
  };
}

/** The frame of a check that failed (state unreadable, lock held, ...); watching goes on. */
export function failureFrame(message: string, changed: readonly string[]): Frame {
  return { title: "error", changed, body: `error: ${message}\n` };
}
