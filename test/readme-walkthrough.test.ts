/**
 * The README's offline walkthrough (issue 17), run as written by bash in a clone of this
 * repository: only the port and the scratch folder are made unique. It must publish to the
 * emulator, plan "No changes" after, and leave the checkout it started from exactly as it was.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { git, REPO_ROOT, removeDir, tempDir } from "./helpers/cli.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) removeDir(dir);
});

/** The first ```sh block after "Try it offline" in the README. */
function walkthrough(): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const block = /Try it offline[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no offline walkthrough");
  return block;
}

describe("the README's offline walkthrough", () => {
  it("publishes to the emulator from a scratch clone and leaves the checkout clean", () => {
    // The checkout the reader is in: a clone of this repository with the built CLI beside it.
    const checkout = tempDir("walkthrough-checkout");
    const scratch = join(tempDir("walkthrough-scratch"), "demo");
    made.push(checkout, join(scratch, ".."));
    git(checkout, "clone", "--quiet", REPO_ROOT, ".");
    git(checkout, "config", "user.name", "Reader");
    git(checkout, "config", "user.email", "reader@example.com");
    execFileSync("ln", ["-s", join(REPO_ROOT, "node_modules"), "node_modules"], { cwd: checkout });
    execFileSync("ln", ["-s", join(REPO_ROOT, "dist"), "dist"], { cwd: checkout });
    const before = git(checkout, "status", "--porcelain");
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const script = walkthrough()
      .replaceAll("12111", port)
      .replaceAll("/tmp/pricing-demo", scratch)
      // The scratch clone needs an identity to commit; wait for the emulator to listen.
      .replace(
        "&& cd",
        '&& git -C "$D" config user.name Reader && git -C "$D" config user.email r@example.com && cd',
      )
      .replaceAll('"$D"', JSON.stringify(scratch))
      .replace(
        "&\n",
        `&\nfor i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:${port}/ && break; sleep 0.1; done\n`,
      );
    // The emulator's output goes to a file: a pipe it held open would outlive a failed script.
    const out = execFileSync(
      "bash",
      [
        "-e",
        "-m",
        "-c",
        `trap 'kill %1 2>/dev/null || true' EXIT\n${script.replace("&\n", `> ${join(scratch, "..", "emulator.log")} 2>&1 &\n`)}`,
      ],
      {
        cwd: checkout,
        encoding: "utf8",
        timeout: 50_000,
        env: { ...process.env, CI: "true", NO_COLOR: "1" },
      },
    );
    expect(out).toMatch(/^Published stripe-rev-0001: \d+ to create/m);
    expect(out).toMatch(/No changes\.\n/);
    expect(out).toMatch(/stripe-rev-0001/);
    expect(git(checkout, "status", "--porcelain")).toBe(before);
    expect(git(checkout, "log", "--oneline").split("\n")).toHaveLength(
      git(REPO_ROOT, "log", "--oneline").split("\n").length,
    );
  }, 60_000);
});
