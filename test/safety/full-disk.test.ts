/**
 * A full disk never commits a broken state: `state/` is a tiny tmpfs this test mounts (CI runs
 * as root), sized so the disk fills at different points of an apply (taking the lock, the
 * first page of the new state, its middle, its last page). Each failing apply exits 1 with one
 * clear `error:` line, leaves the previous state byte for byte, no lock and no temp file, and
 * makes no commit; once there is room again, the same apply publishes.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/options.js";
import { startEmulator } from "../../emulator/start.js";
import { parseState } from "../../src/edge/files/state-file.js";
import { childEnv, git, pricing, REPO_ROOT, type Run, removeDir, tempDir, tempRepo } from "../helpers/cli.js";
import { duplicates } from "../stripe/harness.js";

const STATE = "state/stripe.json";
const PAGE = 4096;
let base = "";
let previous = "";

beforeAll(async () => {
  base = tempRepo("full-disk");
  expect((await pricing(base, "apply")).code).toBe(0);
  // A change whose new state is about as large as the old one: one price replaced.
  const model = join(base, "models/ev-plus-monthly.yaml");
  writeFileSync(model, readFileSync(model, "utf8").replace("amount: 4.99", "amount: 5.49"));
  git(base, "commit", "--quiet", "-am", "models: ev-plus costs more");
  previous = readFileSync(join(base, STATE), "utf8");
});

afterAll(() => removeDir(base));

/** Mounts a tmpfs of `pages` pages on `dir` (emptying its view) and returns how to unmount it. */
function mountTmpfs(dir: string, pages: number): () => void {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${pages * 4}k`, "tmpfs", dir]);
  return () => execFileSync("umount", [dir]);
}

describe("apply with state/ on a full disk", () => {
  const statePages = () => Math.ceil(Buffer.byteLength(previous) / PAGE);
  // Free pages left beside the current state: 0 fails taking the lock, 1 on the first page of
  // the new state, 3 in its middle, -1 (as many pages as the state, one of which the lock
  // takes) on its last page.
  const cases = [
    {
      free: 0,
      error:
        /^error: cannot take the lock state\/stripe\.json\.lock \(no space left on the device\); nothing was written$/,
    },
    {
      free: 1,
      error:
        /^error: could not write state\/stripe\.json \(no space left on the device\); the previous state is intact and nothing was committed/,
    },
    {
      free: 3,
      error:
        /^error: could not write state\/stripe\.json \(no space left on the device\); the previous state is intact/,
    },
    {
      free: -1,
      error:
        /^error: could not write state\/stripe\.json \(no space left on the device\); the previous state is intact/,
    },
  ];
  for (const c of cases) {
    it(`stops before the commit with ${c.free < 0 ? "one page too few" : `${c.free} free pages`}, then publishes once there is room`, async () => {
      const dir = tempDir("full-disk-case");
      try {
        git(dir, "clone", "--quiet", base, ".");
        git(dir, "config", "user.email", "pricing-test@example.com");
        git(dir, "config", "user.name", "Pricing Test");
        const head = git(dir, "rev-parse", "HEAD");
        const free = c.free < 0 ? statePages() : c.free;
        const unmount = mountTmpfs(join(dir, "state"), statePages() + free);
        try {
          writeFileSync(join(dir, STATE), previous);
          expect(git(dir, "status", "--porcelain")).toBe("");
          const run = await pricing(dir, "apply");
          expect(run.code).toBe(1);
          expect(run.stdout).toBe("");
          expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
          expect(run.stderr.trimEnd()).toMatch(c.error);
          expect(readFileSync(join(dir, STATE), "utf8")).toBe(previous);
          expect(readdirSync(join(dir, "state"))).toEqual(["stripe.json"]);
          expect(git(dir, "rev-parse", "HEAD")).toBe(head);
          expect(git(dir, "status", "--porcelain")).toBe("");

          // Room again (same mount, larger): nothing left behind blocks the next apply.
          execFileSync("mount", ["-o", "remount,size=1m", join(dir, "state")]);
          const again = await pricing(dir, "apply");
          expect(again.stderr).toBe("");
          expect(again.stdout).toMatch(/^Published stripe-rev-0002: .* Committed [0-9a-f]{12}\.\n$/);
          const committed = git(dir, "show", `HEAD:${STATE}`);
          expect(parseState(committed, STATE).revision).toBe("stripe-rev-0002");
          expect(readdirSync(join(dir, "state"))).toEqual(["stripe.json"]);
        } finally {
          unmount();
        }
      } finally {
        removeDir(dir);
      }
    });
  }
});

describe("apply with .git/objects on a full disk", () => {
  for (const free of [0, 1]) {
    it(`with ${free} free pages: no commit, the state and the index back as at HEAD, then publishes`, async () => {
      const dir = tempDir("full-disk-git");
      try {
        git(dir, "clone", "--quiet", base, ".");
        git(dir, "config", "user.email", "pricing-test@example.com");
        git(dir, "config", "user.name", "Pricing Test");
        const head = git(dir, "rev-parse", "HEAD");
        const objects = join(dir, ".git/objects");
        const saved = join(dir, "objects-copy");
        cpSync(objects, saved, { recursive: true });
        const unmount = mountTmpfs(objects, 1024);
        try {
          cpSync(saved, objects, { recursive: true });
          const { blocks, bfree } = statfsSync(objects);
          execFileSync("mount", ["-o", `remount,size=${(blocks - bfree + free) * 4}k`, objects]);
          const run = await pricing(dir, "apply");
          expect(run.code).toBe(1);
          expect(run.stdout).toBe("");
          expect(run.stderr).toMatch(
            /^error: git could not commit \(.*No space left on device\): nothing was committed and state\/stripe\.json is back as at HEAD; fix the cause and run the command again\n$/,
          );
          expect(readFileSync(join(dir, STATE), "utf8")).toBe(previous);
          expect(git(dir, "rev-parse", "HEAD")).toBe(head);
          expect(git(dir, "status", "--porcelain", "--", "state", "models")).toBe("");

          execFileSync("mount", ["-o", "remount,size=4m", objects]);
          const again = await pricing(dir, "apply");
          expect(again.stderr).toBe("");
          expect(again.stdout).toMatch(/^Published stripe-rev-0002: /);
        } finally {
          unmount();
        }
      } finally {
        removeDir(dir);
      }
    });
  }
});

describe("taking the lock on a full disk", () => {
  it("leaves neither a lock nor the folders it made", async () => {
    const dir = tempRepo("full-disk-lock");
    try {
      const disk = join(dir, "disk");
      mkdirSync(disk);
      const unmount = mountTmpfs(disk, 1);
      try {
        writeFileSync(join(disk, "filler"), Buffer.alloc(PAGE));
        const run = await pricing(dir, "apply", "--state", "disk/new/stripe.json");
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
          "error: cannot take the lock disk/new/stripe.json.lock (no space left on the device); nothing was written\n",
        );
        expect(readdirSync(disk)).toEqual(["filler"]);
      } finally {
        unmount();
      }
    } finally {
      removeDir(dir);
    }
  });
});

describe("a stripe apply with state/ on a full disk", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  it("stops before the commit with the previous state; the next apply duplicates nothing", async () => {
    const dir = tempRepo("full-disk-stripe");
    const env = {
      STRIPE_API_KEY: "sk_test_fulldisk",
      STRIPE_API_BASE: emulator.url,
      PRICING_STRIPE_RATE_LIMIT: "1000",
    };
    const stripe = (...args: string[]) => pricingWithEnv(env, dir, ...args, "--backend", "stripe");
    try {
      expect((await stripe("apply")).code).toBe(0);
      const model = join(dir, "models/ev-plus-monthly.yaml");
      writeFileSync(model, readFileSync(model, "utf8").replace("amount: 4.99", "amount: 5.49"));
      git(dir, "commit", "--quiet", "-am", "models: ev-plus costs more");
      const head = git(dir, "rev-parse", "HEAD");
      const before = readFileSync(join(dir, STATE), "utf8");
      const unmount = mountTmpfs(join(dir, "state"), Math.ceil(Buffer.byteLength(before) / PAGE) + 1);
      try {
        writeFileSync(join(dir, STATE), before);
        const run = await stripe("apply");
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /^error: could not write state\/stripe\.json \(no space left on the device\); the previous state is intact/m,
        );
        expect(readFileSync(join(dir, STATE), "utf8")).toBe(before);
        expect(git(dir, "rev-parse", "HEAD")).toBe(head);

        execFileSync("mount", ["-o", "remount,size=1m", join(dir, "state")]);
        // The price was created and the old one archived before the write failed: the next
        // apply adopts them by their metadata instead of creating them again. (It then finds
        // nothing to do and, as after any interrupted apply, does not record the adopted
        // objects in the state file: that is the apply pipeline's to decide, not this test's.)
        const again = await stripe("apply");
        expect(again).toMatchObject({ code: 0, stderr: "" });
        expect(duplicates(emulator)).toEqual([]);
        const prices = emulator.store.prices.list().filter((p) => p.active && p.unit_amount === 549);
        expect(prices).toHaveLength(1);
      } finally {
        unmount();
      }
    } finally {
      removeDir(dir);
    }
  });
});

/** The real CLI with extra environment variables. */
function pricingWithEnv(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bin", "pricing.js"), ...args],
      { cwd, env: { ...childEnv(), ...env }, encoding: "utf8" },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
