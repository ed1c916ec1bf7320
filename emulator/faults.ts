/**
 * Fault injection from a seeded generator. Mode `before`: the request is refused before it runs
 * (a 500 `api_error`, or a 429 `lock_timeout` with `Stripe-Should-Retry: true`), nothing changes
 * and nothing is saved under its idempotency key, so a retry can succeed. Mode `after`: the
 * request runs and its changes stay, then the answer is a 500 with `Stripe-Should-Retry: false`,
 * saved under the idempotency key like Stripe saves a 500; the client cannot know it succeeded.
 * Mode `rate_limit`: the request is refused, without running, with the 429 `rate_limit` Stripe's
 * limiter sends when another client shares the account: no `Stripe-Should-Retry`, so the SDK
 * does not retry it and the client must back off by itself.
 */
import { StripeApiError } from "./errors.js";
import { seededRandom } from "./prng.js";

/** When an injected fault strikes relative to executing the request. */
export type FaultMode = "before" | "after" | "rate_limit";

/** What to do with one request. */
export type FaultDecision = "none" | "before_500" | "before_429" | "rate_limit_429" | "after_500" | "down";

/** Chooses, per request, whether and how it fails. */
export class FaultInjector {
  private rate: number;
  private mode: FaultMode;
  private methods: ReadonlySet<string> | undefined;
  private readonly random: () => number;
  private writeBudget: number | undefined;

  constructor(seed: number, rate: number, mode: FaultMode, methods: readonly string[] | undefined) {
    this.random = seededRandom((seed ^ 0x9e3779b9) >>> 0);
    this.rate = rate;
    this.mode = mode;
    this.methods = methods === undefined ? undefined : new Set(methods);
  }

  /** Changes the fault rate (0..1), the mode and, when given, the methods faults apply to. */
  configure(rate: number, mode: FaultMode, methods?: readonly string[]): void {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must be within 0..1, got ${rate}`);
    this.rate = rate;
    this.mode = mode;
    if (methods !== undefined) this.methods = new Set(methods);
  }

  /**
   * Lets `writes` more writes (non-GET requests) through, then answers every write with a 500
   * that must not be retried, as if the client had crashed there; undefined lifts the limit.
   */
  limitWrites(writes: number | undefined): void {
    this.writeBudget = writes;
  }

  /** The fault for a request with this method. */
  decide(method: string): FaultDecision {
    if (this.writeBudget !== undefined && method !== "GET") {
      if (this.writeBudget <= 0) return "down";
      this.writeBudget -= 1;
    }
    if (this.rate <= 0) return "none";
    if (this.methods !== undefined && !this.methods.has(method)) return "none";
    if (this.random() >= this.rate) return "none";
    if (this.mode === "after") return "after_500";
    if (this.mode === "rate_limit") return "rate_limit_429";
    return this.random() < 0.5 ? "before_500" : "before_429";
  }
}

/** The 500 Stripe answers for an internal failure. */
export function serverError(shouldRetry: boolean): StripeApiError {
  return new StripeApiError({
    status: 500,
    type: "api_error",
    message:
      "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at support.stripe.com/contact.",
    stage: "execution",
    headers: { "Stripe-Should-Retry": shouldRetry ? "true" : "false" },
  });
}

/** The 429 Stripe answers when an object is locked by a concurrent request. */
export function lockTimeout(): StripeApiError {
  return new StripeApiError({
    status: 429,
    type: "invalid_request_error",
    code: "lock_timeout",
    message:
      "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.",
    stage: "validation",
    headers: { "Stripe-Should-Retry": "true" },
  });
}
