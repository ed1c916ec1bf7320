/**
 * Adoption: turning what a backend holds into the state the planner works on. Objects the
 * state already knows keep their key; objects it does not know are adopted by the tool's
 * metadata (`pricing_key`, `pricing_model`) or, for billing meters (which hold no metadata),
 * by the event name a desired meter uses. Anything else stays unmanaged and is never touched.
 * Pure.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import { PricingError } from "../diagnostics/errors.js";
import { isJsonObject, type JsonObject } from "../json/json.js";
import { KEY_CATALOG, KEY_METERS } from "../model/metadata-keys.js";
import type { ModelId } from "../model/types.js";
import type { State, StateObject, StripeId } from "../state/types.js";
import { type DesiredObject, type ObjectType, typeSpec } from "../stripe/registry.js";

/** One object as the backend holds it, in the tool's field shape. */
export interface ObservedObject {
  readonly type: ObjectType;
  readonly id: StripeId;
  readonly active: boolean;
  readonly fields: JsonObject;
  /** The logical key, model and catalog the object's own metadata names, when the tool made it. */
  readonly claim?: {
    readonly key: LogicalKey;
    readonly model: ModelId | undefined;
    /** Undefined on objects made before catalogs existed. */
    readonly catalog: string | undefined;
  };
}

/** What a refresh saw: every object of the account the tool looks at. */
export interface Observation {
  /** The state that was refreshed (its objects are what was last published). */
  readonly state: State;
  readonly objects: readonly ObservedObject[];
}

/** The state to plan against, and what the account holds that the tool does not manage. */
export interface Adopted {
  readonly state: State;
  /** Objects no state entry, metadata or desired meter claims: never touched, but what they hold is taken. */
  readonly unmanaged: readonly ObservedObject[];
  /** Ids of meters adopted by event name alone (meters carry no metadata): the plan says so. */
  readonly byEventName: ReadonlySet<string>;
  /** Unmanaged meters another catalog owns, by id, with that catalog's name (for the plan's words). */
  readonly owners?: ReadonlyMap<string, string>;
}

/** Reason recorded for an object adopted from the account that no model describes. */
const ADOPTED = "adopted from the account";

/**
 * The state as the backend holds it: known objects (by id) with their fields as observed,
 * objects the metadata of `catalog` claims, and meters adopted by event name. `desired` only
 * names what may be adopted; without it (drift) only known and claimed objects are kept.
 *
 * Ownership: an object is this catalog's when the state lists its id or its metadata names
 * `catalog`. Objects another catalog's metadata names, objects tagged before catalogs existed
 * that the state does not list, and the meters their prices use or their products name
 * (`pricing_meters`: meters hold no metadata) are never adopted: they stay unmanaged (what they
 * hold is taken, nothing is done to them). Throws a PricingError when the state lists an object
 * that another catalog's metadata names: two repositories claim it.
 */
export function adoptObserved(
  observation: Observation,
  desired: readonly DesiredObject[],
  catalog: string,
): Adopted {
  const known = new Map(observation.state.objects.map((o) => [`${o.type}:${o.id}`, o]));
  const wanted = new Map(desired.map((d) => [`${d.type}:${d.key}`, d]));
  const meterByEvent = new Map<string, DesiredObject>();
  for (const d of desired) if (d.type === "billing_meter") meterByEvent.set(d.fields.event_name, d);
  const foreign = (o: ObservedObject) =>
    o.claim !== undefined && o.claim.catalog !== catalog && !known.has(`${o.type}:${o.id}`);
  const { byId: meterOwners, byEvent: eventOwners } = foreignMeters(observation.objects, foreign);
  const ownerOf = (o: ObservedObject) =>
    o.type === "billing_meter"
      ? (meterOwners.get(o.id) ?? eventOwners.get(String(o.fields.event_name)))
      : o.claim?.catalog !== undefined && o.claim.catalog !== catalog
        ? o.claim.catalog
        : undefined;
  const objects: StateObject[] = [];
  const unmanaged: ObservedObject[] = [];
  const owners = new Map<string, string>();
  const byEventName = new Set<string>();
  let same = observation.objects.length === observation.state.objects.length;
  for (const o of observation.objects) {
    const prior = known.get(`${o.type}:${o.id}`);
    if (o === prior) {
      objects.push(prior);
      continue;
    }
    same = false;
    const owner = ownerOf(o);
    // A meter this catalog retired and another now names is released: it is theirs from now on.
    if (prior && owner !== undefined && !prior.active && o.type === "billing_meter") {
      owners.set(o.id, owner);
      unmanaged.push(o);
      continue;
    }
    if (prior && owner !== undefined) {
      throw new PricingError(
        `${o.type} ${o.id} is claimed by two catalogs: "${catalog}" (this state lists it) and "${owner}" (${o.type === "billing_meter" ? "whose prices or products name it" : `its ${KEY_CATALOG} metadata`}): decide which repository owns it, and remove it from the other one's state`,
      );
    }
    if (owner !== undefined && o.type === "billing_meter") {
      owners.set(o.id, owner);
      unmanaged.push(o);
      continue;
    }
    const eventName = o.type === "billing_meter" ? o.fields.event_name : undefined;
    const byEvent = typeof eventName === "string" ? meterByEvent.get(eventName) : undefined;
    const claim = foreign(o) ? undefined : o.claim;
    const key = claim?.key ?? prior?.key ?? (foreign(o) ? undefined : byEvent?.key);
    if (key === undefined) {
      unmanaged.push(o);
      continue;
    }
    if (!claim && !prior) byEventName.add(o.id);
    const model = claim?.model ?? prior?.model ?? byEvent?.model;
    const d = wanted.get(`${o.type}:${key}`);
    objects.push({
      key,
      type: o.type,
      id: o.id,
      active: o.active,
      model: model ?? d?.model ?? (key as string as ModelId),
      fidelity: prior?.fidelity ?? d?.fidelity ?? "exact",
      reason: prior?.reason ?? d?.reason ?? ADOPTED,
      fields: o.fields,
    });
  }
  // A retired object its type deletes (a coupon) is gone from the backend, as the state records.
  const seen = new Set(observation.objects.map((o) => `${o.type}:${o.id}`));
  for (const o of observation.state.objects)
    if (!o.active && typeSpec(o.type).traits.retire === "delete" && !seen.has(`${o.type}:${o.id}`)) {
      objects.push(o);
    }
  // The shadow backend observes the state itself: keep it, so its digest is computed once.
  return {
    state: same ? observation.state : { ...observation.state, objects },
    unmanaged,
    byEventName,
    ...(owners.size > 0 ? { owners } : {}),
  };
}

/** The catalog a claim names, in words: objects tagged before catalogs existed name none. */
function ownerName(claim: NonNullable<ObservedObject["claim"]>): string {
  return claim.catalog ?? "(tagged before catalogs existed)";
}

/** The catalog of an object the tool tagged, for a problem's words; none for hand-made objects. */
export function ownedBy(o: ObservedObject | undefined): { readonly catalog?: string } {
  return o?.claim ? { catalog: ownerName(o.claim) } : {};
}

/** What another catalog's objects say of meters: by id (its prices use them) and by event name (its products name them). */
function foreignMeters(
  objects: readonly ObservedObject[],
  foreign: (o: ObservedObject) => boolean,
): { byId: Map<string, string>; byEvent: Map<string, string> } {
  const byId = new Map<string, string>();
  const byEvent = new Map<string, string>();
  for (const o of objects) {
    if (!foreign(o)) continue;
    const owner = o.claim ? ownerName(o.claim) : "";
    if (o.type === "price") byId.set(meterOf(o), owner);
    const metadata = o.type === "product" ? o.fields.metadata : undefined;
    const named = isJsonObject(metadata) ? metadata[KEY_METERS] : undefined;
    if (typeof named === "string") for (const e of named.split(",")) byEvent.set(e, owner);
  }
  return { byId, byEvent };
}

/** The meter a metered price uses ("" when none). */
function meterOf(o: ObservedObject): string {
  const recurring = o.fields.recurring;
  return isJsonObject(recurring) && typeof recurring.meter === "string" ? recurring.meter : "";
}
