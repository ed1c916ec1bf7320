/**
 * The Stripe-backend figures, against the emulator on loopback, through the real CLI in a
 * child process: requests of a no-op plan and of an apply on a ~1,000-object catalog, each
 * beside its floor (one list page per 100 objects of a type; one write per changed object),
 * and the wall time of 500 creates under a 25 req/s limit beside writes / rate limit.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EmulatorHandle, startEmulator } from "../emulator/index.js";
import { generateCatalog, writeCatalog } from "./generate.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "bin", "pricing.js");

/** What the Stripe section reports. */
export interface StripeFigures {
  readonly measured: true;
  readonly objects: number;
  readonly noopPlan: { readonly requests: number; readonly writes: number; readonly floor: number };
  readonly apply: {
    readonly requests: number;
    readonly writes: number;
    readonly floor: number;
    readonly ms: number;
  };
  readonly creates500: {
    readonly writes: number;
    readonly requests: number;
    readonly ms: number;
    readonly floorMs: number;
    readonly rateLimit: number;
  };
  readonly note: string;
}

interface Repo {
  readonly dir: string;
  pricing(args: readonly string[], env: Readonly<Record<string, string>>): Promise<number>;
  close(): void;
}

async function repoWith(write: (models: string) => Promise<void>): Promise<Repo> {
  const dir = mkdtempSync(join(tmpdir(), "pricing-bench-stripe-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "bench");
  git("config", "user.email", "bench@example.invalid");
  await write(join(dir, "models"));
  git("add", "-A");
  git("commit", "-qm", "models");
  return {
    dir,
    pricing: (args, env) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args, "--backend", "stripe"], {
          cwd: dir,
          stdio: ["ignore", "ignore", "pipe"],
          env: { ...process.env, NO_COLOR: "1", ...env },
        });
        let err = "";
        child.stderr.on("data", (c: Buffer) => {
          err += c.toString();
        });
        child.on("error", reject);
        child.on("close", (code) =>
          code === 0 || code === 2
            ? resolve(code)
            : reject(new Error(`pricing ${args.join(" ")} exited ${code}: ${err}`)),
        );
      }),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const writes = (e: EmulatorHandle) =>
  e.requestCount({ method: "POST" }) + e.requestCount({ method: "DELETE" });
const all = (e: EmulatorHandle) => e.requestCount();
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

/** Measures the Stripe backend against a fresh emulator. */
export async function stripeFigures(log: (line: string) => void): Promise<StripeFigures> {
  const emulator = await startEmulator({ port: 0 });
  const env = { STRIPE_API_KEY: "sk_test_bench", STRIPE_API_BASE: emulator.url };
  try {
    log("bench: stripe backend, ~1,000-object catalog");
    const catalog = await repoWith((dir) => writeCatalog(dir, generateCatalog({ count: 226, seed: 42 })));
    let apply: StripeFigures["apply"];
    let noopPlan: StripeFigures["noopPlan"];
    let objects = 0;
    try {
      const started = performance.now();
      await catalog.pricing(["apply"], { ...env, PRICING_STRIPE_RATE_LIMIT: "100000" });
      const ms = performance.now() - started;
      const state = JSON.parse(readFileSync(join(catalog.dir, "state", "stripe.json"), "utf8")) as {
        objects: { type: string; active: boolean }[];
      };
      objects = state.objects.length;
      // Bindings are product metadata: they write, but are not objects of their own in Stripe.
      apply = { requests: all(emulator), writes: writes(emulator), floor: objects, ms };
      const count = (type: string, active?: boolean) =>
        state.objects.filter((o) => o.type === type && (active === undefined || o.active === active)).length;
      const floor =
        pages(count("product")) +
        pages(count("price", true)) +
        pages(count("price", false)) +
        pages(count("billing_meter")) +
        pages(count("coupon"));
      emulator.resetCounts();
      await catalog.pricing(["plan", "--detailed-exitcode"], env);
      noopPlan = { requests: all(emulator), writes: writes(emulator), floor };
    } finally {
      catalog.close();
    }

    log("bench: stripe backend, 500 creates at 25 req/s");
    emulator.store.reset();
    emulator.resetCounts();
    emulator.setRateLimit(25);
    const flat = await repoWith(async (dir) => {
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 250; i++) {
        const id = `flat-${String(i).padStart(3, "0")}`;
        writeFileSync(
          join(dir, `${id}.yaml`),
          `apiVersion: pricing/v1\nkind: PricingModel\nid: ${id}\nproduct:\n  name: Flat ${i}\ncurrency: eur\ncomponents:\n  - { id: base, type: flat, amount: ${(i % 90) + 9}.99, interval: month }\n`,
        );
      }
    });
    let creates500: StripeFigures["creates500"];
    try {
      const started = performance.now();
      await flat.pricing(["apply"], { ...env, PRICING_STRIPE_RATE_LIMIT: "25" });
      const ms = performance.now() - started;
      creates500 = {
        writes: writes(emulator),
        requests: all(emulator),
        ms,
        floorMs: (500 / 25) * 1000,
        rateLimit: 25,
      };
    } finally {
      flat.close();
      emulator.setRateLimit(undefined);
    }
    const note = [
      `stripe backend (emulator on loopback, real CLI):`,
      `  apply of ${objects} objects: ${apply.writes} writes (floor ${apply.floor}: one per object), ${apply.requests} requests in all, ${(apply.ms / 1000).toFixed(1)} s`,
      `  no-op plan: ${noopPlan.writes} writes, ${noopPlan.requests} requests (floor ${noopPlan.floor}: one list page per 100 objects per type)`,
      `  500 creates at 25 req/s: ${(creates500.ms / 1000).toFixed(1)} s (floor ${creates500.floorMs / 1000} s = writes / rate limit; ${(creates500.ms / creates500.floorMs).toFixed(2)}x), ${creates500.writes} writes, ${creates500.requests - creates500.writes - 5} requests beyond writes and the refresh's list pages (429 retries)`,
    ].join("\n");
    return { measured: true, objects, noopPlan, apply, creates500, note };
  } finally {
    await emulator.close();
  }
}
