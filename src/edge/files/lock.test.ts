import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LockHeldError } from "../../core/diagnostics/errors.js";
import { acquireLock } from "./lock.js";

// A file system without hard links (some network and FUSE mounts) answers link() with EPERM.
const fsFaults = vi.hoisted(() => ({ noHardLinks: false }));
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return {
    ...real,
    linkSync: (from: string, to: string) => {
      if (fsFaults.noHardLinks) throw Object.assign(new Error("EPERM"), { code: "EPERM" });
      real.linkSync(from, to);
    },
  };
});

afterEach(() => {
  fsFaults.noHardLinks = false;
});

describe("acquireLock", () => {
  for (const noHardLinks of [false, true]) {
    it(`holds the lock once${noHardLinks ? ", also where the file system has no hard links" : ""}`, () => {
      fsFaults.noHardLinks = noHardLinks;
      const dir = mkdtempSync(join(tmpdir(), "pricing-lock-"));
      try {
        const lock = acquireLock("state/s.json", dir);
        expect(JSON.parse(readFileSync(join(dir, "state/s.json.lock"), "utf8"))).toMatchObject({
          pid: process.pid,
        });
        expect(() => acquireLock("state/s.json", dir)).toThrow(LockHeldError);
        expect(readdirSync(join(dir, "state"))).toEqual(["s.json.lock"]);
        lock.release();
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true });
      }
    });
  }
});

describe("a lock left by killed processes", () => {
  const deadPid = () =>
    Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]));
  const owner = (pid: number, token: string) =>
    JSON.stringify({ pid, host: hostname(), since: "2026-01-01T00:00:00.000Z", token });

  function withStaleLock(takeover: string | undefined, check: (dir: string) => void): void {
    const dir = mkdtempSync(join(tmpdir(), "pricing-lock-"));
    try {
      mkdirSync(join(dir, "state"));
      writeFileSync(join(dir, "state/s.json.lock"), owner(deadPid(), "lock"));
      if (takeover !== undefined) writeFileSync(join(dir, "state/s.json.lock.takeover"), takeover);
      check(dir);
    } finally {
      rmSync(dir, { recursive: true });
    }
  }

  it("takes over a stale lock whose takeover file a killed process left, and leaves no file behind", () => {
    withStaleLock(owner(deadPid(), "takeover"), (dir) => {
      const lock = acquireLock("state/s.json", dir);
      expect(readdirSync(join(dir, "state"))).toEqual(["s.json.lock"]);
      lock.release();
      expect(readdirSync(dir)).toEqual(["state"]);
      expect(readdirSync(join(dir, "state"))).toEqual([]);
    });
  });

  it("takes over past an empty takeover file of an older version once it is a few seconds old", () => {
    withStaleLock("", (dir) => {
      expect(() => acquireLock("state/s.json", dir)).toThrow(/another process is taking over a stale lock/);
      const minuteAgo = new Date(Date.now() - 60_000);
      utimesSync(join(dir, "state/s.json.lock.takeover"), minuteAgo, minuteAgo);
      acquireLock("state/s.json", dir).release();
      expect(readdirSync(join(dir, "state"))).toEqual([]);
    });
  });

  it("waits for a takeover a live process holds", () => {
    withStaleLock(owner(process.pid, "live"), (dir) => {
      expect(() => acquireLock("state/s.json", dir)).toThrow(LockHeldError);
      expect(readdirSync(join(dir, "state")).sort()).toEqual(["s.json.lock", "s.json.lock.takeover"]);
    });
  });
});
