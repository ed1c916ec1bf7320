/**
 * Subscriber impact: for every price a plan replaces or archives, the active and trialing
 * subscriptions on it (as the backend listed them) and their monthly recurring revenue per
 * currency, before and after. Nothing migrates subscribers today (grandfathering): after the
 * plan they stay on the old price and keep paying it; for a replaced price the same
 * subscriptions are also priced on the new one, so a reviewer sees the revenue at stake.
 * The counts are data handed in (like the impact's profiles); this file lists nothing. Pure.
 */
import { compareText } from "../diagnostics/diagnostic.js";
import { isJsonObject, type JsonObject } from "../json/json.js";
import { parseCurrency } from "../money/currency.js";
import type { Plan } from "../plan/types.js";
import type { State, StripeId } from "../state/types.js";
import { computeBill } from "./bill.js";
import { pricingIn, readBook, text } from "./book.js";
import { addMonthly, type MonthlyAmount, monthly, NO_MRR, roundMonthly } from "./mrr.js";

/** The statuses counted: a subscription that pays or will pay when its trial ends. */
export const COUNTED_STATUSES = ["active", "trialing"] as const;

/** A counted status. */
export type CountedStatus = (typeof COUNTED_STATUSES)[number];

/** One subscription item on a listed price, as the backend found it. */
export interface SubscriberLine {
  readonly subscription: string;
  readonly status: CountedStatus;
  /** The price the item is on (one of those asked for). */
  readonly price: string;
  /** The subscription's currency (a price may bill in several through its currency options). */
  readonly currency: string;
  /** The item's quantity; null for a metered item (Stripe gives it none). */
  readonly quantity: number | null;
}

/** Why nothing was counted: the shadow backend has no customers; the API key may not read subscriptions. */
export type NotCounted = "shadow" | "no-permission";

/** What the backend knows of subscribers: their items, or why it cannot tell. */
export type ObservedSubscribers =
  | { readonly counted: true; readonly lines: readonly SubscriberLine[] }
  | { readonly counted: false; readonly why: NotCounted };

/** A price the plan replaces or archives: the one its subscribers are on. */
export interface AffectedPrice {
  readonly id: StripeId;
  readonly key: string;
  readonly model: string;
  readonly action: "replace" | "archive";
  /** For a replace (or the reactivation that takes its place): the new price's fields. */
  readonly successor?: JsonObject;
}

/** The prices of `plan` that lose their place: replaced, archived, or taken over by a reactivation. */
export function affectedPrices(plan: Plan): AffectedPrice[] {
  const out: AffectedPrice[] = [];
  for (const op of plan.operations) {
    if (op.type !== "price") continue;
    const fields = op.fields as unknown as JsonObject | undefined;
    if ((op.action === "replace" || op.action === "archive") && op.id !== undefined)
      out.push({
        id: op.id,
        key: op.key,
        model: op.model,
        action: op.action,
        ...(op.action === "replace" && fields ? { successor: fields } : {}),
      });
    else if (op.action === "reactivate" && op.replaces !== undefined)
      out.push({
        id: op.replaces,
        key: op.key,
        model: op.model,
        action: "replace",
        ...(fields ? { successor: fields } : {}),
      });
  }
  return out.sort((a, b) => compareText(a.key, b.key) || compareText(a.id, b.id));
}

/** The subscriptions of one currency on a price, and what they pay a month. */
export interface SubscriberCurrency {
  readonly currency: string;
  readonly active: number;
  readonly trialing: number;
  /** Of them, on a metered item: they pay for usage, no fixed amount. */
  readonly usageBased: number;
  /** Whole minor units a month of the others, on the price they stay on; null when the price has no amount in this currency. */
  readonly mrr: bigint | null;
  /**
   * The same subscriptions (same quantities) on the new price, for a replace: minor units a
   * month; `usage-based` when the new price is metered; null when it is not offered in this currency.
   */
  readonly onNew?: bigint | "usage-based" | null;
}

/** What was counted on one affected price. */
export interface SubscriberCount {
  readonly active: number;
  readonly trialing: number;
  /** Per currency, sorted by code. */
  readonly currencies: readonly SubscriberCurrency[];
}

/** One affected price and its subscribers (no count when the backend has none to count). */
export interface SubscriberRow {
  readonly key: string;
  readonly model: string;
  readonly price: StripeId;
  readonly action: "replace" | "archive";
  /** The old price's billing period (`month`, `year`, `3 months`), or `one-time`. */
  readonly period: string;
  /** The new price's period, for a replace. */
  readonly newPeriod?: string;
  readonly count?: SubscriberCount;
}

/** The subscriber impact of a plan. */
export interface SubscriberImpact {
  /** False when the backend could not count (see `why`): rows carry no counts. */
  readonly counted: boolean;
  readonly why?: NotCounted;
  readonly rows: readonly SubscriberRow[];
}

/** The subscribers of each affected price of `plan`, made against `state`, from what the backend found. */
export function computeSubscribers(
  plan: Plan,
  state: State,
  observed: ObservedSubscribers,
): SubscriberImpact {
  const byId = new Map(state.objects.map((o) => [o.id as string, o]));
  const linesOf = new Map<string, SubscriberLine[]>();
  if (observed.counted)
    for (const l of observed.lines) linesOf.set(l.price, [...(linesOf.get(l.price) ?? []), l]);
  const rows = affectedPrices(plan).map((p): SubscriberRow => {
    const fields = byId.get(p.id)?.fields ?? {};
    const row = {
      key: p.key,
      model: p.model,
      price: p.id,
      action: p.action,
      period: periodOf(fields),
      ...(p.successor ? { newPeriod: periodOf(p.successor) } : {}),
    };
    if (!observed.counted) return row;
    return { ...row, count: countOf(p, fields, linesOf.get(p.id) ?? []) };
  });
  return observed.counted ? { counted: true, rows } : { counted: false, why: observed.why, rows };
}

function countOf(p: AffectedPrice, fields: JsonObject, lines: readonly SubscriberLine[]): SubscriberCount {
  const seen = new Map<string, SubscriberLine>();
  for (const l of lines) if (!seen.has(l.subscription)) seen.set(l.subscription, l);
  const unique = [...seen.values()];
  const currencies = [...new Set(unique.map((l) => l.currency))].sort(compareText);
  return {
    active: unique.filter((l) => l.status === "active").length,
    trialing: unique.filter((l) => l.status === "trialing").length,
    currencies: currencies.map((currency) => {
      const mine = unique.filter((l) => l.currency === currency);
      const before = revenue(fields, currency, mine);
      return {
        currency,
        active: mine.filter((l) => l.status === "active").length,
        trialing: mine.filter((l) => l.status === "trialing").length,
        usageBased: before.usageBased,
        mrr: before.mrr,
        ...(p.action === "replace" ? { onNew: onNew(p.successor, currency, mine) } : {}),
      };
    }),
  };
}

function onNew(
  successor: JsonObject | undefined,
  currency: string,
  lines: readonly SubscriberLine[],
): bigint | "usage-based" | null {
  if (!successor) return null;
  if (metered(successor)) return "usage-based";
  // The metered subscribers of the old price have no quantity to price the new one with.
  return revenue(
    successor,
    currency,
    lines.filter((l) => l.quantity !== null),
  ).mrr;
}

/** What `lines` pay a month on the price with `fields`, in `currency`; metered items counted apart. */
function revenue(
  fields: JsonObject,
  currency: string,
  lines: readonly SubscriberLine[],
): { readonly mrr: bigint | null; readonly usageBased: number } {
  const isMetered = metered(fields);
  const fixed = lines.filter((l) => !isMetered && l.quantity !== null);
  const usageBased = lines.length - fixed.length;
  const cur = parseCurrency(currency);
  const price = readBook([{ key: "price", type: "price", fields }], () => undefined).prices[0];
  const pricing = cur && price ? pricingIn(price, cur) : undefined;
  const r = price?.recurring;
  if (fixed.length === 0) return { mrr: pricing && r ? 0n : null, usageBased };
  if (!pricing || !r) return { mrr: null, usageBased };
  let total: MonthlyAmount = NO_MRR;
  for (const l of fixed) {
    const amount = computeBill([{ key: l.subscription, pricing, quantity: BigInt(l.quantity ?? 0) }]).total;
    const m = monthly(amount, r.interval, r.count);
    if (!m) return { mrr: null, usageBased };
    total = addMonthly(total, m);
  }
  return { mrr: roundMonthly(total), usageBased };
}

function metered(fields: JsonObject): boolean {
  const r = fields.recurring;
  return isJsonObject(r) && r.usage_type === "metered";
}

/** `month`, `year`, `3 months`, or `one-time`. */
function periodOf(fields: JsonObject): string {
  const r = fields.recurring;
  if (!isJsonObject(r)) return "one-time";
  const interval = text(r.interval);
  const count = typeof r.interval_count === "number" ? r.interval_count : 1;
  return count === 1 ? interval : `${count} ${interval}s`;
}
