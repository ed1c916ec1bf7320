import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalModel } from "./canonical.js";

const encode = (text: string) => new TextEncoder().encode(text);

function canonical(text: string): string {
  const result = canonicalModel("m.yaml", encode(text));
  if (result.kind !== "text") throw new Error(JSON.stringify(result.diagnostics));
  return result.text;
}

const MESSY = `# yaml-language-server: $schema=../schemas/pricing-model.schema.json
apiVersion:   'pricing/v1'
kind: "PricingModel"   # the kind
id: basic
product:
    name:    "Basic: the plan"
    description: |
      Two lines,
        the second indented.
currency: eur

# The priced parts.
components:
- id: base
  type: flat
  amount:    4.90
  interval: month
- {id: fee, type: flat, amount: {eur: 010}, interval: one_time}
configuration:
  big: 12345678901234567890
  yes: True
  none: ~
`;

const CANONICAL = `# yaml-language-server: $schema=../schemas/pricing-model.schema.json
apiVersion: pricing/v1
kind: PricingModel # the kind
id: basic
product:
  name: "Basic: the plan"
  description: |
    Two lines,
      the second indented.
currency: eur

# The priced parts.
components:
  - id: base
    type: flat
    amount: 4.90
    interval: month
  - { id: fee, type: flat, amount: { eur: 010 }, interval: one_time }
configuration:
  big: 12345678901234567890
  yes: True
  none: ~
`;

describe("the canonical text of a model", () => {
  it("normalises indentation, spacing and quotes; keeps comments, blank lines, numbers as written", () => {
    expect(canonical(MESSY)).toBe(CANONICAL);
  });

  it("is a fixed point, CRLF and lone CR read as line breaks", () => {
    expect(canonical(CANONICAL)).toBe(CANONICAL);
    expect(canonical(MESSY.replace(/\n/g, "\r\n"))).toBe(CANONICAL);
  });

  it("leaves a file that does not parse to validate", () => {
    const result = canonicalModel("m.yaml", encode("id: [unclosed\n"));
    expect(result.kind).toBe("invalid");
  });

  it("formats every model and fixture once and for all, without changing what it says", () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    const files = [
      ...readdirSync(join(root, "models")).map((f) => join(root, "models", f)),
      ...readdirSync(join(root, "test", "fixtures"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && e.parentPath.includes("models"))
        .map((e) => join(e.parentPath, e.name)),
    ];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const once = canonicalModel(file, readFileSync(file));
      if (once.kind === "invalid") {
        expect(once.diagnostics.map((d) => d.message).join("\n"), file).not.toMatch(/bug/);
        continue;
      }
      expect(canonicalModel(file, encode(once.text)), file).toEqual(once);
    }
  });
});
