/** The reconcile loop's first half: validated models to desired Stripe objects. Pure. */
import { modelArtifacts } from "../artifacts/artifacts.js";
import { mapToStripe } from "../mapping/stripe.js";
import type { DesiredObject } from "../mapping/types.js";
import type { PricingModel } from "../model/types.js";

/** Every desired Stripe object of a catalog. */
export function desiredObjects(models: readonly PricingModel[]): DesiredObject[] {
  return mapToStripe(models.flatMap(modelArtifacts));
}
