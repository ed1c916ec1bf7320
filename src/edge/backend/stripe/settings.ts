/**
 * Stripe backend settings from the environment: the API key (only from STRIPE_API_KEY), an
 * optional server (STRIPE_API_BASE), rate limit and retries, and the live-mode guard. Keys
 * never reach output: every message that could hold one goes through `redact`.
 */
import { debuglog } from "node:util";
import Stripe from "stripe";
import { PricingError } from "../../../core/diagnostics/errors.js";
import type { State } from "../../../core/state/types.js";
import { readState } from "../../files/state-file.js";

/** How the backend talks to Stripe. */
export interface StripeSettings {
  readonly apiKey: string;
  readonly mode: "test" | "live";
  readonly base?: URL;
  /** Requests per second the client allows itself (Stripe: 25 in test mode, 100 live). */
  readonly rateLimit: number;
  /** Retries of one request on 429, 409, 5xx and connection failures, through the limiter (see retry.ts). */
  readonly maxRetries: number;
  /** The first retry's backoff in ms (doubling, capped at 10×, jittered); Stripe's SDK uses 500. */
  readonly retryDelayMs: number;
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
  const mode = keyMode(apiKey);
  if (!mode)
    throw new PricingError(
      "STRIPE_API_KEY is not a Stripe secret or restricted key (sk_test_..., rk_test_...)",
    );
  checkLiveKey(mode, state, allowLive, stateFile);
  const base = apiBase(env.STRIPE_API_BASE);
  refuseDebugThatPrintsKeys();
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
  const retryDelayMs = env.PRICING_STRIPE_RETRY_DELAY_MS ? Number(env.PRICING_STRIPE_RETRY_DELAY_MS) : 500;
  if (!(retryDelayMs >= 0))
    throw new PricingError("PRICING_STRIPE_RETRY_DELAY_MS must be a number of milliseconds, 0 or more");
  return { apiKey, mode, rateLimit, maxRetries, retryDelayMs, concurrency, ...(base ? { base } : {}) };
}

/**
 * The live-mode guard: a live key is used only with --allow-live and a state file that itself
 * declares a live account (`account.mode: "live"`, made by `pricing import --allow-live`). A
 * missing or fresh state never makes a live key acceptable; a live state never takes a test key.
 */
export function checkLiveKey(
  mode: "test" | "live",
  state: State,
  allowLive: boolean,
  stateFile: string,
): void {
  if (mode === "live") {
    if (!allowLive) throw new PricingError("STRIPE_API_KEY is a live-mode key: refused without --allow-live");
    if (state.account.mode !== "live") {
      throw new PricingError(
        `STRIPE_API_KEY is a live-mode key but ${stateFile} is not a live account's state: use a separate state file for live (pricing import --allow-live creates one)`,
      );
    }
  } else if (state.account.mode === "live") {
    throw new PricingError(
      `${stateFile} is a live account's state but STRIPE_API_KEY is a test key: use the test account's state file`,
    );
  }
}

/**
 * The live-key guard, run before anything else (before git or any other child process starts,
 * before a request): a live key needs --allow-live, and an existing state file must declare a
 * live account. Without a state file only `import` may go on (it makes the live state); every
 * other command is refused later by `stripeSettings`, as its empty state is not a live one.
 */
export function guardLiveKeyEarly(
  env: Readonly<Record<string, string | undefined>>,
  allowLive: boolean,
  stateFile: string,
  cwd: string,
): void {
  if (keyMode(env.STRIPE_API_KEY ?? "") !== "live") return;
  if (!allowLive) throw new PricingError("STRIPE_API_KEY is a live-mode key: refused without --allow-live");
  const state = readState(stateFile, cwd);
  if (state) checkLiveKey("live", state, allowLive, stateFile);
}

/** The mode a key is for, or undefined when it is not a Stripe secret or restricted key. */
export function keyMode(apiKey: string): "test" | "live" | undefined {
  const match = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(apiKey);
  return match ? (match[2] as "test" | "live") : undefined;
}

/** STRIPE_API_BASE as a URL: https anywhere, plain http only to this machine (the emulator). */
export function apiBase(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  let base: URL;
  try {
    base = new URL(value);
  } catch {
    throw new PricingError("STRIPE_API_BASE is not a URL");
  }
  if (base.protocol === "https:") return base;
  if (base.protocol !== "http:")
    throw new PricingError(`STRIPE_API_BASE must be an https:// URL, not ${base.protocol}`);
  const host = base.hostname.replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback)
    throw new PricingError(
      `STRIPE_API_BASE is plain http:// to ${base.hostname}: the API key would cross the network unencrypted; use https:// (plain http is only for a local emulator on 127.0.0.1 or localhost)`,
    );
  return base;
}

/** Node's own debug output of these modules prints request headers, the Authorization header (the key) among them. */
const KEY_PRINTING_DEBUG = ["http", "https", "http2", "tls", "net", "fetch", "undici"] as const;

/** Refuses to send a key while NODE_DEBUG would print it (Node reads NODE_DEBUG at start-up; it cannot be turned off later). */
export function refuseDebugThatPrintsKeys(): void {
  const on = KEY_PRINTING_DEBUG.filter((s) => debuglog(s).enabled);
  if (on.length > 0)
    throw new PricingError(
      `NODE_DEBUG=${on.join(",")} prints HTTP request headers, which carry the API key: unset NODE_DEBUG (or leave ${on.join(", ")} out of it) to use the stripe backend`,
    );
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
