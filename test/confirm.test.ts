/**
 * Terraform's convention for apply and rollback: on a terminal the plan is shown and only `yes`
 * goes ahead; `--auto-approve`, CI and runs nobody can answer never ask.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { git, removeDir, tempRepo } from "./helpers/cli.js";

const repo = tempRepo("confirm");
afterAll(() => removeDir(repo));

/** Runs the CLI as on a terminal whose person answers `answer` (or, with none, cannot answer). */
async function atTerminal(answer: string | undefined, env: Record<string, string>, ...args: string[]) {
  return run(true, answer, env, ...args);
}

/** The same with stdout a terminal or not (`apply | tee log`, `apply > out.txt`). */
async function run(tty: boolean, answer: string | undefined, env: Record<string, string>, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const asked: string[] = [];
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: "1", ...env },
    cwd: repo,
    ...(answer === undefined
      ? {}
      : {
          ask: async (q: string) => {
            asked.push(q);
            return answer;
          },
        }),
  });
  return { code, stdout, stderr, asked };
}

const head = () => git(repo, "rev-parse", "HEAD").trim();

describe("apply on a terminal", () => {
  it("shows the plan and writes nothing unless the answer is yes", async () => {
    const before = head();
    const no = await atTerminal("no", {}, "apply");
    expect(no.code).toBe(1);
    expect(no.asked).toHaveLength(1);
    expect(no.stdout).toContain("Plan: 39 to create");
    expect(no.stderr).toBe("error: cancelled; nothing was written\n");
    expect(head()).toBe(before);
    const yes = await atTerminal("yes", {}, "apply");
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/Published stripe-rev-0001: /);
    expect(head()).not.toBe(before);
  });

  it("asks with stdout piped or redirected too, the plan then on stderr", async () => {
    const file = join(repo, "models", "flat-899-eur-monthly.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/amount: [0-9.]+\n/, "amount: 8.49\n"));
    git(repo, "commit", "-qam", "price 8.49");
    const before = head();
    const piped = await run(false, "no", {}, "apply", "--format", "json");
    expect(piped.asked).toHaveLength(1);
    expect(piped.code).toBe(1);
    expect(piped.stdout).toBe("");
    expect(piped.stderr).toContain("1 to replace");
    expect(piped.stderr).toMatch(/error: cancelled; nothing was written\n$/);
    expect(head()).toBe(before);
    const yes = await run(false, "yes", {}, "apply", "--format", "json");
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({ outcome: "published" });
  });

  it("never asks with --auto-approve, in CI, or when nobody can answer", async () => {
    const file = join(repo, "models", "flat-899-eur-monthly.yaml");
    for (const [amount, answer, env, args] of [
      ["9.49", "no", {}, ["--auto-approve"]],
      ["9.99", "no", { CI: "true" }, []],
      ["10.49", undefined, {}, []],
    ] as const) {
      writeFileSync(file, readFileSync(file, "utf8").replace(/amount: [0-9.]+\n/, `amount: ${amount}\n`));
      git(repo, "commit", "-qam", `price ${amount}`);
      const run = await atTerminal(answer, env, "apply", ...args);
      expect(run.asked).toEqual([]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Published /);
    }
  });
});
