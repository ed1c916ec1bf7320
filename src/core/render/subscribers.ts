/**
 * Subscriber impact as a markdown table, text lines and JSON-ready values: per price the plan
 * replaces or archives and per currency, the active and trialing subscriptions, the monthly
 * revenue they keep on the old price (nothing migrates them) and what they would pay on the
 * new one. Without a count (the shadow backend) it says so and shows no zeros. Keys and ids
 * go through `escape.ts`. Pure.
 */
import type {
  NotCounted,
  SubscriberCurrency,
  SubscriberImpact,
  SubscriberRow,
} from "../impact/subscribers.js";
import { type Currency, parseCurrency } from "../money/currency.js";
import { formatMinor, formatMinorDelta, percentChange } from "../money/format.js";
import { markdownCode, markdownText, oneLine } from "./escape.js";

/** Rows shown in a comment at most; the JSON plan has them all. */
export const MAX_SUBSCRIBER_ROWS = 60;
/** Prices named in a comment when nothing was counted. */
const MAX_NAMED_PRICES = 20;

const NOT_COUNTED: Readonly<Record<NotCounted, string>> = {
  shadow:
    "The shadow backend has no customers, so no subscribers were counted. On the stripe backend the plan counts the active and trialing subscriptions on each price it replaces or archives, and their monthly revenue.",
  "no-permission":
    "The API key may not read subscriptions (a restricted key without read access to Subscriptions), so no subscribers were counted: they are not known to be zero.",
};

const STAY =
  "Nothing moves subscribers: they stay on the old price, which Stripe keeps billing once it is archived.";

/** `€1,234.00 / month`, with the usage-based ones named; `usage-based` when all are. */
function mrrText(c: SubscriberCurrency): string {
  const cur = parseCurrency(c.currency);
  const fixed = c.active + c.trialing - c.usageBased;
  const usage = c.usageBased > 0 ? `${c.usageBased} usage-based` : "";
  if (fixed === 0) return usage || "none";
  const amount =
    c.mrr === null || !cur ? `no amount in ${c.currency.toUpperCase()}` : `${money(c.mrr, cur)} / month`;
  return usage ? `${amount} + ${usage}` : amount;
}

/** What they would pay on the new price, with the change; empty for an archive. */
function onNewText(c: SubscriberCurrency): string {
  if (c.onNew === undefined) return "";
  if (c.onNew === "usage-based") return "usage-based";
  const cur = parseCurrency(c.currency);
  if (c.onNew === null || !cur) return `not offered in ${c.currency.toUpperCase()}`;
  const fixed = c.active + c.trialing - c.usageBased;
  if (fixed === 0) return "—";
  const now = `${money(c.onNew, cur)} / month`;
  if (c.mrr === null) return now;
  if (c.onNew === c.mrr) return `${now} (same)`;
  const pct = percentChange(c.mrr, c.onNew);
  return `${now} (${formatMinorDelta(c.onNew - c.mrr, cur)}${pct ? `, ${pct}` : ""})`;
}

function money(minor: bigint, cur: Currency): string {
  return formatMinor(minor, cur);
}

function actionText(r: SubscriberRow): string {
  return r.action === "replace" ? "replaced" : "archived";
}

/** The markdown section. */
export function subscribersMarkdown(s: SubscriberImpact): string[] {
  const out = ["#### Subscribers on replaced and archived prices", ""];
  if (!s.counted) {
    out.push(NOT_COUNTED[s.why ?? "shadow"]);
    out.push("");
    const named = s.rows.slice(0, MAX_NAMED_PRICES).map((r) => `${markdownCode(r.key)} (${actionText(r)})`);
    const more = s.rows.length - named.length;
    out.push(`Prices: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`);
    return out;
  }
  out.push(
    `Active and trialing subscriptions on each price this plan replaces or archives, and their monthly recurring revenue at list price (trials at what they pay once the trial ends; docs/impact.md). ${STAY} *On the new price* is what the same subscriptions would pay there.`,
  );
  out.push("");
  out.push(
    "| Price | Stripe id | Action | Currency | Active | Trialing | MRR, kept on the old price | MRR on the new price |",
  );
  out.push("|---|---|---|---|---|---|---|---|");
  const lines: string[] = [];
  for (const r of s.rows) {
    const head = `| ${markdownCode(r.key, { inTable: true })} | ${markdownCode(r.price, { inTable: true })} | ${markdownText(actionText(r))} |`;
    const currencies = r.count?.currencies ?? [];
    if (currencies.length === 0) {
      lines.push(`${head} — | 0 | 0 | none | ${r.action === "replace" ? "none" : "—"} |`);
      continue;
    }
    for (const c of currencies)
      lines.push(
        `${head} ${markdownText(c.currency.toUpperCase())} | ${c.active} | ${c.trialing} | ${markdownText(mrrText(c))} | ${markdownText(onNewText(c) || "—")} |`,
      );
  }
  out.push(...lines.slice(0, MAX_SUBSCRIBER_ROWS));
  const more = lines.length - MAX_SUBSCRIBER_ROWS;
  if (more > 0) {
    out.push("");
    out.push(`${more} more row${more === 1 ? "" : "s"} in the JSON plan (\`pricing plan --format json\`).`);
  }
  return out;
}

/** The text lines. */
export function subscribersText(s: SubscriberImpact): string[] {
  const out = ["Subscribers on replaced and archived prices (active and trialing; monthly revenue):"];
  if (!s.counted) {
    out.push(`  ${NOT_COUNTED[s.why ?? "shadow"]}`);
    for (const r of s.rows) out.push(`  ${oneLine(r.key)} (${oneLine(r.price)}) ${actionText(r)}`);
    return out;
  }
  out.push(`  ${STAY}`);
  for (const r of s.rows) {
    const currencies = r.count?.currencies ?? [];
    const head = `  ${oneLine(r.key)} (${oneLine(r.price)}) ${actionText(r)}:`;
    if (currencies.length === 0) out.push(`${head} no subscribers`);
    for (const c of currencies) {
      const next = onNewText(c);
      out.push(
        `${head} ${oneLine(c.currency.toUpperCase())} ${c.active} active, ${c.trialing} trialing: ${mrrText(c)} kept on the old price${next ? `; on the new price ${next}` : ""}`,
      );
    }
  }
  return out;
}

/** A whole minor-unit amount as a JSON number, or as decimal text past 2^53. */
function jsonAmount(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** JSON-ready values: minor units as integers, the formatted words beside them. */
export function subscribersJson(s: SubscriberImpact): object {
  return {
    counted: s.counted,
    ...(s.counted ? {} : { notCounted: s.why ?? "shadow", note: NOT_COUNTED[s.why ?? "shadow"] }),
    prices: s.rows.map((r) => ({
      key: r.key,
      model: r.model,
      price: r.price,
      action: r.action,
      period: r.period,
      ...(r.newPeriod !== undefined ? { newPeriod: r.newPeriod } : {}),
      ...(r.count
        ? {
            active: r.count.active,
            trialing: r.count.trialing,
            after: "stay on the old price",
            currencies: r.count.currencies.map((c) => ({
              currency: c.currency,
              active: c.active,
              trialing: c.trialing,
              usageBased: c.usageBased,
              mrr: c.mrr === null ? null : jsonAmount(c.mrr),
              mrrText: mrrText(c),
              ...(c.onNew === undefined
                ? {}
                : {
                    onNewPrice: typeof c.onNew === "bigint" ? jsonAmount(c.onNew) : null,
                    onNewPriceText: onNewText(c),
                  }),
            })),
          }
        : {}),
    })),
  };
}
