/**
 * Leftover merge-conflict markers (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`, and diff3's
 * `||||||| base`) in a model: one clear message per file at the first marker, instead of the
 * dozen YAML syntax errors the halves of a conflict make. Pure.
 */
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";

/** A marker line as git writes it: seven marker characters at the start of a line. */
const MARKER = /^(?:<{7}|>{7}|\|{7})(?:[ \t]|$)|^={7}[ \t]*$/m;

/**
 * The one diagnostic of a file holding merge-conflict markers, at its first marker line; undefined
 * when it holds none. A marker at the start of a line is never part of a valid model (block
 * scalars are indented), so no model is refused for text it really holds.
 */
export function mergeMarkers(file: string, text: string): Diagnostic | undefined {
  const found = MARKER.exec(text);
  if (!found) return undefined;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < found.index; i = text.indexOf("\n", i + 1)) line++;
  return error(
    { file, line, column: 1 },
    "unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict, keep one side, and remove the marker lines",
  );
}
