/**
 * The GitOps flow end to end, with real git: a bare remote, one clone per actor (the author,
 * CI). The author branches and changes a price; CI runs what the pull-request workflow runs
 * (validate, plan as markdown, the plan and the pull request number kept as the artifact) and
 * what the comment workflow then runs on the default branch (`pricing comment --head-sha`
 * against a fake GitHub API, the artifact read from outside the checkout); the merge is pushed
 * and CI runs what the push workflow runs (pull, `pricing apply`, push the revision); the author
 * reverts the merge, and the push workflow publishes the rollback by reactivating the old price.
 * The CLI runs in-process in each clone.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { PLAN_MARKER } from "../src/edge/github/body.js";
import { type FakeGitHub, startFakeGitHub } from "./helpers/github.js";

const exampleModels = join(dirname(fileURLToPath(import.meta.url)), "..", "models");
const FLAT = "models/flat-899-eur-monthly.yaml";
const FLAT_PRICE = "flat-899-eur-monthly/base";
const REPO = "acme/pricing";
const TOKEN = "ghs_flow_token";
const PR = 1;

/** The parts of state/stripe.json the flow checks. */
interface StateFile {
  readonly revision: string | null;
  readonly objects: readonly {
    readonly key: string;
    readonly type: string;
    readonly id: string;
    readonly active: boolean;
  }[];
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let root: string;
let remote: string;
let author: string;
let ci: string;
let github: FakeGitHub;

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function clone(name: string, user: string): string {
  git(root, "clone", "--quiet", remote, name);
  const dir = join(root, name);
  git(dir, "config", "user.name", user);
  git(dir, "config", "user.email", `${user}@example.test`);
  return dir;
}

async function pricing(
  cwd: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

/** The `pricing-plan` artifact of a plan run: where it was downloaded, and the commit it is for. */
interface PlanArtifact {
  readonly dir: string;
  readonly sha: string;
}

/**
 * What pricing-plan.yml runs on a pull request, in the CI clone at the branch's head, then what
 * pricing-comment.yml runs with its artifact.
 */
async function pullRequestWorkflow(
  branch: string,
): Promise<{ readonly plan: string; readonly annotations: string; readonly artifact: PlanArtifact }> {
  git(ci, "fetch", "--quiet", "origin");
  git(ci, "checkout", "--quiet", "--detach", `origin/${branch}`);
  const sha = git(ci, "rev-parse", "HEAD");
  const validate = await pricing(ci, ["validate", "--format", "json"]);
  expect(validate.code).toBe(0);
  writeFileSync(join(ci, "..", "validate.json"), validate.stdout);
  const annotate = await pricing(ci, ["comment", "--annotations", join(ci, "..", "validate.json")]);
  expect(annotate.code).toBe(0);
  const plan = await pricing(ci, ["plan", "--format", "markdown"]);
  expect(plan.stderr).toBe("");
  expect(plan.code).toBe(0);
  const artifact = { dir: mkdtempSync(join(root, "artifact-")), sha };
  writeFileSync(join(artifact.dir, "plan.md"), plan.stdout);
  writeFileSync(join(artifact.dir, "pr-number"), `${PR}\n`);
  git(ci, "checkout", "--quiet", "main");
  const posted = await commentWorkflow(artifact);
  expect(posted.stderr).toBe("");
  expect(posted.code).toBe(0);
  return { plan: plan.stdout, annotations: annotate.stdout, artifact };
}

/** What pricing-comment.yml runs: the default branch's CLI, the artifact as data, its commit. */
async function commentWorkflow(artifact: PlanArtifact): Promise<Run> {
  const pr = readFileSync(join(artifact.dir, "pr-number"), "utf8").trim();
  const run = await pricing(
    ci,
    [
      "comment",
      "--body-file",
      join(artifact.dir, "plan.md"),
      "--pr",
      pr,
      "--head-sha",
      artifact.sha,
      "--run-id",
      "77",
      "--artifact",
      "pricing-plan",
    ],
    { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO },
  );
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
  return run;
}

/** GitHub's view of the pull request: its head is the branch's tip on the remote. */
function pullRequestHeadIs(branch: string): void {
  github.heads.set(PR, git(remote, "rev-parse", branch));
}

/** What pricing-apply.yml runs on a push to main, in the CI clone; returns apply's output. */
async function pushWorkflow(notice = ""): Promise<Run> {
  git(ci, "checkout", "--quiet", "main");
  git(ci, "pull", "--quiet", "--ff-only", "origin", "main");
  const apply = await pricing(ci, ["apply"]);
  expect(apply.stderr).toBe(notice);
  expect(apply.code).toBe(0);
  git(ci, "push", "--quiet", "origin", "HEAD:main");
  return apply;
}

function remoteState(): StateFile {
  return JSON.parse(git(remote, "show", "main:state/stripe.json")) as StateFile;
}

function activeIds(state: StateFile): string[] {
  return state.objects
    .filter((o) => o.active)
    .map((o) => o.id)
    .sort();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "pricing-gitops-"));
  remote = join(root, "remote.git");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", remote);
  const seed = clone("seed", "maintainer");
  mkdirSync(join(seed, "models"));
  cpSync(exampleModels, join(seed, "models"), { recursive: true });
  git(seed, "add", "models");
  git(seed, "commit", "--quiet", "-m", "pricing: the example catalog");
  git(seed, "push", "--quiet", "origin", "main");
  author = clone("author", "author");
  ci = clone("ci", "ci-bot");
  github = await startFakeGitHub(REPO, TOKEN);
});

afterAll(async () => {
  await github?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the GitOps flow: pull request, merge, revert", () => {
  let first: StateFile;
  let merge: string;

  it("publishes the first catalog as stripe-rev-0001 from the push workflow", async () => {
    // The repository names no catalog yet: the first apply names it, in the same commit.
    const apply = await pushWorkflow(
      'named this catalog "default" in pricing.config.yaml (every managed object carries it)\n',
    );
    expect(apply.stdout).toMatch(/^Published stripe-rev-0001: 39 to create/);
    expect(git(remote, "show", "main:pricing.config.yaml")).toMatch(/^catalog: default$/m);
    expect(git(remote, "show", "--name-only", "--format=", "main").split("\n").sort()).toEqual([
      "pricing.config.yaml",
      "state/stripe.json",
    ]);
    first = remoteState();
    expect(first.revision).toBe("stripe-rev-0001");
  });

  it("comments the plan of a pull request that changes a price, once per pull request", async () => {
    git(author, "pull", "--quiet", "origin", "main");
    git(author, "checkout", "--quiet", "-b", "raise-flat");
    const text = readFileSync(join(author, FLAT), "utf8");
    writeFileSync(join(author, FLAT), text.replace("amount: 8.99", "amount: 9.49"));
    git(author, "commit", "--quiet", "-am", "pricing: Home Charging Flat goes to 9.49 EUR");
    git(author, "push", "--quiet", "origin", "raise-flat");
    pullRequestHeadIs("raise-flat");
    // The author pastes the marker into a comment of their own: it is never taken for the plan.
    const spoof = github.seed(PR, `${PLAN_MARKER}\n### Pricing plan\n\n**No changes.**\n`, "author");

    const run = await pullRequestWorkflow("raise-flat");
    expect(run.annotations).toBe("");
    expect(github.comments.map((c) => c.author)).toEqual(["author", "github-actions[bot]"]);
    expect(github.comments[0]?.body).toBe(spoof.body);
    const body = github.comments[1]?.body ?? "";
    expect(body).toBe(`${PLAN_MARKER}\n${run.plan}`);
    expect(body).toContain(
      "**Plan: 0 to create, 0 to update, 1 to replace, 0 to archive, 0 to reactivate.**",
    );
    expect(body).toContain("Base: `stripe-rev-0001` · backend: `shadow`");
    // The price in money, before and after; the Stripe step and its field diff folded below.
    expect(body).toContain(
      "| `base` | price | EUR | €8.99 / month incl. tax | €9.49 / month incl. tax | +€0.50 (+5.6%) |",
    );
    expect(body).toMatch(
      new RegExp(
        `^\\| price replaced \\(a new price; the old one is archived\\) \\| \`${FLAT_PRICE}\` \\| \`price_\\w+\` \\| unit_amount cannot change in place`,
        "m",
      ),
    );
    expect(body).toContain("- unit_amount: 899\n+ unit_amount: 949\n");

    // A second push to the pull request updates the same comment.
    const again = readFileSync(join(author, FLAT), "utf8");
    writeFileSync(
      join(author, FLAT),
      again.replace("name: Home Charging Flat", "name: Home Charging Flat 2026"),
    );
    git(author, "commit", "--quiet", "-am", "pricing: rename the flat plan");
    git(author, "push", "--quiet", "origin", "raise-flat");
    pullRequestHeadIs("raise-flat");
    await pullRequestWorkflow("raise-flat");
    expect(github.comments).toHaveLength(2);
    expect(github.comments[0]?.body).toBe(spoof.body);
    expect(github.comments[1]?.body).toContain(
      "**Plan: 0 to create, 1 to update, 1 to replace, 0 to archive, 0 to reactivate.**",
    );
    expect(github.requests.filter((q) => q.method === "POST")).toHaveLength(1);
    expect(github.requests.filter((q) => q.method === "PATCH")).toHaveLength(1);

    // The comment run of the first push, finishing last, posts nothing over the newer plan.
    const stale = await commentWorkflow(run.artifact);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toMatch(/^Not posted: acme\/pricing#1 has moved on/);
    expect(github.requests.filter((q) => q.method === "PATCH")).toHaveLength(1);
  });

  it("publishes the merge as stripe-rev-0002: one state-only commit with the trailer, pushed", async () => {
    git(author, "checkout", "--quiet", "main");
    git(
      author,
      "merge",
      "--quiet",
      "--no-ff",
      "raise-flat",
      "-m",
      "Merge pull request #1 from acme/raise-flat",
    );
    git(author, "push", "--quiet", "origin", "main");
    merge = git(author, "rev-parse", "HEAD");

    const apply = await pushWorkflow();
    expect(apply.stdout).toMatch(/^Published stripe-rev-0002: 0 to create, 1 to update, 1 to replace, /);

    const head = git(remote, "log", "-1", "--format=%H%n%P%n%B", "main").split("\n");
    expect(head[1]).toBe(merge);
    expect(head).toContain("Pricing-Revision: stripe-rev-0002");
    expect(head).toContain(`Pricing-Models-Commit: ${merge}`);
    expect(git(remote, "show", "--name-only", "--format=", "main")).toBe("state/stripe.json");

    const second = remoteState();
    expect(second.revision).toBe("stripe-rev-0002");
    const prices = second.objects.filter((o) => o.key === FLAT_PRICE);
    expect(prices.map((p) => p.active).sort()).toEqual([false, true]);

    // The workflow's own push changes nothing more: applying again has nothing to do.
    git(ci, "pull", "--quiet", "--ff-only", "origin", "main");
    expect((await pricing(ci, ["apply"])).stdout).toBe(
      "No changes. The backend already matches the models.\n",
    );
  });

  it("rolls back when the merge is reverted: the first revision's objects come back as stripe-rev-0003", async () => {
    git(author, "pull", "--quiet", "--ff-only", "origin", "main");
    git(author, "revert", "--no-edit", "-m", "1", merge);
    git(author, "push", "--quiet", "origin", "main");

    const apply = await pushWorkflow();
    expect(apply.stdout).toMatch(
      /^Published stripe-rev-0003: 0 to create, 1 to update, 0 to replace, 0 to archive, 1 to reactivate\./,
    );

    const third = remoteState();
    expect(third.revision).toBe("stripe-rev-0003");
    expect(activeIds(third)).toEqual(activeIds(first));
    const prices = third.objects.filter((o) => o.key === FLAT_PRICE);
    expect(prices).toHaveLength(2);
    const firstPrice = first.objects.find((o) => o.key === FLAT_PRICE && o.active);
    expect(prices.find((p) => p.active)?.id).toBe(firstPrice?.id);

    const history = await pricing(ci, ["history"]);
    expect(history.stdout.split("\n").map((l) => l.split(/\s+/)[0])).toEqual([
      "stripe-rev-0003",
      "stripe-rev-0002",
      "stripe-rev-0001",
      "",
    ]);
    expect(git(remote, "log", "--format=%s", "main").split("\n").slice(0, 2)).toEqual([
      "pricing: publish stripe-rev-0003",
      `Revert "Merge pull request #1 from acme/raise-flat"`,
    ]);
  });
});
