/**
 * The registry of Stripe object types the tool manages: one entry per type, in dependency
 * order (an object only references types before it). Adding a type is one file beside this
 * one and one line here; `tsc` then names every other piece it lacks (the Stripe backend's
 * resource, the emulator's). Pure.
 */
import type { Artifact } from "../artifacts/artifacts.js";
import { type FieldChange, isJsonObject, type JsonObject } from "../json/json.js";
import { billingMeter } from "./billing-meter.js";
import { coupon } from "./coupon.js";
import { defaultPrice } from "./default-price.js";
import type { DesiredOf } from "./desired-object.js";
import { metadataBinding } from "./metadata-binding.js";
import { price } from "./price.js";
import { product } from "./product.js";
import { promotionCode } from "./promotion-code.js";
import type { TypeSpec, TypeTraits } from "./type-spec.js";

/** Every managed type by name, in dependency order. */
export const STRIPE_TYPES = {
  product,
  billing_meter: billingMeter,
  price,
  default_price: defaultPrice,
  coupon,
  promotion_code: promotionCode,
  metadata_binding: metadataBinding,
} as const;

/** A Stripe object type the tool manages. */
export type ObjectType = keyof typeof STRIPE_TYPES;

/** The fields of each type's objects. */
export type FieldsByType = {
  readonly [T in ObjectType]: (typeof STRIPE_TYPES)[T] extends TypeSpec<T, infer F> ? F : never;
};

/** A desired object of any type (or of the types `T`), discriminated on `type`. */
export type DesiredObject<T extends ObjectType = ObjectType> = { [K in T]: DesiredOf<K, FieldsByType[K]> }[T];

/** The managed types in dependency order. */
export const OBJECT_TYPES: readonly ObjectType[] = Object.keys(STRIPE_TYPES) as ObjectType[];

/** The spec of one type. */
export function typeSpec<T extends ObjectType>(type: T): TypeSpec<T, FieldsByType[T]> {
  return STRIPE_TYPES[type] as unknown as TypeSpec<T, FieldsByType[T]>;
}

/** Position of a type in dependency order. */
export function typeRank(type: ObjectType): number {
  return OBJECT_TYPES.indexOf(type);
}

/** The desired objects that carry an artifact, over every type. */
export function mapArtifact(artifact: Artifact): DesiredObject[] {
  return OBJECT_TYPES.flatMap((t) => typeSpec(t).map(artifact) as readonly DesiredObject[]);
}

/**
 * The top-level fields among `changes` (from `before`) that Stripe cannot change in place,
 * sorted: neither mutable, nor a member added to an extendable map, nor a set-once field
 * given its first value.
 */
export function immutableFields(
  type: ObjectType,
  changes: readonly FieldChange[],
  before: JsonObject,
): string[] {
  const { mutable, extendable = [], setOnce = [] } = typeSpec(type).traits as TypeTraits<JsonObject>;
  const out = new Set<string>();
  for (const { path } of changes) {
    const [field = path, member] = path.split(".");
    if (mutable.includes(field)) continue;
    if (setOnce.includes(field) && before[field] === undefined) continue;
    const map = before[field];
    const added =
      member !== undefined && (map === undefined || (isJsonObject(map) && map[member] === undefined));
    if (extendable.includes(field) && added) continue;
    out.add(field);
  }
  return [...out].sort();
}
