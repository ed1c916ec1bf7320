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

/** Creates a product (if needed) and a monthly or yearly price on it; returns the price id. */
export async function recurringPrice(
  stripe: Stripe,
  options: {
    readonly product?: string;
    readonly amount: number;
    readonly currency?: string;
    readonly interval?: "day" | "week" | "month" | "year";
  },
): Promise<string> {
  const product = options.product ?? "seeded";
  await stripe.products.retrieve(product).catch(() => stripe.products.create({ id: product, name: product }));
  const price = await stripe.prices.create({
    product,
    currency: options.currency ?? "usd",
    unit_amount: options.amount,
    recurring: { interval: options.interval ?? "month" },
  });
  return price.id;
}

/** The ids of the subscriptions on `price` (any status unless given), read through list pages of 100. */
export async function subscriptionIdsOn(
  stripe: Stripe,
  price: string,
  status: Stripe.SubscriptionListParams.Status = "all",
): Promise<string[]> {
  const ids: string[] = [];
  for await (const sub of stripe.subscriptions.list({ price, status, limit: 100 })) ids.push(sub.id);
  return ids;
}

/**
 * A customer who pays by Stripe's test card (`pm_card_visa`, made its default payment method),
 * as a subscription whose first invoice is not free needs; returns its id.
 */
export async function payingCustomer(
  stripe: Stripe,
  params: Stripe.CustomerCreateParams = {},
): Promise<string> {
  const customer = await stripe.customers.create({
    payment_method: "pm_card_visa",
    invoice_settings: { default_payment_method: "pm_card_visa" },
    ...params,
  });
  return customer.id;
}
