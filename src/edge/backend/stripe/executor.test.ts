import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { operation } from "../../../../test/helpers/plans.js";
import { ObjectIndex } from "../../../core/apply/transition.js";
import type { Operation } from "../../../core/plan/types.js";
import { stripeExecutor } from "./executor.js";

/** A client that records the idempotency key of every price created. */
function recordingClient(keys: string[]): Stripe {
  const prices = {
    create: async (_params: unknown, options: Stripe.RequestOptions) => {
      keys.push(String(options.idempotencyKey));
      return { id: `price_${keys.length}` };
    },
  };
  return { prices } as unknown as Stripe;
}

const create = (unitAmount: number): Operation =>
  operation("create", {
    fields: { product: "prod_1", currency: "eur", metadata: {}, unit_amount: unitAmount },
  });

describe("stripeExecutor idempotency keys", () => {
  it("follow the request: the same operation with other fields gets another key", async () => {
    const keys: string[] = [];
    const executor = stripeExecutor(recordingClient(keys), (call) => call(), "plan-digest", 1);
    const index = new ObjectIndex([]);
    await executor.execute(create(100), index);
    await executor.execute(create(100), index);
    await executor.execute(create(120), index);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys.every((k) => /^adaptive-pricing-[0-9a-f]{40}$/.test(k))).toBe(true);
  });
});
