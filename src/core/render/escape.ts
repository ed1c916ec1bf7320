/**
 * Escaping for every context a renderer puts text a model author (or a state file, which a pull
 * request can edit too) controls: one line of plain text, markdown text and table cells, inline
 * code, HTML, and fenced code blocks. The structure of a rendered plan must never depend on
 * content: after escaping, a value cannot end a line, a table row, a code span, a fence or an
 * HTML block, nor open a heading, a link, an image or an HTML tag; and printed in a CI log, it
 * cannot be read as a workflow command. Pure; no IO.
 *
 * The annotations we mean to print (`::error file=...::message`) are built and escaped beside
 * their only user, in `edge/github/annotations.ts`.
 */
import { escapeUTF8 } from "entities/escape";

/**
 * Characters that must never reach output raw: C0 and C1 controls (line breaks, tab, ESC that
 * starts terminal sequences, NUL), DEL, the Unicode line and paragraph separators, and the bidi
 * embedding, override and isolate controls that reorder what a reviewer sees.
 */
// Built from a string: a regex literal with control characters trips the linter, on purpose.
const INVISIBLE_CLASS = "[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff]";
const INVISIBLE = new RegExp(INVISIBLE_CLASS);
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, "g");
/** A UTF-16 surrogate without its pair, which is no character at all. */
const LONE_SURROGATE_ONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE = new RegExp(LONE_SURROGATE_ONE.source, "g");

/**
 * What the Actions runner reads as a workflow command in a log line (actions/runner,
 * `ActionCommand.cs`): `::command ...::` at the start of the line after leading whitespace, and
 * the older `##[command]` anywhere in it. A single leading `:` counts, because renderers follow a
 * value with `:` (`path: value`, `file:line:col`).
 */
const WORKFLOW_COMMAND = /^\s*:|##\[/;

/** True when `s` holds a character {@link oneLine} must escape. */
export function hasInvisible(s: string): boolean {
  return INVISIBLE.test(s) || LONE_SURROGATE_ONE.test(s);
}

/**
 * `s` on one visible line: returned as is when it has no control, separator or bidi character
 * (nor a lone surrogate) and does not start or carry a workflow command; otherwise as a JSON string
 * literal (`"a\nb"`), with the characters JSON leaves raw also written `\uXXXX`. Unambiguous: a
 * value that needed escaping is shown quoted; and put at the start of a log line, it cannot be
 * read as `::error` by the Actions runner.
 */
export function oneLine(s: string): string {
  return hasInvisible(s) || WORKFLOW_COMMAND.test(s) ? escapeInvisible(JSON.stringify(s)) : s;
}

/**
 * Writes every invisible character of `s` (see {@link oneLine}) and every lone surrogate as
 * `\uXXXX`, in place, and the `[` of `##[` (an old-style workflow command anywhere in a log
 * line) as `\u005b`. For text that is already a JSON literal (JSON.stringify leaves C1, the
 * separators and bidi controls raw), or must keep its shape.
 */
export function escapeInvisible(s: string): string {
  return s
    .replace(INVISIBLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/##\[/g, "##\\u005b");
}

/**
 * Characters with a meaning inside a markdown line (CommonMark and GitHub's extensions):
 * backslash escapes, code spans, emphasis, links and images, autolinks and HTML, entities, table
 * cells, strikethrough and math. Each is ASCII punctuation, which CommonMark lets any backslash
 * escape. `_` inside a word cannot open or close emphasis, so `unit_amount` is left as it is.
 */
const MARKDOWN_INLINE = /[\\`*[\]<>&|~$!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/**
 * `s` as literal markdown text on one line, safe in a paragraph and in a table cell. Never put
 * it at the start of a line: block markers (`#`, `>`, `-`, `1.`) are not escaped.
 */
export function markdownText(s: string): string {
  // An `@name` from a model would notify that GitHub user or team: a zero-width space after the
  // `@` keeps the text and drops the mention (an e-mail address, `a@b`, is left alone).
  return oneLine(s)
    .replace(MARKDOWN_INLINE, "\\$&")
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "$1@\u200b");
}

/**
 * `s` as an inline code span on one line: delimited by more backticks than its longest run of
 * backticks, padded with a space when it starts or ends with a backtick or a space (CommonMark
 * strips one each side). `inTable` also writes `|` as `\|`, which GitHub reads as a pipe even
 * inside code in a table cell, after doubling every backslash: a table row is split before code
 * is parsed, and parsers disagree on `\\|` (GitHub splits the cell there, markdown-it does not).
 * A backslash in code in a table therefore shows doubled; the row stays whole.
 */
export function markdownCode(s: string, options: { readonly inTable?: boolean } = {}): string {
  let text = oneLine(s);
  if (options.inTable) text = text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
  if (text === "") return "` `";
  const ticks = "`".repeat(longestRun(text, "`") + 1);
  // CommonMark strips one space each side unless the content is all spaces.
  const pad = /^[` ]|[` ]$/.test(text) && !/^ +$/.test(text) ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * `s` as HTML text on one line (inside `<summary>`, `<code>`, an attribute): `&`, `<`, `>`, `"`
 * and `'` as entities. One line matters too: a blank line would end GitHub's HTML block and
 * hand the rest to markdown.
 */
export function htmlText(s: string): string {
  return escapeUTF8(oneLine(s));
}

/**
 * A fenced code block: each line made one visible line ({@link escapeInvisible}), and a fence of
 * more backticks than the longest run in any line, so no content closes it (a closing fence must
 * be at least as long as the opening one).
 */
export function fencedBlock(info: string, lines: readonly string[]): string[] {
  const body = lines.map(escapeInvisible);
  const fence = "`".repeat(Math.max(3, ...body.map((l) => longestRun(l, "`") + 1)));
  return [`${fence}${oneLine(info).replace(/[`\s]/g, "")}`, ...body, fence];
}

/** The length of the longest run of `c` in `s`. */
function longestRun(s: string, c: string): number {
  let longest = 0;
  let run = 0;
  for (const ch of s) {
    run = ch === c ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
