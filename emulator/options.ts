/** The emulator's public option and handle types (re-exported by `index.ts`). */
import type { CountFilter } from "./counter.js";
import type { FaultMode } from "./faults.js";
import type { SeedResult, SeedSpec } from "./seed.js";
import type { EmulatorStore } from "./store.js";

/** How to start an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. The CLI defaults to 12111. */
  readonly port?: number;
  /** Interface to bind; 127.0.0.1 by default. */
  readonly host?: string;
  /** Requests per second before 429 `rate_limit`; unlimited when absent. */
  readonly rateLimit?: number;
  /** Fraction (0..1) of requests answered with an injected fault; 0 by default. */
  readonly faultRate?: number;
  /**
   * `before`: fail without executing (500 or 429 `lock_timeout`); `after`: execute, then answer
   * 500; `rate_limit`: refuse with a rate-limit 429 (no `Stripe-Should-Retry`). Default `before`.
   */
  readonly faultMode?: FaultMode;
  /** Methods faults apply to (e.g. `["POST"]`); all methods when absent. */
  readonly faultMethods?: readonly ("GET" | "POST" | "DELETE")[];
  /** Seed of the id and fault generators; the same seed and requests give the same ids. Default 1. */
  readonly seed?: number;
  /** Receives one line per request (method, path, status, request id). */
  readonly log?: (line: string) => void;
  /**
   * Milliseconds since the epoch, for `created` timestamps, billing periods and idempotency
   * expiry. Default `Date.now`. `EmulatorHandle.clock` moves the emulator's time forward from it.
   */
  readonly clock?: () => number;
}

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:12111`. */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /** Read access to the objects, and `reset()`. */
  readonly store: EmulatorStore;
  /** Requests received (every one, including refused ones) matching `filter`. */
  requestCount(filter?: CountFilter): number;
  /** Restarts the request counts from zero. */
  resetCounts(): void;
  /** Changes the fault rate (0 stops faults) and optionally the mode and the methods hit. */
  /** Lets `writes` more writes through, then fails every write (a crash after write k); undefined lifts it. */
  limitWrites(writes: number | undefined): void;
  setFaults(rate: number, mode?: FaultMode, methods?: readonly ("GET" | "POST" | "DELETE")[]): void;
  /** Changes the rate limit; undefined lifts it. */
  setRateLimit(perSecond: number | undefined): void;
  /** The emulator's time (Unix seconds); moving it forward ends periods, trials and schedule phases. */
  readonly clock: EmulatorClockControl;
  /** Creates N customers each with one subscription on the given prices (also `POST /_emulator/seed`). */
  seed(spec: SeedSpec): SeedResult;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Moves the emulator's time; it never goes back. */
export interface EmulatorClockControl {
  /** The emulator's current time in Unix seconds. */
  now(): number;
  /** Moves time forward by `seconds`, then applies what ended on the way. */
  advance(seconds: number): void;
  /** Moves time forward to `unixSeconds` (not before now), then applies what ended on the way. */
  set(unixSeconds: number): void;
}
