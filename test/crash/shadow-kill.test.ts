/**
 * Crash consistency on the shadow backend (issue 11): `kill -9` of a real `pricing apply` of
 * 2,000 generated models, at delays spread over a measured apply and at crash points between its
 * writes (`PRICING_TEST_CRASH_AT`), on a first apply (the state untracked) and on a later one (the
 * state modified). After every kill the state file is whole or absent, and the next `apply`
 * alone converges: exit 0, the interrupted revision recorded under its own id, everything
 * committed as it is, the same objects as an apply that was never interrupted, no drift.
 * CRASH_TIMINGS=1 prints the measured applies and when each kill came.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCatalog, mutateCatalog, writeCatalog } from "../../bench/generate.js";
import { git, removeDir, TEST_CONFIG, tempDir } from "../helpers/cli.js";
import { expectCommittedAsIs, expectWholeOrAbsent, type KillAt, runCli, runKilled, STATE } from "./kill.js";

const MODELS = 2_000;
const none = {};
let dir = "";
/** The commit holding only the models (a first apply starts here), and one after rev-0001 with 5% of them edited. */
let firstBase = "";
let laterBase = "";
/** The objects an uninterrupted apply publishes from each base, and how long each took. */
let firstObjects = "";
let laterObjects = "";
let applyMs = 0;
let laterMs = 0;

const objectsOf = (state: { objects: unknown[] }) => JSON.stringify(state.objects);

beforeAll(async () => {
  dir = tempDir("crash-shadow");
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "Pricing Test");
  git(dir, "config", "user.email", "pricing-test@example.com");
  const files = generateCatalog({ count: MODELS, seed: 11 });
  await writeCatalog(join(dir, "models"), files);
  writeFileSync(join(dir, "pricing.config.yaml"), TEST_CONFIG);
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "models: 2,000 generated");
  firstBase = git(dir, "rev-parse", "HEAD");
  // The uninterrupted runs: how long an apply takes (the kill delays are spread over it) and
  // what it publishes (what every recovered run must end with).
  const started = performance.now();
  const first = await runCli(dir, none, "apply");
  applyMs = performance.now() - started;
  expect(first.code, first.stderr).toBe(0);
  firstObjects = objectsOf(expectCommittedAsIs(dir));
  await writeCatalog(join(dir, "models"), mutateCatalog(files, { seed: 7, fraction: 0.05 }));
  git(dir, "commit", "--quiet", "-am", "models: 5% edited");
  laterBase = git(dir, "rev-parse", "HEAD");
  const laterStarted = performance.now();
  const later = await runCli(dir, none, "apply");
  laterMs = performance.now() - laterStarted;
  expect(later.code, later.stderr).toBe(0);
  expect(later.stdout).toMatch(/^Published stripe-rev-0002: /);
  laterObjects = objectsOf(expectCommittedAsIs(dir));
}, 120_000);

const timings: string[] = [];
afterAll(() => {
  removeDir(dir);
  if (process.env.CRASH_TIMINGS)
    console.log(`applies took ${Math.round(applyMs)} and ${Math.round(laterMs)} ms\n${timings.join("\n")}`);
});

/** Puts the repository back at `base` with no state beyond it: the start of an apply. */
function resetTo(base: string): void {
  git(dir, "reset", "--quiet", "--hard", base);
  git(dir, "clean", "--quiet", "-fdx", "state");
}

interface Trial {
  readonly name: string;
  readonly base: () => string;
  readonly at: () => KillAt;
  /** The revision the interrupted apply was making. */
  readonly revision: string;
  readonly objects: () => string;
}

const first = { base: () => firstBase, revision: "stripe-rev-0001", objects: () => firstObjects };
const later = { base: () => laterBase, revision: "stripe-rev-0002", objects: () => laterObjects };
// Each trial costs about two applies of 2,000 models (~3 s of CPU each): the kill with the state
// staged and the one after the commit run on the example catalog (recover-cli.test.ts) and on
// the Stripe backend (stripe-kill.test.ts), where they cost far less.
const TRIALS: readonly Trial[] = [
  { name: "first apply, killed at 30% of its time", ...first, at: () => ({ afterMs: applyMs * 0.3 }) },
  { name: "first apply, killed after its state write", ...first, at: () => ({ point: "after-state-write" }) },
  { name: "later apply, killed at 65% of its time", ...later, at: () => ({ afterMs: laterMs * 0.65 }) },
  { name: "later apply, killed after its state write", ...later, at: () => ({ point: "after-state-write" }) },
];

describe(`kill -9 during a ${MODELS.toLocaleString("en")}-model shadow apply`, () => {
  it.each(TRIALS)(
    "$name: the next apply converges",
    async (trial) => {
      resetTo(trial.base());
      const at = trial.at();
      const killed = await runKilled(dir, none, at, "apply");
      // A crash point always kills; a delay can come after a run faster than the measured one
      // (then the run finished and the next one has nothing to do, which must hold too).
      if ("point" in at) expect(killed.killed).toBe(true);
      timings.push(
        `${trial.name}: ${killed.killed ? "killed" : "finished"} after ${Math.round(killed.ms)} ms`,
      );
      expectWholeOrAbsent(dir);
      const wrote = git(dir, "status", "--porcelain", "--", STATE) !== "";
      if ("point" in at) expect(wrote).toBe(true);

      const next = await runCli(dir, none, "apply");
      expect(next.stderr).toBe("");
      expect(next.code).toBe(0);
      if (wrote)
        expect(next.stdout).toMatch(
          new RegExp(`^Recovered ${trial.revision} of an interrupted apply: .*\\nNo changes\\.`),
        );
      const state = expectCommittedAsIs(dir);
      expect(state.revision).toBe(trial.revision);
      expect(objectsOf(state)).toBe(trial.objects());
      const drift = await runCli(dir, none, "drift", "--detailed-exitcode");
      expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    },
    60_000,
  );

  it("a further plan after the last recovery shows no changes", async () => {
    const plan = await runCli(dir, none, "plan", "--detailed-exitcode");
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/No changes\.\n$/);
    expect(JSON.parse(readFileSync(join(dir, STATE), "utf8")).revision).toBe("stripe-rev-0002");
  }, 60_000);
});
