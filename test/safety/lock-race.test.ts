/**
 * The apply lock is never held twice: many processes try it at the same moment on a stale lock
 * (its owner is a pid that no longer runs) and, while holding it, count the holders. Over every
 * trial at most one process holds it at a time, the stale lock is taken over (someone holds
 * it), and each loser gets the lock message at once.
 *
 * LOCK_MODULE=<path to a built lock.js> runs the same trials against another implementation
 * (how the figures in the change were measured against the previous lock).
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/edge/files/lock.js";
import { git, pricing, REPO_ROOT, removeDir, tempDir, tempRepo } from "../helpers/cli.js";

const CONTENDER = join(REPO_ROOT, "test/safety/fixtures/lock-contender.mjs");
const LOCK_MODULE = process.env.LOCK_MODULE ?? join(REPO_ROOT, "dist/src/edge/files/lock.js");
const PROCESSES = 8;
const TRIALS = 20;
const PERIOD_MS = 200;
const HOLD_MS = 80;

interface Outcome {
  readonly trial: number;
  readonly acquired: boolean;
  readonly maxHolders: number;
  readonly error?: string;
}

function contender(root: string, startAt: number): Promise<Outcome[]> {
  const args = [CONTENDER, LOCK_MODULE, root, TRIALS, startAt, PERIOD_MS, HOLD_MS].map(String);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`contender failed: ${stderr}`));
      else
        resolve(
          stdout
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as Outcome),
        );
    });
  });
}

/** A pid that runs no process now: a child that has exited. */
function deadPid(): number {
  const out = execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(String(out));
}

describe("the apply lock under contention", () => {
  it(`${PROCESSES} processes x ${TRIALS} trials on a stale lock: never two holders`, async () => {
    const root = tempDir("lock-race");
    try {
      const stale = JSON.stringify({ pid: deadPid(), host: hostname(), since: "2026-01-01T00:00:00.000Z" });
      for (let t = 0; t < TRIALS; t++) {
        mkdirSync(join(root, `trial-${t}`, "state"), { recursive: true });
        writeFileSync(join(root, `trial-${t}`, "state/stripe.json.lock"), stale);
      }
      // Far enough ahead that every contender has started and loaded the lock module.
      const startAt = Date.now() + 1500;
      const runs = await Promise.all(Array.from({ length: PROCESSES }, () => contender(root, startAt)));
      const byTrial = Array.from({ length: TRIALS }, (_, t) => runs.map((r) => r[t] as Outcome));
      const doubles = byTrial.filter((o) => Math.max(...o.map((x) => x.maxHolders)) > 1).length;
      const taken = byTrial.filter((o) => o.some((x) => x.acquired)).length;
      expect({ trialsWithTwoHolders: doubles }).toEqual({ trialsWithTwoHolders: 0 });
      // The stale lock never blocks: in every trial one contender takes it over.
      expect(taken).toBe(TRIALS);
      for (const o of byTrial.flat().filter((x) => !x.acquired))
        expect(o.error).toMatch(/^state\/stripe\.json is locked/);
    } finally {
      removeDir(root);
    }
  }, 60_000);
});

describe("a lock that cannot be read", () => {
  // Older versions could leave an empty lock when the disk filled while writing it.
  it("blocks while fresh, and is taken over once older than a few seconds", () => {
    const dir = tempDir("lock-empty");
    try {
      mkdirSync(join(dir, "state"));
      const lockFile = join(dir, "state/stripe.json.lock");
      writeFileSync(lockFile, "");
      expect(() => acquireLock("state/stripe.json", dir)).toThrow(
        /^state\/stripe\.json is locked by another process: another apply is running/,
      );
      const minuteAgo = new Date(Date.now() - 60_000);
      utimesSync(lockFile, minuteAgo, minuteAgo);
      const lock = acquireLock("state/stripe.json", dir);
      expect(JSON.parse(readFileSync(lockFile, "utf8"))).toMatchObject({ pid: process.pid });
      lock.release();
      expect(readdirSync(join(dir, "state"))).toEqual([]);
    } finally {
      removeDir(dir);
    }
  });
});

describe("concurrent applies through the CLI on a stale lock", () => {
  it("one publishes the revision; each other one fails fast on the lock or finds nothing to do", async () => {
    const dir = tempRepo("lock-cli");
    try {
      mkdirSync(join(dir, "state"));
      const stale = { pid: deadPid(), host: hostname(), since: "2026-01-01T00:00:00.000Z" };
      writeFileSync(join(dir, "state/stripe.json.lock"), JSON.stringify(stale));
      const runs = await Promise.all(Array.from({ length: 6 }, () => pricing(dir, "apply")));
      const published = runs.filter((r) => r.code === 0 && r.stdout.startsWith("Published "));
      expect(published).toHaveLength(1);
      for (const r of runs.filter((x) => !published.includes(x))) {
        if (r.code === 0) expect(r.stdout).toMatch(/^No changes\./);
        else expect(r.stderr).toMatch(/^error: state\/stripe\.json is locked[ :]/);
      }
      expect(git(dir, "log", "--format=%s")).toBe(
        "pricing: publish stripe-rev-0001\nmodels: the example catalog",
      );
      expect(readdirSync(join(dir, "state"))).toEqual(["stripe.json"]);
    } finally {
      removeDir(dir);
    }
  });
});
