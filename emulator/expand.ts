/**
 * The `expand[]` parameter: which expandable fields a response includes. A path may name a
 * field inside a map by its key, as Stripe's `currency_options.<currency>.tiers` does; expanding
 * a nested path also expands the fields it goes through (`currency_options` here).
 */
import { invalidParam } from "./errors.js";
import type { FormObject } from "./form.js";
import { getStrings } from "./params.js";

/** A path segment standing for any currency code (`usd`, `eur`, ...). */
const CURRENCY = "<currency>";

function matches(pattern: string, field: string): boolean {
  const want = pattern.split(".");
  const got = field.split(".");
  return (
    want.length === got.length &&
    want.every((w, i) => (w === CURRENCY ? /^[a-z]{3}$/.test(got[i] ?? "") : w === got[i]))
  );
}

/**
 * The fields to expand on each returned object, with every prefix of a nested path. On list
 * endpoints every path must start with `data.`. A path outside `allowed` is Stripe's 400.
 */
export function readExpand(
  params: FormObject,
  allowed: readonly string[],
  isList: boolean,
): ReadonlySet<string> {
  const out = new Set<string>();
  for (const path of getStrings(params.expand)) {
    let field = path;
    if (isList) {
      if (!path.startsWith("data."))
        throw invalidParam(`This property cannot be expanded (${path}).`, "expand");
      field = path.slice("data.".length);
    }
    if (!allowed.some((pattern) => matches(pattern, field)))
      throw invalidParam(`This property cannot be expanded (${path}).`, "expand");
    const parts = field.split(".");
    for (let i = 1; i <= parts.length; i += 1) out.add(parts.slice(0, i).join("."));
  }
  return out;
}
