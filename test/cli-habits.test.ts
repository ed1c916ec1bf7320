/**
 * The CLI's daily habits, through the real CLI (`node bin/pricing.js`) in temp git repositories:
 * a reader that goes away (`| head`) ends the command quietly; `--format` is honoured or refused
 * naming what the command prints; `-h` is `--help`; a slip in a command or an option gets a
 * "did you mean"; colour follows NO_COLOR and FORCE_COLOR; the backend the state file records is
 * used when `--backend` is not given.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../emulator/options.js";
import { startEmulator } from "../emulator/start.js";
import { main } from "../src/cli/main.js";
import { childEnv, pricing, REPO_ROOT, type Run, removeDir, tempRepo } from "./helpers/cli.js";

const made: string[] = [];
/** A repository with the example catalog published as stripe-rev-0001 on the shadow backend. */
let published = "";

beforeAll(async () => {
  published = repo("habits");
  expect((await pricing(published, "apply")).code).toBe(0);
});

afterAll(() => {
  for (const dir of made) removeDir(dir);
});

function repo(prefix: string): string {
  const dir = tempRepo(prefix);
  made.push(dir);
  return dir;
}

/** The real CLI with extra environment variables. */
function pricingEnv(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "pricing.js"), ...args], {
      cwd,
      env: { ...childEnv(), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * The real CLI whose stdout reader is gone before it writes a byte (as `| head -1` after its
 * line): the read end of the pipe is closed at once, so every write meets EPIPE.
 */
function withReaderGone(cwd: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "pricing.js"), ...args], {
      cwd,
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    // A command that does not stop fails here, and is not left running.
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
  });
}

describe("a reader that goes away", () => {
  it.each([
    [["history"], 0],
    [["plan"], 0],
    [["plan", "--format", "json"], 0],
    [["validate"], 0],
    [["help"], 0],
  ])("pricing %j ends quietly with its own exit code, no stack trace", async (args, code) => {
    const run = await withReaderGone(published, ...args);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(code);
  });

  it("stops pricing watch, which would otherwise run until Ctrl-C", async () => {
    const run = await withReaderGone(published, "watch");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("keeps the exit code of a plan with changes (--detailed-exitcode)", async () => {
    const dir = repo("epipe-changes");
    const run = await withReaderGone(dir, "plan", "--detailed-exitcode");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
  });
});

describe("--format", () => {
  it("apply --format json prints its outcome as JSON", async () => {
    const dir = repo("apply-json");
    const first = await pricing(dir, "apply", "--format", "json");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const body = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({
      outcome: "published",
      revision: "stripe-rev-0001",
      baseRevision: null,
      summary: { create: 39 },
    });
    expect(body.commit).toMatch(/^[0-9a-f]{40}$/);
    const again = JSON.parse((await pricing(dir, "apply", "--format", "json")).stdout) as Record<
      string,
      unknown
    >;
    expect(again).toMatchObject({ outcome: "unchanged", revision: null, commit: null });
  });

  it.each([
    [["history", "--format", "markdown"], "pricing history prints text or json, not markdown"],
    [["apply", "--format", "markdown"], "pricing apply prints text or json, not markdown"],
    [["import", "--format", "json"], "pricing import prints text, not json"],
    [["comment", "--format", "json"], "pricing comment prints text, not json"],
    [["history", "--format", "jsno"], '--format must be one of text, json, not "jsno"; did you mean json?'],
    [
      ["rollback", "stripe-rev-0001", "--format", "markdown"],
      "--format markdown shows the plan of a rollback with --dry-run",
    ],
  ])("refuses %j naming what the command prints", async (args, message) => {
    const run = await pricing(published, ...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${message}`);
  });

  it("validate --format markdown prints markdown, history --format json prints JSON", async () => {
    const validate = await pricing(published, "validate", "--format", "markdown");
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/^#/m);
    const history = await pricing(published, "history", "--format", "json");
    expect(JSON.parse(history.stdout)).toMatchObject({ revisions: [{ revision: "stripe-rev-0001" }] });
  });

  it("each command's help names the formats it prints", async () => {
    expect((await pricing(published, "history", "--help")).stdout).toMatch(
      /--format FORMAT +text \(default\) or json\n/,
    );
    expect((await pricing(published, "plan", "--help")).stdout).toMatch(
      /--format FORMAT +text \(default\), markdown or json\n/,
    );
  });
});

describe("-h and did you mean", () => {
  it.each([
    "validate",
    "plan",
    "apply",
    "drift",
    "rollback",
    "history",
    "import",
    "watch",
    "comment",
    "impact",
    "fmt",
    "completion",
  ])("pricing %s -h is pricing %s --help", async (name) => {
    const short = await pricing(published, name, "-h");
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(new RegExp(`^Usage: pricing ${name}`));
    expect(short.stdout).toBe((await pricing(published, name, "--help")).stdout);
    expect(short.stdout).toMatch(/^ {2}-h, --help +show help/m);
  });

  it("pricing -h is the overview", async () => {
    const run = await pricing(published, "-h");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await pricing(published, "help")).stdout);
  });

  it.each([
    [["aply"], 'error: unknown command "aply"; did you mean `pricing apply`?\n'],
    [["help", "histroy"], 'error: unknown command "histroy"; did you mean `pricing history`?\n'],
    [["deploy"], 'error: unknown command "deploy"; run `pricing help` for the list\n'],
  ])("pricing %j", async (args, stderr) => {
    const run = await pricing(published, ...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(stderr);
  });

  it.each([
    [["plan", "--fromat", "json"], "unknown option --fromat; did you mean --format?"],
    [["apply", "--auto-aprove"], "unknown option --auto-aprove; did you mean --auto-approve?"],
    [["plan", "--modelid", "x"], "unknown option --modelid; did you mean --model-id?"],
    [
      ["plan", "--backend", "strip"],
      '--backend must be one of shadow, stripe, not "strip"; did you mean stripe?',
    ],
    [["plan", "--frobnicate"], "unknown option --frobnicate\n"],
  ])("pricing %j", async (args, message) => {
    const run = await pricing(published, ...args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).toContain("  usage: pricing ");
  });
});

describe("colour", () => {
  const ESC = "\x1b[";

  it("FORCE_COLOR colours a pipe; FORCE_COLOR=0, a non-empty NO_COLOR or --no-color do not", async () => {
    const dir = repo("colour");
    const forced = await pricingEnv(dir, { NO_COLOR: undefined, FORCE_COLOR: "1" }, "plan");
    expect(forced.stdout).toContain(ESC);
    const forcedOverNoColor = await pricingEnv(dir, { NO_COLOR: "1", FORCE_COLOR: "1" }, "plan");
    expect(forcedOverNoColor.stdout).toContain(ESC);
    for (const [env, args] of [
      [{ NO_COLOR: undefined, FORCE_COLOR: "0" }, []],
      [{ NO_COLOR: undefined, FORCE_COLOR: "false" }, []],
      [{ NO_COLOR: undefined }, []],
      [{ NO_COLOR: "1" }, []],
      [{ NO_COLOR: undefined, FORCE_COLOR: "1" }, ["--no-color"]],
    ] as const) {
      const run = await pricingEnv(dir, env, "plan", ...args);
      expect(run.code, JSON.stringify(env)).toBe(0);
      expect(run.stdout, JSON.stringify(env)).not.toContain(ESC);
    }
  });

  it("an empty NO_COLOR is as if unset: a terminal still gets colour", async () => {
    const dir = repo("colour-tty");
    const onTerminal = async (env: Record<string, string>) => {
      let stdout = "";
      const code = await main(["plan"], {
        stdout: {
          isTTY: true,
          write: (s: string) => {
            stdout += s;
            return true;
          },
        },
        stderr: { write: () => true },
        env,
        cwd: dir,
      });
      expect(code).toBe(0);
      return stdout;
    };
    expect(await onTerminal({ NO_COLOR: "" })).toContain(ESC);
    expect(await onTerminal({})).toContain(ESC);
    expect(await onTerminal({ NO_COLOR: "1" })).not.toContain(ESC);
  });
});

describe("the backend the state file records", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("is used when --backend is not given; a --backend that contradicts it is still refused", async () => {
    const dir = repo("recorded-backend");
    const env = {
      STRIPE_API_BASE: emulator.url,
      STRIPE_API_KEY: "sk_test_recorded",
      PRICING_STRIPE_RATE_LIMIT: "1000",
    };
    const first = await pricingEnv(dir, env, "apply", "--backend", "stripe");
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/^Published stripe-rev-0001/);
    const plan = await pricingEnv(dir, env, "plan", "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/No changes\.\n$/);
    const drift = await pricingEnv(dir, env, "drift", "--format", "json");
    expect(drift.code).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({ backend: "stripe" });
    const contradicted = await pricingEnv(dir, env, "plan", "--backend", "shadow");
    expect(contradicted.code).toBe(1);
    expect(contradicted.stderr).toContain("records objects of the stripe backend; use --backend stripe");
    // A live key in the environment: refused by what would use it, not by commands that never do.
    const live = { ...env, STRIPE_API_KEY: "sk_live_recorded" };
    const refused = await pricingEnv(dir, live, "plan");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: STRIPE_API_KEY is a live-mode key: refused without --allow-live\n");
    for (const args of [["validate"], ["history"], ["completion", "bash"]]) {
      const offline = await pricingEnv(dir, live, ...args);
      expect(offline.stderr, args.join(" ")).toBe("");
      expect(offline.code, args.join(" ")).toBe(0);
    }
  });

  it("is shadow without a state file; a broken state file is the command's to report", async () => {
    const dir = repo("no-state");
    const plan = await pricing(dir, "plan", "--format", "json");
    expect(JSON.parse(plan.stdout)).toMatchObject({ backend: "shadow" });
    mkdirSync(join(dir, "state"));
    writeFileSync(join(dir, "state", "stripe.json"), "{ not json");
    const validate = await pricing(dir, "validate");
    expect(validate.code).toBe(0);
    const broken = await pricing(dir, "plan");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: state\/stripe\.json is not valid JSON/);
  });
});

describe("model errors, all of them, each once", () => {
  function repoWith(prefix: string, files: Record<string, string>): string {
    const dir = repo(prefix);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "models", name), text);
    return dir;
  }

  const BASIC = [
    "apiVersion: pricing/v1",
    "kind: PricingModel",
    "id: basic",
    "product:",
    "  name: Basic",
    "currency: eur",
    "components:",
    "  - id: base",
    "    type: flat",
    "    amount: 4.99",
    "    interval: month",
    "",
  ].join("\n");

  it("a misspelt key is one error naming the key meant, at file:line:col", async () => {
    const dir = repoWith("misspelt", { "basic.yaml": BASIC.replace("  name: Basic", "  nmae: Basic") });
    const run = await pricing(dir, "validate");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'models/basic.yaml:5:3 error unknown key "nmae" in product; did you mean "name"?\n1 error in 1 file(s)\n',
    );
    expect(run.stdout).not.toContain("missing required key");
  });

  it("merge-conflict markers are one message per file", async () => {
    const conflicted = BASIC.replace(
      "    amount: 4.99\n",
      "<<<<<<< HEAD\n    amount: 4.99\n=======\n    amount: 5.49\n>>>>>>> raise\n",
    );
    const dir = repoWith("conflict", {
      "basic.yaml": conflicted,
      "other.yaml": conflicted.replace("id: basic", "id: other"),
    });
    const run = await pricing(dir, "validate");
    expect(run.code).toBe(1);
    const errors = run.stdout.split("\n").filter((l) => l.includes(" error "));
    expect(errors).toEqual([
      expect.stringMatching(/^models\/basic\.yaml:10:1 error unresolved merge conflict markers/),
      expect.stringMatching(/^models\/other\.yaml:10:1 error unresolved merge conflict markers/),
    ]);
    // Every writing command stops on them too, before anything is written.
    const plan = await pricing(dir, "plan");
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("unresolved merge conflict markers");
  });

  it("a schema error (percentOff: 120) hides none of the semantic errors in other parts", async () => {
    const text = BASIC.replace("  name: Basic\n", '  name: Basic\n  metadata:\n    segment: ""\n').concat(
      [
        "  - id: launch",
        "    type: discount",
        "    percentOff: 120",
        "    duration: once",
        "  - id: base",
        "    type: metered",
        "    meter: energy",
        "    unitAmount: 0.35",
        "    interval: month",
        "",
      ].join("\n"),
    );
    const run = await pricing(repoWith("hides-nothing", { "basic.yaml": text }), "validate");
    expect(run.code).toBe(1);
    const messages = run.stdout.split("\n").filter((l) => l.includes(" error "));
    expect(messages).toEqual([
      expect.stringMatching(/:7:14 error metadata value is empty/),
      expect.stringMatching(
        /:16:17 error components\[1\]\.percentOff must be a percentage above 0 and at most 100/,
      ),
      expect.stringMatching(/:18:9 error component id "base" is already used by components\[0\]/),
      expect.stringMatching(/:20:12 error meter "energy" is not a meter of this model \(it has no meters\)/),
    ]);
  });
});
