/** The reconcile loop's first half: validated models to desired Stripe objects. Pure. */
import { modelArtifacts } from "../artifacts/artifacts.js";
import type { PricingModel } from "../model/types.js";
import { type DesiredObject, mapArtifact } from "./registry.js";

/** Desired objects per model: a model is immutable, so watch maps only the models that changed. */
const mapped = new WeakMap<PricingModel, readonly DesiredObject[]>();

/** Every desired Stripe object of a catalog, per model in artifact order. */
export function desiredObjects(models: readonly PricingModel[]): DesiredObject[] {
  return models.flatMap((model) => {
    let objects = mapped.get(model);
    if (!objects) {
      objects = modelArtifacts(model).flatMap(mapArtifact);
      mapped.set(model, objects);
    }
    return objects;
  });
}
