/**
 * A harness for driving the real CLI in-process against the emulator: a temporary git repo
 * holding a catalog, an emulator on a free loopback port, and `run(...)` that calls `main`.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Stripe from "stripe";
import { expect } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { main } from "../../src/cli/main.js";
import { clientFor } from "../helpers/emulator.js";

/** What one CLI run printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A repo + emulator pair. */
export interface Harness {
  readonly dir: string;
  readonly emulator: EmulatorHandle;
  readonly stripe: Stripe;
  run(...argv: string[]): Promise<RunResult>;
  git(...args: string[]): string;
  write(file: string, text: string): void;
  read(file: string): string;
  state(): { readonly revision: string | null; readonly objects: readonly StateEntry[] };
  close(): Promise<void>;
}

/** One object of the state file, as tests look at it. */
export interface StateEntry {
  readonly key: string;
  readonly type: string;
  readonly id: string;
  readonly active: boolean;
  readonly fields: Readonly<Record<string, unknown>>;
}

const ROOT = join(import.meta.dirname, "..", "..");

/** How a harness is set up. */
export interface HarnessOptions {
  /** The catalog the repo's config names (default `test`); null for no config (the first apply names it). */
  readonly catalog?: string | null;
  /** Another harness's emulator, to share one account between two repositories (it is not closed). */
  readonly emulator?: EmulatorHandle;
}

/** Starts an emulator and a temp repo holding `models` (a folder of the repo, default the example catalog). */
export async function startHarness(
  models = join(ROOT, "models"),
  options: HarnessOptions = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pricing-stripe-"));
  const emulator = options.emulator ?? (await startEmulator({ port: 0 }));
  const catalog = options.catalog === undefined ? "test" : options.catalog;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "Test");
  git("config", "user.email", "test@example.com");
  cpSync(models, join(dir, "models"), { recursive: true });
  if (catalog !== null)
    writeFileSync(
      join(dir, "pricing.config.yaml"),
      `apiVersion: pricing/v1\nkind: Config\ncatalog: ${catalog}\n`,
    );
  git("add", "-A");
  git("commit", "-qm", "models");
  const env = {
    STRIPE_API_KEY: "sk_test_harness",
    STRIPE_API_BASE: emulator.url,
    PRICING_STRIPE_RATE_LIMIT: "1000",
    PRICING_STRIPE_MAX_RETRIES: "4",
    // Injected faults are retried at once: the schedule is tested on its own (retry.test.ts).
    PRICING_STRIPE_RETRY_DELAY_MS: "5",
  };
  return {
    dir,
    emulator,
    stripe: clientFor(emulator, { maxNetworkRetries: 0 }),
    git,
    async run(...argv) {
      let stdout = "";
      let stderr = "";
      const code = await main([...argv, "--backend", "stripe"], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env,
        cwd: dir,
      });
      return { code, stdout, stderr };
    },
    write: (file, text) => writeFileSync(join(dir, file), text),
    read: (file) => readFileSync(join(dir, file), "utf8"),
    state: () => JSON.parse(readFileSync(join(dir, "state/stripe.json"), "utf8")),
    async close() {
      if (!options.emulator) await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every object the emulator holds, counted per logical key: duplicates show as a count above 1. */
export function activeByKey(emulator: EmulatorHandle): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const p of emulator.store.products.list()) if (p.active) bump(`product ${p.id}`);
  for (const p of emulator.store.prices.list()) if (p.active) bump(`price ${p.metadata.pricing_key ?? p.id}`);
  for (const m of emulator.store.meters.list()) if (m.status === "active") bump(`meter ${m.event_name}`);
  for (const c of emulator.store.coupons.list()) bump(`coupon ${c.metadata.pricing_key ?? c.id}`);
  return counts;
}

/** The keys held more than once. */
export function duplicates(emulator: EmulatorHandle): string[] {
  return [...activeByKey(emulator)].filter(([, n]) => n > 1).map(([k]) => k);
}

/** A harness whose repository holds one model, `models/m.yaml`, with `text`. */
export async function startWithModel(text: string): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pricing-model-"));
  try {
    writeFileSync(join(dir, "m.yaml"), text);
    return await startHarness(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the model (when given), commits and applies; the apply must succeed, the next plan be empty, nothing be duplicated. */
export async function applySettled(harness: Harness, text?: string): Promise<string> {
  if (text !== undefined) harness.write("models/m.yaml", text);
  harness.git("add", "-A");
  if (harness.git("status", "--porcelain").trim() !== "") harness.git("commit", "-qm", "models");
  const applied = await harness.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  const plan = await harness.run("plan", "--detailed-exitcode");
  expect(plan.code, plan.stdout).toBe(0);
  expect(duplicates(harness.emulator)).toEqual([]);
  return applied.stdout;
}
