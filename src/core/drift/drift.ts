/**
 * Drift: the state against what the backend really holds, as field-level findings. One
 * differ for every backend. Pure.
 */
import { diffFields, type FieldChange } from "../json/json.js";
import { type StateObject, sortObjects } from "../state/types.js";
import type { ObjectType } from "../stripe/registry.js";

/** What kind of divergence a finding is. */
export type FindingKind = "changed" | "missing" | "unmanaged" | "status";

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
export function findDrift(state: readonly StateObject[], observed: readonly StateObject[]): Finding[] {
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
  return findings;
}
