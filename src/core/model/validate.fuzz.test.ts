/**
 * Fuzzing the loader: thousands of mutated models (the example catalog and generated ones, with
 * byte flips, truncations, duplicated, repeated and deleted lines, deep nesting, odd unicode, huge numbers
 * and YAML indicators) go through parse, schema and semantic checks, seeded so a failure replays.
 * Asserts: nothing throws and no check fails as a bug, every diagnostic lies within its file,
 * each input finishes within a time bound, and the quick path and the precise path agree.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCatalog } from "../../../bench/generate.js";
import { type Diagnostic, formatDiagnostic } from "../diagnostics/diagnostic.js";
import { buildCatalog } from "./catalog.js";
import { quickSource } from "./quick-source.js";
import { compileModelSchema } from "./schema.js";
import { MAX_MODEL_BYTES, type ModelSource, parseModelSource, preciseSource } from "./source.js";

const root = join(import.meta.dirname, "..", "..", "..");
const validate = compileModelSchema(
  JSON.parse(readFileSync(join(root, "schemas", "pricing-model.schema.json"), "utf8")) as object,
);
const examples = readdirSync(join(root, "models"))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => readFileSync(join(root, "models", f), "utf8"));
const generated = generateCatalog({ count: 60, seed: 12 }).map((f) => f.text);
const bases = [...examples, ...generated];

const FILE = "models/fuzz.yaml";
const encode = (text: string) => new TextEncoder().encode(text);

/** `FUZZ_SEED=n FUZZ_RUNS=n` explore further locally; CI runs the fixed seed. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const RUNS = Math.max(2400, Number(process.env.FUZZ_RUNS ?? 2400));

/** Most time one input may take (parse and every check), generous for a shared CI machine. */
const PER_INPUT_MS = 1500;

/** Text to splice in: odd unicode, control characters, escapes, YAML indicators, huge numbers. */
const ODD = [
  "\u0000",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u200b",
  "\u202e",
  "\u2028",
  "\ufeff",
  "\ud83d\ude97",
  "e\u0301",
  "\t",
  "\r",
  "\r\n",
  '"\\ud800"',
  '"\\udc00x"',
  '"\\x00\\e"',
  '"\\U0010FFFF"',
  "__proto__: x\n",
  "? [a]\n: b\n",
  "{1: a, '1': b}",
  "&a [x]",
  "*a",
  "!!binary aGk=",
  "!!str 1",
  "<<: {a: 1}\n",
  "---\n",
  "...\n",
  "%YAML 1.2\n",
  "- ",
  ": ",
  "? ",
  "|\n  x\n",
  ">-\n",
  "#",
  "@",
  "`",
  "'",
  '"',
  "[",
  "]",
  "{",
  "}",
  ",",
  "9".repeat(40),
  "1e400",
  "-0",
  "0x1F",
  ".inf",
  ".nan",
  "9007199254740993",
  "99999999.999999999999999",
  "0.000000000000001",
  "1_000",
  "'': ''",
  "~: x\n",
  "null: x",
  ": x\n",
  '"": ""',
];

/** One edit of a text, chosen by fast-check (positions are reduced modulo the length). */
type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly byte: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "duplicate-line" | "delete-line"; readonly line: number }
  | { readonly kind: "repeat-line"; readonly line: number; readonly times: number }
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | {
      readonly kind: "nest";
      readonly at: number;
      readonly depth: number;
      readonly closed: boolean;
      readonly flow: "[" | "{" | "- ";
    }
  | { readonly kind: "number"; readonly which: number; readonly text: string };

/** Many copies of one line: rare (big inputs are slow to check twice), past the token budget now and then. */
const repeatLine: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant("repeat-line" as const),
  line: fc.nat(),
  times: fc.oneof(
    { arbitrary: fc.integer({ min: 50, max: 2000 }), weight: 6 },
    { arbitrary: fc.integer({ min: 20_000, max: 30_000 }), weight: 1 },
  ),
});

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: repeatLine, weight: 1 },
  // Every other kind of edit is five times as likely.
  {
    arbitrary: fc.record({
      kind: fc.constant("flip" as const),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }), weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom("duplicate-line" as const, "delete-line" as const),
      line: fc.nat(),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.constantFrom(...ODD),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.string({ unit: "binary", maxLength: 8 }),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("nest" as const),
      at: fc.nat(),
      depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 500, max: 3000 })),
      closed: fc.boolean(),
      flow: fc.constantFrom("[" as const, "{" as const, "- " as const),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("number" as const),
      which: fc.nat(),
      text: fc.constantFrom(
        "0",
        "-1",
        "0.00",
        "4.999",
        "9".repeat(25),
        "9007199254740993",
        "1e3",
        "100.0",
        "007",
      ),
    }),
    weight: 5,
  },
);

/** Applies edits to a model's bytes (flips and truncations work on bytes, so UTF-8 can break). */
function mutate(text: string, edits: readonly Mutation[]): Uint8Array {
  let bytes = encode(text);
  for (const edit of edits) {
    const n = bytes.length;
    switch (edit.kind) {
      case "flip": {
        if (n === 0) break;
        const copy = bytes.slice();
        copy[edit.at % n] = edit.byte;
        bytes = copy;
        break;
      }
      case "truncate":
        bytes = bytes.slice(0, edit.at % (n + 1));
        break;
      case "duplicate-line":
      case "delete-line": {
        const lines = new TextDecoder().decode(bytes).split("\n");
        const i = edit.line % lines.length;
        if (edit.kind === "delete-line") lines.splice(i, 1);
        else lines.splice(i, 0, lines[i] ?? "");
        bytes = encode(lines.join("\n"));
        break;
      }
      case "repeat-line": {
        const lines = new TextDecoder().decode(bytes).split("\n");
        const i = edit.line % lines.length;
        lines.splice(i, 0, ...Array<string>(edit.times).fill(lines[i] ?? ""));
        bytes = encode(lines.join("\n"));
        break;
      }
      case "insert":
      case "nest": {
        const t = new TextDecoder().decode(bytes);
        const at = edit.at % (t.length + 1);
        const add =
          edit.kind === "insert"
            ? edit.text
            : edit.flow === "- "
              ? `${"- ".repeat(edit.depth)}x`
              : `${edit.flow.repeat(edit.depth)}${edit.closed ? (edit.flow === "[" ? "]" : "}").repeat(edit.depth) : ""}`;
        bytes = encode(t.slice(0, at) + add + t.slice(at));
        break;
      }
      case "number": {
        const t = new TextDecoder().decode(bytes);
        const numbers = [...t.matchAll(/\b\d+(?:\.\d+)?\b/g)];
        const hit = numbers[edit.which % Math.max(numbers.length, 1)];
        if (hit?.index === undefined) break;
        bytes = encode(t.slice(0, hit.index) + edit.text + t.slice(hit.index + hit[0].length));
        break;
      }
    }
  }
  return bytes;
}

/** The catalog's diagnostics for one parsed file (or its parse diagnostics). */
function check(parsed: ModelSource | readonly Diagnostic[]): readonly Diagnostic[] {
  if (!("data" in parsed)) return parsed;
  return buildCatalog([parsed], validate).diagnostics;
}

/** Asserts each diagnostic names the file and a line and column that exist in it. */
function expectWithinFile(diagnostics: readonly Diagnostic[], bytes: Uint8Array): void {
  const text = new TextDecoder().decode(bytes).replace(/\r(?!\n)/g, "\n");
  const lines = text.split("\n");
  for (const d of diagnostics) {
    const where = formatDiagnostic(d);
    expect(d.file, where).toBe(FILE);
    expect(d.severity, where).toBe("error");
    expect(d.line, where).toBeGreaterThanOrEqual(1);
    expect(d.line, where).toBeLessThanOrEqual(lines.length);
    expect(d.column, where).toBeGreaterThanOrEqual(1);
    expect(d.column, where).toBeLessThanOrEqual((lines[d.line - 1] ?? "").length + 1);
    expect(d.message, where).not.toMatch(/this is a bug/);
    expect(d.message.length, where).toBeGreaterThan(0);
  }
}

/** Asserts the quick path and the precise path read a text alike, and the catalog says the same of both. */
function expectPathsAgree(bytes: Uint8Array): void {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return; // Not UTF-8: neither path sees it.
  }
  if (bytes.byteLength > MAX_MODEL_BYTES) return;
  text = text.replace(/\r(?!\n)/g, "\n");
  const quick = quickSource(FILE, text);
  if (!quick) return; // The quick path declined: only the precise path decides.
  const precise = preciseSource(FILE, text);
  if (!("data" in precise)) {
    throw new Error(
      `the quick path read what the precise path refuses: ${precise.map(formatDiagnostic).join("; ")}`,
    );
  }
  expect(quick.data).toEqual(precise.data);
  expect(check(quick).map(formatDiagnostic)).toEqual(check(precise).map(formatDiagnostic));
}

describe("validate under fuzzing", () => {
  it(`survives ${RUNS} mutated models: no crash, no hang, diagnostics in the file, quick and precise paths agreeing`, () => {
    let invalid = 0;
    let slowest = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: bases.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (base, edits) => {
          const bytes = mutate(bases[base] ?? "", edits);
          const started = performance.now();
          const diagnostics = check(parseModelSource(FILE, bytes));
          const took = performance.now() - started;
          slowest = Math.max(slowest, took);
          expect(took, `took ${Math.round(took)} ms`).toBeLessThan(PER_INPUT_MS);
          if (diagnostics.length > 0) invalid++;
          expectWithinFile(diagnostics, bytes);
          expectPathsAgree(bytes);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // The mutations must actually break models, or the test proves little.
    expect(invalid).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(PER_INPUT_MS);
  }, 60_000);

  it("keeps every unmutated base model valid on both paths", () => {
    for (const text of bases) {
      expect(check(parseModelSource(FILE, encode(text))).map(formatDiagnostic)).toEqual([]);
      expectPathsAgree(encode(text));
    }
  });
});
