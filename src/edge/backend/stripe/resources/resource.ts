/**
 * What the Stripe backend does for one object type: list it, read what Stripe returns into the
 * tool's field shape, and carry out plan operations on it. One `StripeResource` per type,
 * gathered in `index.ts`; the type's pure half is `src/core/stripe/<type>.ts`.
 */
import type Stripe from "stripe";
import type { ObservedObject } from "../../../../core/plan/adopt.js";
import type { Operation } from "../../../../core/plan/types.js";
import type { StateObject, StripeId } from "../../../../core/state/types.js";
import type { ObjectType } from "../../../../core/stripe/registry.js";
import type { Send } from "../retry.js";
import type { StripeObject } from "./read.js";

/** Every listed object of the account, by type (types read through another type's objects have none). */
export type AccountSnapshot = Readonly<Partial<Record<ObjectType, readonly StripeObject[]>>>;

/** Lists every object of one query, 100 per page, through the rate limiter. */
export type ListAll = (
  page: (after: string | undefined) => Promise<Stripe.ApiList<unknown>>,
) => Promise<StripeObject[]>;

/** What listing a type needs. */
export interface ListContext {
  readonly client: Stripe;
  /** Every page of one list query. */
  readonly all: ListAll;
  /** Sends one other request (through the limiter, with retries). */
  readonly send: Send;
  /** What the last publish held (what a list must expand to read it back). */
  readonly state: readonly StateObject[];
}

/** What one operation's writes need. */
export interface WriteContext {
  readonly client: Stripe;
  /** Sends one request through the rate limiter, with retries. */
  readonly send: Send;
  /** The request options (idempotency key) of one write of the operation, named by `step`. */
  options(step: string): Stripe.RequestOptions;
  /** The object acted on, as the state holds it (undefined for a create). */
  readonly before: StateObject | undefined;
}

/** The Stripe backend's half of one object type. */
export interface StripeResource<T extends ObjectType> {
  /** Lists every object of the type (active and archived); undefined when read through another type. */
  readonly list: ((ctx: ListContext) => Promise<StripeObject[]>) | undefined;
  /** The account's objects of this type, in the tool's field shape; `state` holds what was published. */
  read(account: AccountSnapshot, state: readonly StateObject[]): ObservedObject[];
  /** Carries out one operation (its fields resolved); the id of what a create or replace made. */
  write(op: Operation<T>, ctx: WriteContext): Promise<{ readonly id?: StripeId }>;
}
