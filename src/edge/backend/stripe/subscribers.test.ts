/**
 * What the emulator cannot show: a subscription whose embedded `items` list Stripe cut before
 * the item on the price (`has_more`). The listing then reads that subscription's items, through
 * the sender like every request; otherwise it asks nothing per subscription.
 */
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { StripeId } from "../../../core/state/types.js";
import type { Send } from "./retry.js";
import { listSubscribers } from "./subscribers.js";

const item = (price: string, quantity?: number) => ({
  id: `si_${price}`,
  price: { id: price },
  ...(quantity === undefined ? {} : { quantity }),
});

function fakeClient(calls: string[]): Stripe {
  const subs = (status: string) =>
    status === "active"
      ? [
          { id: "sub_a", currency: "eur", items: { data: [item("price_x", 3)], has_more: false } },
          { id: "sub_b", currency: "eur", items: { data: [item("price_other")], has_more: true } },
        ]
      : [{ id: "sub_c", currency: "usd", items: { data: [item("price_x")], has_more: false } }];
  return {
    subscriptions: {
      list: async (p: { price: string; status: string }) => {
        calls.push(`subscriptions ${p.price} ${p.status}`);
        return { data: subs(p.status), has_more: false };
      },
    },
    subscriptionItems: {
      list: async (p: { subscription: string }) => {
        calls.push(`items ${p.subscription}`);
        return { data: [item("price_other"), item("price_x", 5)], has_more: false };
      },
    },
  } as unknown as Stripe;
}

describe("listSubscribers", () => {
  it("lists each price once per counted status, and reads items only of a subscription whose list was cut", async () => {
    const calls: string[] = [];
    let sent = 0;
    const send: Send = (call) => {
      sent++;
      return call();
    };
    const found = await listSubscribers(fakeClient(calls), send, ["price_x", "price_x"] as StripeId[]);
    expect(calls).toEqual(["subscriptions price_x active", "subscriptions price_x trialing", "items sub_b"]);
    expect(sent).toBe(3);
    expect(found).toEqual({
      counted: true,
      lines: [
        { subscription: "sub_a", status: "active", price: "price_x", currency: "eur", quantity: 3 },
        { subscription: "sub_b", status: "active", price: "price_x", currency: "eur", quantity: 5 },
        { subscription: "sub_c", status: "trialing", price: "price_x", currency: "usd", quantity: null },
      ],
    });
  });

  it("counts nothing, and says why, when the key may not read subscriptions", async () => {
    const denied = {
      subscriptions: {
        list: async () => {
          throw new Stripe.errors.StripePermissionError({
            message: "The provided key does not have the required permissions for this endpoint.",
            type: "invalid_request_error",
          });
        },
      },
    } as unknown as Stripe;
    const found = await listSubscribers(denied, (call) => call(), ["price_x"] as StripeId[]);
    expect(found).toEqual({ counted: false, why: "no-permission" });
  });
});
