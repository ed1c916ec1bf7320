/**
 * The body of the sticky plan comment: a hidden marker that finds the comment again on the
 * next push, then the plan; a plan over GitHub's comment limit is cut at a line, its open code
 * fence and `<details>` closed, and a note points at the artifact holding it whole. Pure.
 */

/** The hidden marker the sticky comment is found by. */
export const PLAN_MARKER = "<!-- adaptive-pricing:plan -->";

/** GitHub refuses comment bodies longer than this many characters. */
export const COMMENT_LIMIT = 65_536;

/** Where the whole plan can be found when the comment is shortened. */
export interface ArtifactHint {
  /** The artifact's name, e.g. `pricing-plan`. */
  readonly name: string;
  /** The workflow run that uploaded it, when known. */
  readonly runUrl?: string;
}

/** A comment body ready to post. */
export interface StickyBody {
  readonly body: string;
  readonly truncated: boolean;
  /** Length of the text given, before the marker was added or anything was cut. */
  readonly originalLength: number;
}

/** The marker, then `text`; shortened with a note when the result would exceed `limit`. */
export function stickyBody(text: string, artifact: ArtifactHint, limit: number = COMMENT_LIMIT): StickyBody {
  const content = withFinalNewline(
    text.startsWith(PLAN_MARKER) ? text.slice(PLAN_MARKER.length).replace(/^\n/, "") : text,
  );
  const head = `${PLAN_MARKER}\n`;
  const whole = head + content;
  if (whole.length <= limit) return { body: whole, truncated: false, originalLength: text.length };
  const tail = `\n---\n\n${truncationNote(text.length, artifact, limit)}\n`;
  let budget = limit - head.length - tail.length;
  if (budget < 0) throw new RangeError(`a comment limit of ${limit} leaves no room for the plan`);
  for (;;) {
    const kept = cutAtLine(content, budget);
    const body = head + kept + closers(kept) + tail;
    if (body.length <= limit) return { body, truncated: true, originalLength: text.length };
    budget -= body.length - limit;
  }
}

/** The note under a shortened plan. */
export function truncationNote(
  length: number,
  artifact: ArtifactHint,
  limit: number = COMMENT_LIMIT,
): string {
  const where = artifact.runUrl ? `[this workflow run](${artifact.runUrl})` : "this workflow run";
  return (
    `> [!NOTE]\n` +
    `> This plan is ${grouped(length)} characters, over GitHub's limit of ${grouped(limit)} for a comment, ` +
    `so it is shortened here. The whole plan is the \`${artifact.name}\` artifact of ${where}.`
  );
}

/**
 * At most `budget` characters of `text`, ending at a line break when there is one to end at; and
 * before the last `####` section heading (a model's section in a plan) when that keeps at least
 * half of it, so the comment ends on whole sections rather than on a table's header.
 */
function cutAtLine(text: string, budget: number): string {
  if (budget <= 0) return "";
  let cut = text.slice(0, budget);
  const lastBreak = cut.lastIndexOf("\n");
  if (lastBreak >= 0) cut = cut.slice(0, lastBreak + 1);
  else if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const section = cut.lastIndexOf("\n#### ");
  if (section >= cut.length / 2 && !insideFence(cut.slice(0, section + 1))) cut = cut.slice(0, section + 1);
  return withFinalNewline(cut);
}

/** True when `text` ends inside an open code fence. */
function insideFence(text: string): boolean {
  return closers(text).includes("`");
}

/**
 * What closes the code fence and `<details>` blocks left open in `text`. A fence is closed by a
 * line of at least as many backticks as opened it (plans lengthen a fence around values holding
 * backticks), and nothing inside a fence counts.
 */
function closers(text: string): string {
  const lines = text.split("\n");
  let fence = "";
  let details = 0;
  for (const line of lines) {
    const run = /^(`{3,})(.*)$/.exec(line);
    if (fence !== "") {
      if (run && (run[1] ?? "").length >= fence.length && (run[2] ?? "").trim() === "") fence = "";
    } else if (run) fence = run[1] ?? "";
    else if (line.startsWith("<details>")) details++;
    else if (line.startsWith("</details>")) details = Math.max(0, details - 1);
  }
  return (fence !== "" ? `${fence}\n` : "") + "\n</details>\n".repeat(details);
}

function withFinalNewline(s: string): string {
  return s === "" || s.endsWith("\n") ? s : `${s}\n`;
}

function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
