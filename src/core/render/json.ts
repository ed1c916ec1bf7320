/** The JSON form of a plan: the contract's fields, deterministic bytes. Pure. */
import { stableStringify } from "../json/json.js";
import type { Plan } from "../plan/types.js";

/** Renders a plan as deterministic JSON (also the format of `plan --out`). */
export function renderPlanJson(plan: Plan): string {
  return stableStringify(plan);
}
