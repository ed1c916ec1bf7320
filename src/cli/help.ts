/**
 * Help text for `pricing help` and `pricing <command> --help`. Pure string building.
 */
import type { Command, OptionSpec } from "./context.js";

/** The overview: every command with its one-line summary. */
export function mainHelp(
  commands: readonly Pick<Command, "name" | "summary">[],
  globals: readonly OptionSpec[],
): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "pricing: Stripe pricing as code. Models in models/ are the source of truth; Stripe executes them.",
    "",
    "Usage: pricing <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    ...optionLines(globals),
    "",
    "Run `pricing <command> --help` for a command's options.",
    "",
  ].join("\n");
}

/** One command's usage, description and options. */
export function commandHelp(command: Command, globals: readonly OptionSpec[]): string {
  return [
    `Usage: ${command.usage}`,
    "",
    command.description,
    "",
    ...(command.options.length > 0 ? ["Options:", ...optionLines(command.options), ""] : []),
    "Global options:",
    ...optionLines(globals),
    "",
  ].join("\n");
}

function optionLines(options: readonly OptionSpec[]): string[] {
  const flags = options.map(
    (o) => `${o.short ? `-${o.short}, ` : ""}--${o.name}${o.value ? ` ${o.value}` : ""}`,
  );
  const width = Math.max(...flags.map((f) => f.length));
  return options.map(
    (o, i) => `  ${(flags[i] ?? "").padEnd(width)}  ${o.help}${o.multiple ? " (repeatable)" : ""}`,
  );
}
