/**
 * Small shared pieces of plan rendering: how values, changes and the summary line read.
 * Pure.
 */
import { canonicalize, type FieldChange, type Json } from "../json/json.js";
import { ACTIONS, type Plan } from "../plan/types.js";
import { REF_PREFIX } from "../stripe/desired-object.js";
import { escapeInvisible, oneLine } from "./escape.js";

/**
 * A JSON value on one visible line (control, separator and bidi characters as `\uXXXX`);
 * references to objects made by the same apply read as such.
 */
export function showValue(value: Json | undefined): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string" && value.startsWith(REF_PREFIX))
    return `(id of ${oneLine(value.slice(REF_PREFIX.length))}, known after apply)`;
  return escapeInvisible(JSON.stringify(canonicalize(value)));
}

/**
 * `path: before -> after` on one line; a create lists just `path: value` unless `explicit`. The
 * path holds metadata keys as written in a model, so it is shown quoted when it has a line break
 * or another invisible character.
 */
export function showChange(c: FieldChange, options: { readonly explicit?: boolean } = {}): string {
  const path = oneLine(c.path);
  if (c.before === undefined && !options.explicit) return `${path}: ${showValue(c.after)}`;
  if (c.after === undefined) return `${path}: ${showValue(c.before)} -> (removed)`;
  return `${path}: ${showValue(c.before)} -> ${showValue(c.after)}`;
}

/** The contract's closing line: `Plan: 2 to create, ... 0 to reactivate.` or `No changes.` */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  if (ACTIONS.every((a) => a === "noop" || s[a] === 0)) return "No changes.";
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.archive} to archive, ${s.reactivate} to reactivate.`;
}
