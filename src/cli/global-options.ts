/** The options every command accepts, for parsing, help and shell completion. */
import type { Format, OptionSpec } from "./context.js";
import { listWords } from "./parse.js";

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

/** The global options as a command printing `formats` offers them: its --format help names them. */
export function globalOptionsFor(formats: readonly Format[]): readonly OptionSpec[] {
  const help = listWords(formats.map((f, i) => (i === 0 ? `${f} (default)` : f)));
  return GLOBAL_OPTIONS.map((o) => (o.name === "format" ? { ...o, help } : o));
}
