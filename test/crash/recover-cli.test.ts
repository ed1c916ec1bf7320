/**
 * The failing inputs through the real CLI (issue 11): an apply killed after writing the
 * state and before committing it used to leave every later run refusing "uncommitted changes",
 * with a suggested `git checkout -- state/stripe.json` that fails on a first apply. Now `apply`
 * (or `pricing recover`) records the interrupted revision and goes on; a hand-edited state is
 * still refused, with a fix that works; a lock or takeover file left by a killed process, and
 * a `.git/index.lock` left by a killed git, need no manual step beyond what the message says.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, pricingInProcess, removeDir, tempDir, tempRepo } from "../helpers/cli.js";
import { expectCommittedAsIs, runCli, runKilled, STATE } from "./kill.js";

const none = {};
const made: string[] = [];
/** A repository with the example catalog, not yet published; and one with rev-0001 published and a price change committed. */
let fresh = "";
let published = "";
const FLAT = "models/flat-899-eur-monthly.yaml";

function clone(of: string): string {
  const dir = tempDir("crash-cli-case");
  made.push(dir);
  git(dir, "clone", "--quiet", of, ".");
  git(dir, "config", "user.email", "pricing-test@example.com");
  git(dir, "config", "user.name", "Pricing Test");
  return dir;
}

/** Runs `pricing` argv in-process in `dir` and expects exit `code`. */
async function run(dir: string, code: number, ...argv: string[]) {
  const r = await pricingInProcess(dir, ...argv);
  expect(r.code, `pricing ${argv.join(" ")}: ${r.stderr}`).toBe(code);
  return r;
}

/** A pid that runs no process now: a child that has exited. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]));
}

beforeAll(async () => {
  fresh = tempRepo("crash-cli-fresh");
  published = tempRepo("crash-cli-published");
  made.push(fresh, published);
  await run(published, 0, "apply");
  const flat = join(published, FLAT);
  writeFileSync(flat, readFileSync(flat, "utf8").replace("amount: 8.99", "amount: 9.49"));
  git(published, "commit", "--quiet", "-am", "models: flat costs more");
});

afterAll(() => {
  for (const dir of made) removeDir(dir);
});

describe("an apply killed between its state write and its commit", () => {
  it("on a first apply that named the catalog: the recovery commits the config with the state", async () => {
    const dir = tempRepo("crash-cli-unnamed", undefined, false);
    made.push(dir);
    expect((await runKilled(dir, none, { point: "after-state-write" }, "apply")).killed).toBe(true);
    expect(git(dir, "status", "--porcelain").split("\n").sort()).toEqual([
      "?? pricing.config.yaml",
      "?? state/",
    ]);
    const recovered = await run(dir, 0, "apply");
    expect(recovered.stdout).toMatch(/^Recovered stripe-rev-0001 of an interrupted apply: /);
    expect(git(dir, "show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual([
      "pricing.config.yaml",
      STATE,
    ]);
    expect(git(dir, "show", "HEAD:pricing.config.yaml")).toMatch(/^catalog: default$/m);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expectCommittedAsIs(dir);
  });

  it("on a first apply (the state untracked): plan says so, other writers refuse, recover records it", async () => {
    const dir = clone(fresh);
    expect((await runKilled(dir, none, { point: "after-state-write" }, "apply")).killed).toBe(true);
    expect(git(dir, "status", "--porcelain")).toBe("?? state/");

    const plan = await run(dir, 0, "plan");
    expect(plan.stdout).toMatch(/No changes\.\n$/);
    expect(plan.stderr).toBe(
      "note: state/stripe.json holds stripe-rev-0001 of an interrupted apply, not yet committed: the next `pricing apply` (or `pricing recover`) records it\n",
    );
    const rollback = await run(dir, 1, "rollback", "stripe-rev-0001");
    expect(rollback.stderr).toBe(
      "error: state/stripe.json has uncommitted changes: stripe-rev-0001 of an interrupted apply; run `pricing recover` (or `pricing apply`) to record it first\n",
    );

    const recovered = await run(dir, 0, "recover");
    expect(recovered.stdout).toMatch(
      /^Recovered stripe-rev-0001 of an interrupted apply: recorded state\/stripe\.json as reconciled with the backend\. Committed [0-9a-f]{12}\.\n$/,
    );
    expect(git(dir, "log", "-1", "--format=%s%n%(trailers:key=Pricing-Revision,valueonly)")).toBe(
      "pricing: record stripe-rev-0001 (interrupted apply)\nstripe-rev-0001",
    );
    expect(expectCommittedAsIs(dir).revision).toBe("stripe-rev-0001");
    expect((await run(dir, 0, "recover")).stdout).toBe(
      "Nothing to recover: state/stripe.json is committed as it is.\n",
    );
    expect((await run(dir, 0, "apply")).stdout).toBe("No changes. The backend already matches the models.\n");
    expect((await run(dir, 0, "drift", "--detailed-exitcode")).stdout).toMatch(/^No drift/);
    expect((await run(dir, 0, "history")).stdout).toMatch(
      /pricing: record stripe-rev-0001 \(interrupted apply\)/,
    );
  });

  it("on a later apply (the state modified): the next apply records it, then publishes the rest", async () => {
    const dir = clone(published);
    expect((await runKilled(dir, none, { point: "after-state-write" }, "apply")).killed).toBe(true);
    // " M" with its leading blank trimmed by git().
    expect(git(dir, "status", "--porcelain")).toBe("M state/stripe.json\n?? state/stripe.json.lock");
    const next = await run(dir, 0, "apply");
    expect(next.stdout).toMatch(
      /^Recovered stripe-rev-0002 of an interrupted apply: .* Committed [0-9a-f]{12}\.\nNo changes\. The backend already matches the models\.\n$/,
    );
    expect(expectCommittedAsIs(dir).revision).toBe("stripe-rev-0002");
  });

  it("a kill with the state staged on a first apply, and after the commit with the lock still held", async () => {
    const staged = clone(fresh);
    expect((await runKilled(staged, none, { point: "after-git-add" }, "apply")).killed).toBe(true);
    expect(git(staged, "status", "--porcelain")).toBe("A  state/stripe.json\n?? state/stripe.json.lock");
    expect((await run(staged, 0, "apply")).stdout).toMatch(/^Recovered stripe-rev-0001 .*\nNo changes\./);
    expectCommittedAsIs(staged);

    const locked = clone(published);
    expect((await runKilled(locked, none, { point: "after-commit" }, "apply")).killed).toBe(true);
    expect(git(locked, "status", "--porcelain", "--untracked-files=all")).toBe("?? state/stripe.json.lock");
    expect((await run(locked, 0, "apply")).stdout).toBe(
      "No changes. The backend already matches the models.\n",
    );
    expect(expectCommittedAsIs(locked).revision).toBe("stripe-rev-0002");
  });
});

describe("a state file edited by hand is still refused, with a fix that works", () => {
  it("a committed state edited: `git checkout HEAD -- state/stripe.json`", async () => {
    const dir = clone(published);
    const state = JSON.parse(readFileSync(join(dir, STATE), "utf8")) as { objects: { active: boolean }[] };
    (state.objects[0] as { active: boolean }).active = false;
    writeFileSync(join(dir, STATE), `${JSON.stringify(state, null, 2)}\n`);
    for (const argv of [["apply"], ["recover"], ["rollback", "stripe-rev-0001"]]) {
      const refused = await run(dir, 1, ...argv);
      expect(refused.stderr).toBe(
        "error: state/stripe.json has uncommitted changes that no interrupted apply explains (a hand edit?): restore it (`git checkout HEAD -- state/stripe.json`) or commit it, then run the command again\n",
      );
    }
    git(dir, "checkout", "HEAD", "--", STATE);
    expect((await run(dir, 0, "apply")).stdout).toMatch(/^Published stripe-rev-0002: /);
  });

  it("a state of another lineage, or an older serial, is a hand edit too", async () => {
    const dir = clone(published);
    const text = readFileSync(join(dir, STATE), "utf8");
    const state = JSON.parse(text) as { lineage: string; serial: number; revision: string };
    for (const edit of [
      { ...state, lineage: "another", serial: 9, revision: "stripe-rev-0009" },
      { ...state, serial: 0, revision: "stripe-rev-0009" },
      { ...state, serial: 9 }, // a revision the history already has
    ]) {
      writeFileSync(join(dir, STATE), `${JSON.stringify(edit, null, 2)}\n`);
      expect((await run(dir, 1, "apply")).stderr).toMatch(
        /^error: .* \(`git checkout HEAD -- state\/stripe\.json`\)/,
      );
    }
  });

  it("an untracked state on a first apply that no apply wrote: `rm`, with `git rm --cached` when staged", async () => {
    const dir = clone(fresh);
    mkdirSync(join(dir, "state"));
    writeFileSync(join(dir, STATE), "{ not a state\n");
    const refused = await run(dir, 1, "apply");
    expect(refused.stderr).toBe(
      "error: state/stripe.json has uncommitted changes: it is in no commit and holds no interrupted apply's state; delete it (`rm state/stripe.json`) to start from an empty state, or commit it, then run the command again\n",
    );
    git(dir, "add", STATE);
    expect((await run(dir, 1, "apply")).stderr).toMatch(
      /delete it \(`git rm --cached --quiet state\/stripe\.json && rm state\/stripe\.json`\)/,
    );
    git(dir, "rm", "--cached", "--quiet", STATE);
    rmSync(join(dir, STATE));
    expect((await run(dir, 0, "apply")).stdout).toMatch(/^Published stripe-rev-0001: /);
    expectCommittedAsIs(dir);
  });
});

describe("what killed processes leave behind", () => {
  it("a lock and its takeover file of dead processes are taken over without a manual delete", async () => {
    const dir = clone(published);
    mkdirSync(join(dir, "state"), { recursive: true });
    const dead = { pid: deadPid(), host: hostname(), since: "2026-01-01T00:00:00.000Z", token: "t" };
    writeFileSync(join(dir, `${STATE}.lock`), JSON.stringify(dead));
    writeFileSync(join(dir, `${STATE}.lock.takeover`), JSON.stringify({ ...dead, token: "u" }));
    expect((await run(dir, 0, "apply")).stdout).toMatch(/^Published stripe-rev-0002: /);
    expectCommittedAsIs(dir);
  });

  it("a .git/index.lock a killed git left: the message names the fix, and following it converges", async () => {
    const dir = clone(fresh);
    expect((await runKilled(dir, none, { point: "after-state-write" }, "apply")).killed).toBe(true);
    writeFileSync(join(dir, ".git/index.lock"), "");
    const stuck = await runCli(dir, { PRICING_GIT_LOCK_WAIT_MS: "200" }, "apply");
    expect(stuck.code).toBe(1);
    expect(stuck.stderr).toMatch(
      /^error: another git process holds \.git\/index\.lock .*keeps what was applied: the next apply or `pricing recover` records it\).* \(if no git process is running, a killed one left it: delete \.git\/index\.lock\)\n$/,
    );
    rmSync(join(dir, ".git/index.lock"));
    // The first revision's state survived the failed commit: the next apply records it.
    const next = await run(dir, 0, "apply");
    expect(next.stdout).toMatch(/^Recovered stripe-rev-0001 of an interrupted apply: /);
    expect(expectCommittedAsIs(dir).revision).toBe("stripe-rev-0001");
  });
});
