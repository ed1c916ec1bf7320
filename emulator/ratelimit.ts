/**
 * A token bucket: up to `perSecond` requests in a burst, refilled at `perSecond` per second.
 * Over it, Stripe's 429 `rate_limit` error.
 */
import { StripeApiError } from "./errors.js";

/** Admits or refuses requests at a steady rate. */
export class RateLimiter {
  private perSecond: number | undefined;
  private tokens = 0;
  private last = 0;
  private readonly clock: () => number;

  constructor(perSecond: number | undefined, clock: () => number = () => performance.now()) {
    this.clock = clock;
    this.set(perSecond);
  }

  /** Sets the limit in requests per second; undefined (or 0) lifts it. */
  set(perSecond: number | undefined): void {
    if (perSecond !== undefined && !(perSecond >= 0))
      throw new RangeError(`rate limit must be >= 0, got ${perSecond}`);
    this.perSecond = perSecond === 0 ? undefined : perSecond;
    this.tokens = this.perSecond ?? 0;
    this.last = this.clock();
  }

  /** Takes a token; false when the request is over the limit. */
  take(): boolean {
    if (this.perSecond === undefined) return true;
    const now = this.clock();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Stripe's rate limit error. Like Stripe's own limiter it carries no `Stripe-Should-Retry`, so
 * stripe-node does not retry it (its `_shouldRetry` retries a 429 only when that header is
 * `true`, as Stripe sends for `lock_timeout`); a client must back off and retry by itself.
 */
export function rateLimited(): StripeApiError {
  return new StripeApiError({
    status: 429,
    type: "invalid_request_error",
    code: "rate_limit",
    message:
      "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
    stage: "validation",
    headers: { "Stripe-Rate-Limited-Reason": "global-rate" },
  });
}
