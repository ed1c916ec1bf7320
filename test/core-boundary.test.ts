/**
 * The pure core stays pure: biome's override for src/core refuses node:* modules, the Stripe
 * SDK, git, the file watcher, `process`, and imports from the edges. These check that the rule
 * bites on a probe (linted from stdin, nothing written) and that the real core passes it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";

const biome = join(REPO_ROOT, "node_modules", ".bin", "biome");

/** Lints `source` as if it were the file `path` of this repository, in a scratch copy of the config. */
function lintAs(path: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pricing-boundary-"));
  try {
    copyFileSync(join(REPO_ROOT, "biome.json"), join(dir, "biome.json"));
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
    const run = spawnSync(biome, ["lint", "--vcs-enabled=false", path], { cwd: dir, encoding: "utf8" });
    return `${run.stdout}${run.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the core boundary", () => {
  it.each([
    ['import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n', "noRestrictedImports"],
    ['import Stripe from "stripe";\nexport const s = Stripe;\n', "noRestrictedImports"],
    ['import { simpleGit } from "simple-git";\nexport const g = simpleGit;\n', "noRestrictedImports"],
    ['import { watch } from "chokidar";\nexport const w = watch;\n', "noRestrictedImports"],
    [
      'import { loadCatalog } from "../../edge/files/models.js";\nexport const l = loadCatalog;\n',
      "noRestrictedImports",
    ],
    [
      'import { reconcile } from "../../app/reconcile.js";\nexport const r = reconcile;\n',
      "noRestrictedImports",
    ],
    ["export const env = process.env;\n", "noRestrictedGlobals"],
    ['import { readFileSync } from "fs";\nexport const f = readFileSync;\n', "noRestrictedImports"],
    ['import process from "process";\nexport const p = process;\n', "noRestrictedImports"],
    ['import { createRequire } from "module";\nexport const r = createRequire;\n', "noRestrictedImports"],
    ['import { readFile } from "fs/promises";\nexport const f = readFile;\n', "noRestrictedImports"],
    ['import Stripe from "stripe/lib/stripe.js";\nexport const s = Stripe;\n', "noRestrictedImports"],
    ["export const env = globalThis.process;\n", "noRestrictedGlobals"],
  ])("refuses %j in src/core", (source, rule) => {
    expect(lintAs("src/core/plan/probe.ts", source)).toContain(rule);
  });

  it("allows the same outside the core", () => {
    const out = lintAs(
      "src/edge/files/probe.ts",
      'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n',
    );
    expect(out).not.toContain("noRestrictedImports");
  });

  it("holds for every file of the core", () => {
    expect(() => execFileSync(biome, ["lint", "src/core"], { cwd: REPO_ROOT, stdio: "pipe" })).not.toThrow();
  });
});
