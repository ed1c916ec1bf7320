/**
 * Crash safety and retries: an apply cut off after any write converges on re-run with no
 * duplicate object; injected 500s and 429s are retried to convergence; concurrent applies
 * never corrupt the state.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { activeByKey, duplicates, type Harness, startHarness } from "./harness.js";

const SMALL = join(import.meta.dirname, "..", "fixtures", "stripe-small", "models");
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Writes of a clean first publish of the small catalog, and the objects it leaves. */
async function cleanRun(): Promise<{ writes: number; objects: Map<string, number> }> {
  const clean = await startHarness(SMALL);
  try {
    expect((await clean.run("apply")).code).toBe(0);
    return {
      writes:
        clean.emulator.requestCount({ method: "POST" }) + clean.emulator.requestCount({ method: "DELETE" }),
      objects: activeByKey(clean.emulator),
    };
  } finally {
    await clean.close();
  }
}

describe("crash safety", () => {
  it("converges with no duplicate after being cut off after write k, for every k", async () => {
    const reference = await cleanRun();
    expect(reference.writes).toBeGreaterThan(5);
    for (const keepPartialState of [false, true]) {
      for (let k = 0; k < reference.writes; k++) {
        h = await startHarness(SMALL);
        const head = h.git("rev-parse", "HEAD").trim();
        h.emulator.limitWrites(k);
        const cut = await h.run("apply");
        expect(cut.code, `cut after write ${k}`).toBe(1);
        expect(cut.stderr).toContain("re-run apply to continue");
        // A crash may lose even the last checkpoint: start again from the commit before the apply.
        if (!keepPartialState) h.git("reset", "-q", "--hard", head);
        h.emulator.limitWrites(undefined);
        let rerun = await h.run("apply");
        if (!keepPartialState && k > 0) {
          // With no state at all, the account's objects of this catalog might be another
          // repository's: the first apply refuses, and `pricing import` takes them back.
          expect(rerun.code).toBe(1);
          expect(rerun.stderr).toMatch(/another repository publishes under this name.*pricing import/);
          expect((await h.run("import")).code).toBe(0);
          rerun = await h.run("apply");
        }
        expect(rerun.code, `re-run after write ${k}: ${rerun.stderr}`).toBe(0);
        expect(duplicates(h.emulator), `after write ${k}`).toEqual([]);
        expect(activeByKey(h.emulator)).toEqual(reference.objects);
        expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
        await h.close();
        h = undefined;
      }
    }
  }, 240_000);

  it("converges when 20% of requests fail with 500 or 429 before running", async () => {
    const reference = await cleanRun();
    h = await startHarness(SMALL);
    h.emulator.setFaults(0.2, "before");
    // Retries absorb nearly every refusal; a request refused more times in a row than the retry
    // budget (0.2^5 per request, which the seeded faults reach once the catalog lists promotion
    // codes too) stops the apply cleanly, and one re-run finishes it.
    let applied = await h.run("apply");
    if (applied.code !== 0) {
      expect(applied.stderr).toContain("re-run apply to continue");
      applied = await h.run("apply");
    }
    expect(applied.code, applied.stderr).toBe(0);
    h.emulator.setFaults(0, "before");
    expect(activeByKey(h.emulator)).toEqual(reference.objects);
    expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
  });

  it("converges when 20% of writes run and then answer 500, re-running until done", async () => {
    const reference = await cleanRun();
    h = await startHarness(SMALL);
    h.emulator.setFaults(0.2, "after", ["POST", "DELETE"]);
    let runs = 0;
    for (; runs < 20; runs++) if ((await h.run("apply")).code === 0) break;
    expect(runs).toBeLessThan(20);
    h.emulator.setFaults(0, "after");
    expect(duplicates(h.emulator)).toEqual([]);
    expect(activeByKey(h.emulator)).toEqual(reference.objects);
    expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
  });

  it("lets one of two concurrent applies run; the other fails fast on the lock and the state stays whole", async () => {
    h = await startHarness(SMALL);
    const [a, b] = await Promise.all([h.run("apply"), h.run("apply")]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(loser.stderr).toMatch(/locked by process \d+ .*another apply is running/);
    expect(h.state().revision).toBe("stripe-rev-0001");
    expect(duplicates(h.emulator)).toEqual([]);
    expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
  });
});
