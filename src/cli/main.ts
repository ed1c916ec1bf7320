/**
 * The CLI layer: parses arguments, dispatches to a command, and turns failures into one-line
 * messages and exit codes. The only place that knows about exit codes and help text.
 */
import { formatDiagnostic } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { escapeInvisible } from "../core/render/escape.js";
import { redact } from "../edge/backend/stripe/redact.js";
import { commands } from "./commands/index.js";
import type { CliIo, Command, CommandContext, OptionSpec, RawCommand } from "./context.js";
import { commandHelp, mainHelp } from "./help.js";
import { didYouMean, formatsOf, listWords, parseCommandArgs, UsageError } from "./parse.js";

/** Options every command accepts, with their defaults. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "models", type: "string", value: "DIR", help: "folder of the pricing models (default: models)" },
  { name: "state", type: "string", value: "FILE", help: "shadow state file (default: state/stripe.json)" },
  {
    name: "backend",
    type: "string",
    value: "NAME",
    help: "shadow (no network) or stripe (default: the one the state file records, else shadow)",
  },
  { name: "format", type: "string", value: "FORMAT", help: "text (default), markdown or json" },
  {
    name: "no-color",
    type: "boolean",
    help: "never colour the output (a non-empty NO_COLOR does the same; FORCE_COLOR=1 colours a pipe)",
  },
  {
    name: "allow-live",
    type: "boolean",
    help: "let the stripe backend use a live-mode key (state must be a live account's)",
  },
  { name: "help", type: "boolean", short: "h", help: "show help for the command" },
];

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout.write(mainHelp(commands, GLOBAL_OPTIONS));
      return 0;
    }
    const command = findCommand(topic);
    if (!command) return usageError(io, unknownCommand(topic));
    if ("raw" in command) return command.run(["--help"], io);
    io.stdout.write(helpOf(command));
    return 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${await version()}\n`);
    return 0;
  }
  const command = findCommand(name);
  if (!command) return usageError(io, unknownCommand(name));
  if ("raw" in command) return command.run(rest, io);
  let ctx: CommandContext;
  try {
    ctx = parseCommandArgs(command, rest, io, GLOBAL_OPTIONS);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, `${e.message}\n  usage: ${command.usage}`);
    return reportFailure(io, e);
  }
  if (ctx.args.help === true) {
    io.stdout.write(helpOf(command));
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

function findCommand(name: string): Command | RawCommand | undefined {
  return commands.find((c) => c.name === name);
}

function unknownCommand(name: string): string {
  const suggestion = didYouMean(
    name,
    commands.map((c) => c.name),
    (s) => `\`pricing ${s}\``,
  );
  return `unknown command "${name}"${suggestion || "; run `pricing help` for the list"}`;
}

/** A command's help, its --format line naming the formats it prints. */
function helpOf(command: Command): string {
  const formats = formatsOf(command);
  const globals = GLOBAL_OPTIONS.map((o) =>
    o.name === "format"
      ? { ...o, help: `${listWords(formats.map((f, i) => (i === 0 ? `${f} (default)` : f)))}` }
      : o,
  );
  return commandHelp(command, globals);
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
