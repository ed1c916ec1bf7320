/**
 * `npm run bench`: how `pricing` scales with the catalog. Per size (100, 1,000 and 10,000 models
 * by default; `BENCH_SIZES=100,1000` to limit) it generates a catalog into a temporary git repo
 * and times, as cold processes, `pricing validate`, `pricing apply` (from an empty state) and
 * `pricing plan` (after 10% of the models were edited, against the applied state), each beside
 * its floor: `yaml`'s `parse` over the same files, in-process and in a cold process. Then the
 * watch figure (one saved file in a 1,000-model repo, re-planned in-process) and the Stripe
 * section. Prints an aligned table and writes `bench/out/results.json`.
 *
 * Benchmarks carry the performance targets; tests never assert on timing.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, platform, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { readState } from "../src/edge/files/state-file.js";
import { type GeneratedFile, generateCatalog, mutateCatalog, writeCatalog } from "./generate.js";
import { coldRuns, memoryProbe, timeInProcess } from "./measure.js";
import { type StripeFigures, stripeFigures } from "./stripe.js";
import { subscriberFigures } from "./subscribers.js";
import { measureWatch, type WatchFigure } from "./watch.js";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The package root: this file runs as `dist/bench/run.js`. */
const ROOT = join(HERE, "..", "..");
const BIN = join(ROOT, "bin", "pricing.js");
const FLOOR = join(HERE, "floor.js");
const OUT = join(ROOT, "bench", "out");

const SEED = 42;
const WATCH_SIZE = 1000;
const WATCH_RUNS = 9;
const MIB = 1024 * 1024;

/** One measured figure. */
interface Row {
  readonly size: number;
  readonly measure: string;
  /** Median wall time in ms (or, for `unit: "bytes"`, a size). */
  readonly value: number;
  readonly unit: "ms" | "bytes";
  readonly runs: number;
  readonly samples?: readonly number[];
  readonly peakBytes?: number;
  /** The floor this figure is compared with, in ms. */
  readonly floorMs?: number;
  readonly target?: string;
  /** Whether the target was met; undefined when there is none. */
  readonly met?: boolean;
  /** How far a missed target was missed, for the table. */
  readonly miss?: string;
}

/** The sizes to run, from `BENCH_SIZES` (comma-separated positive integers). */
function sizesFromEnv(): readonly number[] {
  const raw = process.env.BENCH_SIZES;
  if (!raw) return [100, 1000, 10_000];
  const sizes = raw.split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
    throw new RangeError(`BENCH_SIZES must be positive integers separated by commas, not "${raw}"`);
  }
  return sizes;
}

/** Median runs per size: fewer at 10,000 to keep the whole bench within a few minutes. */
const runsFor = (size: number): number => (size >= 10_000 ? 3 : 5);

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** A temporary git repo holding `files` under models/, committed. Returns its path and commit. */
async function makeRepo(
  size: number,
  files: readonly GeneratedFile[],
): Promise<{ dir: string; base: string }> {
  const dir = mkdtempSync(join(tmpdir(), `pricing-bench-${size}-`));
  await writeCatalog(join(dir, "models"), files);
  git(dir, "init", "-q");
  git(dir, "config", "user.email", "bench@example.invalid");
  git(dir, "config", "user.name", "pricing bench");
  git(dir, "config", "commit.gpgsign", "false");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "models");
  return { dir, base: git(dir, "rev-parse", "HEAD") };
}

/** Target check: `limit` exceeded by how much, in the figure's own terms. */
function against(value: number, limit: number, show: (n: number) => string): { met: boolean; miss?: string } {
  if (value <= limit) return { met: true };
  return { met: false, miss: `over by ${show(value - limit)} (${((value / limit - 1) * 100).toFixed(0)}%)` };
}

async function benchSize(size: number, log: (line: string) => void): Promise<Row[]> {
  const runs = runsFor(size);
  const rows: Row[] = [];
  let files: readonly GeneratedFile[] = [];
  const gen = timeInProcess(1, () => {
    files = generateCatalog({ count: size, seed: SEED });
  });
  const { dir, base } = await makeRepo(size, files);
  log(`  ${size} models in ${dir}`);
  try {
    rows.push({ size, measure: "generate catalog (in-process)", value: gen.ms, unit: "ms", runs: 1 });

    const texts = files.map((f) => f.text);
    const rawIn = timeInProcess(runs, () => {
      for (const t of texts) parse(t);
    });
    rows.push({
      size,
      measure: "floor: yaml parse (in-process)",
      value: rawIn.ms,
      unit: "ms",
      runs,
      samples: rawIn.samples,
    });
    const rawCold = coldRuns(runs, FLOOR, [join(dir, "models")], dir);
    rows.push({
      size,
      measure: "floor: yaml parse (cold process)",
      value: rawCold.ms,
      unit: "ms",
      runs,
      samples: rawCold.samples,
      peakBytes: rawCold.peakBytes,
    });
    const floorMs = rawCold.ms;

    log("  validate");
    const validate = coldRuns(runs, BIN, ["validate"], dir);
    rows.push({
      size,
      measure: "pricing validate (cold process)",
      value: validate.ms,
      unit: "ms",
      runs,
      samples: validate.samples,
      peakBytes: validate.peakBytes,
      floorMs,
      ...(size === 1000 ? { target: "< 1 s (goal of #2)", ...against(validate.ms, 1000, formatMs) } : {}),
    });

    log("  apply");
    const reset = (): void => {
      git(dir, "reset", "-q", "--hard", base);
      git(dir, "clean", "-qfdx");
    };
    const apply = coldRuns(runs, BIN, ["apply"], dir, reset);
    rows.push({
      size,
      measure: "pricing apply, empty state (cold)",
      value: apply.ms,
      unit: "ms",
      runs,
      samples: apply.samples,
      peakBytes: apply.peakBytes,
      floorMs,
    });
    rows.push({
      size,
      measure: "state file size",
      value: statSync(join(dir, "state", "stripe.json")).size,
      unit: "bytes",
      runs: 1,
    });

    log("  plan");
    await writeCatalog(join(dir, "models"), mutateCatalog(files, { seed: 7, fraction: 0.1 }));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "edit 10% of the models");
    const plan = coldRuns(runs, BIN, ["plan"], dir);
    const planTarget =
      size === 1000
        ? {
            target: "<= 3x floor and < 1.5 s",
            ...against(plan.ms, Math.min(1500, 3 * floorMs), formatMs),
          }
        : size === 10_000
          ? (() => {
              const time = against(plan.ms, 10_000, formatMs);
              const memory = against(plan.peakBytes, 500 * MIB, formatBytes);
              const miss = [time.miss, memory.miss && `memory ${memory.miss}`].filter(Boolean).join("; ");
              return {
                target: "< 10 s and < 500 MiB",
                met: time.met && memory.met,
                ...(miss ? { miss } : {}),
              };
            })()
          : {};
    rows.push({
      size,
      measure: "pricing plan, 10% edited (cold)",
      value: plan.ms,
      unit: "ms",
      runs,
      samples: plan.samples,
      peakBytes: plan.peakBytes,
      floorMs,
      ...planTarget,
    });
    return rows;
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

async function benchWatch(log: (line: string) => void): Promise<WatchFigure> {
  const files = generateCatalog({ count: WATCH_SIZE, seed: SEED });
  const { dir } = await makeRepo(WATCH_SIZE, files);
  log(`  watch: ${WATCH_SIZE} models in ${dir}`);
  try {
    coldRuns(1, BIN, ["apply"], dir);
    const state = readState("state/stripe.json", dir);
    if (!state) throw new Error("watch bench: apply wrote no state");
    return measureWatch(dir, files, state, WATCH_RUNS);
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

function formatBytes(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

/** A plain table, columns padded to their widest cell; numbers right-aligned. */
function table(
  header: readonly string[],
  body: readonly (readonly string[])[],
  right: readonly number[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function render(rows: readonly Row[], watch: WatchFigure | undefined): string {
  const body = rows.map((r) => [
    r.size.toLocaleString("en-US"),
    r.measure,
    r.unit === "bytes" ? formatBytes(r.value) : formatMs(r.value),
    r.unit === "bytes" ? "" : String(r.runs),
    r.peakBytes === undefined ? "" : formatBytes(r.peakBytes),
    r.floorMs === undefined ? "" : formatMs(r.floorMs),
    r.floorMs === undefined ? "" : `${(r.value / r.floorMs).toFixed(2)}x`,
    r.target ?? "",
    r.met === undefined ? "" : r.met ? "met" : `MISSED: ${r.miss ?? ""}`,
  ]);
  if (watch) {
    body.push([
      WATCH_SIZE.toLocaleString("en-US"),
      "watch: re-plan after one save",
      formatMs(watch.total),
      String(watch.runs),
      "",
      "",
      "",
      "< 200 ms",
      watch.total < 200 ? "met" : `MISSED: ${against(watch.total, 200, formatMs).miss ?? ""}`,
    ]);
  }
  return table(
    ["models", "measure", "median", "runs", "peak mem", "floor", "x floor", "target", "status"],
    body,
    [0, 2, 3, 4, 5, 6],
  );
}

function machine(): Record<string, string | number> {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: platform(),
    memoryProbe: memoryProbe(),
  };
}

async function main(): Promise<void> {
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const sizes = sizesFromEnv();
  const started = performance.now();
  const rows: Row[] = [];
  for (const size of sizes) {
    log(`bench: ${size} models`);
    rows.push(...(await benchSize(size, log)));
  }
  log("bench: watch");
  const watch = await benchWatch(log);
  const stripe: StripeFigures = await stripeFigures(log);
  const subscribers = await subscriberFigures(log);
  const m = machine();

  const out = [
    `machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; peak memory via ${m.memoryProbe}`,
    "floor = yaml's parse over the same files in a cold process; medians of the runs shown",
    "",
    render(rows, watch),
    "",
    `watch pieces (median ms): parse one file ${watch.parse.toFixed(1)}, build catalog ${watch.catalog.toFixed(1)}, ` +
      `desired objects ${watch.desired.toFixed(1)}, plan ${watch.plan.toFixed(1)}; first full check ${formatMs(watch.initial)}`,
    stripe.note,
    subscribers.note,
    `total bench time ${formatMs(performance.now() - started)}`,
  ].join("\n");
  process.stdout.write(`${out}\n`);

  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    join(OUT, "results.json"),
    `${JSON.stringify({ date: new Date().toISOString(), machine: m, sizes, rows, watch, stripe, subscribers: subscribers.sizes }, null, 2)}\n`,
  );
  log(`bench: wrote ${join(OUT, "results.json")}`);
}

await main();
