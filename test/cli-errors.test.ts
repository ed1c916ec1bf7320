/**
 * Failures of the writing commands: each ends with exactly one `error:` line on stderr (model
 * diagnostics may come before it), exit 1, and nothing written: the work tree's files, the
 * state's bytes, git HEAD and `git status` are as before. The CLI runs in-process (`main()`)
 * against temp git repositories; the concurrent applies are real processes.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseState } from "../src/edge/files/state-file.js";
import {
  EXAMPLE_MODELS,
  git,
  pricing,
  pricingInProcess,
  type Run,
  removeDir,
  tempDir,
  tempRepo,
} from "./helpers/cli.js";

const STATE = "state/stripe.json";
const FLAT = "models/flat-899-eur-monthly.yaml";
const made: string[] = [];
let published = "";

beforeAll(async () => {
  published = tempRepo("errors-base");
  made.push(published);
  const run = await pricingInProcess(published, "apply");
  expect(run.code).toBe(0);
});

afterAll(() => {
  for (const dir of made) removeDir(dir);
});

/** A copy of the published repository, to break. */
function copyOfPublished(): string {
  const dir = tempDir("errors");
  made.push(dir);
  cpSync(published, dir, { recursive: true });
  return dir;
}

/** Every path and file content under `dir` except .git, plus HEAD and `git status` when a repo. */
function snapshot(dir: string, isRepo = true): string {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !join(e.parentPath, e.name).includes(`${join(dir, ".git")}`))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return e.isDirectory() ? `${path}/` : `${path}: ${readFileSync(path, "utf8")}`;
    })
    .sort();
  const repo = isRepo ? [git(dir, "rev-parse", "HEAD"), git(dir, "status", "--porcelain")] : [];
  return [...repo, ...entries].join("\n");
}

function expectOneError(run: Run, message: RegExp): void {
  expect(run.code).toBe(1);
  const lines = run.stderr.split("\n").filter((l) => l !== "");
  const errors = lines.filter((l) => l.startsWith("error:"));
  expect(errors).toHaveLength(1);
  expect(lines.at(-1)).toBe(errors[0]);
  expect(errors[0]).toMatch(message);
  expect(run.stderr).not.toContain("unexpected failure");
}

/** Runs the command and checks it fails with one error line and writes nothing. */
async function expectRefused(dir: string, args: readonly string[], message: RegExp, isRepo = true) {
  const before = snapshot(dir, isRepo);
  const run = await pricingInProcess(dir, ...args);
  expectOneError(run, message);
  expect(snapshot(dir, isRepo)).toBe(before);
  return run;
}

function commitAll(dir: string, message: string): void {
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "-m", message);
}

describe("writing commands refuse and write nothing", () => {
  it("invalid models: every diagnostic, then one error line", async () => {
    const dir = copyOfPublished();
    writeFileSync(
      join(dir, FLAT),
      readFileSync(join(dir, FLAT), "utf8").replace("amount: 8.99", "amount: 8.999"),
    );
    commitAll(dir, "break a model");
    for (const args of [["apply"], ["plan"], ["rollback", "stripe-rev-0001"]]) {
      const run = await expectRefused(dir, args, /^error: 1 error in the models; nothing was written$/);
      expect(run.stderr).toMatch(/^models\/flat-899-eur-monthly\.yaml:\d+:\d+ error /);
    }
  });

  it("a state file that is not JSON", async () => {
    const dir = copyOfPublished();
    writeFileSync(join(dir, STATE), '{ "formatVersion": 1, ');
    commitAll(dir, "corrupt the state");
    for (const args of [["apply"], ["plan"], ["drift"], ["rollback", "stripe-rev-0001"]])
      await expectRefused(dir, args, /^error: state\/stripe\.json is not valid JSON .*restore it with git$/);
  });

  it("a state file that violates the schema", async () => {
    const dir = copyOfPublished();
    const state = JSON.parse(readFileSync(join(dir, STATE), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, STATE), `${JSON.stringify({ ...state, serial: "one" }, null, 2)}\n`);
    commitAll(dir, "a broken state");
    for (const args of [["apply"], ["plan"]])
      await expectRefused(
        dir,
        args,
        /^error: state\/stripe\.json does not match schemas\/state\.schema\.json: /,
      );
  });

  it("a state file of a newer format: upgrade the tool", async () => {
    const dir = copyOfPublished();
    const state = JSON.parse(readFileSync(join(dir, STATE), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, STATE), `${JSON.stringify({ ...state, formatVersion: 3 }, null, 2)}\n`);
    commitAll(dir, "a future state format");
    for (const args of [["apply"], ["plan"]])
      await expectRefused(
        dir,
        args,
        /^error: state\/stripe\.json is of state format 3, written by a newer version of the tool \(this one reads formats 1 to 2\): upgrade adaptive-pricing$/,
      );
  });

  it("a models folder outside the repository, or linked from outside it", async () => {
    const dir = copyOfPublished();
    const outside = tempDir("errors-outside");
    made.push(outside);
    cpSync(EXAMPLE_MODELS, join(outside, "models"), { recursive: true });
    const linked = copyOfPublished();
    symlinkSync(join(outside, "models"), join(linked, "linked"));
    commitAll(linked, "a link to models outside");
    const head = git(linked, "rev-parse", "HEAD");
    const refused = await pricingInProcess(linked, "apply", "--models", "linked");
    expectOneError(
      refused,
      /^error: linked is outside the repository at .*: a revision records models committed beside its state; move them into it, or use --no-commit$/,
    );
    expect(git(linked, "rev-parse", "HEAD")).toBe(head);
    await expectRefused(
      dir,
      ["apply", "--models", join(outside, "models")],
      /^error: .*models is outside the repository at .*: a revision records models committed beside its state; move them into it, or use --no-commit$/,
    );
  });

  it("no git repository", async () => {
    const dir = tempDir("errors-nogit");
    made.push(dir);
    cpSync(EXAMPLE_MODELS, join(dir, "models"), { recursive: true });
    await expectRefused(dir, ["apply"], /^error: .* is not inside a git repository/, false);
    await expectRefused(dir, ["rollback", "stripe-rev-0001"], /is not inside a git repository/, false);
  });

  it("uncommitted changes to the state file", async () => {
    const dir = copyOfPublished();
    writeFileSync(join(dir, STATE), `${readFileSync(join(dir, STATE), "utf8")}\n`);
    for (const args of [["apply"], ["rollback", "stripe-rev-0001"]])
      await expectRefused(dir, args, /^error: state\/stripe\.json has uncommitted changes/);
  });

  it("uncommitted models", async () => {
    const dir = copyOfPublished();
    writeFileSync(
      join(dir, FLAT),
      readFileSync(join(dir, FLAT), "utf8").replace("amount: 8.99", "amount: 9.49"),
    );
    await expectRefused(
      dir,
      ["apply"],
      /^error: models has uncommitted changes \(models\/flat-899-eur-monthly\.yaml\)/,
    );
  });

  it("a model git ignores: it would be published yet be in no revision", async () => {
    const dir = copyOfPublished();
    writeFileSync(join(dir, ".gitignore"), "models/local-*.yaml\n");
    writeFileSync(
      join(dir, "models", "local-draft.yaml"),
      readFileSync(join(dir, FLAT), "utf8").replace("id: flat-899-eur-monthly", "id: local-draft"),
    );
    await expectRefused(
      dir,
      ["apply"],
      /^error: models has uncommitted changes \(models\/local-draft\.yaml\)/,
    );
  });

  it("a plan that archives the whole catalog (an emptied models folder), until asked for", async () => {
    const dir = copyOfPublished();
    git(dir, "rm", "-q", "-r", "models");
    mkdirSync(join(dir, "models"));
    commitAll(dir, "no models");
    await expectRefused(
      dir,
      ["apply"],
      /^error: this plan archives 7 of the 7 published products \(all of them\); nothing was written: .*--allow-mass-archive/,
    );
    const forced = await pricingInProcess(dir, "apply", "--allow-mass-archive");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^Published stripe-rev-0002: 0 to create, .* 39 to archive/);
  });

  it("uncommitted models before the first publish", async () => {
    const dir = tempRepo("errors-first");
    made.push(dir);
    writeFileSync(
      join(dir, "models", "new.yaml"),
      readFileSync(join(dir, FLAT), "utf8").replace(/^id: .*$/m, "id: new-model"),
    );
    await expectRefused(dir, ["apply"], /^error: models has uncommitted changes \(models\/new\.yaml\)/);
  });

  it("a lock held by a live process", async () => {
    const dir = copyOfPublished();
    writeFileSync(
      join(dir, FLAT),
      readFileSync(join(dir, FLAT), "utf8").replace("amount: 8.99", "amount: 9.49"),
    );
    commitAll(dir, "a pending change");
    const lock = { pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00.000Z" };
    writeFileSync(join(dir, `${STATE}.lock`), JSON.stringify(lock));
    for (const args of [["apply"], ["rollback", "stripe-rev-0001"]])
      await expectRefused(
        dir,
        args,
        new RegExp(`^error: state/stripe\\.json is locked by process ${process.pid} `),
      );
  });

  it("an unknown revision to roll back to", async () => {
    const dir = copyOfPublished();
    await expectRefused(
      dir,
      ["rollback", "stripe-rev-0042"],
      /^error: no revision stripe-rev-0042 .*latest: stripe-rev-0001/,
    );
  });
});

describe("two applies at once", () => {
  it("one publishes; the other fails fast on the lock or finds nothing to do; the state stays whole", async () => {
    const dir = tempRepo("errors-race");
    made.push(dir);
    const runs = await Promise.all([pricing(dir, "apply"), pricing(dir, "apply")]);
    const published = runs.filter((r) => r.code === 0 && r.stdout.startsWith("Published stripe-rev-0001"));
    expect(published).toHaveLength(1);
    const other = runs.find((r) => r !== published[0]) as Run;
    if (other.code === 0) {
      expect(other.stdout).toBe("No changes. The backend already matches the models.\n");
    } else {
      expectOneError(other, /^error: state\/stripe\.json is locked by .*another apply is running/);
      expect(other.stdout).toBe("");
    }
    const state = parseState(readFileSync(join(dir, STATE), "utf8"), STATE);
    expect(state.revision).toBe("stripe-rev-0001");
    expect(state.serial).toBe(1);
    expect(git(dir, "log", "--format=%H", "--", "state/").split("\n")).toHaveLength(1);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
