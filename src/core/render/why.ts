/** The words for the planner's reasons (`Why` codes). Pure. */
import { unreachable } from "../diagnostics/errors.js";
import type { Why } from "../plan/why.js";
import { typeSpec } from "../stripe/registry.js";

/** One line saying why an operation does what it does. */
export function describeWhy(why: Why): string {
  switch (why.code) {
    case "immutable-changed":
      return `${why.fields.join(", ")} cannot change in place: create a new ${why.type} and ${typeSpec(why.type).traits.retire} ${why.id}`;
    case "changed-back":
      return `${why.fields.join(", ")} changed back to an archived object's: reactivate it and ${typeSpec(why.type).traits.retire} ${why.replaces}`;
    case "archived-match":
      return "an archived object matches: reactivate it instead of creating a duplicate";
    case "removed":
      return `no longer in the models: ${typeSpec(why.type).traits.retire}`;
    case "moved":
      return `the ${why.type} of ${why.from} (identified by what Stripe keeps unique) now belongs to this key`;
    case "lookup-key-takeover":
      return `takes the lookup key ${why.lookupKey} from ${why.holder}, a price the tool does not manage (the model says takeOverLookupKey)`;
    case "duplicate":
      return `a second active ${why.type} of this key (an interrupted apply or an edit outside the tool): ${typeSpec(why.type).traits.retire}`;
    default:
      return unreachable(why);
  }
}
