/**
 * Reading what Stripe returns into the tool's field shape (the shape of desired objects and
 * the state), so that what Stripe holds compares field by field with what was published:
 * drops what the tool does not manage (nulls, defaults it never sets). Shared by the
 * resources. Pure.
 */
import type { LogicalKey } from "../../../../core/artifacts/artifacts.js";
import { isJsonObject, type Json, type JsonObject } from "../../../../core/json/json.js";
import {
  KEY_CATALOG,
  KEY_LOGICAL,
  KEY_MANAGED_BY,
  KEY_MODEL,
  MANAGED_BY,
} from "../../../../core/model/metadata-keys.js";
import type { ModelId } from "../../../../core/model/types.js";
import { formatDecimal, parseDecimal } from "../../../../core/money/decimal.js";
import type { ObservedObject } from "../../../../core/plan/adopt.js";
import type { StripeId } from "../../../../core/state/types.js";
import type { ObjectType } from "../../../../core/stripe/registry.js";

/** A loosely typed Stripe object as the SDK returns it. */
export type StripeObject = Readonly<Record<string, unknown>>;

/** One observed object: its id, whether it is active, its fields, and the key its metadata claims. */
export function observed(type: ObjectType, raw: StripeObject, fields: JsonObject): ObservedObject {
  const meta = strings(raw.metadata);
  const key = meta[KEY_MANAGED_BY] === MANAGED_BY ? meta[KEY_LOGICAL] : undefined;
  return {
    type,
    id: String(raw.id) as StripeId,
    active: raw.active !== false && raw.deleted !== true,
    fields,
    ...(key !== undefined ? { claim: claimOf(meta, key) } : {}),
  };
}

/** What the tool's metadata on an object claims: its logical key, its model and its catalog. */
export function claimOf(
  meta: Readonly<Record<string, string>>,
  key: string,
): NonNullable<ObservedObject["claim"]> {
  return {
    key: key as LogicalKey,
    model: meta[KEY_MODEL] as ModelId | undefined,
    catalog: meta[KEY_CATALOG],
  };
}

/** An id field that may come back expanded (`{ id, ... }`) or as the id itself. */
export function idOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? str((value as StripeObject).id) : str(value);
}

/** A decimal amount (`unit_amount_decimal`, or a whole `unit_amount`) as its exact text. */
export function decimal(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = parseDecimal(String(value));
  return typeof parsed === "string" ? String(value) : formatDecimal(parsed);
}

/** A non-empty string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A number, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** Stripe metadata as a string map ({} when absent). */
export function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

/** Drops undefined members (Stripe's nulls and the defaults the tool never sets). */
export function compact(o: Record<string, Json | undefined>): JsonObject {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** Metadata to send: the new values, and "" for every key the object had and no longer has. */
export function metadataParams(
  after: Readonly<Record<string, string>> | undefined,
  before: Json | undefined,
): Record<string, string> {
  const out: Record<string, string> = { ...after };
  for (const key of Object.keys(strings(before))) if (!(key in out)) out[key] = "";
  return out;
}

/** The cursor of one list page after `after` (the last id of the previous page). */
export function page(after: string | undefined): { starting_after?: string } {
  return after ? { starting_after: after } : {};
}

/**
 * The model's `currency_options` name a currency the object on Stripe (`before`, as the state
 * holds it) lacks: the update that adds it in place sends the options.
 */
export function gainsCurrency(
  options: Readonly<Record<string, unknown>> | undefined,
  before: JsonObject | undefined,
): boolean {
  const had = before?.currency_options;
  const held = isJsonObject(had) ? Object.keys(had) : [];
  return Object.keys(options ?? {}).some((c) => !held.includes(c));
}
