/**
 * The shadow state: every Stripe object the tool manages with its id, its fields as last
 * published and whether it is active. Format version, serial and lineage as Terraform's.
 * Pure types and helpers; reading and writing the file live in `file.ts`.
 */

import type { LogicalKey } from "../artifacts/artifacts.js";
import { compareText } from "../diagnostics/diagnostic.js";
import { type JsonObject, stableStringify } from "../json/json.js";
import type { ModelId } from "../model/types.js";
import type { Fidelity } from "../stripe/desired-object.js";
import { type ObjectType, typeRank } from "../stripe/registry.js";

/** A Stripe id (or the synthetic id of a shadow object), never to be confused with a logical key. */
export type StripeId = string & { readonly __brand: "StripeId" };

/** One managed object as last published. */
export interface StateObject {
  readonly key: LogicalKey;
  readonly type: ObjectType;
  readonly id: StripeId;
  readonly active: boolean;
  readonly model: ModelId;
  readonly fidelity: Fidelity;
  readonly reason: string;
  readonly fields: JsonObject;
}

/** Where the objects live. */
export interface Account {
  readonly mode: "shadow" | "test" | "live";
  readonly id?: string;
}

/**
 * The model file a revision's objects of one model were built from: its path and its git blob
 * id (SHA-1 of `blob <length>\0<bytes>`, as `git hash-object` computes it), so rollback can
 * put back exactly that file even when a partial apply left the models commit elsewhere.
 */
export interface ModelSourceRef {
  readonly file: string;
  readonly blob: string;
}

/** The whole state file. */
export interface State {
  readonly formatVersion: 2;
  readonly lineage: string;
  readonly serial: number;
  readonly revision: string | null;
  readonly backend: "shadow" | "stripe";
  readonly account: Account;
  /**
   * The catalog these objects belong to: stamped as `pricing_catalog` on every managed object,
   * so several repositories can share one account. Null until the first publish names it (and
   * in states of format 1, read before catalogs existed).
   */
  readonly catalog: string | null;
  /** Per model id, the model file its published objects were built from (see {@link ModelSourceRef}). */
  readonly sources: Readonly<Record<string, ModelSourceRef>>;
  readonly objects: readonly StateObject[];
}

/** The current state format version. */
export const STATE_FORMAT_VERSION = 2;

/** A state with no objects, before the first publish. */
export function emptyState(lineage: string, backend: State["backend"] = "shadow", account?: Account): State {
  return {
    formatVersion: STATE_FORMAT_VERSION,
    lineage,
    serial: 0,
    revision: null,
    backend,
    account: account ?? { mode: backend === "shadow" ? "shadow" : "test" },
    catalog: null,
    sources: {},
    objects: [],
  };
}

/** Sorts objects by type (dependency order), key, then id: the file's stable order. */
export function sortObjects(objects: readonly StateObject[]): StateObject[] {
  return [...objects].sort(
    (a, b) =>
      typeRank(a.type) - typeRank(b.type) ||
      compareText(a.key, b.key) ||
      Number(b.active) - Number(a.active) ||
      compareText(a.id, b.id),
  );
}

/** The state file's exact text: deterministic JSON. */
export function serializeState(state: State): string {
  return stableStringify({ ...state, objects: sortObjects(state.objects) });
}
