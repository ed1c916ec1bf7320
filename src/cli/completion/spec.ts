/**
 * What shell completion knows of the command table: every command with its options (the global
 * ones included), the formats it prints and its positionals. Built from the same table as the
 * help, so a new command or option completes without another edit. Pure.
 */
import type { Command, OptionSpec, RawCommand } from "../context.js";
import { globalOptionsFor } from "../global-options.js";
import { formatsOf } from "../parse.js";

/** One command as a completion script sees it. */
export interface CompletedCommand {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  readonly formats: readonly string[];
  readonly positionals: readonly string[];
}

/** The commands to complete, `help` included; a raw command (the emulator) completes `--help` only. */
export function completedCommands(commands: readonly (Command | RawCommand)[]): CompletedCommand[] {
  const help: OptionSpec = { name: "help", type: "boolean", short: "h", help: "show help for the command" };
  return [
    ...commands.map((c) =>
      "raw" in c
        ? { name: c.name, summary: c.summary, options: [help], formats: [], positionals: [] }
        : {
            name: c.name,
            summary: c.summary,
            options: [...c.options, ...globalOptionsFor(formatsOf(c))],
            formats: formatsOf(c),
            positionals: c.positionals,
          },
    ),
    {
      name: "help",
      summary: "show the help of pricing or of a command",
      options: [],
      formats: [],
      positionals: ["command"],
    },
  ];
}

/** How an option's value completes: a folder, a file, one of a few words, or nothing to offer. */
export type ValueCompletion =
  | { readonly kind: "none" }
  | { readonly kind: "folder" }
  | { readonly kind: "file" }
  | { readonly kind: "words"; readonly words: readonly string[] };

/** What follows a valued option of a command. */
export function valueCompletion(option: OptionSpec, command: CompletedCommand): ValueCompletion {
  if (option.type === "boolean") return { kind: "none" };
  if (option.name === "format") return { kind: "words", words: command.formats };
  if (option.name === "backend") return { kind: "words", words: ["shadow", "stripe"] };
  if (option.value === "DIR") return { kind: "folder" };
  if (option.value?.startsWith("FILE")) return { kind: "file" };
  return { kind: "none" };
}
