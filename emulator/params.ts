/**
 * Parameter shapes per endpoint, checked the way Stripe checks them (unknown parameter,
 * wrong type, bad enum value), and typed readers over the decoded form tree.
 */
import { invalidParam, unknownParam, unsupportedParam } from "./errors.js";
import { type FormObject, type FormValue, isAppendList, MAX_INDEX } from "./form.js";

/** What one parameter may hold. */
export type Shape =
  | { readonly kind: "string"; readonly maxLength?: number }
  | { readonly kind: "integer" }
  | { readonly kind: "integer_or_inf" }
  | { readonly kind: "boolean" }
  | { readonly kind: "decimal" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "object"; readonly fields: Fields; readonly emptyable: boolean }
  | { readonly kind: "array"; readonly of: Shape; readonly emptyable: boolean }
  | { readonly kind: "map"; readonly of: Shape; readonly emptyable: boolean }
  | { readonly kind: "unsupported" };

/** The parameters an endpoint takes, by name. */
export type Fields = Readonly<Record<string, Shape>>;

/** A string parameter. */
export const str: Shape = { kind: "string" };
/** A string parameter of at most `maxLength` characters (Stripe's OpenAPI `maxLength`). */
export const strMax = (maxLength: number): Shape => ({ kind: "string", maxLength });
/** An integer parameter. */
export const int: Shape = { kind: "integer" };
/** An integer or the literal `inf` (tier `up_to`). */
export const intOrInf: Shape = { kind: "integer_or_inf" };
/** A boolean parameter (`true`/`false`). */
export const bool: Shape = { kind: "boolean" };
/** A decimal string parameter such as `unit_amount_decimal` or `percent_off`. */
export const dec: Shape = { kind: "decimal" };
/** A parameter Stripe takes but the emulator does not implement. */
export const unsupported: Shape = { kind: "unsupported" };
/** One of the given strings. */
export const oneOf = (...values: readonly string[]): Shape => ({ kind: "enum", values });
/** A nested hash; `emptyable` lets `""` clear it. */
export const obj = (fields: Fields, emptyable = false): Shape => ({ kind: "object", fields, emptyable });
/** A list (`x[0]=..`, `x[]=..`). */
export const arr = (of: Shape, emptyable = false): Shape => ({ kind: "array", of, emptyable });
/** A hash with free keys (metadata, currency options). */
export const map = (of: Shape, emptyable = false): Shape => ({ kind: "map", of, emptyable });

/** `expand[]`, accepted by every endpoint. */
export const expandField: Fields = { expand: arr(strMax(5000)) };
/** The pagination parameters of every list endpoint. */
export const listFields: Fields = { ...expandField, limit: int, starting_after: str, ending_before: str };

const describe = (v: FormValue): string => (typeof v === "string" ? v : "a hash");

/** Characters as Stripe counts them (code points, so an emoji is one). */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Stripe's 400 for a string over its limit. */
export function tooLong(value: string, maxLength: number, path: string) {
  const shown = textLength(value) > 20 ? `${[...value].slice(0, 20).join("")}...` : value;
  return invalidParam(`Invalid string: ${shown}; must be at most ${maxLength} characters`, path);
}

/** Array keys as Stripe's SDKs send them: 0, 1, 2, ... with no gap, each written canonically. */
function isDenseIndexList(keys: readonly string[]): boolean {
  const seen = new Set(keys);
  if (keys.length > MAX_INDEX + 1) return false;
  return keys.every((k) => /^(0|[1-9]\d{0,3})$/.test(k)) && keys.every((_, i) => seen.has(String(i)));
}

function checkValue(value: FormValue, shape: Shape, path: string): void {
  switch (shape.kind) {
    case "unsupported":
      throw unsupportedParam(path);
    case "string":
      if (typeof value !== "string") throw invalidParam(`Invalid string: ${describe(value)}`, path);
      if (shape.maxLength !== undefined && textLength(value) > shape.maxLength)
        throw tooLong(value, shape.maxLength, path);
      return;
    case "integer":
      if (typeof value !== "string" || !/^-?\d+$/.test(value)) {
        throw invalidParam(`Invalid integer: ${describe(value)}`, path);
      }
      return;
    case "integer_or_inf":
      if (typeof value !== "string" || !(value === "inf" || /^\d+$/.test(value))) {
        throw invalidParam(`Invalid integer: ${describe(value)}`, path);
      }
      return;
    case "boolean":
      if (value !== "true" && value !== "false")
        throw invalidParam(`Invalid boolean: ${describe(value)}`, path);
      return;
    case "decimal":
      if (typeof value !== "string" || !/^-?\d+(\.\d+)?$/.test(value)) {
        throw invalidParam(`Invalid decimal: ${describe(value)}`, path);
      }
      return;
    case "enum":
      if (typeof value !== "string" || !shape.values.includes(value)) {
        throw invalidParam(`Invalid ${path}: must be one of ${shape.values.join(", ")}`, path);
      }
      return;
    case "object":
      if (value === "" && shape.emptyable) return;
      if (typeof value === "string" || isAppendList(value)) throw invalidParam(`Invalid object`, path);
      checkFields(value, shape.fields, path);
      return;
    case "array":
      if (value === "" && shape.emptyable) return;
      if (typeof value === "string") throw invalidParam(`Invalid array`, path);
      if (!isDenseIndexList(Object.keys(value))) throw invalidParam(`Invalid array`, path);
      for (const [k, item] of Object.entries(value)) checkValue(item, shape.of, `${path}[${k}]`);
      return;
    case "map":
      if (value === "" && shape.emptyable) return;
      if (typeof value === "string" || isAppendList(value)) throw invalidParam(`Invalid object`, path);
      for (const [k, item] of Object.entries(value)) checkValue(item, shape.of, `${path}[${k}]`);
      return;
  }
}

/** Checks every parameter against `fields`; throws Stripe's error for the first one that is wrong. */
export function checkFields(params: FormObject, fields: Fields, prefix = ""): void {
  for (const [key, value] of Object.entries(params)) {
    const path = prefix === "" ? key : `${prefix}[${key}]`;
    const shape = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (shape === undefined) throw unknownParam(path);
    checkValue(value, shape, path);
  }
}

/** A string parameter, if given. */
export function getString(value: FormValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** An integer parameter, if given (already checked by `checkFields`). */
export function getInt(value: FormValue | undefined): number | undefined {
  return typeof value === "string" && value !== "" ? Number.parseInt(value, 10) : undefined;
}

/** A boolean parameter, if given. */
export function getBool(value: FormValue | undefined): boolean | undefined {
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** A nested hash, if given as one. */
export function getObject(value: FormValue | undefined): FormObject | undefined {
  return typeof value === "object" ? value : undefined;
}

/** A list's items in index order (`x[0]`, `x[1]`, ...). */
export function getArray(value: FormValue | undefined): readonly FormValue[] {
  if (typeof value !== "object") return [];
  return Object.keys(value)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => value[k] as FormValue);
}

/** A list of strings (`expand[]`, `lookup_keys[]`, `ids[]`). */
export function getStrings(value: FormValue | undefined): readonly string[] {
  return getArray(value).filter((v): v is string => typeof v === "string");
}
