/** The words for the planner's reasons (`Why` codes). Pure. */
import { unreachable } from "../diagnostics/errors.js";
import type { Why } from "../plan/why.js";
import { typeSpec } from "../stripe/registry.js";

/** One line saying why an operation does what it does. */
export function describeWhy(why: Why): string {
  switch (why.code) {
    case "immutable-changed": {
      const retire = typeSpec(why.type).traits.retire;
      const meter =
        why.eventName === undefined
          ? ""
          : ` (on Stripe give the meter a new eventName too: Stripe never reuses ${why.eventName} for a new meter)`;
      return `${why.fields.join(", ")} cannot change in place: create a new ${why.type} and ${retire} ${why.id}${meter}`;
    }
    case "changed-back":
      return `${why.fields.join(", ")} changed back to an archived object's: reactivate it and ${typeSpec(why.type).traits.retire} ${why.replaces}`;
    case "archived-match":
      return "an archived object matches: reactivate it instead of creating a duplicate";
    case "removed":
      return `no longer in the models: ${typeSpec(why.type).traits.retire}`;
    case "duplicate":
      return `a second active ${why.type} of this key (an interrupted apply or an edit outside the tool): ${typeSpec(why.type).traits.retire}`;
    default:
      return unreachable(why);
  }
}
