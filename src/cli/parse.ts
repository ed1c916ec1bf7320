/**
 * From a command's arguments to its context: node:util's parser over the global options and the
 * command's own, `--format` checked against what the command prints, the backend taken from the
 * state file when `--backend` is not given, and a "did you mean" for a slip of the keyboard.
 */
import { parseArgs } from "node:util";
import { closestMatch } from "../core/diagnostics/did-you-mean.js";
import { recordedBackend } from "../edge/files/recorded-backend.js";
import { useColor } from "./color.js";
import {
  type BackendName,
  type CliIo,
  type Command,
  type CommandContext,
  FORMATS,
  type Format,
  type GlobalOptions,
  type OptionSpec,
} from "./context.js";

/** A command line that cannot run: said in one line, followed by the command's usage. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The formats a command prints, its default first. */
export function formatsOf(command: Pick<Command, "formats">): readonly Format[] {
  return command.formats ?? ["text"];
}

/** `text`, `text or json`, `text, markdown or json`. */
export function listWords(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

/** `; did you mean X?` when `word` is a slip for one of `known`, else empty. */
export function didYouMean(word: string, known: readonly string[], show = (s: string) => s): string {
  const match = closestMatch(word, known);
  return match === undefined ? "" : `; did you mean ${show(match)}?`;
}

/** Parses a command's arguments; throws a UsageError for anything it cannot run. */
export function parseCommandArgs(
  command: Command,
  argv: readonly string[],
  io: CliIo,
  globals: readonly OptionSpec[],
): CommandContext {
  const specs = [...globals, ...command.options];
  const options = Object.fromEntries(
    specs.map((s) => [
      s.name,
      { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(argumentProblem(e, specs));
  }
  const { values, positionals } = parsed;
  if (positionals.length > command.positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[command.positionals.length]}"`);
  }
  const models = typeof values.models === "string" ? values.models : "models";
  const state = typeof values.state === "string" ? values.state : "state/stripe.json";
  const backend =
    values.backend === undefined
      ? (recordedBackend(state, io.cwd) ?? "shadow")
      : choice<BackendName>("backend", values.backend, ["shadow", "stripe"]);
  const global: GlobalOptions = {
    models,
    state,
    backend,
    format: formatOf(command, values.format),
    color: useColor(values["no-color"] === true, io.env, io.stdout.isTTY === true),
  };
  const workspace = {
    cwd: io.cwd,
    models,
    state,
    backend,
    env: io.env,
    allowLive: values["allow-live"] === true,
  };
  return { ...io, options: global, workspace, args: values, positionals };
}

/** The `--format` asked for, if the command prints it; its default when none is asked for. */
function formatOf(command: Command, given: unknown): Format {
  const formats = formatsOf(command);
  if (given === undefined) return formats[0] ?? "text";
  const text = String(given);
  if (formats.includes(text as Format)) return text as Format;
  if (FORMATS.includes(text as Format))
    throw new UsageError(`pricing ${command.name} prints ${listWords(formats)}, not ${text}`);
  return choice<Format>("format", text, formats);
}

function choice<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
  const text = String(value);
  if (allowed.includes(text as T)) return text as T;
  throw new UsageError(
    `--${key} must be one of ${allowed.join(", ")}, not "${text}"${didYouMean(text, allowed)}`,
  );
}

/** node:util's parse errors, said briefly, with the option meant when one is misspelt. */
function argumentProblem(e: unknown, specs: readonly OptionSpec[]): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const flag = unknown[1] ?? "";
    const suggestion = flag.startsWith("--")
      ? didYouMean(
          flag,
          specs.map((s) => `--${s.name}`),
        )
      : "";
    return `unknown option ${flag}${suggestion}`;
  }
  const missing = /^Option '(--[^ ']+)[^']*' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  return message;
}
