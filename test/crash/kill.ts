/**
 * Killing a real `pricing` process (`node bin/pricing.js`) the way `kill -9` does, and the checks
 * every run after a kill must pass: the state file is whole, git holds exactly the work tree,
 * revisions are never reused.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { childEnv, git, REPO_ROOT, type Run } from "../helpers/cli.js";

export const STATE = "state/stripe.json";

/** How a killed run ended. */
export interface Killed {
  /** The process was killed (true), or finished before the kill came (false: the delay was too long). */
  readonly killed: boolean;
  /** Milliseconds from spawn to exit. */
  readonly ms: number;
  readonly stderr: string;
}

/** How to stop a run: SIGKILL after a delay, or at a crash point (`PRICING_TEST_CRASH_AT`). */
export type KillAt = { readonly afterMs: number } | { readonly point: string };

/** Runs the CLI in `cwd` with `env` added and kills it with SIGKILL as `at` says. */
export function runKilled(
  cwd: string,
  env: NodeJS.ProcessEnv,
  at: KillAt,
  ...args: string[]
): Promise<Killed> {
  const started = performance.now();
  const extra = "point" in at ? { ...env, PRICING_TEST_CRASH_AT: at.point } : env;
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "pricing.js"), ...args], {
    cwd,
    env: { ...childEnv(), ...extra },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  const timer = "afterMs" in at ? setTimeout(() => child.kill("SIGKILL"), at.afterMs) : undefined;
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== null && code !== 0)
        reject(new Error(`pricing ${args.join(" ")} exited ${code}: ${stderr}`));
      resolve({ killed: signal === "SIGKILL", ms: performance.now() - started, stderr });
    });
  });
}

/** Runs the CLI to its end with `env` added. */
export function runCli(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "pricing.js"), ...args], {
    cwd,
    env: { ...childEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The state file right after a kill: absent, or whole valid JSON (never half written). */
export function expectWholeOrAbsent(dir: string): void {
  const file = join(dir, STATE);
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  expect(() => JSON.parse(text), "the state file after a kill").not.toThrow();
}

/** The state as committed equals the work tree, nothing is left uncommitted, and no revision id is used twice. */
export function expectCommittedAsIs(dir: string): { readonly revision: string; readonly objects: unknown[] } {
  const working = readFileSync(join(dir, STATE), "utf8");
  // The same blob: what `git show HEAD:state/stripe.json` prints is byte for byte the file.
  expect(git(dir, "rev-parse", `HEAD:${STATE}`)).toBe(git(dir, "hash-object", STATE));
  // No lock, takeover or temp file is left either (git status lists untracked files).
  expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
  const revisions = git(dir, "log", "--format=%(trailers:key=Pricing-Revision,valueonly)")
    .split("\n")
    .filter((r) => r !== "");
  expect(new Set(revisions).size, `revisions ${revisions.join(", ")}`).toBe(revisions.length);
  const state = JSON.parse(working) as { revision: string; objects: unknown[] };
  expect(revisions[0]).toBe(state.revision);
  return state;
}
