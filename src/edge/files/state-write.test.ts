import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PricingError } from "../../core/diagnostics/errors.js";
import { emptyState, serializeState } from "../../core/state/types.js";
import { writeState } from "./state-file.js";

// Faults no real disk gives on demand: a write that silently stops half way, a failing rename.
const faults = vi.hoisted(() => ({ shortWrite: false, renameError: undefined as string | undefined }));
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return {
    ...real,
    writeFileSync: (file: number | string, data: string, ...rest: []) =>
      real.writeFileSync(file, faults.shortWrite ? data.slice(0, data.length >> 1) : data, ...rest),
    renameSync: (from: string, to: string) => {
      if (faults.renameError)
        throw Object.assign(new Error(faults.renameError), { code: faults.renameError });
      real.renameSync(from, to);
    },
  };
});

afterEach(() => {
  faults.shortWrite = false;
  faults.renameError = undefined;
});

function folderWithState(): { dir: string; previous: string } {
  const dir = mkdtempSync(join(tmpdir(), "pricing-state-write-"));
  const previous = serializeState(emptyState("lineage-old"));
  writeFileSync(join(dir, "s.json"), previous);
  return { dir, previous };
}

describe("writeState", () => {
  it("replaces the state and leaves no temp file", () => {
    const { dir } = folderWithState();
    try {
      const next = emptyState("lineage-new");
      writeState("s.json", dir, next);
      expect(readFileSync(join(dir, "s.json"), "utf8")).toBe(serializeState(next));
      expect(readdirSync(dir)).toEqual(["s.json"]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("catches a write that silently stops short by reading it back; the previous state stays", () => {
    const { dir, previous } = folderWithState();
    try {
      faults.shortWrite = true;
      expect(() => writeState("s.json", dir, emptyState("lineage-new"))).toThrow(PricingError);
      expect(() => writeState("s.json", dir, emptyState("lineage-new"))).toThrow(
        /^could not write s\.json \(read back \d+ of \d+ characters\); the previous state is intact and nothing was committed/,
      );
      expect(readFileSync(join(dir, "s.json"), "utf8")).toBe(previous);
      expect(readdirSync(dir)).toEqual(["s.json"]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("stops with the error code when the rename fails; the previous state stays", () => {
    const { dir, previous } = folderWithState();
    try {
      faults.renameError = "EIO";
      expect(() => writeState("s.json", dir, emptyState("lineage-new"))).toThrow(
        /^could not write s\.json \(EIO\); /,
      );
      expect(readFileSync(join(dir, "s.json"), "utf8")).toBe(previous);
      expect(readdirSync(dir)).toEqual(["s.json"]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
