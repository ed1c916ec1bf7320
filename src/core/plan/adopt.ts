/**
 * Adoption: turning what a backend holds into the state the planner works on. Objects the
 * state already knows keep their key; objects it does not know are adopted by the tool's
 * metadata (`pricing_key`, `pricing_model`) or, for billing meters (which hold no metadata),
 * by the event name a desired meter uses. Anything else stays unmanaged and is never touched.
 * Pure.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { JsonObject } from "../json/json.js";
import type { ModelId } from "../model/types.js";
import type { State, StateObject, StripeId } from "../state/types.js";
import type { DesiredObject, ObjectType } from "../stripe/registry.js";

/** One object as the backend holds it, in the tool's field shape. */
export interface ObservedObject {
  readonly type: ObjectType;
  readonly id: StripeId;
  readonly active: boolean;
  readonly fields: JsonObject;
  /** The logical key and model the object's own metadata names, when the tool made it. */
  readonly claim?: { readonly key: LogicalKey; readonly model: ModelId | undefined };
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
}

/** Reason recorded for an object adopted from the account that no model describes. */
const ADOPTED = "adopted from the account";

/**
 * The state as the backend holds it: known objects (by id) with their fields as observed,
 * objects claimed by metadata, and meters adopted by event name. `desired` only names what may
 * be adopted; without it (drift) only known and claimed objects are kept.
 */
export function adoptObserved(observation: Observation, desired: readonly DesiredObject[]): Adopted {
  const known = new Map(observation.state.objects.map((o) => [`${o.type}:${o.id}`, o]));
  const wanted = new Map(desired.map((d) => [`${d.type}:${d.key}`, d]));
  const meterByEvent = new Map<string, DesiredObject>();
  for (const d of desired) if (d.type === "billing_meter") meterByEvent.set(d.fields.event_name, d);
  const objects: StateObject[] = [];
  const unmanaged: ObservedObject[] = [];
  let same = observation.objects.length === observation.state.objects.length;
  for (const o of observation.objects) {
    const prior = known.get(`${o.type}:${o.id}`);
    if (o === prior) {
      objects.push(prior);
      continue;
    }
    same = false;
    const eventName = o.type === "billing_meter" ? o.fields.event_name : undefined;
    const byEvent = typeof eventName === "string" ? meterByEvent.get(eventName) : undefined;
    const key = o.claim?.key ?? prior?.key ?? byEvent?.key;
    if (key === undefined) {
      unmanaged.push(o);
      continue;
    }
    const model = o.claim?.model ?? prior?.model ?? byEvent?.model;
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
  // The shadow backend observes the state itself: keep it, so its digest is computed once.
  return { state: same ? observation.state : { ...observation.state, objects }, unmanaged };
}
