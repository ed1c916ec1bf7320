/**
 * A client-side rate limiter: a token bucket that spaces requests to at most `perSecond`,
 * so an apply never sets off a storm of 429s. No timers left behind.
 */

/** Waits until a request may be sent. */
export interface RateLimiter {
  take(): Promise<void>;
}

/** A limiter allowing `perSecond` requests each second, with bursts up to `burst`. */
export function tokenBucket(
  perSecond: number,
  burst = Math.max(1, Math.floor(perSecond / 5)),
  now = () => performance.now(),
): RateLimiter {
  if (!(perSecond > 0)) throw new RangeError("the rate limit must be above 0 requests per second");
  let tokens = burst;
  let last = now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - last) * perSecond) / 1000);
    last = t;
  };
  return {
    take() {
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await new Promise((resolve) => setTimeout(resolve, ((1 - tokens) * 1000) / perSecond));
          refill();
        }
        tokens -= 1;
      });
      queue = turn;
      return turn;
    },
  };
}
