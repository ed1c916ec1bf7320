/** The `expand[]` parameter: which expandable fields a response includes. */
import { invalidParam } from "./errors.js";
import type { FormObject } from "./form.js";
import { getStrings } from "./params.js";

/**
 * The fields to expand on each returned object. On list endpoints every path must start with
 * `data.`; only one level is supported. A path outside `allowed` is Stripe's 400.
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
    if (!allowed.includes(field)) throw invalidParam(`This property cannot be expanded (${path}).`, "expand");
    out.add(field);
  }
  return out;
}
