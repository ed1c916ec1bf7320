/**
 * How one executed operation changes the state's objects. Shared by every backend, so the
 * shadow and Stripe backends record results identically. Kept in an index so an apply of
 * thousands of operations stays linear. No IO.
 */
import { unreachable } from "../diagnostics/errors.js";
import type { JsonObject } from "../json/json.js";
import type { Operation } from "../plan/types.js";
import type { StateObject, StripeId } from "../state/types.js";

/** The state's objects by (type, id), in insertion order, with the prices holding each lookup key. */
export class ObjectIndex {
  private readonly byId = new Map<string, StateObject>();
  private readonly holders = new Map<string, Set<string>>();

  constructor(objects: readonly StateObject[]) {
    for (const o of objects) this.set(o);
  }

  /** The object of a type and id. */
  get(type: string, id: string | undefined): StateObject | undefined {
    return id === undefined ? undefined : this.byId.get(`${type}:${id}`);
  }

  /** Adds or replaces an object (a replaced one keeps its place). */
  set(o: StateObject): void {
    const id = `${o.type}:${o.id}`;
    this.unhold(this.byId.get(id));
    this.byId.set(id, o);
    const key = o.type === "price" ? o.fields.lookup_key : undefined;
    if (typeof key === "string") {
      const set = this.holders.get(key) ?? new Set<string>();
      set.add(id);
      this.holders.set(key, set);
    }
  }

  /** Removes an object. */
  delete(type: string, id: string): void {
    this.unhold(this.byId.get(`${type}:${id}`));
    this.byId.delete(`${type}:${id}`);
  }

  /** Prices holding a lookup key. */
  holdersOf(lookupKey: string): StateObject[] {
    return [...(this.holders.get(lookupKey) ?? [])].flatMap((id) => this.byId.get(id) ?? []);
  }

  /** Every object, in insertion order. */
  values(): StateObject[] {
    return [...this.byId.values()];
  }

  private unhold(o: StateObject | undefined): void {
    const key = o?.type === "price" ? o.fields.lookup_key : undefined;
    if (o && typeof key === "string") this.holders.get(key)?.delete(`${o.type}:${o.id}`);
  }
}

/**
 * The objects after `op` was carried out. `fields` are the operation's fields with every
 * reference resolved; `newId` is the id of the object a create or replace made.
 */
export function afterOperation(
  objects: readonly StateObject[],
  op: Operation,
  fields: JsonObject | undefined,
  newId?: StripeId,
): StateObject[] {
  const index = new ObjectIndex(objects);
  applyOperation(index, op, fields, newId);
  return index.values();
}

/** Records one carried-out operation in the index. */
export function applyOperation(
  index: ObjectIndex,
  op: Operation,
  fields: JsonObject | undefined,
  newId?: StripeId,
): void {
  const record = (id: StripeId): StateObject => ({
    key: op.key,
    type: op.type,
    id,
    active: true,
    model: op.model,
    fidelity: op.fidelity,
    reason: op.reason,
    fields: fields ?? {},
  });
  const retire = (id: StripeId | undefined) => {
    const o = index.get(op.type, id);
    if (o) index.set({ ...o, active: false, fields: withoutLookupKey(o) });
  };
  let holder: StripeId | undefined = op.id;
  switch (op.action) {
    case "noop":
      return;
    case "create":
    case "replace": {
      if (!newId) throw new Error(`${op.action} of ${op.key} finished without an id`);
      index.delete(op.type, newId);
      if (op.action === "replace") retire(op.id);
      index.set(record(newId));
      holder = newId;
      break;
    }
    case "update":
      if (index.get(op.type, op.id)) index.set(record(op.id as StripeId));
      break;
    case "reactivate":
      if (index.get(op.type, op.id)) index.set(record(op.id as StripeId));
      if (op.replaces) retire(op.replaces);
      break;
    case "archive": {
      const o = index.get(op.type, op.id);
      if (o) index.set({ ...o, active: false });
      return;
    }
    default:
      unreachable(op.action);
  }
  releaseLookupKey(index, op, fields, holder);
}

/**
 * A price that takes a lookup key (create, replace, reactivate, update) takes it from every
 * other price holding it, archived ones included: a key belongs to one price at a time and
 * Stripe's `transfer_lookup_key` moves it.
 */
function releaseLookupKey(
  index: ObjectIndex,
  op: Operation,
  fields: JsonObject | undefined,
  holder: StripeId | undefined,
): void {
  const key = fields?.lookup_key;
  if (op.type !== "price" || typeof key !== "string") return;
  for (const o of index.holdersOf(key)) if (o.id !== holder) index.set({ ...o, fields: withoutLookupKey(o) });
}

/** A price that hands its lookup key to its successor no longer holds it (Stripe's transfer_lookup_key). */
function withoutLookupKey(o: StateObject): JsonObject {
  if (o.type !== "price" || !("lookup_key" in o.fields)) return o.fields;
  const { lookup_key: _moved, ...rest } = o.fields;
  return rest;
}
