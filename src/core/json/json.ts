/**
 * JSON values and the canonical form used everywhere output must be deterministic: keys
 * sorted by code unit, arrays kept in order, 2-space indent, final newline. Pure.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: Json;
}

/** Returns the value with every object's keys sorted; `undefined` members are dropped. */
export function canonicalize(value: unknown): Json {
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return value.toString();
    return value === undefined ? null : (value as Json);
  }
  if (Array.isArray(value)) return value.map(canonicalize);
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = canonicalize(member);
  }
  return out;
}

/** Deterministic JSON text: sorted keys, 2-space indent, final newline. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(canonicalize(value), null, 2)}\n`;
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  // Every key of either side, each compared once (no set of the union is built).
  for (const k of Object.keys(ao)) if (!jsonEqual(ao[k], bo[k])) return false;
  for (const k of Object.keys(bo)) if (!Object.hasOwn(ao, k) && !jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/** A field-level difference between two JSON objects, addressed by a dotted path. */
export interface FieldChange {
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
}

/** Leaf-level differences between two objects, sorted by path. Arrays compare as a whole. */
export function diffFields(
  before: JsonObject | undefined,
  after: JsonObject | undefined,
  prefix = "",
): FieldChange[] {
  // The common case when planning an unchanged catalog: equal objects have no differences.
  if (jsonEqual(before, after)) return [];
  const out: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const b = before?.[key];
    const a = after?.[key];
    if (jsonEqual(b, a)) continue;
    if ((isJsonObject(b) || b === undefined) && (isJsonObject(a) || a === undefined))
      out.push(...diffFields(b, a, path));
    else
      out.push({ path, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return out;
}

/** True for a JSON object (not null, not an array). */
export function isJsonObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
