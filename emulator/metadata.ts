/** Stripe's metadata rules: merge on update, `""` deletes a key, `metadata=""` clears all. */
import { invalidParam } from "./errors.js";
import type { FormValue } from "./form.js";
import type { Metadata } from "./records.js";

const MAX_KEYS = 50;
const MAX_KEY_LENGTH = 40;
const MAX_VALUE_LENGTH = 500;

/** The metadata after applying the `metadata` parameter `value` to `current`. */
export function applyMetadata(current: Metadata, value: FormValue | undefined): Metadata {
  if (value === undefined) return current;
  if (typeof value === "string") {
    if (value === "") return {};
    throw invalidParam("Invalid object", "metadata");
  }
  const next: Record<string, string> = { ...current };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw invalidParam("Invalid string: a hash", `metadata[${key}]`);
    if (key.length > MAX_KEY_LENGTH) {
      throw invalidParam(`Metadata keys can have up to ${MAX_KEY_LENGTH} characters.`, `metadata[${key}]`);
    }
    if (v.length > MAX_VALUE_LENGTH) {
      throw invalidParam(
        `Metadata values can have up to ${MAX_VALUE_LENGTH} characters.`,
        `metadata[${key}]`,
      );
    }
    if (v === "") delete next[key];
    else next[key] = v;
  }
  if (Object.keys(next).length > MAX_KEYS) {
    throw invalidParam(`You can specify up to ${MAX_KEYS} metadata keys.`, "metadata");
  }
  return next;
}
