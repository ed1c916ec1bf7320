/**
 * Stripe backend settings from the environment: the API key (only from STRIPE_API_KEY), an
 * optional server (STRIPE_API_BASE), rate limit and retries, and the live-mode guard. Keys
 * never reach output: every message that could hold one goes through `redact`.
 */
import Stripe from "stripe";
import { PricingError } from "../../../core/diagnostics/errors.js";
import type { State } from "../../../core/state/types.js";

/** How the backend talks to Stripe. */
export interface StripeSettings {
  readonly apiKey: string;
  readonly mode: "test" | "live";
  readonly base?: URL;
  /** Requests per second the client allows itself (Stripe: 25 in test mode, 100 live). */
  readonly rateLimit: number;
  /** Retries of one request on 429, 409, 5xx and connection failures, through the limiter (see retry.ts). */
  readonly maxRetries: number;
  /** Writes of one dependency wave in flight at once. */
  readonly concurrency: number;
}

/** Reads and checks the settings; refuses a live key unless the state is a live account's and `allowLive`. */
export function stripeSettings(
  env: Readonly<Record<string, string | undefined>>,
  state: State,
  allowLive: boolean,
  stateFile: string,
): StripeSettings {
  const apiKey = env.STRIPE_API_KEY ?? "";
  if (apiKey === "")
    throw new PricingError(
      "the stripe backend needs an API key in STRIPE_API_KEY (a test key: sk_test_... or rk_test_...)",
    );
  const match = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(apiKey);
  if (!match)
    throw new PricingError(
      "STRIPE_API_KEY is not a Stripe secret or restricted key (sk_test_..., rk_test_...)",
    );
  const mode = match[2] as "test" | "live";
  const declared = state.serial > 0 || state.account.mode !== "test" ? state.account.mode : mode;
  if (mode === "live") {
    if (!allowLive) throw new PricingError("STRIPE_API_KEY is a live-mode key: refused without --allow-live");
    if (declared !== "live") {
      throw new PricingError(
        `STRIPE_API_KEY is a live-mode key but ${stateFile} is not a live account's state: use a separate state file for live (pricing import --allow-live creates one)`,
      );
    }
  } else if (declared === "live") {
    throw new PricingError(
      `${stateFile} is a live account's state but STRIPE_API_KEY is a test key: use the test account's state file`,
    );
  }
  let base: URL | undefined;
  if (env.STRIPE_API_BASE) {
    try {
      base = new URL(env.STRIPE_API_BASE);
    } catch {
      throw new PricingError(`STRIPE_API_BASE is not a URL: ${env.STRIPE_API_BASE}`);
    }
  }
  const rateLimit = env.PRICING_STRIPE_RATE_LIMIT
    ? Number(env.PRICING_STRIPE_RATE_LIMIT)
    : mode === "live"
      ? 100
      : 25;
  if (!(rateLimit > 0))
    throw new PricingError("PRICING_STRIPE_RATE_LIMIT must be a number of requests per second above 0");
  const maxRetries = env.PRICING_STRIPE_MAX_RETRIES ? Number(env.PRICING_STRIPE_MAX_RETRIES) : 4;
  const concurrency = env.PRICING_STRIPE_CONCURRENCY ? Number(env.PRICING_STRIPE_CONCURRENCY) : 8;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new PricingError("PRICING_STRIPE_CONCURRENCY must be a whole number of requests, 1 or more");
  return { apiKey, mode, rateLimit, maxRetries, concurrency, ...(base ? { base } : {}) };
}

/** An SDK client for the settings. */
export function stripeClient(settings: StripeSettings): Stripe {
  const base = settings.base;
  return new Stripe(settings.apiKey, {
    // Retries are ours (retry.ts), so that each one waits for the rate limiter.
    maxNetworkRetries: 0,
    telemetry: false,
    timeout: 30_000,
    appInfo: { name: "adaptive-pricing" },
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === "http:" ? 80 : 443),
          protocol: base.protocol === "http:" ? ("http" as const) : ("https" as const),
        }
      : {}),
  });
}
