/** The words for the planner's reasons (`Why` codes). Pure. */
import { unreachable } from "../diagnostics/errors.js";
import type { Why } from "../plan/why.js";
import { typeSpec } from "../stripe/registry.js";

/** One line saying why an operation does what it does. */
export function describeWhy(why: Why): string {
  switch (why.code) {
    case "immutable-changed":
      return `${why.fields.join(", ")} cannot change in place: create a new ${why.type} and ${typeSpec(why.type).traits.retire} ${why.id}`;
    case "set-once-changed": {
      const others = why.fields.filter((f) => f !== why.field);
      const change = why.to === null ? "unspecified" : why.to;
      return `${why.field} is ${why.from}, and Stripe lets it be set only once (from unspecified), so making it ${change} needs a new ${why.type}${others.length > 0 ? ` (${others.join(", ")} cannot change in place either)` : ""}: create one and ${typeSpec(why.type).traits.retire} ${why.id}`;
    }
    case "promotion-code-fixed":
      return `Stripe never changes a promotion code's ${why.fields.join(", ")}: deactivate ${why.id} (${why.promotionCode}) first, since a code is unique among active codes, then create the new code`;
    case "made-inactive":
      return `the model marks it inactive (active: false): ${typeSpec(why.type).traits.retire} it (active: true again reactivates it)`;
    case "default-price-moves":
      return `the product's default price moves from ${why.from} to the new price of ${why.to}, which this plan replaces (Stripe refuses to archive a product's default price)`;
    case "changed-back":
      return `${why.fields.join(", ")} changed back to an archived object's: reactivate it and ${typeSpec(why.type).traits.retire} ${why.replaces}`;
    case "archived-match":
      return "an archived object matches: reactivate it instead of creating a duplicate";
    case "removed":
      return `no longer in the models: ${typeSpec(why.type).traits.retire}`;
    case "moved":
      return `the ${why.type} of ${why.from} (identified by what Stripe keeps unique) now belongs to this key`;
    case "adopted-by-event-name":
      return `adopts this existing meter: it holds the event name ${why.eventName} (meters carry no metadata, so nothing else says whose it is); if it belongs to someone else, give this meter another eventName`;
    case "lookup-key-takeover":
      return `takes the lookup key ${why.lookupKey} from ${why.holder}, a price the tool does not manage (the model says takeOverLookupKey)`;
    case "duplicate":
      return `a second active ${why.type} of this key (an interrupted apply or an edit outside the tool): ${typeSpec(why.type).traits.retire}`;
    default:
      return unreachable(why);
  }
}
