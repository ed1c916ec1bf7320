/** The metadata the tool writes on every object that can hold metadata, to find and adopt it later. Pure. */
import type { LogicalKey } from "../artifacts/artifacts.js";
import { KEY_LOGICAL, KEY_MANAGED_BY, KEY_MODEL, MANAGED_BY } from "../model/metadata-keys.js";

/** `pricing_key`, `pricing_managed_by` and `pricing_model` of one object. */
export function managedMetadata(key: LogicalKey, model: string): Record<string, string> {
  return { [KEY_LOGICAL]: key, [KEY_MANAGED_BY]: MANAGED_BY, [KEY_MODEL]: model };
}
