/**
 * `pricing impact` and the review parts of `pricing plan` driven in-process in a temp repository
 * holding the example catalog, its profiles and a config: bills before and after a fee raise,
 * a policy rule that fails the plan (exit 1) until its label is given, and profile and config
 * errors reported at their file, line and column.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, pricingInProcess, REPO_ROOT, removeDir, tempRepo } from "./helpers/cli.js";

const repo = tempRepo("impact");
afterAll(() => removeDir(repo));

function edit(file: string, from: string, to: string): void {
  const path = join(repo, file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

beforeAll(async () => {
  cpSync(join(REPO_ROOT, "profiles"), join(repo, "profiles"), { recursive: true });
  cpSync(join(REPO_ROOT, "pricing.config.yaml"), join(repo, "pricing.config.yaml"));
  git(repo, "add", ".");
  git(repo, "commit", "--quiet", "-m", "profiles and config");
  const applied = await pricingInProcess(repo, "apply");
  expect(applied.stderr).toBe("");
  expect(applied.code).toBe(0);
});

describe("a first plan of this repository's catalog, profiles and config", () => {
  it("passes the policy: a new model raises nobody's bill (the README's `npx pricing plan`)", async () => {
    const fresh = tempRepo("impact-first");
    try {
      cpSync(join(REPO_ROOT, "profiles"), join(fresh, "profiles"), { recursive: true });
      cpSync(join(REPO_ROOT, "pricing.config.yaml"), join(fresh, "pricing.config.yaml"));
      const plan = await pricingInProcess(fresh, "plan");
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(0);
    } finally {
      removeDir(fresh);
    }
  });
});

describe("pricing impact", () => {
  it("with no change says every bill stays; --all shows every model's bills today", async () => {
    const none = await pricingInProcess(repo, "impact");
    expect(none.stdout).toContain("No price or discount changes: every bill stays the same.");
    const all = await pricingInProcess(repo, "impact", "--all");
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(
      "flat-899-eur-monthly · commuter: €8.99 / month incl. tax -> €8.99 / month incl. tax  no change",
    );
    expect(all.stdout).toContain(
      "fleet-tiered · fleet: €3,754.00 / month + tax -> €3,754.00 / month + tax  no change",
    );
    // 12,300 calls are 13 started packages of 1,000 at EUR 5, plus the EUR 29 platform fee; before tax.
    expect(all.stdout).toContain(
      "saas-api · api vendor: €94.00 / month + tax -> €94.00 / month + tax  no change",
    );
  });

  it("prints each profile's bill before and after, exactly, in text and JSON", async () => {
    edit("models/ev-plus-monthly.yaml", "amount: 4.99", "amount: 5.49");
    const text = await pricingInProcess(repo, "impact");
    expect(text.code).toBe(0);
    // commuter: 4.99 + (350 - 50 included) x 0.35 = 109.99; first bill 20% off = 87.99.
    expect(text.stdout).toContain(
      "ev-plus-monthly · commuter: €109.99 / month incl. tax -> €110.49 / month incl. tax  +€0.50 (+0.5%)  (first bill €87.99 -> €88.39)",
    );
    const json = JSON.parse((await pricingInProcess(repo, "impact", "--format", "json")).stdout);
    const row = json.rows.find((r: { profile: string }) => r.profile === "home light");
    expect(row).toMatchObject({
      model: "ev-plus-monthly",
      currency: "eur",
      before: { steady: 2949, first: 2359 },
      after: { steady: 2999, first: 2399 },
    });
  });

  it("a rule violated fails the plan with a line saying which and why, until the label approves it", async () => {
    edit("models/ev-plus-monthly.yaml", "amount: 5.49", "amount: 5.99");
    const failed = await pricingInProcess(repo, "plan", "--format", "markdown");
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("❌ **`big-increase` is violated**");
    expect(failed.stderr).toContain(
      "error: policy rule big-increase is violated: ev-plus-monthly/base (EUR) goes up +20.0%",
    );
    const approved = await pricingInProcess(
      repo,
      "plan",
      "--label",
      "pricing-approved",
      "--detailed-exitcode",
    );
    expect(approved.code).toBe(2);
    expect(approved.stdout).toContain("approved big-increase");
    edit("models/ev-plus-monthly.yaml", "amount: 5.99", "amount: 4.99");
  });

  it("a price moved to another billing period cannot pass the increase rule unseen", async () => {
    // 8.99 a month to 89.90 a year is a cut, and the reverse a rise: neither compares as amounts.
    edit(
      "models/flat-899-eur-monthly.yaml",
      "amount: 8.99\n    interval: month",
      "amount: 89.90\n    interval: year",
    );
    const plan = await pricingInProcess(repo, "plan");
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      "flat-899-eur-monthly/base is billed year instead of month: the rule cannot compare its amounts",
    );
    edit(
      "models/flat-899-eur-monthly.yaml",
      "amount: 89.90\n    interval: year",
      "amount: 8.99\n    interval: month",
    );
  });

  it("reports a profile naming an unknown meter, and a bad config, at their line and column", async () => {
    writeFileSync(
      join(repo, "profiles", "typo.yaml"),
      "apiVersion: pricing/v1\nkind: UsageProfile\nname: typo\nusage:\n  enrgy: 10\n",
    );
    const bad = await pricingInProcess(repo, "impact");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'profiles/typo.yaml:5:3 error profile "typo" names the meter "enrgy", which no model has',
    );
    // validate reports it too, so CI annotates the profile's line.
    const validate = await pricingInProcess(repo, "validate");
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('profiles/typo.yaml:5:3 error profile "typo" names the meter "enrgy"');
    writeFileSync(
      join(repo, "profiles", "typo.yaml"),
      "apiVersion: pricing/v1\nkind: UsageProfile\nname: typo\nusage: { energy: -1 }\n",
    );
    const negative = await pricingInProcess(repo, "impact");
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/^profiles\/typo\.yaml:4:\d+ error /m);
    writeFileSync(
      join(repo, "profiles", "typo.yaml"),
      "apiVersion: pricing/v1\nkind: UsageProfile\nname: typo\nusage: { energy: 1 }\n",
    );
    const config = readFileSync(join(repo, "pricing.config.yaml"), "utf8");
    writeFileSync(join(repo, "pricing.config.yaml"), config.replace("percent: 15", "percnt: 15"));
    const badConfig = await pricingInProcess(repo, "plan");
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/^pricing\.config\.yaml:\d+:\d+ error /m);
    writeFileSync(join(repo, "pricing.config.yaml"), config);
  });
});
