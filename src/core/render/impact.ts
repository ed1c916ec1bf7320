/**
 * Customer impact as text, markdown (a table and Mermaid bar charts, which GitHub draws) and
 * JSON-ready values. Profile names and model ids are written through `escape.ts`; in a chart
 * they are reduced to letters, digits and a little punctuation, so no name can end the chart's
 * string or its fence. Pure.
 */
import type { BillTax } from "../impact/bill.js";
import type { BillPair, Impact, ImpactRow } from "../impact/impact.js";
import { formatDecimal } from "../money/decimal.js";
import { formatMinor, formatMinorDelta, minorToMajor, percentChange } from "../money/format.js";
import { fencedBlock, markdownCode, markdownText, oneLine } from "./escape.js";

/** Rows and charts shown in a comment at most; `pricing impact` and the JSON plan have them all. */
export const MAX_COMMENT_ROWS = 120;
export const MAX_CHARTS = 4;

type Which = "first" | "steady";

/** How a bill's amounts stand to tax, as a suffix; none when the account's settings decide. */
const TAX_WORDS: Readonly<Record<BillTax, string>> = {
  inclusive: " incl. tax",
  exclusive: " + tax",
  mixed: " (some lines + tax)",
  unspecified: "",
};

/** `€43.19 / month`, `€43.19 / month incl. tax`, or `not offered`. */
function billText(row: ImpactRow, bill: BillPair | undefined, which: Which): string {
  if (!bill) return "not offered";
  const amount = formatMinor(bill[which], row.currency);
  return `${row.period === "one-time" ? amount : `${amount} / ${row.period}`}${TAX_WORDS[bill.tax]}`;
}

/** `+€2.20 (+5.4%)`, `no change`, `same amount, now incl. tax`, `new`, `no longer offered`. */
export function deltaText(row: ImpactRow, which: Which = "steady"): string {
  if (!row.before) return "new";
  if (!row.after) return "no longer offered";
  const b = row.before[which];
  const a = row.after[which];
  if (a === b && row.before.tax !== row.after.tax)
    return `same amount, tax ${row.before.tax} -> ${row.after.tax}`;
  if (a === b) return "no change";
  const pct = percentChange(b, a);
  return `${formatMinorDelta(a - b, row.currency)}${pct ? ` (${pct})` : ""}`;
}

/** `€19.00 → €22.00` when the first bill differs from the steady one on either side; else empty. */
function firstBillText(row: ImpactRow): string {
  const differs = (p?: BillPair) => p !== undefined && p.first !== p.steady;
  if (!differs(row.before) && !differs(row.after)) return "";
  if (!row.before && row.after) return formatMinor(row.after.first, row.currency);
  if (row.before && !row.after) return `was ${formatMinor(row.before.first, row.currency)}`;
  const side = (p?: BillPair) => (p ? formatMinor(p.first, row.currency) : "");
  return `${side(row.before)} → ${side(row.after)}`;
}

/** The markdown section: a sentence, the table, the charts; empty when there is nothing to show. */
export function impactMarkdown(impact: Impact): string[] {
  const out: string[] = ["#### What customers pay", ""];
  if (impact.rows.length === 0 && impact.skipped.length === 0) {
    out.push(
      impact.models.length === 0
        ? "No price or discount changes: every bill stays the same."
        : "No usage profile applies to the models whose prices change (add one under `profiles/`).",
    );
    return out;
  }
  const same = (r: ImpactRow) =>
    r.before !== undefined &&
    r.after !== undefined &&
    r.before.first === r.after.first &&
    r.before.steady === r.after.steady &&
    r.before.tax === r.after.tax;
  const rows = impact.rows.filter((r) => !same(r));
  const unchanged = impact.rows.length - rows.length;
  if (rows.length === 0 && impact.rows.length > 0) out.push("Every profile's bill stays the same.");
  if (rows.length > 0) {
    out.push(
      "Each profile's bill per billing period, before and after this change (discounts that last forever included). " +
        "*First bill* adds one-time fees and first-period discounts when it differs. " +
        "*After* is what a subscription on the new prices pays: Stripe keeps existing subscriptions on their old (archived) price until they are moved.",
    );
    out.push("");
    out.push("| Model | Profile | Before | After | Change | First bill |");
    out.push("|---|---|---|---|---|---|");
    for (const r of rows.slice(0, MAX_COMMENT_ROWS))
      out.push(
        `| ${markdownCode(r.model, { inTable: true })} | ${markdownText(r.profile)} | ${markdownText(billText(r, r.before, "steady"))} | ${markdownText(billText(r, r.after, "steady"))} | ${markdownText(deltaText(r))} | ${markdownText(firstBillText(r))} |`,
      );
    const more = rows.length - MAX_COMMENT_ROWS;
    if (more > 0) {
      out.push("");
      out.push(`${more} more changed bill${more === 1 ? "" : "s"}: run \`pricing impact\` for every one.`);
    }
    if (unchanged > 0) {
      out.push("");
      out.push(`${unchanged} other bill${unchanged === 1 ? " does" : "s do"} not change.`);
    }
  }
  for (const s of impact.skipped) {
    out.push("");
    out.push(`Not computed for ${markdownCode(s.model)}: ${markdownText(s.reason)}.`);
  }
  const charts = chartGroups(rows);
  for (const g of charts.slice(0, MAX_CHARTS)) {
    out.push("");
    out.push(...fencedBlock("mermaid", chart(g)));
  }
  if (charts.length > MAX_CHARTS) {
    out.push("");
    out.push(
      `Charts for ${charts.length - MAX_CHARTS} more model${charts.length - MAX_CHARTS === 1 ? "" : "s"} and currencies are left out here.`,
    );
  }
  return out;
}

interface ChartGroup {
  readonly model: string;
  readonly rows: readonly ImpactRow[];
}

/** One chart per model and currency whose bills change. */
function chartGroups(rows: readonly ImpactRow[]): ChartGroup[] {
  const groups = new Map<string, ImpactRow[]>();
  for (const r of rows) {
    const id = `${r.model}\u0000${r.currency}`;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  return [...groups.values()].map((rows) => ({ model: rows[0]?.model ?? "", rows }));
}

/** A name as a Mermaid string: letters, digits and `_ . - + / ( ) &` and spaces only, at most 40. */
function label(s: string): string {
  return (
    s
      .replace(/[^\p{L}\p{N} _.+/()&-]/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 40) || "?"
  );
}

/** A bar chart: each profile's steady bill before and after, side by side. */
function chart(g: ChartGroup): string[] {
  const first = g.rows[0];
  if (!first) return [];
  const cur = first.currency.toUpperCase();
  const labels: string[] = [];
  const values: string[] = [];
  // A side that is not offered has no bar (a bar at 0 would read as "free").
  for (const r of g.rows)
    for (const [side, bill] of [
      ["before", r.before],
      ["after", r.after],
    ] as const)
      if (bill) {
        labels.push(`"${label(r.profile)} ${side}"`);
        values.push(formatDecimal(minorToMajor(bill.steady, r.currency)));
      }
  return [
    "xychart-beta",
    `    title "${label(g.model)}: ${cur} per ${label(first.period)}, before and after"`,
    `    x-axis [${labels.join(", ")}]`,
    `    y-axis "${cur}"`,
    `    bar [${values.join(", ")}]`,
  ];
}

/** The text form: one line per row. */
export function impactText(impact: Impact): string[] {
  const out: string[] = ["Customer impact (bill per billing period, before -> after):"];
  if (impact.rows.length === 0)
    out.push(
      impact.models.length === 0
        ? "  No price or discount changes: every bill stays the same."
        : "  (no usage profile applies to a model whose prices change)",
    );
  for (const r of impact.rows) {
    const first = firstBillText(r);
    out.push(
      `  ${oneLine(r.model)} · ${oneLine(r.profile)}: ${billText(r, r.before, "steady")} -> ${billText(r, r.after, "steady")}  ${deltaText(r)}${first ? `  (first bill ${first.replace("→", "->")})` : ""}`,
    );
  }
  for (const s of impact.skipped) out.push(`  ${oneLine(s.model)}: not computed: ${oneLine(s.reason)}`);
  return out;
}

/** A whole minor-unit amount as a JSON number, or as decimal text past 2^53 (where a number loses digits). */
function jsonAmount(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** JSON-ready rows: minor units as Stripe counts them (integers), plus the formatted values. */
export function impactJson(impact: Impact): object {
  const side = (r: ImpactRow, p?: BillPair) =>
    p
      ? {
          first: jsonAmount(p.first),
          steady: jsonAmount(p.steady),
          firstFormatted: formatMinor(p.first, r.currency),
          steadyFormatted: formatMinor(p.steady, r.currency),
          tax: p.tax,
        }
      : null;
  return {
    models: impact.models,
    rows: impact.rows.map((r) => ({
      model: r.model,
      profile: r.profile,
      currency: r.currency,
      period: r.period,
      before: side(r, r.before),
      after: side(r, r.after),
      change: deltaText(r),
      changePercent: r.before && r.after ? (percentChange(r.before.steady, r.after.steady) ?? null) : null,
    })),
    skipped: impact.skipped,
    unusedProfiles: impact.unused,
  };
}
