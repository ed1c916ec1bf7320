import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../diagnostics/diagnostic.js";
import { buildCatalog } from "./catalog.js";
import { QuickPathMismatch } from "./quick-source.js";
import type { SchemaValidator } from "./schema.js";
import { type ModelSource, parseModelSource } from "./source.js";

const MODEL = (id: string, amount = "4.99") => `apiVersion: pricing/v1
kind: PricingModel
id: ${id}
product:
  name: Basic
currency: eur
components:
  - id: base
    type: flat
    amount: ${amount}
    interval: month
`;

function parsed(file: string, text: string): ModelSource {
  const s = parseModelSource(file, new TextEncoder().encode(text));
  if (!("data" in s)) throw new Error("expected a source");
  return s;
}

/** A source whose every use throws, as a bug in a parser or check would. */
function throwing(file: string, id: string, failure: unknown): ModelSource {
  const fail = (): never => {
    throw failure;
  };
  return { file, data: { id }, precise: fail, positionOf: fail, scalarText: fail, deferPosition: fail };
}

describe("buildCatalog isolates each file", () => {
  /** Throws on model b (a bug in a check); finds a problem in model c, so c's precise parse is needed. */
  const validate: SchemaValidator = (source) => {
    const id = (source.data as { id?: unknown }).id;
    if (id === "b") throw new RangeError("Maximum call stack size exceeded");
    if (id === "c") return [{ file: source.file, line: 1, column: 1, severity: "error", message: "quick" }];
    return [];
  };

  it("reports a file whose check throws as a positioned error and still checks every other file", () => {
    const catalog = buildCatalog(
      [
        parsed("models/a.yaml", MODEL("a")),
        throwing("models/b.yaml", "b", new Error("unused")),
        throwing(
          "models/c.yaml",
          "c",
          new QuickPathMismatch("models/c.yaml", [
            { file: "models/c.yaml", line: 3, column: 7, severity: "error", message: "YAML syntax: bad" },
          ]),
        ),
        parsed("models/d.yaml", MODEL("d", "4.999")),
      ],
      validate,
    );
    expect(catalog.diagnostics.map(formatDiagnostic)).toEqual([
      "models/b.yaml:1:1 error could not check this file (RangeError: Maximum call stack size exceeded); this is a bug, please report it",
      "models/c.yaml:3:7 error YAML syntax: bad",
      "models/d.yaml:10:13 error amount 4.999 has more decimals than eur allows (2)",
    ]);
    expect(catalog.models.map((m) => m.id)).toEqual(["a"]);
  });
});
