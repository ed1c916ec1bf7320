import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCatalog } from "../../../bench/generate.js";
import { quickSource } from "./quick-source.js";
import { preciseSource } from "./source.js";

const precise = (text: string) => {
  const parsed = preciseSource("m.yaml", text);
  if (!("data" in parsed)) throw new Error("precise path rejected the text");
  return parsed;
};

describe("the quick path", () => {
  it("reads the example catalog and 2,000 generated models exactly as the precise path does", () => {
    const dir = join(import.meta.dirname, "..", "..", "..", "models");
    const texts = [
      ...readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")),
      ...generateCatalog({ count: 2000, seed: 7 }).map((f) => f.text),
    ];
    let quick = 0;
    for (const text of texts) {
      const q = quickSource("m.yaml", text);
      if (!q) continue;
      quick++;
      expect(q.data).toEqual(precise(text).data);
    }
    expect(quick).toBe(texts.length);
  });

  it("takes only numbers whose decimal text survives a JS number, and sends the rest to the precise path", () => {
    const exact = ["4.99", "4.990", "+4.99", "007", "0.0123", "12", "-3.5", "99999999"];
    for (const n of exact) {
      const text = `amount: ${n}\n`;
      const q = quickSource("m.yaml", text);
      expect(q, n).toBeDefined();
      expect(q?.data).toEqual(precise(text).data);
    }
    const inexact = [
      "0x1F",
      "0o17",
      "1e3",
      "1.",
      ".5",
      ".inf",
      ".nan",
      "-0",
      "0.1000000000000000055511",
      "123456789012345678",
    ];
    for (const n of inexact) expect(quickSource("m.yaml", `amount: ${n}\n`), n).toBeUndefined();
  });

  it("keeps strings, booleans and nulls as YAML 1.2 core reads them", () => {
    const text = 'a: "4.99"\nb: true\nc: ~\nd: null\ne: Charge & Go\nf: 2026-01-01\ng: yes\nh: \ni: R&D ok\n';
    expect(quickSource("m.yaml", text)?.data).toEqual(precise(text).data);
  });

  it("sends anchors, aliases, duplicate keys, several documents and non-maps to the precise path", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "a: [&x 1, *x]\n",
      "a: 1\na: 2\n",
      "a: 1\n---\nb: 2\n",
      "- 1\n",
      "",
      "just text\n",
    ]) {
      expect(quickSource("m.yaml", text), text).toBeUndefined();
    }
  });

  it("gives positions and source text from a precise parse, only when asked", () => {
    const text = "id: x\nproduct:\n  name: n\namount: 4.50\n";
    const q = quickSource("m.yaml", text);
    expect(q?.scalarText(["amount"])).toBe("4.5");
    expect(q?.positionOf(["product", "name"])).toEqual({ file: "m.yaml", line: 3, column: 9 });
    expect(q?.deferPosition(["amount"])()).toEqual({ file: "m.yaml", line: 4, column: 9 });
    expect(q?.precise().scalarText(["amount"])).toBe("4.50");
  });

  it("leaves to the precise path what js-yaml reads more leniently than yaml", () => {
    const lenient = [
      `${"k".repeat(1100)}: 1\n`,
      "a: [1,\n\t2]\n",
      "a: {b: 1,\n\tc: 2}\n",
      `a: ${"[".repeat(70)}${"]".repeat(70)}\n`,
      `a: ${"{b: ".repeat(70)}1${"}".repeat(70)}\n`,
      // Found by the fuzz test: each read by js-yaml, refused by yaml.
      "a:\n  - { b: 1,\n 2 }\n",
      'a:\n  b: ">-\n09"\n',
      "'': ''# comment\n",
      "? [a]\n: b\n",
      "{{}}\n",
      "a: {x: 1, [b]: 2}\n",
      "a:\n  ~: x\n",
      "a: {null: 1}\n",
      // Long enough to pass the precise path's token budget: the precise path counts.
      Array.from({ length: 30_000 }, (_, i) => `k${i}: v`).join("\n"),
    ];
    for (const text of lenient) expect(quickSource("m.yaml", text), text.slice(0, 40)).toBeUndefined();
  });
});
