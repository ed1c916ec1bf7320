/**
 * YAML source handling: bytes to a parsed document that keeps every node's position, and
 * lookups from a data path back to `line:col`. Pure (takes bytes, returns values); no IO.
 */
import {
  Alias,
  Composer,
  type CST,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  type ParsedNode,
  Parser,
  visit,
  YAMLParseError,
} from "yaml";
import { type Diagnostic, error, type SourcePosition } from "../diagnostics/diagnostic.js";
import { MAX_MODEL_BYTES, MAX_NESTING_DEPTH, MAX_YAML_TOKENS } from "./limits.js";
import { mergeMarkers } from "./merge-markers.js";
import { quickSource } from "./quick-source.js";

export { MAX_MODEL_BYTES, MAX_NESTING_DEPTH, MAX_YAML_TOKENS } from "./limits.js";

/** Aliases a document may expand; more is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

const tooDeepMessage = `lists and maps nest deeper than ${MAX_NESTING_DEPTH} levels here; a model needs far fewer`;

const tooManyTokensMessage = `this file holds more than ${MAX_YAML_TOKENS} YAML tokens; a model needs far fewer`;

/** YAML syntax errors reported per file; a broken bracket can otherwise yield thousands of repeats. */
const MAX_SYNTAX_ERRORS = 10;

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
  // YAML 1.2 reads a lone CR as a line break; `yaml` does not. One newline convention for both
  // parsers: CR alone becomes LF (same offsets, so positions are unchanged).
  const normalised = text.includes("\r") ? text.replace(/\r(?!\n)/g, "\n") : text;
  const conflict = mergeMarkers(file, normalised);
  if (conflict) return [conflict];
  try {
    return quickSource(file, normalised) ?? preciseSource(file, normalised);
  } catch (e) {
    // A parser bug must cost this file, never the whole run.
    return [
      error(start, `could not parse this file (${describeFailure(e)}); this is a bug, please report it`),
    ];
  }
}

/** A short description of an unexpected failure, for a diagnostic. */
export function describeFailure(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const firstLine = text.split("\n")[0] ?? text;
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine;
}

/** Parses text with `yaml`, keeping every node's position; diagnostics when it is not a single map. */
export function preciseSource(file: string, text: string): ModelSource | readonly Diagnostic[] {
  const start: SourcePosition = { file, line: 1, column: 1 };
  // Line starts from the text itself: the parser's callback misses newlines in some error states.
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
  const at = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const parsed = parseTokens(text);
  if (parsed.kind !== "tokens") {
    return [error(at(parsed.offset), parsed.kind === "too-many" ? tooManyTokensMessage : tooDeepMessage)];
  }
  const tokens = parsed.tokens;
  const tooDeep = firstTooDeep(tokens);
  if (tooDeep !== undefined) return [error(at(tooDeep), tooDeepMessage)];
  const doc = composeOne(tokens, text.length);
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of doc.errors) {
    const place = at(e.pos[0]);
    const line = text.slice(e.pos[0] - (place.column - 1)).match(/^[ \t]*/)?.[0] ?? "";
    const message = line.includes("\t")
      ? "YAML syntax: this line is indented with a tab; YAML indents with spaces only"
      : yamlMessage(e.code, e.message, e.code === "DUPLICATE_KEY" ? keyAt(doc, e.pos[0]) : undefined);
    const d = error(place, message);
    const id = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(d);
    if (problems.length === MAX_SYNTAX_ERRORS) break;
  }
  if (problems.length > 0) return problems;
  const badKey = firstBadKey(doc);
  if (badKey) return [error(at(badKey.offset), badKey.message)];
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

/** Options of the precise parse: strict YAML 1.2, keys unique as JavaScript sees them. */
const PARSE_OPTIONS = {
  uniqueKeys: sameKey,
  prettyErrors: false,
  strict: true,
} as const;

/**
 * Two map keys are the same when they become the same JavaScript property: `1` and `'1'`,
 * `true` and `"true"` would otherwise be merged silently, the last one winning.
 */
function sameKey(a: ParsedNode, b: ParsedNode): boolean {
  if (a === b) return true;
  if (isScalar(a) && isScalar(b)) return String(a.value) === String(b.value);
  return false;
}

/** Composes the first document of parsed tokens, noting any further document as an error. */
function composeOne(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const composer = new Composer(PARSE_OPTIONS);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(...multipleDocs(next));
      break;
    }
  }
  // compose(..., true) always yields at least one document.
  return doc as Document.Parsed;
}

function multipleDocs(next: Document.Parsed): YAMLParseError[] {
  return [
    new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents"),
  ];
}

type Tokens =
  | { readonly kind: "tokens"; readonly tokens: CST.Token[] }
  | { readonly kind: "too-many" | "too-deep"; readonly offset: number };

/**
 * Lexes and parses `text` into CST tokens within bounds: at most {@link MAX_YAML_TOKENS} lexemes,
 * and stops at the first bracket nested past {@link MAX_NESTING_DEPTH} (the nesting of what came
 * before it is then measured exactly). Never lets yaml's recursive parser run deep.
 */
function parseTokens(text: string): Tokens {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let lexemes = 0;
  let flowDepth = 0;
  try {
    for (const lexeme of new Lexer().lex(text)) {
      if (++lexemes > MAX_YAML_TOKENS)
        return { kind: "too-many", offset: Math.min(parser.offset, text.length) };
      if (lexeme === "[" || lexeme === "{") flowDepth++;
      else if (lexeme === "]" || lexeme === "}") flowDepth = Math.max(0, flowDepth - 1);
      for (const token of parser.next(lexeme)) tokens.push(token);
      if (flowDepth > MAX_NESTING_DEPTH) {
        // Too deep for certain: find the first collection past the cap in what was read so far.
        for (const token of parser.end()) tokens.push(token);
        return { kind: "too-deep", offset: firstTooDeep(tokens) ?? Math.min(parser.offset, text.length) };
      }
    }
    for (const token of parser.end()) tokens.push(token);
  } catch (e) {
    // yaml's parser recurses per block level: only nesting far past the cap exhausts the stack.
    if (!(e instanceof RangeError)) throw e;
    return { kind: "too-deep", offset: deepestLine(text) };
  }
  return { kind: "tokens", tokens };
}

/**
 * Offset of the first collection nested deeper than {@link MAX_NESTING_DEPTH}, if any. Walks the
 * concrete syntax tree with an explicit stack (the tree itself may be deeper than the call stack).
 */
function firstTooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  let first: number | undefined;
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    switch (token.type) {
      case "document":
        if (token.value) stack.push([token.value, depth]);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        if (depth + 1 > MAX_NESTING_DEPTH) {
          first = first === undefined ? token.offset : Math.min(first, token.offset);
          break;
        }
        for (const item of token.items) {
          if (item.key) stack.push([item.key, depth + 1]);
          if (item.value) stack.push([item.value, depth + 1]);
        }
        break;
      }
      default:
        break;
    }
  }
  return first;
}

/**
 * Where nesting is likely deepest, when the parser could not say: the first non-blank of the
 * line with the most indentation plus block and flow indicators.
 */
function deepestLine(text: string): number {
  let best = 0;
  let bestScore = -1;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    const line = text.slice(start, end === -1 ? text.length : end);
    const indent = line.length - line.trimStart().length;
    let score = indent;
    for (const c of line) if (c === "-" || c === "?" || c === ":" || c === "[" || c === "{") score++;
    if (score > bestScore) {
      bestScore = score;
      best = start + Math.min(indent, line.length);
    }
    if (end === -1) break;
    start = end + 1;
  }
  return best;
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

/**
 * The first map key of the document that is a list, a map or null (`~:`, `: x`), if any: yaml
 * and js-yaml turn such keys into different strings, and no model has one.
 */
function firstBadKey(doc: Document): { readonly offset: number; readonly message: string } | undefined {
  let found: { readonly offset: number; readonly message: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      if (isMap(key) || isSeq(key)) {
        found = {
          offset: key.range?.[0] ?? 0,
          message: "a map key must be a plain value such as a name, not a list or a map",
        };
      } else if (key === null || (isScalar(key) && key.value === null)) {
        const place = key?.range?.[0] ?? (pair.value as Node | null)?.range?.[0] ?? 0;
        found = { offset: place, message: "a map key cannot be empty or null: name it" };
      }
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
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
  // A lone CR ends a line, as in the parse (the byte at `offset` is never a LF).
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset)).replace(/\r(?!\n)/g, "\n");
  const lines = before.split("\n");
  return { file, line: lines.length, column: (lines[lines.length - 1] ?? "").length + 1 };
}
