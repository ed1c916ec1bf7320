/**
 * Carrying out plan operations through the official SDK: exactly the writes the plan lists
 * (a replace is a create with `transfer_lookup_key` plus a retirement), each with an
 * idempotency key derived from the plan, the operation and its fields, through the rate
 * limiter. What each write is lives with its type in `resources/`.
 */
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import type { Executor } from "../../../core/apply/execute.js";
import { canonicalize } from "../../../core/json/json.js";
import type { Operation } from "../../../core/plan/types.js";
import type { ObjectType } from "../../../core/stripe/registry.js";
import { RESOURCES } from "./resources/index.js";
import type { WriteContext } from "./resources/resource.js";
import type { Send } from "./retry.js";

/** An executor writing to Stripe; `planId` seeds the idempotency keys. */
export function stripeExecutor(client: Stripe, send: Send, planId: string, concurrency: number): Executor {
  return {
    concurrency,
    execute(op, objects) {
      // The fields are part of the key: a request that changes (a model fixed after a failed
      // apply) gets a new key instead of Stripe's "keys can only be used with the same parameters".
      const request = JSON.stringify(canonicalize(op.fields ?? {}));
      const context: WriteContext = {
        client,
        send,
        before: objects.get(op.type, op.id),
        options: (step) => ({
          idempotencyKey: `adaptive-pricing-${createHash("sha256")
            .update(`${planId}\n${op.action}\n${op.type}\n${op.key}\n${op.id ?? ""}\n${step}\n${request}`)
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
