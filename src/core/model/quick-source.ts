/**
 * The fast path of the loader: most model files are valid, and their data is all a plan needs.
 * They are read with js-yaml (several times faster than a position-keeping parse) under a schema
 * that only accepts numbers whose decimal text survives the trip through a JS number exactly;
 * anything else (aliases, exotic numbers, parse errors, non-maps) goes to the precise path, and so
 * does every file with a diagnostic. Pure; no IO.
 */
import jsyaml, { FAILSAFE_SCHEMA, load, Type } from "js-yaml";
import type { Diagnostic, SourcePosition } from "../diagnostics/diagnostic.js";
import { type DataPath, MAX_NESTING_DEPTH, type ModelSource, preciseSource } from "./source.js";

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
 * forbids it, js-yaml takes it inside brackets).
 */
const LENIENT_IN_JS_YAML = /[^\n]{1001}|^ *\t/m;

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
  if (ANCHOR_OR_ALIAS.test(text) || LENIENT_IN_JS_YAML.test(text)) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: EXACT_SCHEMA, filename: file });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  // The precise path refuses deep nesting with a positioned error: let it say so.
  if (deeperThan(data, MAX_NESTING_DEPTH)) return undefined;
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

/** True when lists and maps in `data` nest deeper than `max` (iterative: `data` may be deep). */
function deeperThan(data: object, max: number): boolean {
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
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
