/**
 * Decoding of Stripe-style form bodies and query strings (`a[b][0][c]=v`, `expand[]=x`) into a tree.
 * Every leaf stays a string; typing happens later against a parameter shape (see `params.ts`).
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

/** Thrown when a body cannot be decoded (conflicting keys such as `a=1&a[b]=2`). */
export class FormDecodeError extends Error {
  override readonly name = "FormDecodeError";
  /** The parameter that could not be decoded. */
  readonly param: string;
  constructor(message: string, param: string) {
    super(message);
    this.param = param;
  }
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

function decodeComponent(raw: string): string {
  const plain = raw.replace(/\+/g, " ");
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain;
  }
}

function insert(root: MutableObject, segments: readonly string[], value: string, key: string): void {
  let node = root;
  for (let i = 0; i < segments.length; i += 1) {
    let segment = segments[i] ?? "";
    if (segment === "" && i > 0) segment = String(Object.keys(node).length);
    const last = i === segments.length - 1;
    const existing = node[segment];
    if (last) {
      if (typeof existing === "object") throw new FormDecodeError(`Invalid parameter: ${key}`, key);
      node[segment] = value;
      return;
    }
    if (existing === undefined) {
      const child: MutableObject = {};
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
  const root: MutableObject = {};
  if (text.length === 0) return root;
  for (const pair of text.split("&")) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    insert(root, splitKey(key), decodeComponent(rawValue), key);
  }
  return root;
}

/** Converts a decoded JSON body (for clients that send JSON) into the same string tree. */
export function fromJson(value: unknown): FormObject {
  const convert = (v: unknown): FormValue => {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) {
      const out: MutableObject = {};
      v.forEach((item, i) => {
        out[String(i)] = convert(item);
      });
      return out;
    }
    if (typeof v === "object") {
      const out: MutableObject = {};
      for (const [k, item] of Object.entries(v)) out[k] = convert(item);
      return out;
    }
    return String(v);
  };
  const converted = convert(value);
  return typeof converted === "string" ? {} : converted;
}
