/**
 * A crash between writing the temp file and renaming it leaves `stripe.json.<pid>.tmp` (or the
 * lock's `stripe.json.lock.<pid>.tmp`); the next writing command removes those of processes
 * that no longer run, and leaves alone a live writer's and every other file.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pricing, removeDir, tempRepo } from "../helpers/cli.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) removeDir(dir);
});

/** A pid that runs no process now: a child that has exited. */
function deadPid(): number {
  return Number(String(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"])));
}

describe("temp files left by a crash", () => {
  it("are removed by the next apply when their process is gone", async () => {
    const dir = tempRepo("temp-files");
    made.push(dir);
    expect((await pricing(dir, "apply")).code).toBe(0);
    const dead = deadPid();
    const left = [
      `stripe.json.${dead}.tmp`,
      `stripe.json.lock.${dead}.tmp`,
      `stripe.json.${process.pid}.tmp`, // a live process's: still being written
      "stripe.json.notes.tmp",
      "other.json.1.tmp",
    ];
    for (const name of left) writeFileSync(join(dir, "state", name), "{");
    const run = await pricing(dir, "apply");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^No changes\./);
    expect(readdirSync(join(dir, "state")).sort()).toEqual(
      ["other.json.1.tmp", "stripe.json", `stripe.json.${process.pid}.tmp`, "stripe.json.notes.tmp"].sort(),
    );
  });
});
