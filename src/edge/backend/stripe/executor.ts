/**
 * Carrying out plan operations through the official SDK: exactly the writes the plan lists
 * (a replace is a create with `transfer_lookup_key` plus a retirement), each with an
 * idempotency key derived from the plan and the operation, through the rate limiter. What
 * each write is lives with its type in `resources/`.
 */
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import type { Executor } from "../../../core/apply/execute.js";
import type { Operation } from "../../../core/plan/types.js";
import type { ObjectType } from "../../../core/stripe/registry.js";
import type { RateLimiter } from "./rate-limit.js";
import { RESOURCES } from "./resources/index.js";
import type { WriteContext } from "./resources/resource.js";

/** An executor writing to Stripe; `planId` seeds the idempotency keys. */
export function stripeExecutor(
  client: Stripe,
  limiter: RateLimiter,
  planId: string,
  concurrency: number,
): Executor {
  const send = async <T>(call: () => Promise<T>): Promise<T> => {
    await limiter.take();
    return call();
  };
  return {
    concurrency,
    execute(op, objects) {
      const context: WriteContext = {
        client,
        send,
        before: objects.get(op.type, op.id),
        options: (step) => ({
          idempotencyKey: `adaptive-pricing-${createHash("sha256")
            .update(`${planId}\n${op.action}\n${op.type}\n${op.key}\n${op.id ?? ""}\n${step}`)
            .digest("hex")
            .slice(0, 40)}`,
        }),
      };
      return write(op, context);
    },
  };
}

function write<T extends ObjectType>(op: Operation<T>, context: WriteContext) {
  return RESOURCES[op.type].write(op, context);
}
