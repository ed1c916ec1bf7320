/**
 * Another git process (an editor, an IDE, a `git` in another terminal) holding `.git/index.lock`
 * while apply or rollback commits: the commit is retried for a while; if the lock stays, the
 * command stops with one clear error, makes no commit and puts the files it wrote back as at
 * HEAD, so the work tree matches git and running the command again once the lock is gone
 * publishes. Runs the real CLI.
 */
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, git, pricing, REPO_ROOT, type Run, removeDir, tempDir, tempRepo } from "../helpers/cli.js";

const STATE = "state/stripe.json";
const made: string[] = [];
let base = "";

/** The real CLI with extra environment variables. */
function pricingWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bin", "pricing.js"), ...args],
      { cwd, env: { ...childEnv(), ...env }, encoding: "utf8" },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A clone of the base repository: rev-0001 published, then a committed model change. */
function cloneOfBase(): string {
  const dir = tempDir("index-lock-case");
  made.push(dir);
  git(dir, "clone", "--quiet", base, ".");
  git(dir, "config", "user.email", "pricing-test@example.com");
  git(dir, "config", "user.name", "Pricing Test");
  return dir;
}

beforeAll(async () => {
  base = tempRepo("index-lock");
  made.push(base);
  expect((await pricing(base, "apply")).code).toBe(0);
  const model = join(base, "models/ev-plus-monthly.yaml");
  writeFileSync(model, readFileSync(model, "utf8").replace("amount: 4.99", "amount: 5.49"));
  git(base, "commit", "--quiet", "-am", "models: ev-plus costs more");
});

afterAll(() => {
  for (const dir of made) removeDir(dir);
});

describe("another git process holds .git/index.lock", () => {
  it("apply stops with a clear message, the state back as at HEAD; once the lock is gone it publishes", async () => {
    const dir = cloneOfBase();
    const head = git(dir, "rev-parse", "HEAD");
    const previous = readFileSync(join(dir, STATE), "utf8");
    writeFileSync(join(dir, ".git/index.lock"), "");
    const run = await pricingWith({ PRICING_GIT_LOCK_WAIT_MS: "800" }, dir, "apply");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^error: another git process holds \.git\/index\.lock \(an editor, an IDE or another git command\): nothing was committed and state\/stripe\.json is back as at HEAD; when it has finished, run the command again \(if no git process is running, a killed one left it: delete \.git\/index\.lock\)\n$/,
    );
    expect(readFileSync(join(dir, STATE), "utf8")).toBe(previous);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    rmSync(join(dir, ".git/index.lock"));
    expect(git(dir, "status", "--porcelain")).toBe("");
    const again = await pricing(dir, "apply");
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toMatch(/^Published stripe-rev-0002: /);
  });

  it("apply waits for a lock that goes away and publishes", async () => {
    const dir = cloneOfBase();
    writeFileSync(join(dir, ".git/index.lock"), "");
    const started = Date.now();
    const release = setTimeout(() => rmSync(join(dir, ".git/index.lock")), 1500);
    const run = await pricing(dir, "apply");
    clearTimeout(release);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^Published stripe-rev-0002: .* Committed [0-9a-f]{12}\.\n$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(git(dir, "log", "-1", "--format=%(trailers:key=Pricing-Revision,valueonly)")).toBe(
      "stripe-rev-0002",
    );
  });

  it("rollback puts both the state and the models it restored back as at HEAD", async () => {
    const dir = cloneOfBase();
    expect((await pricing(dir, "apply")).code).toBe(0);
    const head = git(dir, "rev-parse", "HEAD");
    const state = readFileSync(join(dir, STATE), "utf8");
    const model = readFileSync(join(dir, "models/ev-plus-monthly.yaml"), "utf8");
    writeFileSync(join(dir, ".git/index.lock"), "");
    const run = await pricingWith({ PRICING_GIT_LOCK_WAIT_MS: "800" }, dir, "rollback", "stripe-rev-0001");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: another git process holds \.git\/index\.lock .*state\/stripe\.json, models are back as at HEAD/,
    );
    expect(readFileSync(join(dir, STATE), "utf8")).toBe(state);
    expect(readFileSync(join(dir, "models/ev-plus-monthly.yaml"), "utf8")).toBe(model);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    rmSync(join(dir, ".git/index.lock"));
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
