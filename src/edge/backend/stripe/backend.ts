/**
 * The Stripe backend: the official SDK against a Stripe account (or any server speaking its
 * API, such as `pricing emulator`). Refresh reads the account; apply writes exactly the
 * plan's operations; the state file and revisions stay the source of record, never Stripe.
 */
import { adoptObserved } from "../../../core/plan/adopt.js";
import type { Backend } from "../backend.js";
import { stripeExecutor } from "./executor.js";
import { tokenBucket } from "./rate-limit.js";
import { observeAccount, readAccount } from "./refresh.js";
import { retryingSender } from "./retry.js";
import { type StripeSettings, stripeClient } from "./settings.js";
import { listSubscribers } from "./subscribers.js";

/** A Stripe backend. */
export function stripeBackend(settings: StripeSettings): Backend {
  const client = stripeClient(settings);
  const send = retryingSender(tokenBucket(settings.rateLimit), settings.maxRetries, settings.retryDelayMs);
  const refresh: Backend["refresh"] = async (state) => ({
    state: { ...state, backend: "stripe", account: { ...state.account, mode: settings.mode } },
    objects: observeAccount(await readAccount(client, send, state.objects), state.objects),
  });
  return {
    name: "stripe",
    refresh,
    observe: async (state, catalog) => adoptObserved(await refresh(state), [], catalog),
    subscribers: (prices) => listSubscribers(client, send, prices),
    executorFor: (plan) => stripeExecutor(client, send, plan.baseDigest, settings.concurrency),
  };
}
