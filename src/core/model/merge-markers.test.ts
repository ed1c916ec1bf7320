import { describe, expect, it } from "vitest";
import { mergeMarkers } from "./merge-markers.js";
import { parseModelSource } from "./source.js";

const model = (body: string) => `apiVersion: pricing/v1\nkind: PricingModel\nid: m\n${body}`;

describe("merge-conflict markers", () => {
  it("are one error per file, at the first marker line", () => {
    const text = model("<<<<<<< HEAD\ncurrency: eur\n=======\ncurrency: usd\n>>>>>>> other\n<<<<<<< HEAD\n");
    const parsed = parseModelSource("m.yaml", new TextEncoder().encode(text));
    expect(parsed).toEqual([
      {
        file: "m.yaml",
        line: 4,
        column: 1,
        severity: "error",
        message:
          "unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>): resolve the conflict, keep one side, and remove the marker lines",
      },
    ]);
  });

  it.each([
    ["=======\n", 4],
    ["||||||| base\n", 4],
    ["currency: eur\n>>>>>>>\n", 5],
    ["currency: eur\r\n=======\r\n", 5],
  ])("finds %j", (body, line) => {
    expect(mergeMarkers("m.yaml", model(body))?.line).toBe(line);
  });

  it.each([
    "product:\n  description: |\n    <<<<<<< is how git marks a conflict\n    =======\n",
    "product:\n  name: '<<<<<<< not a marker'\n",
    "====== six\n",
    "<<<<<<<<< nine\n",
  ])("leaves %j alone", (body) => {
    expect(mergeMarkers("m.yaml", model(body))).toBeUndefined();
  });
});
