/**
 * Drift: the state against what the backend really holds, as field-level findings. One
 * differ for every backend. Pure.
 */
import { diffFields, type FieldChange } from "../json/json.js";
import type { ObservedObject } from "../plan/adopt.js";
import { type StateObject, sortObjects } from "../state/types.js";
import type { ObjectType } from "../stripe/registry.js";

/** What kind of divergence a finding is. */
export type FindingKind = "changed" | "missing" | "unmanaged" | "status" | "conflict";

/** One divergence between the state and the backend. */
export interface Finding {
  readonly kind: FindingKind;
  readonly type: ObjectType;
  readonly key: string;
  readonly id: string;
  readonly message: string;
  readonly changes: readonly FieldChange[];
}

/** Compares the state's objects with the backend's; findings in the state file's order. */
export function findDrift(
  state: readonly StateObject[],
  observed: readonly StateObject[],
  others: readonly ObservedObject[] = [],
): Finding[] {
  const byId = new Map(observed.map((o) => [`${o.type}:${o.id}`, o]));
  const findings: Finding[] = [];
  for (const o of sortObjects(state)) {
    const seen = byId.get(`${o.type}:${o.id}`);
    byId.delete(`${o.type}:${o.id}`);
    const base = { type: o.type, key: o.key, id: o.id };
    if (!seen) {
      if (o.active || o.type !== "coupon")
        findings.push({
          ...base,
          kind: "missing",
          message: "in the state but not on the backend",
          changes: [],
        });
      continue;
    }
    if (seen.active !== o.active) {
      findings.push({
        ...base,
        kind: "status",
        message: o.active
          ? "archived on the backend, active in the state"
          : "active on the backend, archived in the state",
        changes: [{ path: "active", before: o.active, after: seen.active }],
      });
    }
    const changes = diffFields(o.fields, seen.fields);
    if (changes.length > 0) {
      findings.push({
        ...base,
        kind: "changed",
        message: `${changes.length} field${changes.length === 1 ? " differs" : "s differ"}`,
        changes,
      });
    }
  }
  for (const o of sortObjects([...byId.values()])) {
    findings.push({
      type: o.type,
      key: o.key,
      id: o.id,
      kind: "unmanaged",
      message: "on the backend but not in the state",
      changes: [],
    });
  }
  // A price the tool does not manage holding a managed price's lookup key: code looking prices
  // up by that key sells the other price; the next plan refuses to take the key back silently.
  const lookupKeys = new Map<string, StateObject>();
  for (const o of state)
    if (o.type === "price" && typeof o.fields.lookup_key === "string") lookupKeys.set(o.fields.lookup_key, o);
  for (const o of others) {
    const owner =
      o.type === "price" && typeof o.fields.lookup_key === "string"
        ? lookupKeys.get(o.fields.lookup_key)
        : undefined;
    if (!owner) continue;
    findings.push({
      type: "price",
      key: owner.key,
      id: o.id,
      kind: "conflict",
      message: `a price the tool does not manage holds the lookup key ${String(o.fields.lookup_key)}`,
      changes: [],
    });
  }
  return findings;
}
