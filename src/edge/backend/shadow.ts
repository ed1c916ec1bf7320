/**
 * The embedded default backend: the state file is the whole account. Writes are recorded in
 * the state with synthetic, Stripe-shaped ids derived from the content, so the same catalog
 * always gets the same ids. No network, no account.
 */
import { createHash } from "node:crypto";
import type { Executor } from "../../core/apply/execute.js";
import { canonicalize, type JsonObject } from "../../core/json/json.js";
import type { State, StripeId } from "../../core/state/types.js";
import { type ObjectType, typeSpec } from "../../core/stripe/registry.js";
import type { Backend } from "./backend.js";

/**
 * The id a shadow object gets: a type without an id prefix (products) is named by its logical
 * key; others get their prefix and a hash of key and immutable fields.
 */
export function shadowId(type: ObjectType, key: string, fields: JsonObject): StripeId {
  const spec = typeSpec(type);
  if (spec.idPrefix === "") return key as StripeId;
  const mutable: readonly string[] = spec.traits.mutable;
  const immutable = Object.fromEntries(Object.entries(fields).filter(([k]) => !mutable.includes(k)));
  const digest = createHash("sha256")
    .update(`${type}\n${key}\n${JSON.stringify(canonicalize(immutable))}`)
    .digest("hex");
  return `${spec.idPrefix}${digest.slice(0, 24)}` as StripeId;
}

/** An executor that only records: every operation succeeds and creates get content-derived ids. */
export const shadowExecutor: Executor = {
  async execute(op) {
    if (op.action === "create" || op.action === "replace")
      return { id: shadowId(op.type, op.key, op.fields ?? {}) };
    return {};
  },
};

/**
 * The shadow backend. Its account is the state as committed at the last revision, so drift
 * finds hand edits of the state file; `committed` reads that (undefined before any commit).
 */
export function shadowBackend(committed: (state: State) => Promise<State | undefined>): Backend {
  return {
    name: "shadow",
    refresh: async (state) => ({ state, objects: state.objects }),
    observe: async (state) => ({
      state: (await committed(state)) ?? state,
      unmanaged: [],
      byEventName: new Set(),
    }),
    // No account, so no customers: the plan says so instead of showing zeros as facts.
    subscribers: async () => ({ counted: false, why: "shadow" }),
    executorFor: () => shadowExecutor,
  };
}
