/**
 * The canonical text of a model (`pricing fmt`): two-space indentation, list items indented under
 * their key, one space after `:` and `-`, plain scalars wherever YAML reads them back the same
 * and double quotes elsewhere, no line folding; comments, blank lines between entries, key order
 * and flow or block shape are kept. Numbers, booleans and nulls keep their text exactly as written
 * (`4.90`, `010`, a 20-digit integer), since the tool reads them from that text. Pure.
 */
import { type Document, isScalar, parseDocument, Scalar, type ScalarTag, visit } from "yaml";
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";
import { parseModelSource } from "./source.js";

/** A scalar's source text, written back as it was. */
class AsWritten {
  constructor(readonly text: string) {}
}

/** Prints an {@link AsWritten} value as its text, with no tag. */
const AS_WRITTEN: ScalarTag = {
  tag: "tag:adaptive-pricing.dev,2026:as-written",
  default: true,
  identify: (value) => value instanceof AsWritten,
  resolve: (text) => new AsWritten(text),
  stringify: (item) => ((item as Scalar).value as AsWritten).text,
};

/** A model's canonical text, or why it cannot be formatted (it does not parse). */
export type Canonical =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "invalid"; readonly diagnostics: readonly Diagnostic[] };

/** The canonical text of one model file; a file that does not parse is left to `validate`. */
export function canonicalModel(file: string, bytes: Uint8Array): Canonical {
  const parsed = parseModelSource(file, bytes);
  if (!("data" in parsed)) return { kind: "invalid", diagnostics: parsed };
  // It decoded and parsed above: strict UTF-8 (a BOM dropped), a lone CR read as a line break.
  const text = new TextDecoder("utf-8").decode(bytes).replace(/\r\n?/g, "\n");
  const doc = parseDocument(text, { customTags: [AS_WRITTEN], prettyErrors: false });
  restyle(doc);
  const out = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
  // What it says must not change: the tool reads the new text as it read the old.
  const again = parseModelSource(file, new TextEncoder().encode(out));
  if (!("data" in again) || !sameData(again.data, parsed.data)) {
    return {
      kind: "invalid",
      diagnostics: [
        error(
          { file, line: 1, column: 1 },
          "cannot be formatted without changing what it says; this is a bug, please report it",
        ),
      ],
    };
  }
  return { kind: "text", text: out };
}

/** Numbers, booleans and nulls as written; strings in the default style unless a block scalar. */
function restyle(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (!isScalar(node)) return;
      if (typeof node.value === "string") {
        if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) node.type = undefined;
        return;
      }
      if (node.source !== undefined && node.tag === undefined) node.value = new AsWritten(node.source);
    },
  });
}

/** Deep equality of parsed data, NaN equal to itself (`.nan` is a value a model may hold, wrongly). */
function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (k) =>
      Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
