/**
 * Stripe's metadata rules: merge on update, `""` deletes a key, `metadata=""` clears all; up to
 * 50 keys, keys up to 40 characters without square brackets, values up to 500 characters
 * (https://docs.stripe.com/api/metadata). Keys are data: `__proto__` or `constructor` is stored
 * like any other key and never reaches a prototype.
 */
import { invalidParam } from "./errors.js";
import type { FormValue } from "./form.js";
import { textLength } from "./params.js";
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
  const next = new Map(Object.entries(current));
  for (const [key, v] of Object.entries(value)) {
    const at = `metadata[${key}]`;
    if (typeof v !== "string") throw invalidParam("Invalid string: a hash", at);
    if (key === "") throw invalidParam("Metadata keys cannot be empty.", "metadata");
    if (/[[\]]/.test(key)) throw invalidParam("Metadata keys cannot contain `[` or `]`.", at);
    if (textLength(key) > MAX_KEY_LENGTH) {
      throw invalidParam(`Metadata keys can have up to ${MAX_KEY_LENGTH} characters.`, at);
    }
    if (textLength(v) > MAX_VALUE_LENGTH) {
      throw invalidParam(`Metadata values can have up to ${MAX_VALUE_LENGTH} characters.`, at);
    }
    if (v === "") next.delete(key);
    else next.set(key, v);
  }
  if (next.size > MAX_KEYS) {
    throw invalidParam(`You can specify up to ${MAX_KEYS} metadata keys.`, "metadata");
  }
  // fromEntries defines each key as an own property: `__proto__` stays a plain key.
  return Object.fromEntries(next);
}
