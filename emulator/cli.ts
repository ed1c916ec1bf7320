/**
 * `pricing emulator [--port 12111] [--host H] [--rate-limit N] [--fault-rate F]
 * [--fault-mode before|after] [--seed S] [--quiet]`: runs an emulator until stopped.
 *
 * The CLI layer calls `runEmulatorCli(args, stdout, { stderr })` and uses the resolved number
 * as the exit code. Without `signal` it stops on SIGINT or SIGTERM.
 */
import type { FaultMode } from "./faults.js";
import type { EmulatorOptions } from "./options.js";
import { startEmulator } from "./start.js";

/** Optional streams and a stop signal for `runEmulatorCli`. */
export interface CliIo {
  /** Where usage errors go; `out` when absent. */
  readonly stderr?: NodeJS.WritableStream;
  /** Stops the emulator when aborted; SIGINT/SIGTERM when absent. */
  readonly signal?: AbortSignal;
}

const USAGE =
  "usage: pricing emulator [--port 12111] [--host 127.0.0.1] [--rate-limit N] [--fault-rate F] [--fault-mode before|after] [--seed S] [--quiet]";

class UsageError extends Error {
  override readonly name = "UsageError";
}

function numberArg(flag: string, value: string | undefined, check: (n: number) => boolean): number {
  const n = value === undefined ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(`invalid value for ${flag}: ${value ?? "(missing)"}`);
  return n;
}

interface CliOptions {
  readonly emulator: EmulatorOptions;
  readonly quiet: boolean;
  readonly help: boolean;
}

/** Parses the emulator command's arguments (both `--flag value` and `--flag=value`). */
export function parseEmulatorArgs(args: readonly string[]): CliOptions {
  let port = 12111;
  let host = "127.0.0.1";
  let rateLimit: number | undefined;
  let faultRate = 0;
  let faultMode: FaultMode = "before";
  let seed = 1;
  let quiet = false;
  let help = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => {
      if (eq > 0) return arg.slice(eq + 1);
      i += 1;
      return args[i];
    };
    switch (flag) {
      case "--port":
        port = numberArg(flag, value(), (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
        break;
      case "--host":
        host = value() ?? "";
        if (host === "") throw new UsageError("invalid value for --host");
        break;
      case "--rate-limit":
        rateLimit = numberArg(flag, value(), (n) => n > 0);
        break;
      case "--fault-rate":
        faultRate = numberArg(flag, value(), (n) => n >= 0 && n <= 1);
        break;
      case "--fault-mode": {
        const mode = value();
        if (mode !== "before" && mode !== "after")
          throw new UsageError(`invalid value for --fault-mode: ${mode ?? "(missing)"}`);
        faultMode = mode;
        break;
      }
      case "--seed":
        seed = numberArg(flag, value(), Number.isInteger);
        break;
      case "--quiet":
        quiet = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  return { emulator: { port, host, rateLimit, faultRate, faultMode, seed }, quiet, help };
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
 * Runs `pricing emulator`: prints `Stripe emulator listening on http://127.0.0.1:PORT`, logs
 * one line per request (unless `--quiet`), and resolves with the exit code once stopped:
 * 0 after a clean stop, 2 for bad arguments, 1 when the port cannot be bound.
 */
export async function runEmulatorCli(
  args: readonly string[],
  out: NodeJS.WritableStream,
  io: CliIo = {},
): Promise<number> {
  const err = io.stderr ?? out;
  let options: CliOptions;
  try {
    options = parseEmulatorArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    out.write(`${USAGE}\n`);
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
