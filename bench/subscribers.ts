/**
 * The cost of counting subscribers (issue 14): 1,000 and 10,000 seeded subscriptions over four
 * prices (monthly, yearly, weekly, in three currencies; 85% active, 10% trialing, 5% past_due),
 * counted through the Stripe backend's `subscribers` at 25 req/s (client and emulator both
 * limited, as Stripe's test mode), beside the floor: one list page per 100 subscriptions per
 * counted status per price, and that many requests at 25 a second after the client's first burst.
 */
import Stripe from "stripe";
import { type EmulatorHandle, startEmulator } from "../emulator/index.js";
import type { StripeId } from "../src/core/state/types.js";
import { stripeBackend } from "../src/edge/backend/stripe/backend.js";

/** One size's figures. */
export interface SubscriberCountFigures {
  readonly subscriptions: number;
  readonly counted: number;
  readonly prices: number;
  readonly requests: number;
  readonly floor: number;
  readonly ms: number;
  readonly floorMs: number;
  readonly rateLimit: number;
}

const RATE = 25;
/** The client's token bucket starts full: this many requests go at once (rate-limit.ts: a fifth of the rate). */
const BURST = RATE / 5;
const SHARES = [
  ["active", 0.85],
  ["trialing", 0.1],
  ["past_due", 0.05],
] as const;
const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

async function prices(stripe: Stripe): Promise<string[]> {
  const product = await stripe.products.create({ name: "bench subscribers" });
  const make = async (currency: string, unit_amount: number, interval: "week" | "month" | "year") =>
    (await stripe.prices.create({ product: product.id, currency, unit_amount, recurring: { interval } })).id;
  return [
    await make("eur", 899, "month"),
    await make("eur", 49_900, "year"),
    await make("gbp", 500, "week"),
    await make("usd", 1_200, "month"),
  ];
}

async function one(emulator: EmulatorHandle, total: number): Promise<SubscriberCountFigures> {
  emulator.store.reset();
  const stripe = new Stripe("sk_test_bench", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    telemetry: false,
  });
  const ids = await prices(stripe);
  let floor = 0;
  let counted = 0;
  for (const [i, price] of ids.entries()) {
    const share = Math.floor(total / ids.length) + (i < total % ids.length ? 1 : 0);
    let left = share;
    for (const [j, [status, part]] of SHARES.entries()) {
      const n = j === SHARES.length - 1 ? left : Math.round(share * part);
      left -= n;
      if (n > 0) emulator.seed({ customers: n, prices: [{ price, status }], seed: i * 10 + j + 1 });
      if (status !== "past_due") {
        floor += pages(n);
        counted += n;
      }
    }
  }
  const backend = stripeBackend({
    apiKey: "sk_test_bench",
    mode: "test",
    base: new URL(emulator.url),
    rateLimit: RATE,
    maxRetries: 4,
    retryDelayMs: 500,
    concurrency: 8,
  });
  emulator.resetCounts();
  emulator.setRateLimit(RATE);
  try {
    const started = performance.now();
    const found = await backend.subscribers(ids as StripeId[]);
    const ms = performance.now() - started;
    const lines = found.counted ? found.lines.length : 0;
    if (lines !== counted)
      throw new Error(`counted ${lines} subscriptions, seeded ${counted} active and trialing`);
    return {
      subscriptions: total,
      counted,
      prices: ids.length,
      requests: emulator.requestCount(),
      floor,
      ms,
      floorMs: (Math.max(0, floor - BURST) / RATE) * 1000,
      rateLimit: RATE,
    };
  } finally {
    emulator.setRateLimit(undefined);
  }
}

/** Measures counting at 1,000 and 10,000 subscriptions; `note` is the printed summary. */
export async function subscriberFigures(
  log: (line: string) => void,
): Promise<{ readonly sizes: readonly SubscriberCountFigures[]; readonly note: string }> {
  const emulator = await startEmulator({ port: 0 });
  try {
    const sizes: SubscriberCountFigures[] = [];
    for (const total of [1_000, 10_000]) {
      log(`bench: counting ${total} subscribers at ${RATE} req/s`);
      sizes.push(await one(emulator, total));
    }
    const note = [
      `subscriber counting (stripe backend, ${RATE} req/s, 4 prices, 85% active / 10% trialing / 5% past_due):`,
      ...sizes.map(
        (s) =>
          `  ${s.subscriptions.toLocaleString("en")} subscriptions (${s.counted.toLocaleString("en")} counted): ${s.requests} requests (floor ${s.floor}: one list page per 100 per status per price; ${(s.requests / s.floor).toFixed(2)}x), ${(s.ms / 1000).toFixed(2)} s (floor ${(s.floorMs / 1000).toFixed(2)} s: the floor's requests at ${s.rateLimit} req/s after a burst of ${BURST}; ${(s.ms / s.floorMs).toFixed(2)}x)`,
      ),
    ].join("\n");
    return { sizes, note };
  } finally {
    await emulator.close();
  }
}
