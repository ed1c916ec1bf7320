/**
 * The published package (issue 17): `npm pack` carries the CLI, its compiled code, the emulator,
 * the schemas and the licence, and nothing of the repository's own sources, tests, benchmarks,
 * models, state or workflows.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";

interface PackFile {
  readonly path: string;
}

describe("npm pack", () => {
  it("holds what users need and nothing else", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    const [pack] = JSON.parse(out) as { files: PackFile[]; name: string }[];
    const files = (pack?.files ?? []).map((f) => f.path).sort();
    for (const needed of [
      "bin/pricing.js",
      "dist/src/cli/main.js",
      "dist/emulator/main.js",
      "schemas/pricing-model.schema.json",
      "schemas/config.schema.json",
      "schemas/state.schema.json",
      "schemas/profile.schema.json",
      "schemas/plan.schema.json",
      "LICENSE",
      "README.md",
      "package.json",
    ])
      expect(files, needed).toContain(needed);
    const allowed =
      /^(bin\/pricing\.js|dist\/(src|emulator)\/.+\.js|schemas\/[a-z-]+\.schema\.json|LICENSE|README\.md|package\.json)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.some((f) => f.includes(".test."))).toBe(false);
  });
});
