/**
 * The API key never shows, even under debug switches: the real CLI runs against the emulator
 * with `DEBUG=*` (simple-git prints every spawn's environment) and `NODE_DEBUG=http,net` (Node
 * prints request headers), and neither stdout nor stderr ever holds the key. Git runs without
 * the key in its environment; NODE_DEBUG that would print headers is refused before a request;
 * a live key is refused before anything runs (no git, no request), also with `--allow-live`
 * when no state file declares a live account; plain http:// to another host is refused.
 */
import { execFile, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/options.js";
import { startEmulator } from "../../emulator/start.js";
import { gitEnvironment } from "../../src/edge/git/repo.js";
import { childEnv, REPO_ROOT, type Run, removeDir, tempRepo } from "../helpers/cli.js";

const SECRET = "Zq7SecretPart4711";
const TEST_KEY = `sk_test_${SECRET}`;
const LIVE_KEY = `rk_live_${SECRET}`;
let emulator: EmulatorHandle;
const made: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
  for (const dir of made) removeDir(dir);
});

/** The real CLI with the stripe backend on the emulator and the given environment. */
function stripeCli(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bin", "pricing.js"), ...args, "--backend", "stripe"],
      {
        cwd,
        env: { ...childEnv(), STRIPE_API_BASE: emulator.url, PRICING_STRIPE_RATE_LIMIT: "1000", ...env },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function expectNoKey(run: Run): void {
  expect(run.stdout).not.toContain(SECRET);
  expect(run.stderr).not.toContain(SECRET);
}

/** A repository of its own catalog: the tests share one emulator account. */
function repo(): string {
  const dir = tempRepo("secrets");
  made.push(dir);
  writeFileSync(
    join(dir, "pricing.config.yaml"),
    `apiVersion: pricing/v1\nkind: Config\ncatalog: secrets-${made.length}\n`,
  );
  execFileSync("git", ["commit", "-qam", "its own catalog"], { cwd: dir, env: gitEnvironment(childEnv()) });
  return dir;
}

describe("secrets under debug switches", () => {
  it("DEBUG=*: git is traced but its environment has no key; apply, plan, drift, history publish and read", async () => {
    const dir = repo();
    emulator.store.reset();
    const env = { STRIPE_API_KEY: TEST_KEY, DEBUG: "*", MY_SERVICE_TOKEN: `tok_${SECRET}` };
    const apply = await stripeCli(env, dir, "apply");
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/^Published stripe-rev-0001: /m);
    expect(apply.stderr).toMatch(/simple-git/); // the debug output is really on
    expectNoKey(apply);
    for (const args of [["plan"], ["drift"], ["history"]]) {
      const run = await stripeCli(env, dir, ...args);
      expect(run.code).toBe(0);
      expectNoKey(run);
    }
  });

  it("git's environment keeps only what git needs", () => {
    const env = gitEnvironment({
      PATH: "/bin",
      HOME: "/root",
      LC_ALL: "C",
      STRIPE_API_KEY: TEST_KEY,
      GITHUB_TOKEN: "ghs_x",
      AWS_SECRET_ACCESS_KEY: "x",
      DEBUG: "*",
    });
    expect(env).toEqual({ PATH: "/bin", HOME: "/root", LC_ALL: "C" });
  });

  it("NODE_DEBUG=http,net with DEBUG=*: refused before any request, the key never printed", async () => {
    const dir = repo();
    emulator.resetCounts();
    for (const nodeDebug of ["http,net", "http", "net", "tls"]) {
      const run = await stripeCli(
        { STRIPE_API_KEY: TEST_KEY, DEBUG: "*", NODE_DEBUG: nodeDebug },
        dir,
        "apply",
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^error: NODE_DEBUG=${nodeDebug} prints HTTP request headers, which carry the API key: `,
          "m",
        ),
      );
      expectNoKey(run);
    }
    expect(emulator.requestCount()).toBe(0);
  });

  it("a live key is refused before git or a request runs, with --allow-live too when no state declares live", async () => {
    const dir = repo();
    emulator.resetCounts();
    const env = { STRIPE_API_KEY: LIVE_KEY, DEBUG: "*", NODE_DEBUG: "http,net" };
    const refused = await stripeCli(env, dir, "apply");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: STRIPE_API_KEY is a live-mode key: refused without --allow-live\n");
    const noState = await stripeCli(env, dir, "apply", "--allow-live");
    expect(noState.code).toBe(1);
    expect(noState.stderr).toMatch(
      /^error: STRIPE_API_KEY is a live-mode key but state\/stripe\.json is not a live account's state: /m,
    );
    for (const run of [refused, noState]) expectNoKey(run);
    expect(emulator.requestCount()).toBe(0);

    // A test account's state: refused before git starts (no simple-git trace at all).
    emulator.store.reset();
    expect((await stripeCli({ STRIPE_API_KEY: TEST_KEY }, dir, "apply")).code).toBe(0);
    emulator.resetCounts();
    const testState = await stripeCli({ ...env, NODE_DEBUG: "" }, dir, "apply", "--allow-live");
    expect(testState.code).toBe(1);
    expect(testState.stderr).toMatch(
      /^error: STRIPE_API_KEY is a live-mode key but state\/stripe\.json is not a live account's state: /,
    );
    expect(testState.stderr).not.toMatch(/simple-git/);
    expectNoKey(testState);
    expect(emulator.requestCount()).toBe(0);
  });

  it("plain http:// to another host is refused before a request; loopback is accepted", async () => {
    const dir = repo();
    emulator.resetCounts();
    for (const base of ["http://example.com:12111", "http://10.0.0.8", "http://127.0.0.1.example.com"]) {
      const run = await stripeCli({ STRIPE_API_KEY: TEST_KEY, STRIPE_API_BASE: base }, dir, "plan");
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^error: STRIPE_API_BASE is plain http:\/\/ to .*: the API key would cross the network unencrypted; use https:\/\//,
      );
      expectNoKey(run);
    }
    const ftp = await stripeCli(
      { STRIPE_API_KEY: TEST_KEY, STRIPE_API_BASE: "ftp://127.0.0.1" },
      dir,
      "plan",
    );
    expect(ftp.stderr).toBe("error: STRIPE_API_BASE must be an https:// URL, not ftp:\n");
    expect(emulator.requestCount()).toBe(0);
    const local = emulator.url.replace("127.0.0.1", "localhost");
    emulator.store.reset(); // the same lookup keys as another test's catalog would make the plan fail
    const loopback = await stripeCli({ STRIPE_API_KEY: TEST_KEY, STRIPE_API_BASE: local }, dir, "plan");
    expect(loopback.code, loopback.stderr).toBe(0);
  });
});
