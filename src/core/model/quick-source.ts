/**
 * The fast path of the loader: most model files are valid, and their data is all a plan needs.
 * They are read with js-yaml (several times faster than a position-keeping parse) under a schema
 * that only accepts numbers whose decimal text survives the trip through a JS number exactly;
 * anything else (aliases, exotic numbers, parse errors, non-maps) goes to the precise path, and so
 * does every file with a diagnostic. Pure; no IO.
 */
import jsyaml, { FAILSAFE_SCHEMA, load, Type } from "js-yaml";
import type { Diagnostic, SourcePosition } from "../diagnostics/diagnostic.js";
import {
  type DataPath,
  MAX_NESTING_DEPTH,
  MAX_YAML_TOKENS,
  type ModelSource,
  preciseSource,
} from "./source.js";

/** Plain decimal literals: the only numbers the fast path takes. */
const PLAIN_NUMBER = /^[-+]?[0-9]+(?:\.[0-9]+)?$/;

/** Everything YAML 1.2's core schema reads as a number (so that no such scalar becomes a string here). */
const CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Where an anchor (`&a`) or alias (`*a`) may start; "Charge & Go" is neither. Errs toward the precise path. */
const ANCHOR_OR_ALIAS = /(?:^|[\s,[{])[&*][^\s,[\]{}]/;

/**
 * Text js-yaml reads more leniently than `yaml` (the precise path, which decides): a line long
 * enough to hold an implicit key over 1,024 characters, or a tab in a line's indentation (YAML
 * forbids it, js-yaml takes it inside brackets), a `#` right after a quote or bracket (YAML wants
 * a space before a comment).
 */
const LENIENT_IN_JS_YAML = /[^\n]{1001}|^ *\t|["'\]}]#/m;

/**
 * True when a bracketed collection may continue over several lines (js-yaml accepts continuation
 * lines `yaml` refuses as under-indented), or a bracketed map holds an entry that starts with a
 * bracket (a list or map as a key, which js-yaml turns into a string its own way). Counts
 * brackets in quotes and comments too, so it errs toward the precise path.
 */
function spansLines(text: string): boolean {
  const open: number[] = [];
  let previous = 0x0a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      // In a `{...}` map, a bracket not after `:` starts a key.
      if (open[open.length - 1] === 0x7b && previous !== 0x3a) return true;
      open.push(c);
    } else if (c === 0x5d || c === 0x7d) open.pop();
    else if (c === 0x0a && open.length > 0) return true;
    if (c !== 0x20 && c !== 0x09) previous = c;
  }
  return open.length > 0;
}

/**
 * An explicit key (`? `) or a bracketed key (`[a]: b`): js-yaml turns a list or map key into a
 * string its own way; the precise path refuses such keys.
 */
const COMPLEX_KEY = /(?:^|[\s,[{])\?(?:[ \t]|$)|[\]}][ \t]*:(?:[\s,\]}]|$)/m;

/**
 * True when a quoted scalar may continue on the next line: js-yaml accepts continuation lines
 * `yaml` refuses as under-indented. A quote opens a scalar where a value may start (after
 * indentation, `:`, `-`, `?`, `[`, `{` or `,`); errs toward the precise path.
 */
function quoteSpansLines(text: string): boolean {
  let open: '"' | "'" | undefined;
  let valueMayStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open === '"') {
      if (c === "\\") i++;
      else if (c === '"') open = undefined;
      else if (c === "\n") return true;
      continue;
    }
    if (open === "'") {
      if (c === "'" && text[i + 1] === "'") i++;
      else if (c === "'") open = undefined;
      else if (c === "\n") return true;
      continue;
    }
    if (c === "\n") valueMayStart = true;
    else if ((c === '"' || c === "'") && valueMayStart) open = c;
    else if (c === "#" && (i === 0 || text[i - 1] === " " || text[i - 1] === "\t")) {
      // A comment: skip to the end of the line.
      const end = text.indexOf("\n", i);
      if (end === -1) return false;
      i = end - 1;
    } else if (c === ":" || c === "-" || c === "?" || c === "[" || c === "{" || c === ",")
      valueMayStart = true;
    else if (c !== " " && c !== "\t") valueMayStart = false;
  }
  return open !== undefined;
}

/**
 * Longest text the quick path reads: a lexeme takes at least one character, or two lexemes (a
 * scalar and its marker) at least one, so a text this short is within the precise path's token
 * budget. Longer texts (far past any real model) go to the precise path, which counts.
 */
const MAX_QUICK_CHARS = Math.floor(MAX_YAML_TOKENS / 2) - 16;

/** Thrown inside js-yaml to send a file to the precise path. */
class NotExact extends Error {}

/**
 * The precise parse refused a file the quick path had read: the quick path was wrong. Carries
 * the precise parse's diagnostics, which the catalog reports as the file's.
 */
export class QuickPathMismatch extends Error {
  override readonly name = "QuickPathMismatch";
  constructor(
    file: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(`${file}: js-yaml read a file that yaml rejects`);
  }
}

const exactNumber = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && CORE_NUMBER.test(data),
  construct: (data: string) => {
    const value = Number(data);
    if (!PLAIN_NUMBER.test(data) || canonical(String(value)) !== canonical(data)) throw new NotExact(data);
    return value;
  },
});

/** js-yaml's own core types (present at run time, missing from its type declarations). */
const core = (jsyaml as unknown as { readonly types: { readonly null: Type; readonly bool: Type } }).types;

/** YAML 1.2 core, with numbers only when exact; no timestamps, merge keys or binary. */
const EXACT_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [core.null, core.bool, exactNumber] });

/** A source for text js-yaml reads exactly as a single map, or undefined to take the precise path. */
export function quickSource(file: string, text: string): ModelSource | undefined {
  // Anchors and aliases: the precise path bounds their expansion.
  if (
    text.length > MAX_QUICK_CHARS ||
    ANCHOR_OR_ALIAS.test(text) ||
    LENIENT_IN_JS_YAML.test(text) ||
    COMPLEX_KEY.test(text) ||
    spansLines(text) ||
    quoteSpansLines(text)
  )
    return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: EXACT_SCHEMA, filename: file });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  // The precise path refuses deep nesting and null keys with a positioned error: let it say so.
  if (unusual(data, MAX_NESTING_DEPTH)) return undefined;
  let precise: ModelSource | undefined;
  const slow = (): ModelSource => {
    precise ??= parsedOrThrow(file, text);
    return precise;
  };
  return {
    file,
    data,
    precise: slow,
    positionOf: (path, options) => slow().positionOf(path, options),
    deferPosition(path) {
      // Keep only the text: the position is computed if a diagnostic ever names it.
      let at: SourcePosition | undefined;
      return () => {
        if (at) return at;
        try {
          at = parsedOrThrow(file, text).positionOf(path);
        } catch (e) {
          if (!(e instanceof QuickPathMismatch)) throw e;
          // Its diagnostics are reported when the file itself is checked; here only a place is needed.
          at = { file, line: 1, column: 1 };
        }
        return at;
      };
    },
    scalarText(path) {
      const value = valueAt(data, path);
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : undefined;
    },
  };
}

function parsedOrThrow(file: string, text: string): ModelSource {
  const parsed = preciseSource(file, text);
  if ("data" in parsed) return parsed;
  throw new QuickPathMismatch(file, parsed);
}

/**
 * True when lists and maps in `data` nest deeper than `max`, or a map has the key "null" (what
 * js-yaml makes of a null key, which the precise path refuses). Iterative: `data` may be deep.
 */
function unusual(data: object, max: number): boolean {
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
    if (!Array.isArray(node) && Object.hasOwn(node, "null")) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** `+007.50` and `7.5` alike: sign, no leading zeros, no trailing fraction zeros. */
function canonical(text: string): string {
  const negative = text.startsWith("-");
  const [whole = "", fraction = ""] = text.replace(/^[-+]/, "").split(".");
  const w = whole.replace(/^0+(?=[0-9])/, "");
  const f = fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${w}${f ? `.${f}` : ""}`;
}
