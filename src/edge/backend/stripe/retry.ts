/**
 * Sending requests to Stripe: every attempt, first or retried, waits for the client-side rate
 * limiter, and failed attempts that may succeed later are retried with jittered exponential
 * backoff, bounded. The SDK's own retries are off (they would bypass the limiter, and it never
 * retries a rate-limit 429, which Stripe sends without `Stripe-Should-Retry`).
 *
 * Retried: 429 (rate limit or lock timeout), 409 (an idempotent request still in flight), 5xx
 * and connection failures, unless Stripe says `Stripe-Should-Retry: false`. Writes carry
 * idempotency keys, so a retried write never runs twice.
 */
import Stripe from "stripe";
import type { RateLimiter } from "./rate-limit.js";

/** Sends one request (a call of the SDK) with the limiter and retries. */
export type Send = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * A sender through `limiter` retrying up to `maxRetries` times, the first after about
 * `initialDelayMs` (the SDK's own schedule is 500 ms doubling up to 5 s, ten times the first);
 * `sleep` and `random` are for tests.
 */
export function retryingSender(
  limiter: RateLimiter,
  maxRetries: number,
  initialDelayMs = 500,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => number = Math.random,
): Send {
  return async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      await limiter.take();
      try {
        return await call();
      } catch (e) {
        if (attempt >= maxRetries || !retryable(e)) throw e;
        const ceiling = Math.min(initialDelayMs * 10, initialDelayMs * 2 ** attempt);
        await sleep(ceiling * (0.5 + random() / 2));
      }
    }
  };
}

/** Whether a failed request may succeed when sent again. */
export function retryable(e: unknown): boolean {
  if (!(e instanceof Stripe.errors.StripeError)) return false;
  const header = (e.headers as Record<string, string> | undefined)?.["stripe-should-retry"];
  if (header === "false") return false;
  if (header === "true") return true;
  if (e instanceof Stripe.errors.StripeConnectionError) return true;
  const status = e.statusCode ?? 0;
  return status === 409 || status === 429 || status >= 500;
}
