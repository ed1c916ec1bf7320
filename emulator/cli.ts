/**
 * The emulator's command line, the only place its flags are declared: parsing, usage and help
 * all come from `FLAGS`. `pricing emulator` hands its raw arguments here, and so does the
 * standalone entry (`node dist/emulator/main.js`); each passes its own program name.
 *
 * `runEmulatorCli(args, out, { stderr, program })` resolves with the exit code. Without
 * `signal` it stops on SIGINT or SIGTERM.
 */
import type { FaultMode } from "./faults.js";
import type { EmulatorOptions } from "./options.js";
import { startEmulator } from "./start.js";

/** Optional streams, a stop signal and the program name for `runEmulatorCli`. */
export interface CliIo {
  /** Where usage errors go; `out` when absent. */
  readonly stderr?: NodeJS.WritableStream;
  /** Stops the emulator when aborted; SIGINT/SIGTERM when absent. */
  readonly signal?: AbortSignal;
  /** How the usage line names the command, e.g. `pricing emulator`; `emulator` when absent. */
  readonly program?: string;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

interface Draft {
  port: number;
  host: string;
  rateLimit: number | undefined;
  faultRate: number;
  faultMode: FaultMode;
  seed: number;
  quiet: boolean;
  help: boolean;
}

/** One flag: its name, the placeholder of its value (none for a switch), its help and its effect. */
interface Flag {
  readonly name: string;
  readonly value?: string;
  readonly help: string;
  readonly set: (draft: Draft, value: string) => void;
}

function numberArg(flag: string, value: string, check: (n: number) => boolean): number {
  const n = value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`invalid value for --${flag}: ${value}`);
  return n;
}

/** Every flag the emulator takes, in the order its help lists them. */
const FLAGS: readonly Flag[] = [
  {
    name: "port",
    value: "N",
    help: "port to listen on (default 12111; 0 picks a free one)",
    set: (d, v) => {
      d.port = numberArg("port", v, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
    },
  },
  {
    name: "host",
    value: "HOST",
    help: "address to bind (default 127.0.0.1)",
    set: (d, v) => {
      if (v === "") throw new UsageError("invalid value for --host: (empty)");
      d.host = v;
    },
  },
  {
    name: "rate-limit",
    value: "N",
    help: "answer 429 rate_limit above N requests per second, as Stripe does (no Stripe-Should-Retry)",
    set: (d, v) => {
      d.rateLimit = numberArg("rate-limit", v, (n) => n > 0);
    },
  },
  {
    name: "fault-rate",
    value: "F",
    help: "answer this fraction of requests (0..1) with an injected 500 or 429",
    set: (d, v) => {
      d.faultRate = numberArg("fault-rate", v, (n) => n >= 0 && n <= 1);
    },
  },
  {
    name: "fault-mode",
    value: "MODE",
    help: "before: fail without executing (500 or 429 lock_timeout; default); after: execute, then answer 500; rate_limit: 429 rate_limit",
    set: (d, v) => {
      if (v !== "before" && v !== "after" && v !== "rate_limit")
        throw new UsageError(`invalid value for --fault-mode: ${v}`);
      d.faultMode = v;
    },
  },
  {
    name: "seed",
    value: "S",
    help: "seed of the ids and of the fault injection (default 1)",
    set: (d, v) => {
      d.seed = numberArg("seed", v, Number.isInteger);
    },
  },
  {
    name: "quiet",
    help: "do not log each request",
    set: (d) => {
      d.quiet = true;
    },
  },
  {
    name: "help",
    help: "show this help",
    set: (d) => {
      d.help = true;
    },
  },
];

const DESCRIPTION =
  "Runs a stateful, in-memory Stripe API server (products, prices, billing meters, coupons, customers,\n" +
  "subscriptions, subscription schedules) for trying the whole flow offline: point a client at it (for the pricing CLI: STRIPE_API_BASE=http://127.0.0.1:12111\n" +
  "and any test key, e.g. STRIPE_API_KEY=sk_test_local). Follows Stripe's rules for immutable fields,\n" +
  "lookup keys, idempotency keys, pagination, field limits and errors; --rate-limit and --fault-rate\n" +
  "inject 429s and 500s. Outside Stripe's namespace, POST /_emulator/seed creates N subscribers and\n" +
  "POST /_emulator/clock (advance=SECONDS or to=UNIX) moves time forward. Runs until stopped (Ctrl-C).";

/** The one-line usage of the emulator under `program`. */
export function emulatorUsage(program = "emulator"): string {
  const flags = FLAGS.filter((f) => f.name !== "help").map((f) =>
    f.value === undefined ? `[--${f.name}]` : `[--${f.name} ${f.value}]`,
  );
  return `${program} ${flags.join(" ")}`;
}

/** The full help text: usage, description and one line per flag. */
export function emulatorHelp(program = "emulator"): string {
  const left = FLAGS.map((f) => `--${f.name}${f.value === undefined ? "" : ` ${f.value}`}`);
  const width = Math.max(...left.map((l) => l.length));
  return [
    `Usage: ${emulatorUsage(program)}`,
    "",
    DESCRIPTION,
    "",
    "Options:",
    ...FLAGS.map((f, i) => `  ${(left[i] ?? "").padEnd(width)}  ${f.help}`),
    "",
  ].join("\n");
}

interface CliOptions {
  readonly emulator: EmulatorOptions;
  readonly quiet: boolean;
  readonly help: boolean;
}

/** Parses the emulator's arguments (`--flag value` and `--flag=value`); throws on a bad one. */
export function parseEmulatorArgs(args: readonly string[]): CliOptions {
  const d: Draft = {
    port: 12111,
    host: "127.0.0.1",
    rateLimit: undefined,
    faultRate: 0,
    faultMode: "before",
    seed: 1,
    quiet: false,
    help: false,
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    const eq = arg.indexOf("=");
    const name = arg === "-h" ? "help" : (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--/, "");
    const flag = arg.startsWith("--") || arg === "-h" ? FLAGS.find((f) => f.name === name) : undefined;
    if (flag === undefined) throw new UsageError(`unknown argument: ${arg}`);
    if (flag.value === undefined) {
      if (eq > 0) throw new UsageError(`--${flag.name} takes no value`);
      flag.set(d, "");
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      i += 1;
      value = args[i];
    }
    if (value === undefined) throw new UsageError(`--${flag.name} needs a value`);
    flag.set(d, value);
  }
  const { port, host, rateLimit, faultRate, faultMode, seed } = d;
  return { emulator: { port, host, rateLimit, faultRate, faultMode, seed }, quiet: d.quiet, help: d.help };
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal !== undefined) {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
      return;
    }
    const onSignal = (): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/**
 * Runs the emulator's command line: prints `Stripe emulator listening on http://127.0.0.1:PORT`,
 * logs one line per request (unless `--quiet`), and resolves with the exit code once stopped:
 * 0 after a clean stop or `--help`, 2 for bad arguments, 1 when the port cannot be bound.
 */
export async function runEmulatorCli(
  args: readonly string[],
  out: NodeJS.WritableStream,
  io: CliIo = {},
): Promise<number> {
  const err = io.stderr ?? out;
  const program = io.program ?? "emulator";
  let options: CliOptions;
  try {
    options = parseEmulatorArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`${error.message}\nusage: ${emulatorUsage(program)}\n`);
    return 2;
  }
  if (options.help) {
    out.write(emulatorHelp(program));
    return 0;
  }
  const log = options.quiet ? undefined : (line: string): void => void out.write(`${line}\n`);
  let handle: Awaited<ReturnType<typeof startEmulator>>;
  try {
    handle = await startEmulator({ ...options.emulator, ...(log === undefined ? {} : { log }) });
  } catch (error) {
    err.write(`cannot start the emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  out.write(`Stripe emulator listening on ${handle.url}\n`);
  await stopped(io.signal);
  await handle.close();
  return 0;
}
