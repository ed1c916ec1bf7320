import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordedBackend } from "./recorded-backend.js";

const dir = mkdtempSync(join(tmpdir(), "pricing-recorded-backend-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function state(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

describe("the backend a state file records", () => {
  it("is read from a small state, and from the head of a large one", () => {
    expect(recordedBackend(state("small.json", '{\n  "backend": "stripe",\n  "objects": []\n}\n'), dir)).toBe(
      "stripe",
    );
    const objects = Array.from(
      { length: 3000 },
      (_, i) => `    { "backend": "shadow", "key": "k${i}" }`,
    ).join(",\n");
    const large = `{\n  "account": { "mode": "test" },\n  "backend": "stripe",\n  "objects": [\n${objects}\n  ]\n}\n`;
    expect(large.length).toBeGreaterThan(64 * 1024);
    expect(recordedBackend(state("large.json", large), dir)).toBe("stripe");
  });

  it("falls back to parsing a large state whose head does not hold it", () => {
    const objects = Array.from({ length: 3000 }, (_, i) => `{"key":"k${i}"}`).join(",");
    expect(recordedBackend(state("compact.json", `{"objects":[${objects}],"backend":"stripe"}`), dir)).toBe(
      "stripe",
    );
  });

  it.each([
    ["missing.json", undefined],
    [state("broken.json", "{ not json"), undefined],
    [state("other.json", '{ "backend": "paper" }'), undefined],
    [state("array.json", "[]"), undefined],
  ])("is not known for %s", (file, expected) => {
    expect(recordedBackend(file, dir)).toBe(expected);
  });
});
