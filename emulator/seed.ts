/**
 * Seeding for tests and demos: N customers, each paying by a test card (`pm_card_visa`, their
 * default payment method) and with one subscription on one of the given prices, chosen by a seeded generator (weighted), so the same seed gives the same
 * assignment. Start dates are spread over the last billing interval, so renewals are spread
 * too. The prices pass the same rules as `POST /v1/subscriptions`. Runs in memory without HTTP:
 * 10,000 subscriptions take well under a second.
 */
import { invalidParam } from "./errors.js";
import { addIntervals } from "./periods.js";
import { seededRandom } from "./prng.js";
import type { PriceRecord } from "./records.js";
import { checkItemSet, intervalOf, itemQuantity, subscribablePrice } from "./resources/items.js";
import { createSubscription } from "./resources/lifecycle.js";
import type { MemoryStore } from "./store.js";

/** At most this many customers per seeding call. */
export const MAX_SEED_CUSTOMERS = 100_000;

/** One price subscribers are put on. */
export interface SeedPrice {
  /** A recurring, active price id. */
  readonly price: string;
  /** Quantity of each subscription item (default 1; must be absent for a metered price). */
  readonly quantity?: number;
  /** Relative share of the customers (default 1). */
  readonly weight?: number;
  /** Status of these subscriptions: `active` (default), `trialing` (14-day trial) or `past_due`. */
  readonly status?: "active" | "trialing" | "past_due";
}

/** What to seed. */
export interface SeedSpec {
  /** How many customers, each with one subscription. */
  readonly customers: number;
  /** The prices to spread them over. */
  readonly prices: readonly SeedPrice[];
  /** Seed of the assignment and start dates (default 1). */
  readonly seed?: number;
}

/** What was created. */
export interface SeedResult {
  readonly object: "emulator.seed";
  readonly customers: number;
  readonly subscriptions: number;
  /** Subscriptions per price id. */
  readonly by_price: Readonly<Record<string, number>>;
  /** The ids of the created subscriptions, oldest first. */
  readonly subscription_ids: readonly string[];
}

const DAY = 86_400;

/** Creates the customers and subscriptions of `spec` at `now`; throws a Stripe-shaped 400 on bad input. */
export function seedSubscriptions(store: MemoryStore, spec: SeedSpec, now: number): SeedResult {
  const count = spec.customers;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED_CUSTOMERS) {
    throw invalidParam(`customers must be an integer from 1 to ${MAX_SEED_CUSTOMERS}.`, "customers");
  }
  if (spec.prices.length === 0) throw invalidParam("Give at least one price.", "prices");
  const entries = spec.prices.map((entry, i) => {
    const at = `prices[${i}]`;
    const price: PriceRecord = subscribablePrice(store, entry.price, `${at}[price]`);
    const quantity = itemQuantity(price, entry.quantity, at);
    checkItemSet([{ at, price, quantity, metadata: {} }], at);
    const weight = entry.weight ?? 1;
    if (!(weight > 0)) throw invalidParam("weight must be positive.", `${at}[weight]`);
    return { price, quantity, weight, status: entry.status ?? "active" };
  });
  const total = entries.reduce((sum, e) => sum + e.weight, 0);
  const random = seededRandom(spec.seed ?? 1);
  const byPrice: Record<string, number> = {};
  const ids: string[] = [];
  for (let n = 1; n <= count; n += 1) {
    let pick = random() * total;
    let entry = entries[entries.length - 1] as (typeof entries)[number];
    for (const candidate of entries) {
      pick -= candidate.weight;
      if (pick < 0) {
        entry = candidate;
        break;
      }
    }
    const every = intervalOf(entry.price);
    const span = addIntervals(now, every, 1) - now;
    const trialing = entry.status === "trialing";
    const start = trialing ? now : now - Math.floor(random() * span);
    // Seeded customers pay by card, so their renewals succeed (past_due ones are seeded so).
    const card = { id: store.ids.next("pm"), token: "pm_card_visa" };
    const customer = store.customers.put({
      id: store.ids.short("cus"),
      object: "customer",
      created: start,
      currency: entry.price.currency,
      default_payment_method: card.id,
      payment_methods: [card],
      description: null,
      email: `customer${n}@example.test`,
      invoice_prefix: store.ids.couponCode(),
      metadata: {},
      name: `Customer ${n}`,
      phone: null,
    });
    const sub = createSubscription(store, {
      customer: customer.id,
      currency: entry.price.currency,
      interval: every,
      items: [{ price: entry.price.id, quantity: entry.quantity, metadata: {} }],
      start,
      ...(trialing ? { trialEnd: now + 14 * DAY } : {}),
      ...(entry.status === "past_due" ? { status: "past_due" as const } : {}),
    });
    byPrice[entry.price.id] = (byPrice[entry.price.id] ?? 0) + 1;
    ids.push(sub.id);
  }
  return {
    object: "emulator.seed",
    customers: count,
    subscriptions: count,
    by_price: byPrice,
    subscription_ids: ids,
  };
}
