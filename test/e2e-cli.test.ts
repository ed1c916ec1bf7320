/**
 * End to end: the real CLI (`node bin/pricing.js`, built by `npm run build`) in a temp git
 * repository, through a whole life: first publish, a price change merged from a branch, a saved
 * plan (applied, then refused once stale), a `git revert` of the merge, `pricing rollback`,
 * history, drift, the exit codes of `plan --detailed-exitcode`, and `--model-id`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan } from "../src/core/plan/types.js";
import type { State, StateObject } from "../src/core/state/types.js";
import { parseState } from "../src/edge/files/state-file.js";
import { git, pricing, removeDir, tempDir, tempRepo } from "./helpers/cli.js";

const repo = tempRepo("e2e");
const outside = tempDir("e2e-plans");
afterAll(() => {
  removeDir(repo);
  removeDir(outside);
});

const FLAT = "models/flat-899-eur-monthly.yaml";
const PAYG = "models/payg-kwh.yaml";

function readStateFile(): State {
  return parseState(readFileSync(join(repo, "state/stripe.json"), "utf8"), "state/stripe.json");
}

/** Active objects by (type, id), stable order. */
function active(state: State): StateObject[] {
  return state.objects
    .filter((o) => o.active)
    .sort((a, b) => (`${a.type}:${a.id}` < `${b.type}:${b.id}` ? -1 : 1));
}

function expectNoDuplicates(state: State): void {
  const ids = state.objects.map((o) => `${o.type}:${o.id}`);
  expect(new Set(ids).size).toBe(ids.length);
  const keys = state.objects.filter((o) => o.active).map((o) => `${o.type}:${o.key}`);
  expect(new Set(keys).size).toBe(keys.length);
}

function activePrice(state: State, key: string): StateObject {
  const found = state.objects.filter((o) => o.active && o.type === "price" && o.key === key);
  expect(found).toHaveLength(1);
  return found[0] as StateObject;
}

/** The commit message of HEAD and the files it touched. */
function headCommit(): { readonly message: string; readonly files: string[] } {
  return {
    message: git(repo, "log", "-1", "--format=%B"),
    files: git(repo, "show", "--name-only", "--format=", "HEAD").split("\n").filter(Boolean).sort(),
  };
}

function edit(file: string, from: string, to: string): void {
  const path = join(repo, file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe("pricing end to end", () => {
  const states: Record<string, State> = {};

  it("publishes the catalog as stripe-rev-0001 in one commit with its trailers", async () => {
    const modelsCommit = git(repo, "rev-parse", "HEAD");
    const run = await pricing(repo, "apply");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Published stripe-rev-0001: 39 to create, /);
    const commit = headCommit();
    expect(commit.files).toEqual(["state/stripe.json"]);
    expect(commit.message).toContain("Pricing-Revision: stripe-rev-0001");
    expect(commit.message).toContain(`Pricing-Models-Commit: ${modelsCommit}`);
    const state = readStateFile();
    expect(state.revision).toBe("stripe-rev-0001");
    expect(state.objects).toHaveLength(39);
    expectNoDuplicates(state);
    states["stripe-rev-0001"] = state;
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("a repeated apply with no change writes nothing and makes no commit", async () => {
    const head = git(repo, "rev-parse", "HEAD");
    const run = await pricing(repo, "apply");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No changes.");
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(repo, "status", "--porcelain")).toBe("");
    const plan = await pricing(repo, "plan", "--detailed-exitcode");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/No changes\.\n$/);
  });

  let merge = "";
  it("plans a price change merged from a branch: exit 2 with --detailed-exitcode", async () => {
    git(repo, "checkout", "--quiet", "-b", "raise-flat");
    edit(FLAT, "amount: 8.99", "amount: 9.49");
    git(repo, "commit", "--quiet", "-am", "flat: 9.49");
    git(repo, "checkout", "--quiet", "main");
    git(repo, "merge", "--quiet", "--no-ff", "-m", "Merge raise-flat", "raise-flat");
    merge = git(repo, "rev-parse", "HEAD");
    const run = await pricing(repo, "plan", "--detailed-exitcode");
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("-/+ replace price flat-899-eur-monthly/base");
    expect(run.stdout).toMatch(
      /Plan: 0 to create, 0 to update, 1 to replace, 0 to archive, 0 to reactivate\.\n$/,
    );
  });

  it("applies a saved plan, then refuses it once the state moved", async () => {
    const saved = join(outside, "p.json");
    const planned = await pricing(repo, "plan", "--out", saved, "--format", "json");
    expect(planned.code).toBe(0);
    const plan = JSON.parse(readFileSync(saved, "utf8")) as Plan;
    expect(plan.baseRevision).toBe("stripe-rev-0001");
    expect(readFileSync(saved, "utf8")).toBe(planned.stdout);

    const applied = await pricing(repo, "apply", "--plan", saved);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^Published stripe-rev-0002: 0 to create, 0 to update, 1 to replace, /);
    const commit = headCommit();
    expect(commit.files).toEqual(["state/stripe.json"]);
    expect(commit.message).toContain("Pricing-Revision: stripe-rev-0002");
    expect(commit.message).toContain(`Pricing-Models-Commit: ${merge}`);

    const state = readStateFile();
    const before = activePrice(states["stripe-rev-0001"] as State, "flat-899-eur-monthly/base");
    const after = activePrice(state, "flat-899-eur-monthly/base");
    expect(after.id).not.toBe(before.id);
    expect(after.fields.unit_amount).toBe(949);
    expect(after.fields.lookup_key).toBe("flat-899-eur-monthly/base");
    const old = state.objects.find((o) => o.id === before.id);
    expect(old?.active).toBe(false);
    expect(old?.fields.lookup_key).toBeUndefined();
    expectNoDuplicates(state);
    states["stripe-rev-0002"] = state;

    const head = git(repo, "rev-parse", "HEAD");
    const stale = await pricing(repo, "apply", "--plan", saved);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toMatch(/^error: the saved plan .* has moved since/);
    expect(stale.stderr.trim().split("\n")).toHaveLength(1);
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(readStateFile()).toEqual(state);
  });

  it("a git revert of the merge brings rev 1's objects back as stripe-rev-0003", async () => {
    git(repo, "revert", "--no-edit", "-m", "1", merge);
    const reverted = git(repo, "rev-parse", "HEAD");
    const run = await pricing(repo, "apply");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Published stripe-rev-0003: .*1 to reactivate\./);
    const commit = headCommit();
    expect(commit.files).toEqual(["state/stripe.json"]);
    expect(commit.message).toContain("Pricing-Revision: stripe-rev-0003");
    expect(commit.message).toContain(`Pricing-Models-Commit: ${reverted}`);
    const state = readStateFile();
    expect(state.revision).toBe("stripe-rev-0003");
    expect(active(state)).toEqual(active(states["stripe-rev-0001"] as State));
    // Nothing new was made: the objects are rev 2's, with the old price active again.
    expect(state.objects.map((o) => o.id).sort()).toEqual(
      (states["stripe-rev-0002"] as State).objects.map((o) => o.id).sort(),
    );
    expectNoDuplicates(state);
    states["stripe-rev-0003"] = state;
  });

  it("rolls back to stripe-rev-0002 as stripe-rev-0004: models and objects", async () => {
    // A dry run shows the rollback's plan and writes nothing.
    const head = git(repo, "rev-parse", "HEAD");
    const dry = await pricing(repo, "rollback", "stripe-rev-0002", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /Plan: 0 to create, 0 to update, 0 to replace, 0 to archive, 1 to reactivate\.\n$/,
    );
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(repo, "status", "--porcelain")).toBe("");
    const run = await pricing(repo, "rollback", "stripe-rev-0002");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Published stripe-rev-0004: /);
    const commit = headCommit();
    expect(commit.files).toEqual([FLAT, "state/stripe.json"]);
    expect(commit.message).toContain("Pricing-Revision: stripe-rev-0004");
    expect(commit.message).toContain(`Pricing-Models-Commit: ${merge}`);
    expect(readFileSync(join(repo, FLAT), "utf8")).toContain("amount: 9.49");
    const state = readStateFile();
    expect(active(state)).toEqual(active(states["stripe-rev-0002"] as State));
    expectNoDuplicates(state);
    expect(git(repo, "status", "--porcelain")).toBe("");
    const plan = await pricing(repo, "plan", "--detailed-exitcode");
    expect(plan.code).toBe(0);
  });

  it("--model-id limits plan and apply to that model", async () => {
    edit(FLAT, "amount: 9.49", "amount: 9.99");
    edit(PAYG, "amount: 9.00", "amount: 11.00");
    git(repo, "commit", "--quiet", "-am", "flat 9.99, payg activation 11");
    const before = readStateFile();

    const plan = await pricing(repo, "plan", "--model-id", "flat-899-eur-monthly", "--format", "json");
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout) as Plan;
    expect(parsed.scope).toEqual(["flat-899-eur-monthly"]);
    expect(new Set(parsed.operations.map((op) => op.model))).toEqual(new Set(["flat-899-eur-monthly"]));
    expect(parsed.summary.replace).toBe(1);

    const run = await pricing(repo, "apply", "--model-id", "flat-899-eur-monthly");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Published stripe-rev-0005: /);
    const state = readStateFile();
    const others = (s: State) => s.objects.filter((o) => o.model !== "flat-899-eur-monthly");
    expect(others(state)).toEqual(others(before));
    expect(activePrice(state, "flat-899-eur-monthly/base").fields.unit_amount).toBe(999);

    const pending = await pricing(repo, "plan", "--detailed-exitcode");
    expect(pending.code).toBe(2);
    expect(pending.stdout).toContain("replace price payg-kwh/activation");
    expect(pending.stdout).not.toContain("flat-899-eur-monthly/base (");

    const rest = await pricing(repo, "apply");
    expect(rest.stdout).toMatch(/^Published stripe-rev-0006: /);
    expect((await pricing(repo, "plan", "--detailed-exitcode")).code).toBe(0);
  });

  it("history lists every revision newest first; each is one commit touching state/", async () => {
    const run = await pricing(repo, "history");
    expect(run.code).toBe(0);
    const listed = run.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/)[0]);
    const expected = [6, 5, 4, 3, 2, 1].map((n) => `stripe-rev-000${n}`);
    expect(listed).toEqual(expected);

    const touching = git(repo, "log", "--format=%H", "--", "state/").split("\n");
    const trailers = touching.map((c) =>
      git(repo, "log", "-1", "--format=%(trailers:key=Pricing-Revision,valueonly)", c),
    );
    expect(trailers).toEqual(expected);
    const withTrailer = git(repo, "log", "--format=%H", "--grep=^Pricing-Revision: ").split("\n");
    expect(withTrailer).toEqual(touching);

    const json = await pricing(repo, "history", "--format", "json");
    const body = JSON.parse(json.stdout) as {
      revisions: { revision: string; commit: string; author: string; counts?: Record<string, number> }[];
    };
    expect(body.revisions.map((r) => r.revision)).toEqual(expected);
    expect(body.revisions.map((r) => r.commit)).toEqual(touching);
    // Each says what it did and who made it: the first created the catalog.
    const first = body.revisions.at(-1);
    expect(first?.counts).toEqual({ create: 39, update: 0, replace: 0, archive: 0, reactivate: 0 });
    expect(first?.author).toBe(git(repo, "log", "-1", "--format=%an", first?.commit ?? "").trim());
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(/ · 39 create · models [0-9a-f]{12}$/);
  });

  it("finds no drift and no duplicated object at the end", async () => {
    const run = await pricing(repo, "drift", "--detailed-exitcode");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("No drift: the shadow backend matches stripe-rev-0006.\n");
    const state = readStateFile();
    expectNoDuplicates(state);
    expect(state.serial).toBe(6);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });
});
