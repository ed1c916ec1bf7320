/**
 * Driving the CLI in tests: temp git repositories with their own identity, git commands, the
 * real `bin/pricing.js` as a child process, and `main()` in-process with captured streams.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

/** The repository under test. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The example catalog shipped in models/. */
export const EXAMPLE_MODELS = join(REPO_ROOT, "models");

/** Output of one CLI run. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TMP = realpathSync(tmpdir());

/** The environment of child processes: no inherited git location, colour or debug settings. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", GIT_CEILING_DIRECTORIES: TMP };
  for (const name of [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "PRICING_DEBUG",
    "STRIPE_API_KEY",
    "FORCE_COLOR",
  ])
    delete env[name];
  return env;
}

/** Runs git in `cwd` and returns its trimmed stdout; throws on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: childEnv(), encoding: "utf8" }).trim();
}

/** A fresh temp folder (not a repository). Remove it with `rmSync(dir, { recursive: true })`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(TMP, `pricing-${prefix}-`));
}

/** The config file of a temp repository: it names its catalog, as `pricing init` does. */
export const TEST_CONFIG = "apiVersion: pricing/v1\nkind: Config\ncatalog: test\n";

/**
 * A temp git repository on branch main with its own identity, holding a copy of `models` and
 * a config naming the catalog `test` (unless `config` is false: then the first apply names it).
 */
export function tempRepo(prefix: string, models: string = EXAMPLE_MODELS, config = true): string {
  const dir = tempDir(prefix);
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "Pricing Test");
  git(dir, "config", "user.email", "pricing-test@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  cpSync(models, join(dir, "models"), { recursive: true });
  if (config) writeFileSync(join(dir, "pricing.config.yaml"), TEST_CONFIG);
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "models: the example catalog");
  return dir;
}

/** Removes a temp folder. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs the real CLI (`node bin/pricing.js`) as a child process in `cwd`. */
export function pricing(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bin", "pricing.js"), ...args],
      { cwd, env: childEnv(), encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `main()` in-process in `cwd`, capturing both streams. */
export async function pricingInProcess(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) => ({
    write: (chunk: string) => {
      append(chunk);
      return true;
    },
  });
  const code = await main(args, {
    stdout: sink((s) => {
      stdout += s;
    }),
    stderr: sink((s) => {
      stderr += s;
    }),
    env: { NO_COLOR: "1" },
    cwd,
  });
  return { code, stdout, stderr };
}
