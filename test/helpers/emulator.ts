/**
 * Helpers for tests that drive the official `stripe` SDK against an emulator:
 * `startWithClient()` starts one on a free loopback port and returns a configured client.
 */
import Stripe from "stripe";
import type { EmulatorHandle, EmulatorOptions } from "../../emulator/options.js";
import { startEmulator } from "../../emulator/start.js";

/** Client settings for `clientFor`. */
export interface ClientOptions {
  /** API key; `sk_test_emulator` by default. */
  readonly apiKey?: string;
  /** SDK retries; 0 by default so errors surface at once. */
  readonly maxNetworkRetries?: number;
}

/** A `stripe` client talking to `emulator` over HTTP on loopback. */
export function clientFor(emulator: EmulatorHandle, options: ClientOptions = {}): Stripe {
  return new Stripe(options.apiKey ?? "sk_test_emulator", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    telemetry: false,
  });
}

/** Starts an emulator (port 0 unless given) and a client for it. */
export async function startWithClient(
  options: EmulatorOptions = {},
  client: ClientOptions = {},
): Promise<{ readonly emulator: EmulatorHandle; readonly stripe: Stripe }> {
  const emulator = await startEmulator({ port: 0, ...options });
  return { emulator, stripe: clientFor(emulator, client) };
}

/** Runs `action` and returns the Stripe error it rejects with (fails if it resolves). */
export async function stripeError(action: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error("expected the request to fail, but it succeeded");
}
