/**
 * Customer impact: for every model whose prices or discount change, what each usage profile
 * pays per billing period before and after, per currency, for the first bill (one-time fees
 * and any discount) and in the steady state (recurring lines; a discount only if it lasts
 * forever). Before is the state's active objects, after the plan's desired fields. Pure.
 */
import { compareText } from "../diagnostics/diagnostic.js";
import type { JsonObject } from "../json/json.js";
import type { Currency } from "../money/currency.js";
import type { Plan } from "../plan/types.js";
import type { State } from "../state/types.js";
import { REF_PREFIX } from "../stripe/desired-object.js";
import { type BillLine, type BillTax, computeBill } from "./bill.js";
import { type Book, type BookObject, discountIn, pricingIn, readBook, taxIn } from "./book.js";
import type { UsageProfile } from "./profile.js";

/** One bill: the first period's and the steady state's total, in whole minor units. */
export interface BillPair {
  readonly first: bigint;
  readonly steady: bigint;
  /** Whether the bill's amounts include tax or have it added on top (see `BillTax`). */
  readonly tax: BillTax;
}

/** One row: a profile's bill for one model in one currency, before and after the plan. */
export interface ImpactRow {
  readonly model: string;
  readonly profile: string;
  readonly currency: Currency;
  /** The billing period, e.g. `month`, `year`, `3 months`. */
  readonly period: string;
  /** Absent when the model (or this currency) is not offered before the plan. */
  readonly before?: BillPair;
  /** Absent when the model (or this currency) is no longer offered after it. */
  readonly after?: BillPair;
}

/** A model whose bills could not be computed, and why. */
export interface ImpactSkip {
  readonly model: string;
  readonly reason: string;
}

/** The customer impact of a plan. */
export interface Impact {
  /** The models whose prices or discount the plan changes (every model with `all`), sorted. */
  readonly models: readonly string[];
  readonly rows: readonly ImpactRow[];
  readonly skipped: readonly ImpactSkip[];
  /** Profiles that apply to no changed model. */
  readonly unused: readonly string[];
}

const MONTHS: Readonly<Record<string, number>> = { month: 1, year: 12 };

/** The impact of `plan` (made against `state`) on each profile; `all` covers unchanged models too. */
export function computeImpact(
  plan: Plan,
  state: State,
  profiles: readonly UsageProfile[],
  options: { readonly all?: boolean } = {},
): Impact {
  const changed = [
    ...new Set(
      plan.operations
        .filter(
          (op) =>
            options.all === true || (op.action !== "noop" && (op.type === "price" || op.type === "coupon")),
        )
        .map((op) => op.model as string),
    ),
  ].sort(compareText);
  const rows: ImpactRow[] = [];
  const skipped: ImpactSkip[] = [];
  const used = new Set<string>();
  const stateById = new Map(state.objects.map((o) => [o.id as string, o]));
  const opByKey = new Map<string, { key: string; fields: JsonObject }>();
  const opById = new Map<string, { key: string; fields: JsonObject }>();
  for (const op of plan.operations) {
    if (!op.fields) continue;
    const entry = { key: op.key as string, fields: op.fields as unknown as JsonObject };
    if (!opByKey.has(op.key)) opByKey.set(op.key, entry);
    if (op.id !== undefined && !opById.has(op.id)) opById.set(op.id, entry);
  }
  const wanted = new Set(changed);
  const stateOf = new Map<string, BookObject[]>();
  for (const o of state.objects)
    if (o.active && wanted.has(o.model)) stateOf.set(o.model, [...(stateOf.get(o.model) ?? []), o]);
  const opsOf = new Map<string, BookObject[]>();
  for (const op of plan.operations)
    if (wanted.has(op.model) && op.action !== "archive" && op.fields)
      opsOf.set(op.model, [
        ...(opsOf.get(op.model) ?? []),
        { key: op.key, type: op.type, fields: op.fields as unknown as JsonObject },
      ]);
  for (const model of changed) {
    const before = readBook(stateOf.get(model) ?? [], (ref) => stateById.get(ref));
    const after = readBook(opsOf.get(model) ?? [], (ref) =>
      ref.startsWith(REF_PREFIX)
        ? opByKey.get(ref.slice(REF_PREFIX.length))
        : (opById.get(ref) ?? stateById.get(ref)),
    );
    const period = periodOf(before, after);
    if (typeof period !== "object") {
      skipped.push({ model, reason: period });
      continue;
    }
    const meters = new Set<string>();
    for (const b of [before, after])
      for (const p of b.prices) if (p.meter) meters.add(p.meter.id).add(p.meter.eventName);
    const currencies = [
      ...after.currencies,
      ...before.currencies.filter((c) => !after.currencies.includes(c)),
    ];
    for (const profile of profiles) {
      const applies = profile.models
        ? profile.models.includes(model)
        : meters.size === 0 || Object.keys(profile.usage).some((k) => meters.has(k));
      if (!applies) continue;
      used.add(profile.name);
      for (const currency of currencies) {
        const b = billOf(before, profile, currency, period.months);
        const a = billOf(after, profile, currency, period.months);
        if (!b && !a) continue;
        rows.push({
          model,
          profile: profile.name,
          currency,
          period: period.label,
          ...(b ? { before: b } : {}),
          ...(a ? { after: a } : {}),
        });
      }
    }
  }
  return {
    models: changed,
    rows,
    skipped,
    unused: profiles.map((p) => p.name).filter((n) => !used.has(n)),
  };
}

/** The one billing period of a model's recurring prices, or why there is none to bill by. */
function periodOf(...books: Book[]): { readonly label: string; readonly months: number } | string {
  const periods = new Set<string>();
  let found: { label: string; months: number } | undefined;
  for (const b of books)
    for (const p of b.prices) {
      if (!p.recurring) continue;
      const per = MONTHS[p.recurring.interval];
      if (per === undefined) return `billed per ${p.recurring.interval}: profiles give usage per month`;
      const label =
        p.recurring.count === 1 ? p.recurring.interval : `${p.recurring.count} ${p.recurring.interval}s`;
      periods.add(label);
      found ??= { label, months: per * p.recurring.count };
    }
  if (periods.size > 1) return `prices billed over different periods (${[...periods].sort().join(", ")})`;
  return found ?? { label: "one-time", months: 1 };
}

/** A profile's bill from a book in one currency; undefined when a price is not offered in it. */
function billOf(book: Book, profile: UsageProfile, currency: Currency, months: number): BillPair | undefined {
  if (book.prices.length === 0) return undefined;
  const recurring: BillLine[] = [];
  const oneTime: BillLine[] = [];
  for (const p of book.prices) {
    const pricing = pricingIn(p, currency);
    if (!pricing) return undefined;
    const quantity = p.recurring?.metered
      ? (profile.usage[p.meter?.id ?? ""] ?? profile.usage[p.meter?.eventName ?? ""] ?? 0n) * BigInt(months)
      : (profile.seats[p.component] ?? 1n);
    (p.recurring ? recurring : oneTime).push({ key: p.key, pricing, quantity, tax: taxIn(p, currency) });
  }
  const discount = book.coupon ? discountIn(book.coupon, currency) : undefined;
  const forever = book.coupon?.duration === "forever";
  const first = computeBill([...recurring, ...oneTime], discount);
  const steady = computeBill(recurring, forever ? discount : undefined).total;
  return { first: first.total, steady, tax: first.tax };
}
