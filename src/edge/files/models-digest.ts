/** The digest of what the models ask for: what a saved plan binds to besides the state. */
import { createHash } from "node:crypto";
import { canonicalize } from "../../core/json/json.js";
import type { DesiredObject } from "../../core/stripe/registry.js";

/**
 * The SHA-256 (hex) of the desired objects' canonical JSON, in their order. A change of the
 * models that changes no desired object (a comment, a reordering of keys) keeps the digest.
 */
export function desiredDigest(desired: readonly DesiredObject[]): string {
  return createHash("sha256")
    .update(JSON.stringify(canonicalize(desired)))
    .digest("hex");
}
