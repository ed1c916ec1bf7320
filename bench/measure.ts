/**
 * Timing helpers for the benchmark: medians, and running a command as a cold process while
 * measuring its wall time and peak memory (GNU `/usr/bin/time -v` when present, otherwise a
 * small in-child wrapper reading `process.resourceUsage().maxRSS`). Benchmarks only; never
 * imported by the tool.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** GNU time, when installed: it reports the peak resident set of the whole child. */
const GNU_TIME = "/usr/bin/time";

/** The in-child fallback (compiled next to this file). */
const WRAPPER = join(dirname(fileURLToPath(import.meta.url)), "maxrss.js");

/** One cold-process run. */
export interface ProcessRun {
  readonly ms: number;
  /** Peak resident set size in bytes. */
  readonly peakBytes: number;
  readonly status: number;
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** How peak memory is measured on this machine, for the report. */
export function memoryProbe(): string {
  return existsSync(GNU_TIME) ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS (wrapper)";
}

/**
 * Runs `node script ...args` in `cwd` as a fresh process; stdout is discarded. Throws with the
 * child's stderr when its exit status is not one of `okStatus`.
 */
export function runNode(
  script: string,
  args: readonly string[],
  cwd: string,
  okStatus: readonly number[] = [0],
): ProcessRun {
  const scratch = mkdtempSync(join(tmpdir(), "pricing-bench-rss-"));
  const report = join(scratch, "rss");
  try {
    const gnu = existsSync(GNU_TIME);
    const [cmd, argv] = gnu
      ? [GNU_TIME, ["-v", "-o", report, process.execPath, script, ...args]]
      : [process.execPath, [WRAPPER, report, script, ...args]];
    const start = performance.now();
    const child = spawnSync(cmd, argv, {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const ms = performance.now() - start;
    const status = child.status ?? -1;
    if (!okStatus.includes(status)) {
      throw new Error(
        `node ${script} ${args.join(" ")} exited ${status} in ${cwd}:\n${child.stderr?.toString() ?? ""}`,
      );
    }
    const text = existsSync(report) ? readFileSync(report, "utf8") : "";
    const kb = gnu
      ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? Number.NaN)
      : Number(text.trim());
    return { ms, peakBytes: kb * 1024, status };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a cold process `runs` times: median wall time and the highest peak memory seen. */
export function coldRuns(
  runs: number,
  script: string,
  args: readonly string[],
  cwd: string,
  before?: () => void,
): { readonly ms: number; readonly peakBytes: number; readonly samples: readonly number[] } {
  const samples: number[] = [];
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    before?.();
    const run = runNode(script, args, cwd);
    samples.push(run.ms);
    peak = Math.max(peak, run.peakBytes);
  }
  return { ms: median(samples), peakBytes: peak, samples };
}

/** Times a synchronous function `runs` times; the median and every sample, in ms. */
export function timeInProcess(
  runs: number,
  fn: () => void,
): { readonly ms: number; readonly first: number; readonly samples: readonly number[] } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), first: samples[0] ?? Number.NaN, samples };
}
