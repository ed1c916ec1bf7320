import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  MAX_MODEL_BYTES,
  MAX_NESTING_DEPTH,
  MAX_YAML_TOKENS,
  type ModelSource,
  parseModelSource,
} from "./source.js";

const FILE = "models/m.yaml";

function parse(text: string | Uint8Array): ModelSource | readonly Diagnostic[] {
  return parseModelSource(FILE, typeof text === "string" ? new TextEncoder().encode(text) : text);
}

/** Parses text that must be a single YAML map. */
function source(text: string): ModelSource {
  const parsed = parse(text);
  if (!("data" in parsed)) throw new Error(parsed.map((d) => d.message).join("; "));
  return parsed;
}

/** Parses text that must fail; returns `line:col message` of each problem. */
function problems(text: string | Uint8Array): string[] {
  const parsed = parse(text);
  if ("data" in parsed) throw new Error("expected the file to be refused");
  for (const d of parsed) expect(d.file).toBe(FILE);
  return parsed.map((d) => `${d.line}:${d.column} ${d.message}`);
}

/** `line:col` of a path. */
function at(s: ModelSource, path: readonly (string | number)[], key = false): string {
  const p = s.positionOf(path, { key });
  expect(p.file).toBe(FILE);
  return `${p.line}:${p.column}`;
}

const MODEL = `# a comment line
apiVersion: pricing/v1
id: demo
product:
  name: Demo
  metadata: { segment: home, tier: "gold" }
components:
  - id: base
    type: flat
    amount: 4.99
    interval: month
  - id: energy
    unitAmount:
      eur: 0.0123
      usd: "0.0150"
    tiers:
      - { upTo: 100, unitAmount: 0.39 }
      - upTo: inf
        flatAmount: 0
`;

describe("parseModelSource positions", () => {
  const s = source(MODEL);

  it("points at scalar values on nested paths", () => {
    expect(at(s, ["apiVersion"])).toBe("2:13");
    expect(at(s, ["product", "name"])).toBe("5:9");
    expect(at(s, ["components", 0, "amount"])).toBe("10:13");
    expect(at(s, ["components", 1, "unitAmount", "usd"])).toBe("15:12");
    expect(at(s, ["components", 1, "tiers", 0, "upTo"])).toBe("17:17");
    expect(at(s, ["components", 1, "tiers", 1, "flatAmount"])).toBe("19:21");
    expect(at(s, ["product", "metadata", "tier"])).toBe("6:36");
  });

  it("points at keys when asked", () => {
    expect(at(s, ["components", 0, "amount"], true)).toBe("10:5");
    expect(at(s, ["product", "metadata", "segment"], true)).toBe("6:15");
    expect(at(s, ["components", 1, "tiers", 1, "flatAmount"], true)).toBe("19:9");
    // A list item has no key: the item itself.
    expect(at(s, ["components", 1], true)).toBe("12:5");
  });

  it("shows a block map or list at its key, a flow collection at its opening bracket", () => {
    expect(at(s, ["product"])).toBe("4:1");
    expect(at(s, ["components"])).toBe("7:1");
    expect(at(s, ["components", 1, "unitAmount"])).toBe("13:5");
    expect(at(s, ["components", 1, "tiers"])).toBe("16:5");
    expect(at(s, ["product", "metadata"])).toBe("6:13");
    expect(at(s, ["components", 1, "tiers", 0])).toBe("17:9");
    // The root and list items have no key: their first line.
    expect(at(s, [])).toBe("2:1");
    expect(at(s, ["components", 0])).toBe("8:5");
  });

  it("falls back to the closest existing parent for a missing node", () => {
    expect(at(s, ["product", "description"])).toBe("4:1");
    expect(at(s, ["components", 0, "intervalCount"])).toBe("8:5");
    expect(at(s, ["components", 7, "amount"])).toBe("7:1");
    expect(at(s, ["nope", "deeper"])).toBe("2:1");
    expect(at(s, ["components", 1, "unitAmount", "chf"], true)).toBe("13:5");
  });

  it("gives the exact source text of scalars, never through a float", () => {
    expect(s.scalarText(["components", 0, "amount"])).toBe("4.99");
    expect(s.scalarText(["components", 1, "unitAmount", "usd"])).toBe("0.0150");
    expect(s.scalarText(["components", 1, "tiers", 1, "upTo"])).toBe("inf");
    expect(s.scalarText(["components", 1, "unitAmount"])).toBeUndefined();
    expect(s.scalarText(["components", 0, "missing"])).toBeUndefined();
    const exact = source("a: 0.30000000000000004\nb: 123456789012345678901.5\n");
    expect(exact.scalarText(["a"])).toBe("0.30000000000000004");
    expect(exact.scalarText(["b"])).toBe("123456789012345678901.5");
  });

  it("keeps the data as plain values", () => {
    expect((s.data as { product: { metadata: unknown } }).product.metadata).toEqual({
      segment: "home",
      tier: "gold",
    });
  });
});

describe("parseModelSource aliases", () => {
  const s = source(`prices:
  base: &base 4.99
  map: &map
    eur: 1.10
    usd: 1.20
components:
  - amount: *base
  - amount: *map
`);

  it("reads the value through the alias", () => {
    expect(s.scalarText(["components", 0, "amount"])).toBe("4.99");
    expect(s.scalarText(["components", 1, "amount", "usd"])).toBe("1.20");
    expect((s.data as { components: unknown[] }).components).toEqual([
      { amount: 4.99 },
      { amount: { eur: 1.1, usd: 1.2 } },
    ]);
  });

  it("points at the alias where it is used, and into the anchor for what lies inside it", () => {
    expect(at(s, ["components", 0, "amount"])).toBe("7:13");
    expect(at(s, ["components", 1, "amount"])).toBe("8:13");
    expect(at(s, ["components", 1, "amount", "usd"])).toBe("5:10");
    expect(at(s, ["components", 1, "amount", "usd"], true)).toBe("5:5");
  });
});

describe("parseModelSource refusals", () => {
  it("refuses YAML syntax errors with their position", () => {
    expect(problems("a: [1, 2\nb: 3\n")).toEqual([expect.stringMatching(/^2:1 YAML syntax: .*\]/)]);
  });

  it("names a duplicate key at its second occurrence", () => {
    expect(problems("a: 1\nb:\n  c: 1\n  c: 2\n")).toEqual([
      '4:3 duplicate key "c": each key may appear once in a map',
    ]);
  });

  it("refuses documents that are not one map", () => {
    expect(problems("")).toEqual(["1:1 expected a YAML map (a PricingModel), found an empty document"]);
    expect(problems("# only a comment\n")).toEqual([
      "1:1 expected a YAML map (a PricingModel), found an empty document",
    ]);
    expect(problems("\n- a\n- b\n")).toEqual(["2:1 expected a YAML map (a PricingModel), found a list"]);
    expect(problems("just text\n")).toEqual(["1:1 expected a YAML map (a PricingModel), found a scalar"]);
    expect(problems("a: 1\n---\na: 2\n")).toEqual(["2:1 a model file holds exactly one YAML document"]);
  });

  it("refuses bytes that are not UTF-8 at the bad character", () => {
    const bytes = (...parts: (string | number[])[]) =>
      Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));
    expect(problems(bytes("a: 1\nb: x", [0xff], "\n"))).toEqual([
      "2:5 file is not valid UTF-8 (byte 9); save it as UTF-8",
    ]);
    // A multi-byte character before the bad byte counts as one column.
    expect(problems(bytes("a: é", [0xc3], "\n"))).toEqual([
      "1:5 file is not valid UTF-8 (byte 5); save it as UTF-8",
    ]);
    // A truncated sequence is reported at its first byte, even at the end of the file.
    expect(problems(bytes("a: b", [0xe2, 0x82]))).toEqual([
      "1:5 file is not valid UTF-8 (byte 4); save it as UTF-8",
    ]);
  });

  it("refuses an alias bomb at its first alias, without expanding it", () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(", ")}]`,
    );
    const text = `l0: &l0 [x]\nbomb:\n${levels.join("\n")}\n`;
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^3:12 YAML aliases expand too far/);
  });

  it("accepts a file of exactly the size limit and refuses one byte more", () => {
    const head = "a: 1\n";
    const fill = (n: number) => `${head}${"#".repeat(n - head.length - 1)}\n`;
    expect("data" in parse(fill(MAX_MODEL_BYTES))).toBe(true);
    expect(problems(fill(MAX_MODEL_BYTES + 1))).toEqual([
      `1:1 file is ${MAX_MODEL_BYTES + 1} bytes; a model may be at most ${MAX_MODEL_BYTES} bytes`,
    ]);
  });
});

describe("parseModelSource on hostile input", () => {
  const deep = (n: number) => `a: ${"[".repeat(n)}${"]".repeat(n)}\n`;

  it("accepts nesting up to the cap and refuses one level more at the first level too deep", () => {
    // `a:` is the first level: n brackets make n + 1 levels.
    expect("data" in parse(deep(MAX_NESTING_DEPTH - 1))).toBe(true);
    expect(problems(deep(MAX_NESTING_DEPTH))).toEqual([
      `1:${4 + MAX_NESTING_DEPTH - 1} lists and maps nest deeper than ${MAX_NESTING_DEPTH} levels here; a model needs far fewer`,
    ]);
  });

  it("refuses flow, block and compact nesting hundreds deep without exhausting the stack", () => {
    const block = Array.from({ length: 900 }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
    for (const text of [
      deep(800),
      deep(5000),
      `a: ${"{b: ".repeat(800)}1${"}".repeat(800)}\n`,
      block,
      `${"- ".repeat(3000)}x\n`,
    ]) {
      const found = problems(text);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/nest deeper than 64 levels/);
    }
  });

  it("refuses an unclosed deep list quickly, with a bounded number of diagnostics", () => {
    const started = performance.now();
    const found = problems(`a: ${"[".repeat(200_000)}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(found.length).toBeLessThanOrEqual(10);
    // Unclosed, but not too deep: one syntax error per place, never thousands of repeats.
    const shallow = problems(`a: ${"[".repeat(40)}\nb: [\n`);
    expect(shallow.length).toBeLessThanOrEqual(10);
    expect(new Set(shallow).size).toBe(shallow.length);
  });

  it("reads a lone CR as a line break, as YAML 1.2 does, keeping positions", () => {
    const s = source("a: 1\rb:\r  c: 2\r");
    expect(s.data).toEqual({ a: 1, b: { c: 2 } });
    expect(at(s, ["b", "c"])).toBe("3:6");
    expect(problems("a: 1\ra: 2\r")).toEqual(['2:1 duplicate key "a": each key may appear once in a map']);
  });

  it("refuses an implicit key over 1,024 characters", () => {
    expect(problems(`${"k".repeat(1100)}: 1\n`)).toEqual([expect.stringMatching(/^1:1 YAML syntax: .*1024/)]);
  });

  it("refuses a tab indenting a line inside brackets, naming the tab", () => {
    expect(problems("a: [1,\n\t2]\n")).toEqual([
      "2:2 YAML syntax: this line is indented with a tab; YAML indents with spaces only",
    ]);
    // A tab between items on one line is plain separation.
    expect(source("a: [1,\t2]\n").data).toEqual({ a: [1, 2] });
  });

  it("refuses keys JavaScript would merge: 1 and '1', true and 'true'", () => {
    expect(problems("{1: a, '1': b}\n")).toEqual([
      '1:8 duplicate key "1": each key may appear once in a map',
    ]);
    expect(problems("a:\n  true: x\n  'true': y\n")).toEqual([
      '3:3 duplicate key "true": each key may appear once in a map',
    ]);
  });

  it("refuses a list or a map as a map key", () => {
    for (const [text, at] of [
      ["? [a]\n: b\n", "1:3"],
      ["{{}}\n", "1:2"],
      ["a: {x: 1, [b]: 2}\n", "1:11"],
    ] as const) {
      expect(problems(text)).toEqual([
        `${at} a map key must be a plain value such as a name, not a list or a map`,
      ]);
    }
  });

  it("bounds the time of any file within the size cap by a token budget", () => {
    const fill = (unit: string) => unit.repeat(Math.floor((MAX_MODEL_BYTES - 16) / unit.length));
    for (const text of [`a: ${fill("[]")}`, fill("a: 1\n"), fill("- "), fill('"'), `a: [${fill("1,")}1]\n`]) {
      const started = performance.now();
      const found = problems(text);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(
        new RegExp(`(more than ${MAX_YAML_TOKENS} YAML tokens|nest deeper than ${MAX_NESTING_DEPTH} levels)`),
      );
    }
    // Keys up to the budget are fine.
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}: v`).join("\n");
    expect("data" in parse(keys)).toBe(true);
  });

  it("refuses a null or missing map key, which yaml and js-yaml name differently", () => {
    for (const [text, at] of [
      ["a:\n  ~: x\n", "2:3"],
      ["a:\n  null: x\n", "2:3"],
      ["a: {~: 1, '': 2}\n", "1:5"],
    ] as const) {
      expect(problems(text)).toEqual([`${at} a map key cannot be empty or null: name it`]);
    }
    // An empty string is a key like any other (the checks then refuse it where it matters).
    expect(source("a:\n  '': x\n").data).toEqual({ a: { "": "x" } });
  });
});
