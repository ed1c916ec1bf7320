/**
 * Crash consistency on the Stripe backend (issue 11): `kill -9` of a real `pricing apply
 * --backend stripe` against the emulator, after N writes, after a state checkpoint, with the
 * final state staged, and at delays spread over a measured apply; on a first apply and on a
 * later one that replaces prices (a create, then the old price archived). After every kill the
 * state file is whole or absent and the next `apply` alone converges: exit 0, what the killed
 * run created adopted rather than made again (no pricing_key held by two active objects, no
 * event name by two active meters), everything committed as it is, the same catalog as an
 * uninterrupted apply, then no plan and no drift. CRASH_TIMINGS=1 prints what each run did.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCatalog, mutateCatalog, writeCatalog } from "../../bench/generate.js";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { git, removeDir, TEST_CONFIG, tempDir } from "../helpers/cli.js";
import { duplicates } from "../stripe/harness.js";
import { expectCommittedAsIs, expectWholeOrAbsent, type KillAt, runCli, runKilled } from "./kill.js";

const MODELS = 40;
const files = generateCatalog({ count: MODELS, seed: 5 });
const edited = mutateCatalog(files, { seed: 3, fraction: 0.3 });
const made: string[] = [];
let origin = "";
/** How long an uninterrupted apply takes, how many operations it has, and the catalog it leaves. */
let applyMs = 0;
let operations = 0;
let catalog = "";
let laterCatalog = "";

interface Account {
  readonly emulator: EmulatorHandle;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A fresh emulator and a fresh clone of the models repository. */
async function freshAccount(): Promise<Account> {
  const emulator = await startEmulator({ port: 0 });
  const dir = tempDir("crash-stripe-case");
  made.push(dir);
  git(dir, "clone", "--quiet", origin, ".");
  git(dir, "config", "user.email", "pricing-test@example.com");
  git(dir, "config", "user.name", "Pricing Test");
  const env = {
    STRIPE_API_KEY: "sk_test_crash",
    STRIPE_API_BASE: emulator.url,
    PRICING_STRIPE_RATE_LIMIT: "1000",
    PRICING_STRIPE_RETRY_DELAY_MS: "5",
  };
  return { emulator, dir, env };
}

const stripe = ["--backend", "stripe"];

/** The managed catalog as the emulator holds it, without ids: what must come out the same however the apply ran. */
function catalogOf(emulator: EmulatorHandle): string {
  const key = (m: Readonly<Record<string, string>>) => m.pricing_key ?? "";
  const rows = [
    ...emulator.store.products.list().map((p) => `product ${key(p.metadata)} ${p.active}`),
    ...emulator.store.prices.list().map((p) => `price ${key(p.metadata)} ${p.active} ${p.unit_amount}`),
    ...emulator.store.meters.list().map((m) => `meter ${m.event_name} ${m.status}`),
    ...emulator.store.coupons.list().map((c) => `coupon ${key(c.metadata)}`),
  ];
  return rows.sort().join("\n");
}

/** Active products, prices and coupons claiming one pricing_key twice, and event names held by two active meters. */
function duplicated(emulator: EmulatorHandle): string[] {
  const products = emulator.store.products
    .list()
    .filter((p) => p.active)
    .map((p) => p.metadata.pricing_key);
  const twice = products.filter((k, i) => products.indexOf(k) !== i).map((k) => `product ${k}`);
  return [...duplicates(emulator), ...twice];
}

async function commitEdit(dir: string): Promise<void> {
  await writeCatalog(`${dir}/models`, edited);
  git(dir, "commit", "--quiet", "-am", "models: 30% edited");
}

beforeAll(async () => {
  origin = tempDir("crash-stripe");
  made.push(origin);
  git(origin, "init", "--quiet", "--initial-branch=main");
  git(origin, "config", "user.name", "Pricing Test");
  git(origin, "config", "user.email", "pricing-test@example.com");
  await writeCatalog(`${origin}/models`, files);
  writeFileSync(join(origin, "pricing.config.yaml"), TEST_CONFIG);
  git(origin, "add", ".");
  git(origin, "commit", "--quiet", "-m", `models: ${MODELS} generated`);
  // The uninterrupted apply: its time (kill delays are spread over it), its operations (kills
  // after N writes) and the catalog it makes (what every recovered run must end with).
  const a = await freshAccount();
  try {
    const started = performance.now();
    const run = await runCli(a.dir, a.env, "apply", ...stripe);
    applyMs = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
    operations = Number(/^Published stripe-rev-0001: (\d+) to create/.exec(run.stdout)?.[1]);
    catalog = catalogOf(a.emulator);
    await commitEdit(a.dir);
    const later = await runCli(a.dir, a.env, "apply", ...stripe);
    expect(later.stdout).toMatch(/^Published stripe-rev-0002: .*[1-9]\d* to replace/);
    laterCatalog = catalogOf(a.emulator);
  } finally {
    await a.emulator.close();
  }
}, 60_000);

const log: string[] = [];
afterAll(() => {
  for (const dir of made) removeDir(dir);
  if (process.env.CRASH_TIMINGS)
    console.log(`apply of ${operations} took ${Math.round(applyMs)} ms\n${log.join("")}`);
});

interface Trial {
  readonly name: string;
  readonly at: () => KillAt;
  /** A later apply: publish the models first, then kill the apply of an edit. */
  readonly later?: boolean;
}

const TRIALS: readonly Trial[] = [
  { name: "after its first write", at: () => ({ point: "after-step:1" }) },
  { name: "after its first state checkpoint", at: () => ({ point: "after-state-write:1" }) },
  { name: "with the final state staged", at: () => ({ point: "after-git-add" }) },
  { name: "at 60% of its time", at: () => ({ afterMs: applyMs * 0.6 }) },
  {
    name: "a later apply replacing prices, after 3 writes",
    at: () => ({ point: "after-step:3" }),
    later: true,
  },
  { name: "a later apply, after its state write", at: () => ({ point: "after-state-write:1" }), later: true },
];

describe(`kill -9 during a Stripe apply against the emulator (${MODELS} models)`, () => {
  it.each(TRIALS)(
    "$name: the next apply converges",
    async (trial) => {
      const a = await freshAccount();
      try {
        if (trial.later) {
          expect((await runCli(a.dir, a.env, "apply", ...stripe)).code).toBe(0);
          await commitEdit(a.dir);
        }
        const at = trial.at();
        const killed = await runKilled(a.dir, a.env, at, "apply", ...stripe);
        if ("point" in at) expect(killed.killed, killed.stderr).toBe(true);
        expectWholeOrAbsent(a.dir);

        const next = await runCli(a.dir, a.env, "apply", ...stripe);
        log.push(
          `${trial.name}: ${killed.killed ? "killed" : "finished"} after ${Math.round(killed.ms)} ms; then ${next.stdout.replace(/\n(?!$)/g, " / ")}`,
        );
        expect(next.stderr).toBe("");
        expect(next.code).toBe(0);
        expect(duplicated(a.emulator)).toEqual([]);
        expect(catalogOf(a.emulator)).toBe(trial.later ? laterCatalog : catalog);
        const state = expectCommittedAsIs(a.dir);
        expect(state.objects.length).toBeGreaterThan(0);
        const [plan, drift] = await Promise.all([
          runCli(a.dir, a.env, "plan", "--detailed-exitcode", ...stripe),
          runCli(a.dir, a.env, "drift", "--detailed-exitcode", ...stripe),
        ]);
        expect(plan.code, plan.stdout + plan.stderr).toBe(0);
        expect(drift.code, drift.stdout + drift.stderr).toBe(0);
      } finally {
        await a.emulator.close();
      }
    },
    60_000,
  );
});
