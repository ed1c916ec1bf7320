/**
 * What every command receives: its streams, environment, working directory and the parsed
 * global options. Commands write only through these, never through `console` or `process`.
 */

/** A stream a command can write to. */
export interface Writer {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The process surroundings, injected so the CLI can be driven in-process by tests. */
export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Resolves when the user asks a long-running command to stop (Ctrl-C); defaults to SIGINT/SIGTERM. */
  readonly stopSignal?: Promise<void>;
  /** Resolves when stdout's reader has gone (`pricing watch | head`): a long-running command stops. */
  readonly outputGone?: Promise<void>;
  /**
   * Asks the person at the terminal a question and resolves to the answer; absent when nobody
   * can answer (no terminal on stdin, as in CI), so commands never wait for input there.
   */
  readonly ask?: (question: string) => Promise<string>;
}

/** Output formats of the contract. */
export type Format = "text" | "markdown" | "json";

/** Every format, in the order help lists them. */
export const FORMATS: readonly Format[] = ["text", "markdown", "json"];

import type { BackendName, Workspace } from "../app/workspace.js";

export type { BackendName };

/** Options every command accepts. */
export interface GlobalOptions {
  readonly models: string;
  readonly state: string;
  readonly backend: BackendName;
  readonly format: Format;
  readonly color: boolean;
}

/** A command's view of the world. */
export interface CommandContext extends CliIo {
  readonly options: GlobalOptions;
  /** Where the command operates, from the global options and the environment. */
  readonly workspace: Workspace;
  /** The command's own arguments, after the global options were taken out. */
  readonly args: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** An option a command takes, for parsing and for its help text. */
export interface OptionSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  /** A one-letter alias (`h` for `-h`). */
  readonly short?: string;
  readonly value?: string;
  readonly help: string;
}

/** One `pricing` command. Returns its exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /**
   * The `--format` values the command honours, the first being the default; any other is
   * refused before the command runs. Text only when absent.
   */
  readonly formats?: readonly Format[];
  /**
   * True for a command that never opens the backend (validate, history, fmt, ...): the live-key
   * check before the command runs is skipped, so a state recording a live account does not make
   * `pricing validate` ask for `--allow-live`.
   */
  readonly offline?: boolean;
  /** Names of positional arguments, `[]` when none are taken. */
  readonly positionals: readonly string[];
  run(ctx: CommandContext): Promise<number>;
}

/**
 * A command that parses its own arguments (the emulator, whose flags live in `emulator/`): it
 * receives them unparsed, and `--help` / `pricing help <name>` are answered by it too.
 */
export interface RawCommand {
  readonly name: string;
  readonly summary: string;
  readonly raw: true;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
