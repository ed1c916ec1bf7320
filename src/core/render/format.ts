/**
 * Small shared pieces of plan rendering: how values, changes and the summary line read.
 * Pure.
 */
import { canonicalize, type FieldChange, type Json } from "../json/json.js";
import { ACTIONS, type Plan } from "../plan/types.js";
import { REF_PREFIX } from "../stripe/desired-object.js";

/** A JSON value on one line; references to objects made by the same apply read as such. */
export function showValue(value: Json | undefined): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string" && value.startsWith(REF_PREFIX))
    return `(id of ${value.slice(REF_PREFIX.length)}, known after apply)`;
  return JSON.stringify(canonicalize(value));
}

/** `path: before -> after`; a create lists just `path: value` unless `explicit`. */
export function showChange(c: FieldChange, options: { readonly explicit?: boolean } = {}): string {
  if (c.before === undefined && !options.explicit) return `${c.path}: ${showValue(c.after)}`;
  if (c.after === undefined) return `${c.path}: ${showValue(c.before)} -> (removed)`;
  return `${c.path}: ${showValue(c.before)} -> ${showValue(c.after)}`;
}

/** The contract's closing line: `Plan: 2 to create, ... 0 to reactivate.` or `No changes.` */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  if (ACTIONS.every((a) => a === "noop" || s[a] === 0)) return "No changes.";
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.archive} to archive, ${s.reactivate} to reactivate.`;
}
