/**
 * The planner: desired objects against the state give a plan, following Stripe's rules
 * (immutable fields replace, archived matches reactivate, removals archive). Pure function.
 */

import type { LogicalKey } from "../artifacts/artifacts.js";
import { compareText } from "../diagnostics/diagnostic.js";
import { diffFields, type Json, type JsonObject } from "../json/json.js";
import type { State, StateObject, StripeId } from "../state/types.js";
import { type DesiredOf, REF_PREFIX } from "../stripe/desired-object.js";
import { checkLimits } from "../stripe/limits.js";
import {
  type DesiredObject,
  type FieldsByType,
  immutableFields,
  OBJECT_TYPES,
  type ObjectType,
  typeRank,
  typeSpec,
} from "../stripe/registry.js";
import { type ObservedObject, ownedBy } from "./adopt.js";
import type { PlanProblem } from "./problem.js";
import { ACTIONS, type Action, type Operation, type OperationOf, type Plan, type Summary } from "./types.js";
import type { Why } from "./why.js";

/** What a plan is made from. */
export interface PlanInput {
  readonly desired: readonly DesiredObject[];
  readonly state: State;
  /** Digest of `state` (see `stateDigest`), recorded so apply can refuse a plan whose state moved. */
  readonly baseDigest: string;
  /** Digest of the desired objects in scope (see `desiredDigest`): apply refuses a saved plan whose models moved. */
  readonly modelsDigest?: string;
  /** Limit to these model ids (objects of other models are left alone); undefined for all. */
  readonly scope?: readonly string[];
  /** Objects of the account the tool does not manage: what they hold (lookup keys, event names) is taken. */
  readonly unmanaged?: readonly ObservedObject[];
  /** Ids of meters the state holds only because their event name matched (see `adoptObserved`). */
  readonly byEventName?: ReadonlySet<string>;
  /** Unmanaged meters another catalog owns, by id, with its name (see `adoptObserved`). */
  readonly owners?: ReadonlyMap<string, string>;
}

/** Makes the plan that takes the state to the desired objects. */
export function makePlan(input: PlanInput): Plan {
  const { state } = input;
  const scope = input.scope ? new Set(input.scope) : undefined;
  const inScope = (model: string) => !scope || scope.has(model);
  const desired = sortByType(input.desired.filter((d) => inScope(d.model)));
  const moved = movedMeters(desired, state.objects);
  const objects = indexObjects([
    ...state.objects.filter((o) => inScope(o.model) && !moved.has(o)),
    ...[...moved].map(([o, to]) => ({ ...o, key: to.key, model: to.model })),
  ]);
  const movedFrom = new Map([...moved.keys()].map((o) => [o.id as string, o.key]));
  // Ids that are already known when planning: products are named after their model; kept objects keep theirs.
  const known = new Map<string, StripeId>();
  for (const o of state.objects) if (o.active && o.type === "product") known.set(o.key, o.id);
  for (const d of desired) if (d.type === "product") known.set(d.key, d.key as string as StripeId);

  const operations: Operation[] = [];
  const claimed = new Set<StateObject>();
  // Objects the model keeps inactive are not wanted active: an active one is retired below.
  const inactive = new Set(desired.filter((d) => d.inactive).map((d) => `${d.type}:${d.key}`));
  for (const d of desired) {
    if (d.inactive) continue;
    const fields = resolveRefs(d.fields, known);
    const current = closestActive(d, fields, objects);
    const planned = current ? planExisting(d, fields, current, objects) : planMissing(d, fields, objects);
    const op = withDefaultMove(withAdoption(withMove(planned, movedFrom), input.byEventName), objects);
    if (current) claimed.add(current);
    const revived =
      op.action === "reactivate" && op.id !== undefined ? objects.byId.get(d.type)?.get(op.id) : undefined;
    if (revived) claimed.add(revived);
    if (op.id && (op.action === "noop" || op.action === "update" || op.action === "reactivate"))
      known.set(d.key, op.id);
    else known.delete(d.key);
    if (d.type === "product") known.set(d.key, d.key as string as StripeId);
    operations.push(op);
  }
  const wanted = new Set(desired.filter((d) => !d.inactive).map((d) => `${d.type}:${d.key}`));
  for (const o of objects.all) {
    if (!o.active || claimed.has(o)) continue;
    const duplicate = wanted.has(`${o.type}:${o.key}`);
    const paused = inactive.has(`${o.type}:${o.key}`);
    operations.push({
      why: { code: duplicate ? "duplicate" : paused ? "made-inactive" : "removed", type: o.type },
      action: "archive",
      key: o.key,
      type: o.type,
      model: o.model,
      fidelity: o.fidelity,
      reason: o.reason,
      id: o.id,
      changes: [{ path: "active", before: true, after: false }],
    });
  }
  const unmanaged = input.unmanaged ?? [];
  const held = heldLookupKeys(unmanaged);
  const takeover = new Set<string>(desired.filter((d) => d.takeover).map((d) => d.key));
  const ordered = orderOperations(operations.map((op) => withTakeover(op, held, takeover)));
  const problems = [
    ...checkLimits(desired),
    ...eventNamesTaken(ordered, state.objects, unmanaged, input.owners),
    ...lookupKeysHeld(ordered, held, takeover),
    ...productIdsTaken(ordered, unmanaged),
    ...promotionCodesTaken(ordered, state.objects, unmanaged),
  ];
  return {
    formatVersion: 1,
    backend: state.backend,
    baseRevision: state.revision,
    baseDigest: input.baseDigest,
    ...(input.modelsDigest !== undefined ? { modelsDigest: input.modelsDigest } : {}),
    scope: input.scope ? [...input.scope].sort() : null,
    summary: summarize(ordered),
    operations: ordered,
    ...(problems.length > 0 ? { problems } : {}),
  };
}

/**
 * Billing meters that move to a new key: a desired meter no state object of its key carries
 * takes over the meter holding its event name (Stripe keeps event names unique forever), when
 * that meter's own key is no longer wanted: a renamed model or meter id keeps its meter.
 */
function movedMeters(
  desired: readonly DesiredObject[],
  all: readonly StateObject[],
): Map<StateObject, DesiredObject> {
  const keys = new Set<string>();
  const byEventName = new Map<unknown, StateObject[]>();
  for (const o of all) {
    if (o.type !== "billing_meter") continue;
    keys.add(o.key);
    const same = byEventName.get(o.fields.event_name);
    if (same) same.push(o);
    else byEventName.set(o.fields.event_name, [o]);
  }
  const wanted = new Set(desired.filter((d) => d.type === "billing_meter").map((d) => d.key as string));
  const moved = new Map<StateObject, DesiredObject>();
  for (const d of desired) {
    if (d.type !== "billing_meter" || keys.has(d.key)) continue;
    const holders = (byEventName.get(d.fields.event_name) ?? []).filter(
      (o) => !wanted.has(o.key) && !moved.has(o),
    );
    const holder = holders.find((o) => o.active) ?? holders[0];
    if (holder) moved.set(holder, d);
  }
  return moved;
}

/** An operation on a moved meter records its new key: a noop becomes an update saying so. */
function withMove(op: Operation, movedFrom: ReadonlyMap<string, LogicalKey>): Operation {
  const from = op.id === undefined ? undefined : movedFrom.get(op.id);
  if (from === undefined || op.action === "replace" || op.action === "create") return op;
  return {
    ...op,
    action: op.action === "noop" ? "update" : op.action,
    why: op.why ?? { code: "moved", type: op.type, from },
  };
}

/** An operation on a meter adopted by its event name says so, and records it (a noop becomes an update). */
function withAdoption(op: Operation, byEventName: ReadonlySet<string> | undefined): Operation {
  if (op.id === undefined || !byEventName?.has(op.id) || op.type !== "billing_meter") return op;
  const eventName = op.fields?.event_name ?? "";
  return {
    ...op,
    action: op.action === "noop" ? "update" : op.action,
    why: { code: "adopted-by-event-name", eventName },
  };
}

/**
 * A default price that follows its own price, replaced by this plan (the price it names is of
 * the key its reference now points at, whose new id is not known yet), says it moves.
 */
function withDefaultMove(op: Operation, objects: ObjectLookup): Operation {
  if (op.type !== "default_price" || op.action !== "update" || op.why !== undefined) return op;
  const change = op.changes.find((c) => c.path === "price");
  const { before, after } = change ?? {};
  if (typeof before !== "string" || typeof after !== "string" || !after.startsWith(REF_PREFIX)) return op;
  const to = after.slice(REF_PREFIX.length) as LogicalKey;
  if (objects.byId.get("price")?.get(before)?.key !== to) return op;
  return { ...op, why: { code: "default-price-moves", from: before as StripeId, to } };
}

/** The unmanaged price holding each lookup key (the first listed, when several claim one). */
function heldLookupKeys(unmanaged: readonly ObservedObject[]): ReadonlyMap<string, ObservedObject> {
  const held = new Map<string, ObservedObject>();
  for (const o of unmanaged) {
    const key = o.type === "price" ? o.fields.lookup_key : undefined;
    if (typeof key === "string" && !held.has(key)) held.set(key, o);
  }
  return held;
}

/** A price taking a lookup key an unmanaged price holds, as its model allows (`takeover`), says so. */
function withTakeover(
  op: Operation,
  held: ReadonlyMap<string, ObservedObject>,
  takeover: ReadonlySet<string>,
): Operation {
  const lookupKey =
    op.type === "price" && op.action !== "archive" && op.action !== "noop"
      ? op.fields?.lookup_key
      : undefined;
  if (lookupKey === undefined || op.why !== undefined) return op;
  const holder = held.get(lookupKey);
  // Another catalog's price is never taken from: `lookupKeysHeld` makes that a problem.
  if (!holder || !takeover.has(op.key) || holder.claim) return op;
  return { ...op, why: { code: "lookup-key-takeover", lookupKey, holder: holder.id } };
}

/** Prices that would take a lookup key an unmanaged price holds, without the model allowing it. */
function lookupKeysHeld(
  ops: readonly Operation[],
  held: ReadonlyMap<string, ObservedObject>,
  takeover: ReadonlySet<string>,
): PlanProblem[] {
  const out: PlanProblem[] = [];
  for (const op of ops) {
    if (op.type !== "price" || op.action === "archive") continue;
    const lookupKey = op.fields?.lookup_key;
    const holder = lookupKey === undefined ? undefined : held.get(lookupKey);
    if (lookupKey === undefined || !holder || (takeover.has(op.key) && !holder.claim)) continue;
    out.push({ code: "lookup-key-held", key: op.key, lookupKey, holder: holder.id, ...ownedBy(holder) });
  }
  return out;
}

/**
 * Products the plan would create under an id (its model id) that a product the tool does not
 * manage already holds, archived or not: Stripe never gives an id twice.
 */
function productIdsTaken(ops: readonly Operation[], unmanaged: readonly ObservedObject[]): PlanProblem[] {
  const holders = new Map<string, ObservedObject>();
  for (const o of unmanaged) if (o.type === "product") holders.set(o.id, o);
  const out: PlanProblem[] = [];
  for (const op of ops) {
    const holder = op.type === "product" && op.action === "create" ? holders.get(op.key) : undefined;
    if (!holder) continue;
    out.push({ code: "product-id-taken", key: op.key, ...ownedBy(holder) });
  }
  return out;
}

/**
 * Promotion codes the plan would make active whose code (regardless of case) an active code of
 * another key holds: Stripe keeps a code unique among the account's active codes. The holder is
 * a code the tool does not manage, or one of the tool's that this plan deactivates only after.
 */
function promotionCodesTaken(
  ops: readonly Operation[],
  state: readonly StateObject[],
  unmanaged: readonly ObservedObject[],
): PlanProblem[] {
  const holders = new Map<string, { readonly o: ObservedObject | StateObject; readonly managed: boolean }>();
  const hold = (o: ObservedObject | StateObject, managed: boolean) => {
    const code = o.type === "promotion_code" && o.active ? o.fields.code : undefined;
    if (typeof code === "string" && !holders.has(code.toLowerCase()))
      holders.set(code.toLowerCase(), { o, managed });
  };
  for (const o of unmanaged) hold(o, false);
  for (const o of state) hold(o, true);
  const out: PlanProblem[] = [];
  for (const op of ops) {
    if (op.type !== "promotion_code" || !["create", "replace", "reactivate"].includes(op.action)) continue;
    const code = op.fields?.code;
    const holder = code === undefined ? undefined : holders.get(code.toLowerCase());
    if (code === undefined || !holder || (holder.managed && "key" in holder.o && holder.o.key === op.key))
      continue;
    out.push({
      code: "promotion-code-taken",
      key: op.key,
      promotionCode: code,
      holder: holder.o.id,
      ...(holder.managed && "key" in holder.o ? { heldBy: holder.o.key } : {}),
      ...("claim" in holder.o ? ownedBy(holder.o) : {}),
    });
  }
  return out;
}

/** Meters the plan would create whose event name an existing meter holds. */
function eventNamesTaken(
  ops: readonly Operation[],
  state: readonly StateObject[],
  unmanaged: readonly ObservedObject[],
  owners: ReadonlyMap<string, string> = new Map(),
): PlanProblem[] {
  const holders = new Map<string, StripeId>();
  for (const o of [...state, ...unmanaged]) {
    const name = o.type === "billing_meter" ? o.fields.event_name : undefined;
    if (typeof name === "string" && !holders.has(name)) holders.set(name, o.id);
  }
  const out: PlanProblem[] = [];
  for (const op of ops) {
    if (op.type !== "billing_meter" || (op.action !== "create" && op.action !== "replace")) continue;
    const eventName = op.fields?.event_name;
    const holder = eventName === undefined ? undefined : holders.get(eventName);
    if (eventName === undefined || holder === undefined) continue;
    out.push({
      code: "event-name-taken",
      key: op.key,
      eventName,
      holder,
      replacing: op.action === "replace",
      fields: op.why?.code === "immutable-changed" ? op.why.fields : [],
      ...(owners.has(holder) ? { catalog: owners.get(holder) } : {}),
    });
  }
  return out;
}

/**
 * The state's objects in scope, grouped by (type, key) and (type, id) so planning stays linear
 * in the catalog size. Each lookup gives what a search of `all` in state order would.
 */
interface ObjectLookup {
  readonly all: readonly StateObject[];
  /** The active objects of each type and key, in state order. */
  readonly active: ReadonlyMap<ObjectType, ReadonlyMap<string, readonly StateObject[]>>;
  /** The archived objects of each type and key, in state order. */
  readonly archived: ReadonlyMap<ObjectType, ReadonlyMap<string, readonly StateObject[]>>;
  /** The first object of each type and id. */
  readonly byId: ReadonlyMap<ObjectType, ReadonlyMap<string, StateObject>>;
}

function indexObjects(all: readonly StateObject[]): ObjectLookup {
  const active = new Map<ObjectType, Map<string, StateObject[]>>();
  const archived = new Map<ObjectType, Map<string, StateObject[]>>();
  const byId = new Map<ObjectType, Map<string, StateObject>>();
  const of = <V>(m: Map<ObjectType, Map<string, V>>, t: ObjectType): Map<string, V> => {
    let inner = m.get(t);
    if (!inner) {
      inner = new Map();
      m.set(t, inner);
    }
    return inner;
  };
  for (const o of all) {
    const ids = of(byId, o.type);
    if (!ids.has(o.id)) ids.set(o.id, o);
    const keys = of(o.active ? active : archived, o.type);
    const list = keys.get(o.key);
    if (list) list.push(o);
    else keys.set(o.key, [o]);
  }
  return { all, active, archived, byId };
}

function planExisting<T extends ObjectType>(
  d: DesiredOf<T, FieldsByType[T]>,
  fields: FieldsByType[T],
  current: StateObject,
  objects: ObjectLookup,
): Operation<T> {
  const base = common(d, fields);
  const changes = diffFields(current.fields, fields);
  if (changes.length === 0) return { ...base, action: "noop", id: current.id, changes };
  const immutable = immutableFields(d.type, changes, current.fields);
  if (immutable.length === 0) return { ...base, action: "update", id: current.id, changes };
  const revive = archivedMatch(d, fields, objects);
  if (revive) {
    return {
      ...base,
      action: "reactivate",
      id: revive.id,
      replaces: current.id,
      why: { code: "changed-back", type: d.type, fields: immutable, replaces: current.id },
      changes,
    };
  }
  if (d.type === "promotion_code") {
    const code = String(current.fields.code);
    const why: Why = { code: "promotion-code-fixed", fields: immutable, id: current.id, promotionCode: code };
    return { ...base, action: "replace", id: current.id, why, changes };
  }
  return {
    ...base,
    action: "replace",
    id: current.id,
    why: setOnceChanged(d.type, immutable, current.fields, fields, current.id) ?? {
      code: "immutable-changed",
      type: d.type,
      fields: immutable,
      id: current.id,
    },
    changes,
  };
}

/** The reason for a replace forced by a set-once field that already holds a value, if one is. */
function setOnceChanged(
  type: ObjectType,
  immutable: readonly string[],
  before: JsonObject,
  after: JsonObject,
  id: StripeId,
): Why | undefined {
  const setOnce: readonly string[] = typeSpec(type).traits.setOnce ?? [];
  const field = immutable.find((f) => setOnce.includes(f));
  if (field === undefined) return undefined;
  const to = after[field];
  return {
    code: "set-once-changed",
    type,
    field,
    from: String(before[field]),
    to: to === undefined ? null : String(to),
    fields: immutable,
    id,
  };
}

function planMissing<T extends ObjectType>(
  d: DesiredOf<T, FieldsByType[T]>,
  fields: FieldsByType[T],
  objects: ObjectLookup,
): Operation<T> {
  const base = common(d, fields);
  const revive = archivedMatch(d, fields, objects);
  if (revive) {
    return {
      ...base,
      action: "reactivate",
      id: revive.id,
      why: { code: "archived-match" },
      changes: [{ path: "active", before: false, after: true }, ...diffFields(revive.fields, fields)],
    };
  }
  return { ...base, action: "create", changes: diffFields(undefined, fields) };
}

/**
 * The active object of the same key and type that is closest to the desired fields. There is
 * normally one; after an interrupted apply there can be two (a new price created, the old one
 * not yet archived): the closer one is kept and the other archived as unclaimed.
 */
function closestActive(
  d: DesiredOf<ObjectType, JsonObject>,
  fields: JsonObject,
  objects: ObjectLookup,
): StateObject | undefined {
  const candidates = objects.active.get(d.type)?.get(d.key) ?? [];
  if (candidates.length === 1) return candidates[0];
  let best: StateObject | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const o of candidates) {
    const score = diffFields(o.fields, fields).length;
    if (score < bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/** The first archived object (in the state's order) of the same key and type whose immutable fields match. */
function archivedMatch(
  d: DesiredOf<ObjectType, JsonObject>,
  fields: JsonObject,
  objects: ObjectLookup,
): StateObject | undefined {
  if (!typeSpec(d.type).traits.reactivatable) return undefined;
  const candidates = objects.archived.get(d.type)?.get(d.key) ?? [];
  return candidates.find((o) => immutableFields(d.type, diffFields(o.fields, fields), o.fields).length === 0);
}

function common<T extends ObjectType>(
  d: DesiredOf<T, FieldsByType[T]>,
  fields: FieldsByType[T],
): Omit<OperationOf<T>, "action" | "changes"> {
  return { key: d.key, type: d.type, model: d.model, fidelity: d.fidelity, reason: d.reason, fields };
}

/**
 * Replaces `$ref:<key>` strings with known ids; unknown ones stay as references. Parts without
 * a reference to replace are returned as they are, not copied (JSON values are never mutated).
 */
export function resolveRefs<T extends Json>(value: T, ids: ReadonlyMap<string, string>): T {
  // References are strings replaced by strings: the shape, and so the type, stays.
  return resolveJson(value, ids) as T;
}

function resolveJson(value: Json, ids: ReadonlyMap<string, string>): Json {
  if (typeof value === "string") {
    if (!value.startsWith(REF_PREFIX)) return value;
    return ids.get(value.slice(REF_PREFIX.length)) ?? value;
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const list = value as readonly Json[];
    let out: Json[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const v = list[i] as Json;
      const r = resolveJson(v, ids);
      if (r !== v && !out) out = list.slice(0, i);
      out?.push(r);
    }
    return out ?? value;
  }
  const entries = Object.entries(value as JsonObject);
  let changed = false;
  const resolved = entries.map(([, v]) => {
    const r = resolveJson(v, ids);
    if (r !== v) changed = true;
    return r;
  });
  // A copy drops a "__proto__" member (assigning it sets the prototype); keep doing so.
  if (!changed && !Object.hasOwn(value, "__proto__")) return value;
  const out: Record<string, Json> = {};
  entries.forEach(([k], i) => {
    out[k] = resolved[i] as Json;
  });
  return out;
}

/** True when a value still holds a reference to an id not known yet. */
export function hasUnresolvedRef(value: Json): boolean {
  if (typeof value === "string") return value.startsWith(REF_PREFIX);
  if (value === null || typeof value !== "object") return false;
  return (Array.isArray(value) ? value : Object.values(value as JsonObject)).some(hasUnresolvedRef);
}

function sortByType(list: readonly DesiredObject[]): DesiredObject[] {
  return [...list].sort((a, b) => typeRank(a.type) - typeRank(b.type) || compareText(a.key, b.key));
}

/** Dependencies first: creates and changes by type order, then retirements in reverse type order. */
function orderOperations(ops: readonly Operation[]): Operation[] {
  const rank = (op: Operation) => {
    const t = typeRank(op.type);
    return op.action === "archive" ? 100 + (OBJECT_TYPES.length - t) : t;
  };
  return [...ops].sort(
    (a, b) => rank(a) - rank(b) || compareText(a.key, b.key) || compareText(a.id ?? "", b.id ?? ""),
  );
}

function summarize(ops: readonly Operation[]): Summary {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const op of ops) counts[op.action]++;
  return counts;
}
