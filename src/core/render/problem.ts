/** The words for plan problems, each naming its fix. Pure. */
import { unreachable } from "../diagnostics/errors.js";
import type { PlanProblem } from "../plan/problem.js";

/** One line saying what cannot be applied and how to fix it. */
export function describeProblem(p: PlanProblem): string {
  switch (p.code) {
    case "event-name-taken":
      if (p.catalog !== undefined)
        return `billing meter ${p.key}: the event name ${p.eventName} is held by meter ${p.holder} of the catalog "${p.catalog}" that another repository manages, and Stripe never gives an event name to a second meter nor does the tool take another catalog's: use another eventName for this meter`;
      return p.replacing
        ? `billing meter ${p.key}: changing ${p.fields.join(", ")} needs a new meter, and Stripe never gives the event name ${p.eventName} to a second meter (${p.holder} keeps it): give the meter a new eventName (and send usage under it), or keep ${p.fields.join(", ")} as published`
        : `billing meter ${p.key}: the event name ${p.eventName} is held by meter ${p.holder}, whose settings differ, and Stripe never gives an event name to a second meter: use another eventName for this meter, or match that meter's aggregation and valueKey to adopt it`;
    case "lookup-key-held":
      if (p.catalog !== undefined)
        return `price ${p.key}: the lookup key ${p.lookupKey} is held by ${p.holder}, a price of the catalog "${p.catalog}" that another repository manages, and the tool never touches another catalog's objects: use another lookup key, or release it in that catalog first`;
      return `price ${p.key}: the lookup key ${p.lookupKey} is held by ${p.holder}, a price the tool does not manage; taking it would change what code looking prices up by that key sells: add \`takeOverLookupKey: true\` to the component to take it over, or remove the key from that price`;
    case "product-id-taken":
      return p.catalog !== undefined
        ? `product ${p.key}: the product id ${p.key} is taken by a product of the catalog "${p.catalog}" that another repository manages, and Stripe never gives an id twice: give this model another id`
        : `product ${p.key}: the product id ${p.key} is taken by a product the tool does not manage (made by hand or by another tool; archived ones keep their id), and Stripe never gives an id twice: give this model another id`;
    case "promotion-code-taken":
      if (p.heldBy !== undefined)
        return `promotion code ${p.key}: the code ${p.promotionCode} is held by ${p.holder} (${p.heldBy}), which this plan deactivates only after, and Stripe keeps a code unique among active codes: move the code in two steps (remove it or set active: false there, apply, then add it here), or use another code`;
      if (p.catalog !== undefined)
        return `promotion code ${p.key}: the code ${p.promotionCode} is held by ${p.holder}, an active code of the catalog "${p.catalog}" that another repository manages, and Stripe keeps a code unique among active codes: use another code, or deactivate it in that catalog first`;
      return `promotion code ${p.key}: the code ${p.promotionCode} is held by ${p.holder}, an active promotion code the tool does not manage, and Stripe keeps a code unique (regardless of case) among active codes: use another code, or deactivate that one first`;
    case "too-long":
      return `${p.type} ${p.key}: ${p.field} is ${p.length} characters, Stripe allows ${p.limit}: shorten what it is made from in the model`;
    default:
      return unreachable(p);
  }
}
