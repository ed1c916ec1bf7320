/**
 * `pricing fmt [--check]` through the real CLI in a temp git repository: --check lists what is not
 * canonical and writes nothing; fmt rewrites only those files, keeps comments, and changes
 * nothing a model says (the published catalog still plans as "No changes"); a file that does
 * not parse is reported and left alone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { git, pricing, removeDir, tempRepo } from "./helpers/cli.js";

const repo = tempRepo("fmt");
afterAll(() => removeDir(repo));

const MESSY = "models/flat-899-eur-monthly.yaml";
const read = (file: string) => readFileSync(join(repo, file), "utf8");

describe("pricing fmt", () => {
  it("--check lists unformatted models, writes nothing, exits 1", async () => {
    expect((await pricing(repo, "apply")).code).toBe(0);
    // Four-space indentation, unindented list items, quotes and a comment, in a model already published.
    writeFileSync(
      join(repo, MESSY),
      [
        "# The original design's example: a flat 8.99 EUR monthly subscription.",
        "apiVersion: 'pricing/v1'",
        'kind:   "PricingModel"',
        "id: flat-899-eur-monthly  # keep me",
        "product:",
        "    name: Home Charging Flat",
        '    description: "Unlimited home charging for a flat monthly fee"',
        "    taxCode: txcd_10000000",
        "    metadata:",
        "        segment: residential",
        "currency: eur",
        "components:",
        "- id: base",
        "  type: flat",
        "  amount: 8.99",
        "  interval: month",
        "  taxBehavior: 'inclusive'",
        "",
      ].join("\n"),
    );
    git(repo, "commit", "--quiet", "-am", "messy");
    const before = read(MESSY);
    const run = await pricing(repo, "fmt", "--check");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${MESSY}\nmodels/roaming-multi-currency.yaml\n`);
    expect(run.stderr).toBe("error: 2 model files are not formatted; run `pricing fmt`\n");
    expect(read(MESSY)).toBe(before);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("rewrites them, keeping comments and everything the models say", async () => {
    const run = await pricing(repo, "fmt");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${MESSY}\nmodels/roaming-multi-currency.yaml\n`);
    expect(read(MESSY)).toContain("id: flat-899-eur-monthly # keep me\n");
    expect(read(MESSY)).toMatch(/^product:\n {2}name: /m);
    expect(read("models/roaming-multi-currency.yaml")).toContain("currencyOptions: [ usd, chf, jpy ]\n");
    expect(git(repo, "diff", "--name-only").split("\n")).toEqual([
      MESSY,
      "models/roaming-multi-currency.yaml",
    ]);
    const plan = await pricing(repo, "plan", "--detailed-exitcode");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/No changes\.\n$/);
    const again = await pricing(repo, "fmt", "--check");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("");
  });

  it("reports a file that does not parse and leaves it alone", async () => {
    writeFileSync(join(repo, "models/broken.yaml"), "id: [unclosed\n");
    const run = await pricing(repo, "fmt");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^models\/broken\.yaml:\d+:\d+ error /);
    expect(run.stderr).toContain("error: 1 file could not be formatted");
    expect(read("models/broken.yaml")).toBe("id: [unclosed\n");
  });
});
