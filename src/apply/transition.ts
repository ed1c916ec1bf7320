/**
 * How one executed operation changes the state's objects. Shared by every backend, so the
 * shadow and Stripe backends record results identically. Pure.
 */
import type { JsonObject } from "../json/json.js";
import type { Operation } from "../plan/types.js";
import type { StateObject, StripeId } from "../state/types.js";

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
  return releaseLookupKey(carriedOut(objects, op, fields, newId), op, fields, newId);
}

function carriedOut(
  objects: readonly StateObject[],
  op: Operation,
  fields: JsonObject | undefined,
  newId: StripeId | undefined,
): StateObject[] {
  const retire = (o: StateObject): StateObject => ({ ...o, active: false, fields: withoutLookupKey(o) });
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
  const same = (o: StateObject, id: StripeId | undefined) => o.type === op.type && o.id === id;
  switch (op.action) {
    case "noop":
      return [...objects];
    case "create":
    case "replace": {
      if (!newId) throw new Error(`${op.action} of ${op.key} finished without an id`);
      const kept = objects
        .filter((o) => !same(o, newId))
        .map((o) => (op.action === "replace" && same(o, op.id) ? retire(o) : o));
      return [...kept, record(newId)];
    }
    case "update":
      return objects.map((o) => (same(o, op.id) ? { ...record(o.id) } : o));
    case "reactivate":
      return objects.map((o) =>
        same(o, op.id) ? record(o.id) : op.replaces && same(o, op.replaces) ? retire(o) : o,
      );
    case "archive":
      return objects.map((o) => (same(o, op.id) ? { ...o, active: false } : o));
  }
}

/**
 * A price that takes a lookup key (create, replace, reactivate, update) takes it from every
 * other price holding it, archived ones included: a key belongs to one price at a time and
 * Stripe's `transfer_lookup_key` moves it.
 */
function releaseLookupKey(
  objects: StateObject[],
  op: Operation,
  fields: JsonObject | undefined,
  newId: StripeId | undefined,
): StateObject[] {
  const key = fields?.lookup_key;
  if (op.type !== "price" || op.action === "archive" || typeof key !== "string") return objects;
  const holder = op.action === "create" || op.action === "replace" ? newId : op.id;
  return objects.map((o) =>
    o.type === "price" && o.id !== holder && o.fields.lookup_key === key
      ? { ...o, fields: withoutLookupKey(o) }
      : o,
  );
}

/** A price that hands its lookup key to its successor no longer holds it (Stripe's transfer_lookup_key). */
function withoutLookupKey(o: StateObject): JsonObject {
  if (o.type !== "price" || !("lookup_key" in o.fields)) return o.fields;
  const { lookup_key: _moved, ...rest } = o.fields;
  return rest;
}
