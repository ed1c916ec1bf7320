/**
 * The CLI layer: parses arguments, dispatches to a command, and turns failures into one-line
 * messages and exit codes. The only place that knows about exit codes and help text.
 */
import { formatDiagnostic } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { escapeInvisible } from "../core/render/escape.js";
import { redact } from "../edge/backend/stripe/redact.js";
import { commands } from "./commands/index.js";
import type { CliIo, Command, CommandContext, RawCommand } from "./context.js";
import { GLOBAL_OPTIONS, globalOptionsFor } from "./global-options.js";
import { commandHelp, mainHelp } from "./help.js";
import { didYouMean, formatsOf, parseCommandArgs, UsageError } from "./parse.js";

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined || topic === "-h" || topic === "--help") {
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
    if (ctx.options.backend === "stripe" && command.offline !== true) {
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
  return commandHelp(command, globalOptionsFor(formatsOf(command)));
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
