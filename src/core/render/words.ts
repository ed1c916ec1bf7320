/** What an action does to an object, in words a pricing manager reads (a coupon is deleted, not archived). Pure. */
import type { Action } from "../plan/types.js";
import { OBJECT_TYPES, type ObjectType, typeSpec } from "../stripe/registry.js";

const PAST: Readonly<Record<string, string>> = {
  archive: "archived",
  deactivate: "deactivated",
  delete: "deleted",
  remove: "removed",
  unset: "unset",
};

/** The noun for a type (`price`, `coupon`, `billing meter`, `product`, `product metadata`). */
export function noun(type: string): string {
  if (type === "billing_meter") return "billing meter";
  if (type === "metadata_binding") return "product metadata";
  if (type === "default_price") return "default price";
  if (type === "promotion_code") return "promotion code";
  return type;
}

function retired(type: string): string {
  const known = (OBJECT_TYPES as readonly string[]).includes(type);
  return known ? (PAST[typeSpec(type as ObjectType).traits.retire] ?? "archived") : "archived";
}

/** `replaced (new price, old one archived)`, `deleted and re-created`, `deactivated`, `created`, ... */
export function actionWords(action: Action, type: string): string {
  switch (action) {
    case "create":
      return "created";
    case "update":
      return "updated in place";
    case "replace":
      return retired(type) === "deleted"
        ? "deleted and re-created"
        : `replaced (a new ${noun(type)}; the old one is ${retired(type)})`;
    case "archive":
      return retired(type);
    case "reactivate":
      return "reactivated";
    case "noop":
      return "unchanged";
  }
}

/** The imperative for a plan line: `create`, `replace`, `delete and re-create`, `archive`, `delete`, `deactivate`, ... */
export function actionVerb(action: Action, type: string): string {
  const known = (OBJECT_TYPES as readonly string[]).includes(type);
  const retire = known ? typeSpec(type as ObjectType).traits.retire : "archive";
  if (action === "archive") return retire;
  if (action === "replace" && retire === "delete") return "delete and re-create";
  return action;
}
