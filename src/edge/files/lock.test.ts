import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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
