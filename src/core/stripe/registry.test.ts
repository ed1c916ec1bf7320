import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCatalog } from "../../../bench/generate.js";
import { modelsFromDir, modelsFromFiles } from "../../../test/helpers/pipeline.js";
import { modelArtifacts } from "../artifacts/artifacts.js";
import { mapArtifact, OBJECT_TYPES, STRIPE_TYPES, typeSpec } from "./registry.js";

const example = modelsFromDir(join(import.meta.dirname, "..", "..", ".."));
const generated = modelsFromFiles(
  generateCatalog({ count: 200, seed: 7 }).map((f) => ({ path: f.path, text: f.text })),
);

describe("the type registry", () => {
  it("lists every type once, each under its own name", () => {
    expect(OBJECT_TYPES).toEqual(Object.keys(STRIPE_TYPES));
    for (const t of OBJECT_TYPES) expect(typeSpec(t).type).toBe(t);
  });

  it("carries every artifact of every model by exactly one desired object, under the artifact's key", () => {
    for (const model of [...example, ...generated]) {
      for (const artifact of modelArtifacts(model)) {
        const carried = mapArtifact(artifact);
        expect(
          carried.map((d) => d.key),
          `${model.id}: ${artifact.key}`,
        ).toEqual([artifact.key]);
        expect(carried[0]?.model).toBe(model.id);
      }
    }
  });

  it("gives each type a distinct shadow id prefix", () => {
    const prefixes = OBJECT_TYPES.map((t) => typeSpec(t).idPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
