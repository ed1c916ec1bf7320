/**
 * Stripe's idempotency layer for POST: the first response for a key (per API key) is saved and
 * replayed for a retry with the same endpoint and parameters; a retry with other parameters or
 * another endpoint is a 400 `idempotency_error`. Keys are forgotten after 24 hours.
 */
import { StripeApiError } from "./errors.js";
import type { FormObject, FormValue } from "./form.js";

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

/** A saved response. */
export interface SavedResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
}

interface Entry {
  readonly endpoint: string;
  readonly fingerprint: string;
  readonly response: SavedResponse;
  readonly savedAt: number;
}

/** What the cache says about an incoming request. */
export type Lookup = { readonly kind: "new" } | { readonly kind: "replay"; readonly response: SavedResponse };

function canonical(value: FormValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as FormValue)}`).join(",")}}`;
}

/** The saved responses of one emulator. */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  private prune(): void {
    const cutoff = this.clock() - TTL_MS;
    for (const [k, entry] of this.entries) if (entry.savedAt < cutoff) this.entries.delete(k);
  }

  /** Replay, new, or a thrown `idempotency_error` for a mismatch. */
  lookup(apiKey: string, key: string, endpoint: string, params: FormObject): Lookup {
    if (key.length > MAX_KEY_LENGTH) {
      throw new StripeApiError({
        status: 400,
        type: "invalid_request_error",
        message: `Idempotency keys can be at most ${MAX_KEY_LENGTH} characters long.`,
        stage: "validation",
      });
    }
    this.prune();
    const entry = this.entries.get(`${apiKey}\u0000${key}`);
    if (entry === undefined) return { kind: "new" };
    if (entry.endpoint !== endpoint) {
      throw new StripeApiError({
        status: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        stage: "validation",
      });
    }
    if (entry.fingerprint !== canonical(params)) {
      throw new StripeApiError({
        status: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        stage: "validation",
      });
    }
    return { kind: "replay", response: entry.response };
  }

  /** Saves the response of the first request made with `key`. */
  save(apiKey: string, key: string, endpoint: string, params: FormObject, response: SavedResponse): void {
    this.entries.set(`${apiKey}\u0000${key}`, {
      endpoint,
      fingerprint: canonical(params),
      response,
      savedAt: this.clock(),
    });
  }

  /** Forgets every key. */
  clear(): void {
    this.entries.clear();
  }
}
