/**
 * Stripe's length limits on the strings the tool sends, checked on every desired object
 * before the first write (a safety net: the loader refuses what users write too long, and the
 * mapping derives names that fit). Limits live with each type (`TypeSpec.limits`); lengths are
 * counted in code points. Pure.
 */
import type { PlanProblem } from "../plan/problem.js";
import { type DesiredObject, typeSpec } from "./registry.js";

/** The fields of desired objects longer than their type allows. */
export function checkLimits(desired: readonly DesiredObject[]): PlanProblem[] {
  const out: PlanProblem[] = [];
  for (const d of desired) {
    const limits: Readonly<Record<string, number | undefined>> = typeSpec(d.type).limits;
    const fields: Readonly<Record<string, unknown>> = d.fields;
    for (const [field, limit] of Object.entries(limits)) {
      const value = fields[field];
      const length = typeof value === "string" ? [...value].length : 0;
      if (limit !== undefined && length > limit)
        out.push({ code: "too-long", type: d.type, key: d.key, field, length, limit });
    }
  }
  return out;
}

/** `text` cut to at most `limit` code points, an ellipsis marking the cut. */
export function fitText(text: string, limit: number): string {
  const points = [...text];
  return points.length <= limit ? text : `${points.slice(0, limit - 1).join("")}…`;
}
