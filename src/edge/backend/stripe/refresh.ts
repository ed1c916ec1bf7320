/**
 * Reading the account: every object of every listed type in pages of 100, read into the
 * tool's field shape. Which of them the tool manages is decided by the planner's adoption
 * (`src/core/plan/adopt.ts`), not here: refresh needs no models.
 */
import type Stripe from "stripe";
import type { ObservedObject } from "../../../core/plan/adopt.js";
import type { StateObject } from "../../../core/state/types.js";
import { OBJECT_TYPES, type ObjectType } from "../../../core/stripe/registry.js";
import { RESOURCES } from "./resources/index.js";
import type { StripeObject } from "./resources/read.js";
import type { AccountSnapshot, ListAll } from "./resources/resource.js";
import type { Send } from "./retry.js";

/** Lists every object of every type that has a list, 100 per page. */
export async function readAccount(
  client: Stripe,
  send: Send,
  state: readonly StateObject[],
): Promise<AccountSnapshot> {
  const all: ListAll = async (page) => {
    const out: StripeObject[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await send(() => page(after));
      const data = p.data as StripeObject[];
      out.push(...data);
      if (!p.has_more || data.length === 0) return out;
      after = String(data[data.length - 1]?.id);
    }
  };
  const lists = await Promise.all(
    OBJECT_TYPES.map(
      async (type) => [type, await RESOURCES[type].list?.({ client, all, send, state })] as const,
    ),
  );
  const snapshot: Partial<Record<ObjectType, readonly StripeObject[]>> = {};
  for (const [type, list] of lists) if (list) snapshot[type] = list;
  return snapshot;
}

/** Every object of the snapshot, in the tool's field shape. */
export function observeAccount(account: AccountSnapshot, state: readonly StateObject[]): ObservedObject[] {
  return OBJECT_TYPES.flatMap((type) => RESOURCES[type].read(account, state));
}
