/**
 * Decoding of Stripe-style form bodies and query strings (`a[b][0][c]=v`, `expand[]=x`) into a tree.
 * Every leaf stays a string; typing happens later against a parameter shape (see `params.ts`).
 *
 * Hostile input must not reach past the request: every node is a null-prototype object, so
 * `__proto__`, `constructor` and `prototype` are ordinary keys; a key may be set once; nesting,
 * key count and index size are bounded; text that is not UTF-8 is refused. Each refusal is a
 * `FormDecodeError`, which the server answers as Stripe's 400.
 */

/** One decoded parameter: a string leaf or a nested object (arrays are objects keyed "0", "1", ...). */
export type FormValue = string | FormObject;

/** A nested group of parameters, as `metadata[k]=v` or `tiers[0][up_to]=inf` decode to. */
export interface FormObject {
  readonly [key: string]: FormValue;
}

interface MutableObject {
  [key: string]: string | MutableObject;
}

/** Deepest nesting taken (`currency_options[eur][tiers][0][unit_amount]` is 5 segments). */
export const MAX_DEPTH = 8;
/** Most `key=value` pairs in one body or query string. */
export const MAX_PAIRS = 10_000;
/** Largest array index (`tiers[9999]`); Stripe's SDKs send indexes from 0 without gaps. */
export const MAX_INDEX = 9_999;

/** Thrown when a body cannot be decoded (conflicting or repeated keys, bad encoding, too deep). */
export class FormDecodeError extends Error {
  override readonly name = "FormDecodeError";
  /** The parameter that could not be decoded. */
  readonly param: string;
  constructor(message: string, param: string) {
    super(message);
    this.param = param;
  }
}

/** An empty node that has no prototype, so no key can reach `Object.prototype`. */
export function emptyNode(): MutableObject {
  return Object.create(null) as MutableObject;
}

const appendLists = new WeakSet<object>();

/** Whether `value` was built with `key[]=...` (a list), which a hash parameter refuses. */
export function isAppendList(value: FormValue): boolean {
  return typeof value === "object" && appendLists.has(value);
}

/** Splits `a[b][]` into `["a", "b", ""]`; a key without brackets is one segment. */
export function splitKey(key: string): readonly string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    if (m.index !== consumed) return [key];
    segments.push(m[1] ?? "");
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? segments : [key];
}

function decodeComponent(raw: string, param: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw new FormDecodeError(`Invalid encoding: the parameter is not valid percent-encoded UTF-8.`, param);
  }
}

function insert(root: MutableObject, segments: readonly string[], value: string, key: string): void {
  if (segments.length > MAX_DEPTH) {
    throw new FormDecodeError(`Invalid parameter: ${key} is nested more than ${MAX_DEPTH} levels.`, key);
  }
  let node = root;
  for (let i = 0; i < segments.length; i += 1) {
    let segment = segments[i] ?? "";
    if (segment === "" && i > 0) {
      segment = String(Object.keys(node).length);
      appendLists.add(node);
    }
    const last = i === segments.length - 1;
    const existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (last) {
      if (typeof existing === "object") throw new FormDecodeError(`Invalid parameter: ${key}`, key);
      if (existing !== undefined) {
        throw new FormDecodeError(`Invalid parameter: ${key} is given more than once.`, key);
      }
      node[segment] = value;
      return;
    }
    if (existing === undefined) {
      const child = emptyNode();
      node[segment] = child;
      node = child;
    } else if (typeof existing === "string") {
      throw new FormDecodeError(`Invalid parameter: ${key}`, key);
    } else {
      node = existing;
    }
  }
}

/** Decodes `application/x-www-form-urlencoded` text (a body or a query string without `?`). */
export function decodeForm(text: string): FormObject {
  const root = emptyNode();
  if (text.length === 0) return root;
  const pairs = text.split("&");
  if (pairs.length > MAX_PAIRS) {
    throw new FormDecodeError(`Too many parameters: at most ${MAX_PAIRS} are accepted.`, "body");
  }
  for (const pair of pairs) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const key = decodeComponent(rawKey, rawKey);
    const value = decodeComponent(eq < 0 ? "" : pair.slice(eq + 1), key);
    insert(root, splitKey(key), value, key);
  }
  return root;
}

/** Decodes a request body's bytes as UTF-8, refusing any byte sequence that is not. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FormDecodeError("Invalid encoding: the request body is not valid UTF-8.", "body");
  }
}

/** `a` with the keys of `b` added; a key in both is refused like a repeated key. */
export function mergeForms(a: FormObject, b: FormObject): FormObject {
  const out = emptyNode();
  for (const source of [a, b]) {
    for (const [k, v] of Object.entries(source)) {
      if (Object.hasOwn(out, k))
        throw new FormDecodeError(`Invalid parameter: ${k} is given more than once.`, k);
      out[k] = v as MutableObject | string;
    }
  }
  return out;
}
