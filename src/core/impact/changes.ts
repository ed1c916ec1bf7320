/**
 * The priced components a plan touches, each with its Stripe fields before and after: what the
 * renderers show as money and the policy rules judge. Before is the state's object when the
 * state is given, otherwise rebuilt from the operation's own field changes. Pure.
 */
import { compareText } from "../diagnostics/diagnostic.js";
import { isJsonObject, type Json, type JsonObject } from "../json/json.js";
import type { Operation, Plan } from "../plan/types.js";
import type { State } from "../state/types.js";

/** A price or coupon the plan changes, with its fields on both sides (absent: not there). */
export interface ComponentChange {
  readonly op: Operation;
  readonly before?: JsonObject;
  readonly after?: JsonObject;
}

/** The price and coupon operations of the plan that are not no-ops, with their fields. */
export function componentChanges(plan: Plan, state?: State): ComponentChange[] {
  const byId = new Map((state?.objects ?? []).map((o) => [o.id as string, o]));
  const out: ComponentChange[] = [];
  for (const op of plan.operations) {
    if (op.action === "noop" || (op.type !== "price" && op.type !== "coupon")) continue;
    const after = op.action === "archive" ? undefined : (op.fields as unknown as JsonObject | undefined);
    const current = op.action === "reactivate" ? op.replaces : op.action === "create" ? undefined : op.id;
    let before: JsonObject | undefined;
    if (current !== undefined && byId.has(current)) before = byId.get(current)?.fields;
    else if (!state && after && (op.action === "update" || op.action === "replace"))
      before = unapply(after, op);
    out.push({ op, ...(before ? { before } : {}), ...(after ? { after } : {}) });
  }
  return out;
}

/** The fields before an update or replace: the desired fields with every change undone. */
function unapply(after: JsonObject, op: Operation): JsonObject {
  const copy = structuredClone(after) as Record<string, Json>;
  for (const c of op.changes) {
    const parts = c.path.split(".");
    let at: Record<string, Json> = copy;
    for (const p of parts.slice(0, -1)) {
      const next = at[p];
      if (!isJsonObject(next)) at[p] = {};
      at = at[p] as Record<string, Json>;
    }
    const last = parts.at(-1) ?? "";
    if (c.before === undefined) delete at[last];
    else at[last] = c.before;
  }
  return copy;
}

/**
 * Each model's product fields: the desired ones when the plan has them, else the state's (the
 * active one first). Built once per render: a catalog of thousands of models asks for every one.
 */
export function productsByModel(plan: Plan, state?: State): ReadonlyMap<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const fromState = [...(state?.objects ?? [])]
    .filter((o) => o.type === "product")
    .sort((a, b) => Number(b.active) - Number(a.active) || compareText(a.id, b.id));
  for (const o of fromState) if (!out.has(o.model)) out.set(o.model, o.fields);
  for (const op of plan.operations)
    if (op.type === "product" && op.fields) out.set(op.model, op.fields as unknown as JsonObject);
  return out;
}

/** The unit label of a product (`kWh`), if it has one. */
export function unitLabel(product: JsonObject | undefined): string | undefined {
  const label = product?.unit_label;
  return typeof label === "string" ? label : undefined;
}
