/**
 * YAML source handling: bytes to a parsed document that keeps every node's position, and
 * lookups from a data path back to `line:col`. Pure (takes bytes, returns values); no IO.
 */
import {
  Alias,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { type Diagnostic, error, type SourcePosition } from "../diagnostics/diagnostic.js";
import { quickSource } from "./quick-source.js";

/** Files above this size are refused before parsing (a model is a few kilobytes). */
export const MAX_MODEL_BYTES = 1024 * 1024;

/** Aliases a document may expand; more is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** Strict UTF-8 (a BOM is dropped); one decoder serves every file, as a non-streaming decode keeps no state. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** A path into the data: map keys and sequence indexes. */
export type DataPath = readonly (string | number)[];

/** A parsed model file: its plain data plus what is needed to point back into the text. */
export interface ModelSource {
  readonly file: string;
  readonly data: unknown;
  /**
   * Position of the node at a path; for a missing node, the closest existing parent. A block
   * map or list is shown at its key (its own text starts on the next line); an alias at the
   * alias, not at its anchor. `key: true` asks for the key of a map value.
   */
  positionOf(path: DataPath, options?: { readonly key?: boolean }): SourcePosition;
  /** The exact source text of the scalar at a path (for numbers read as decimals), if it is a scalar. */
  scalarText(path: DataPath): string | undefined;
  /**
   * The same file parsed with every node's position and source text kept. Diagnostics are
   * always computed on it, so they read the same whichever way the file was first parsed.
   */
  precise(): ModelSource;
  /** A position to compute only if a diagnostic needs it (cheap to keep for every file). */
  deferPosition(path: DataPath): () => SourcePosition;
}

/** Parses one model file. Returns the source, or diagnostics when it is not a single YAML map. */
export function parseModelSource(file: string, bytes: Uint8Array): ModelSource | readonly Diagnostic[] {
  const start: SourcePosition = { file, line: 1, column: 1 };
  if (bytes.byteLength > MAX_MODEL_BYTES) {
    return [
      error(start, `file is ${bytes.byteLength} bytes; a model may be at most ${MAX_MODEL_BYTES} bytes`),
    ];
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return [
      error(bytePosition(file, bytes, offset), `file is not valid UTF-8 (byte ${offset}); save it as UTF-8`),
    ];
  }
  return quickSource(file, text) ?? preciseSource(file, text);
}

/** Parses text with `yaml`, keeping every node's position; diagnostics when it is not a single map. */
export function preciseSource(file: string, text: string): ModelSource | readonly Diagnostic[] {
  const start: SourcePosition = { file, line: 1, column: 1 };
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const problems = doc.errors.map((e) =>
    error(at(e.pos[0]), yamlMessage(e.code, e.message, keyAt(doc, e.pos[0]))),
  );
  if (problems.length > 0) return problems;
  if (!isMap(doc.contents)) {
    const found = doc.contents === null ? "an empty document" : isSeq(doc.contents) ? "a list" : "a scalar";
    return [
      error(
        doc.contents?.range ? at(doc.contents.range[0]) : start,
        `expected a YAML map (a PricingModel), found ${found}`,
      ),
    ];
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const alias = firstAlias(doc);
    return [
      error(
        alias?.range ? at(alias.range[0]) : start,
        `YAML aliases expand too far (${e instanceof Error ? e.message : String(e)})`,
      ),
    ];
  }
  const source: ModelSource = {
    file,
    data,
    precise: () => source,
    deferPosition(path) {
      const at = source.positionOf(path);
      return () => at;
    },
    positionOf(path, options) {
      const { written, depth, keyNode } = walk(doc, path);
      // A block map or list starts on the line after its key: point at the key instead.
      const block = (isMap(written) || isSeq(written)) && !written.flow;
      const target = ((depth === path.length && options?.key) || block) && keyNode ? keyNode : written;
      return target?.range ? at(target.range[0]) : start;
    },
    scalarText(path) {
      const { node, depth } = walk(doc, path);
      if (depth !== path.length || !isScalar(node)) return undefined;
      return node.source ?? (typeof node.value === "string" ? node.value : String(node.value));
    },
  };
  return source;
}

interface WalkResult {
  /** The deepest node reached, with aliases resolved (its content). */
  readonly node: Node | null | undefined;
  /** The same node as written at that place: the alias itself when it is one (its position). */
  readonly written: Node | null | undefined;
  readonly depth: number;
  /** The map key whose value is the node reached, if it is a map value. */
  readonly keyNode?: Node;
}

/** Follows a data path through the document, stopping at the deepest node that exists. */
function walk(doc: Document, path: DataPath): WalkResult {
  let written = doc.contents;
  let node = resolve(doc, written);
  let keyNode: Node | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    let next: Node | null | undefined;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair) {
        nextKey = pair.key as Node;
        next = (pair.value as Node | null) ?? (pair.key as Node);
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment] as Node | undefined;
    }
    if (!next) return { node, written, depth, ...(keyNode ? { keyNode } : {}) };
    written = next;
    node = resolve(doc, next);
    keyNode = nextKey;
  }
  return { node, written, depth: path.length, ...(keyNode ? { keyNode } : {}) };
}

function resolve(doc: Document, node: Node | null | undefined): Node | null | undefined {
  let current = node;
  for (let hops = 0; current instanceof Alias && hops < MAX_ALIAS_COUNT; hops++) {
    current = current.resolve(doc) as Node | undefined;
  }
  return current;
}

function yamlMessage(code: string, message: string, key: string | undefined): string {
  const firstLine = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY") {
    return `duplicate key${key === undefined ? "" : ` "${key}"`}: each key may appear once in a map`;
  }
  if (code === "MULTIPLE_DOCS") return "a model file holds exactly one YAML document";
  return `YAML syntax: ${firstLine.replace(/ at line \d+, column \d+:?$/, "")}`;
}

/** The scalar key starting at a source offset, if any (to name a duplicate key). */
function keyAt(doc: Document, offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

/** The first alias of the document in source order (where an alias bomb starts). */
function firstAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** Offset of the first byte of the first character that is not valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let charStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    try {
      // A multi-byte character decodes to "" until its last byte arrives.
      if (decoder.decode(bytes.subarray(i, i + 1), { stream: true }) !== "") charStart = i + 1;
    } catch {
      return charStart;
    }
  }
  return charStart;
}

/** The line and column of a byte offset, counting the valid UTF-8 text before it. */
function bytePosition(file: string, bytes: Uint8Array, offset: number): SourcePosition {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
  const lines = before.split("\n");
  return { file, line: lines.length, column: (lines[lines.length - 1] ?? "").length + 1 };
}
