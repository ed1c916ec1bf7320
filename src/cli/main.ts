/**
 * The CLI layer: parses arguments, dispatches to a command, and turns failures into one-line
 * messages and exit codes. The only place that knows about exit codes and help text.
 */
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { escapeInvisible } from "../core/render/escape.js";
import { redact } from "../edge/backend/stripe/redact.js";
import { commands } from "./commands/index.js";
import type {
  BackendName,
  CliIo,
  Command,
  CommandContext,
  Format,
  GlobalOptions,
  OptionSpec,
} from "./context.js";
import { commandHelp, mainHelp } from "./help.js";

/** Options every command accepts, with their defaults. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "models", type: "string", value: "DIR", help: "folder of the pricing models (default: models)" },
  { name: "state", type: "string", value: "FILE", help: "shadow state file (default: state/stripe.json)" },
  { name: "backend", type: "string", value: "NAME", help: "shadow (default, no network) or stripe" },
  { name: "format", type: "string", value: "FORMAT", help: "text (default), markdown or json" },
  { name: "no-color", type: "boolean", help: "never colour the output (NO_COLOR is honoured too)" },
  {
    name: "allow-live",
    type: "boolean",
    help: "let the stripe backend use a live-mode key (state must be a live account's)",
  },
  { name: "help", type: "boolean", help: "show help for the command" },
];

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    const command = topic ? commands.find((c) => c.name === topic) : undefined;
    if (command && "raw" in command) return command.run(["--help"], io);
    io.stdout.write(command ? commandHelp(command, GLOBAL_OPTIONS) : mainHelp(commands, GLOBAL_OPTIONS));
    return topic && !command ? usageError(io, `unknown command "${topic}"`) : 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${await version()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return usageError(io, `unknown command "${name}"; run \`pricing help\` for the list`);
  if ("raw" in command) return command.run(rest, io);
  let ctx: CommandContext;
  try {
    ctx = parseCommandArgs(command, rest, io);
  } catch (e) {
    return usageError(io, `${argumentProblem(e)}\n  usage: ${command.usage}`);
  }
  if (ctx.args.help === true) {
    io.stdout.write(commandHelp(command, GLOBAL_OPTIONS));
    return 0;
  }
  try {
    if (ctx.options.backend === "stripe") {
      // Before any child process or request: a refused live key never reaches one.
      const { guardLiveKeyEarly } = await import("../edge/backend/stripe/settings.js");
      guardLiveKeyEarly(ctx.env, ctx.args["allow-live"] === true, ctx.options.state, ctx.cwd);
    }
    return await command.run(ctx);
  } catch (e) {
    return reportFailure(io, e);
  }
}

function parseCommandArgs(command: Command, argv: readonly string[], io: CliIo): CommandContext {
  const specs = [...GLOBAL_OPTIONS, ...command.options];
  const options = Object.fromEntries(
    specs.map((s) => [s.name, { type: s.type, ...(s.multiple ? { multiple: true } : {}) }]),
  );
  const { values, positionals } = parseArgs({
    args: [...argv],
    options,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > command.positionals.length) {
    throw new Error(`unexpected argument "${positionals[command.positionals.length]}"`);
  }
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = values[key];
    if (v === undefined) return fallback;
    if (!allowed.includes(v as T))
      throw new Error(`--${key} must be one of ${allowed.join(", ")}, not "${String(v)}"`);
    return v as T;
  };
  const global: GlobalOptions = {
    models: typeof values.models === "string" ? values.models : "models",
    state: typeof values.state === "string" ? values.state : "state/stripe.json",
    backend: pick<BackendName>("backend", ["shadow", "stripe"], "shadow"),
    format: pick<Format>("format", ["text", "markdown", "json"], "text"),
    color: values["no-color"] !== true && io.env.NO_COLOR === undefined && io.stdout.isTTY === true,
  };
  const workspace = {
    cwd: io.cwd,
    models: global.models,
    state: global.state,
    backend: global.backend,
    env: io.env,
    allowLive: values["allow-live"] === true,
  };
  return { ...io, options: global, workspace, args: values, positionals };
}

/** node:util's parse errors, said briefly. */
function argumentProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(--[^ ']+)[^']*' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message;
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`error: ${message}\n`);
  return 1;
}

function reportFailure(io: CliIo, e: unknown): number {
  // Whatever failed, an API key never reaches the terminal or a CI log, and a file name or key
  // quoted in the message cannot start a line of its own (a fake `::error` workflow command).
  const clean = (message: string) => escapeInvisible(redact(message, io.env.STRIPE_API_KEY ?? ""));
  if (e instanceof PricingError) {
    for (const d of e.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    io.stderr.write(`error: ${clean(e.message)}\n`);
    return 1;
  }
  if (e instanceof Error && e.constructor.name.startsWith("Stripe")) {
    io.stderr.write(`error: Stripe: ${clean(e.message)}\n`);
    return 1;
  }
  const detail =
    e instanceof Error
      ? io.env.PRICING_DEBUG
        ? redact(e.stack ?? e.message, io.env.STRIPE_API_KEY ?? "")
        : clean(e.message)
      : clean(String(e));
  io.stderr.write(
    `error: unexpected failure: ${detail}\n  (this is a bug; set PRICING_DEBUG=1 for a stack trace and report it)\n`,
  );
  return 1;
}

async function version(): Promise<string> {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { packageRoot } = await import("../edge/files/package-root.js");
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string })
    .version;
}
