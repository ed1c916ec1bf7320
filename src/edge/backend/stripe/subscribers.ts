/**
 * Counting subscribers: for each price, `GET /v1/subscriptions?price=…&status=…` once per
 * counted status (Stripe's `status` takes one value; without it the list holds every status
 * but canceled, so `past_due`, `unpaid`, `incomplete` and `paused` would come too), in pages
 * of 100 through the shared rate limiter and retrying sender. The floor is one page per 100
 * subscriptions per status per price; nothing is asked per subscription, except when Stripe
 * cuts a subscription's embedded `items` list (`has_more`) before the item on the price, which
 * the emulator never does (see emulator/README.md). No `expand`: an item's `price` is an object
 * with its id, and the amounts come from the state's price, which has every currency option.
 */
import Stripe from "stripe";
import {
  COUNTED_STATUSES,
  type CountedStatus,
  type ObservedSubscribers,
  type SubscriberLine,
} from "../../../core/impact/subscribers.js";
import type { StripeId } from "../../../core/state/types.js";
import { idOf } from "./resources/read.js";
import type { Send } from "./retry.js";

/** The active and trialing subscriptions on `prices`: one line per subscription and price. */
export async function listSubscribers(
  client: Stripe,
  send: Send,
  prices: readonly StripeId[],
): Promise<ObservedSubscribers> {
  const queries = [...new Set(prices)].flatMap((price) =>
    COUNTED_STATUSES.map((status) => ({ price, status })),
  );
  try {
    const found = await Promise.all(queries.map((q) => listOne(client, send, q.price, q.status)));
    return { counted: true, lines: found.flat() };
  } catch (e) {
    // A restricted key made for the catalog (products and prices) may lack Subscriptions read:
    // the plan goes on and says nothing was counted, rather than failing or showing zeros.
    if (e instanceof Stripe.errors.StripePermissionError) return { counted: false, why: "no-permission" };
    throw e;
  }
}

async function listOne(
  client: Stripe,
  send: Send,
  price: string,
  status: CountedStatus,
): Promise<SubscriberLine[]> {
  const out: SubscriberLine[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await send(() =>
      client.subscriptions.list({
        price,
        status,
        limit: 100,
        ...(after ? { starting_after: after } : {}),
      }),
    );
    for (const sub of page.data) {
      const item = await itemOn(client, send, sub, price);
      // A list filtered by price holds only subscriptions with an item on it; none found is Stripe's to explain.
      if (!item) continue;
      out.push({
        subscription: sub.id,
        status,
        price,
        currency: sub.currency,
        quantity: typeof item.quantity === "number" ? item.quantity : null,
      });
    }
    const last = page.data.at(-1);
    if (!page.has_more || !last) return out;
    after = last.id;
  }
}

/** The subscription's item on `price`: from the embedded list, or its own list when that was cut. */
async function itemOn(
  client: Stripe,
  send: Send,
  sub: Stripe.Subscription,
  price: string,
): Promise<Stripe.SubscriptionItem | undefined> {
  const embedded = sub.items.data.find((i) => idOf(i.price) === price);
  if (embedded || !sub.items.has_more) return embedded;
  let after: string | undefined;
  for (;;) {
    const page = await send(() =>
      client.subscriptionItems.list({
        subscription: sub.id,
        limit: 100,
        ...(after ? { starting_after: after } : {}),
      }),
    );
    const item = page.data.find((i) => idOf(i.price) === price);
    const last = page.data.at(-1);
    if (item || !page.has_more || !last) return item;
    after = last.id;
  }
}
