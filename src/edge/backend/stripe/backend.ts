/**
 * The Stripe backend: the official SDK against a Stripe account (or any server speaking its
 * API, such as `pricing emulator`). Refresh reads the account; apply writes exactly the
 * plan's operations; the state file and revisions stay the source of record, never Stripe.
 */

import type { State } from "../../../core/state/types.js";
import type { DesiredObject } from "../../../core/stripe/types.js";
import type { Backend } from "../backend.js";
import { stripeExecutor } from "./executor.js";
import { tokenBucket } from "./rate-limit.js";
import { observedObjects, readAccount } from "./refresh.js";
import { type StripeSettings, stripeClient } from "./settings.js";

/** A Stripe backend; `desired` lets refresh recognise meters (which carry no metadata) by event name. */
export function stripeBackend(settings: StripeSettings, desired: readonly DesiredObject[]): Backend {
  const client = stripeClient(settings);
  const limiter = tokenBucket(settings.rateLimit);
  const observe = async (state: State) =>
    observedObjects(await readAccount(client, limiter), state.objects, desired);
  return {
    name: "stripe",
    observe,
    refresh: async (state) => ({
      ...state,
      backend: "stripe",
      account: { ...state.account, mode: settings.mode },
      objects: await observe(state),
    }),
    executorFor: (plan) => stripeExecutor(client, limiter, plan.baseDigest, settings.concurrency),
  };
}
