/** The reconcile loop's first half: validated models to desired Stripe objects. Pure. */
import { modelArtifacts } from "../artifacts/artifacts.js";
import { isJsonObject, type JsonObject } from "../json/json.js";
import { KEY_CATALOG, KEY_MANAGED_BY } from "../model/metadata-keys.js";
import type { PricingModel } from "../model/types.js";
import { type DesiredObject, mapArtifact } from "./registry.js";

/** Desired objects per model and catalog: a model is immutable, so watch maps only the models that changed. */
const mapped = new WeakMap<
  PricingModel,
  { readonly catalog: string; readonly objects: readonly DesiredObject[] }
>();

/**
 * Every desired Stripe object of a catalog, per model in artifact order. Every object that
 * carries the tool's metadata also carries `pricing_catalog: <catalog>`, so refresh, plan,
 * drift and import of another catalog in the same account leave it alone.
 */
export function desiredObjects(models: readonly PricingModel[], catalog: string): DesiredObject[] {
  return models.flatMap((model) => {
    let entry = mapped.get(model);
    if (entry?.catalog !== catalog) {
      entry = {
        catalog,
        objects: modelArtifacts(model)
          .flatMap(mapArtifact)
          .map((d) => stampCatalog(d, catalog)),
      };
      mapped.set(model, entry);
    }
    return entry.objects;
  });
}

/**
 * The object with `catalog` in its managed metadata; objects without the tool's metadata are
 * returned as they are. Also reads a state of format 1 (before catalogs) as stamped.
 */
export function stampCatalog<T extends { readonly fields: JsonObject }>(o: T, catalog: string): T {
  const metadata = o.fields.metadata;
  if (!isJsonObject(metadata) || metadata[KEY_MANAGED_BY] === undefined) return o;
  return { ...o, fields: { ...o.fields, metadata: { ...metadata, [KEY_CATALOG]: catalog } } };
}
