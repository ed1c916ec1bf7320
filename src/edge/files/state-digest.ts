/** A state's digest: what a saved plan binds to, so apply refuses it once the state moved. */
import { createHash } from "node:crypto";
import { canonicalize } from "../../core/json/json.js";
import { type State, sortObjects } from "../../core/state/types.js";

/** Digests already computed: a state is immutable, and `pricing watch` plans against one on every save. */
const digests = new WeakMap<State, string>();

/** The SHA-256 (hex) of the state's canonical JSON, objects in the file's order. */
export function stateDigest(state: State): string {
  let digest = digests.get(state);
  if (digest === undefined) {
    digest = createHash("sha256")
      .update(JSON.stringify(canonicalize({ ...state, objects: sortObjects(state.objects) })))
      .digest("hex");
    digests.set(state, digest);
  }
  return digest;
}
