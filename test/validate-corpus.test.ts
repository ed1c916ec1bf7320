/**
 * Golden corpus of broken models: each `test/fixtures/invalid/<case>/` holds a `models/` folder
 * with one defect and `expected.txt`, the exact text `pricing validate` must print. The real CLI
 * runs in-process with the case folder as its working directory.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/validate-corpus.test.ts` rewrites every expected.txt
 * (read each one by hand before committing it).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = join(here, "fixtures", "invalid");
const repoRoot = join(here, "..");
const update = process.env.UPDATE_GOLDEN === "1";

/** Output of one in-process CLI run. */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pricing <argv>` in-process from `cwd`, capturing both streams. */
async function runCli(argv: readonly string[], cwd: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        return true;
      },
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk;
        return true;
      },
    },
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("pricing validate on the invalid corpus", () => {
  it("has a case for every required defect", () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
  });

  it.each(cases)("%s", async (name) => {
    const dir = join(corpus, name);
    const run = await runCli(["validate"], dir);
    const expectedFile = join(dir, "expected.txt");
    if (update) writeFileSync(expectedFile, run.stdout);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(readFileSync(expectedFile, "utf8"));
  });

  it("reports every error of every file in one run, sorted by file and line", async () => {
    const run = await runCli(["validate"], join(corpus, "all-errors-three-files"));
    const errors = run.stdout.split("\n").filter((l) => l.includes(" error "));
    expect(errors).toHaveLength(3);
    const files = errors.map((l) => l.slice(0, l.indexOf(":")));
    expect(files).toEqual(["models/a.yaml", "models/c.yaml", "models/nested/b.yaml"]);
    expect(run.stdout.endsWith("3 errors in 3 file(s)\n")).toBe(true);
  });

  it("never leaks an error to stderr in JSON form either", async () => {
    const run = await runCli(["validate", "--format", "json"], join(corpus, "all-errors-three-files"));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const body = JSON.parse(run.stdout) as { valid: boolean; models: unknown[]; diagnostics: unknown[] };
    expect(body.valid).toBe(false);
    expect(body.diagnostics).toHaveLength(3);
  });
});

describe("pricing validate on the example catalog", () => {
  const exampleFiles = readdirSync(join(repoRoot, "models"))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  it("accepts every example model", async () => {
    const run = await runCli(["validate"], repoRoot);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${exampleFiles.length} models valid\n`);
    expect(run.code).toBe(0);
  });

  it("gives {valid, models, diagnostics} with --format json", async () => {
    const run = await runCli(["validate", "--format", "json"], repoRoot);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const body = JSON.parse(run.stdout) as {
      valid: boolean;
      models: { id: string; file: string }[];
      diagnostics: unknown[];
    };
    expect(Object.keys(body).sort()).toEqual(["diagnostics", "models", "valid"]);
    expect(body.valid).toBe(true);
    expect(body.diagnostics).toEqual([]);
    expect(body.models.map((m) => m.file).sort()).toEqual(exampleFiles.map((f) => `models/${f}`));
    const ids = body.models.map((m) => m.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain("flat-899-eur-monthly");
  });
});
