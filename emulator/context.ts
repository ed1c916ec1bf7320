/** What a resource handler receives, and the route table entry it is registered with. */
import type { FormObject } from "./form.js";
import type { MemoryStore } from "./store.js";

/** One API request as a handler sees it. */
export interface RequestContext {
  /** The account's objects. */
  readonly store: MemoryStore;
  /** Decoded body (POST) or query string (GET, DELETE). */
  readonly params: FormObject;
  /** The `:id` of the path, when the route has one. */
  readonly id: string;
  /** The second path id (`:sub`, as in `/v1/products/:id/features/:sub`), empty when none. */
  readonly sub: string;
  /** The request path without query string (list responses echo it as `url`). */
  readonly path: string;
  /** The current time in Unix seconds. */
  readonly now: number;
}

/** HTTP methods the emulator routes. */
export type HttpMethod = "GET" | "POST" | "DELETE";

/** A handler returns the JSON body of a 200 response or throws a `StripeApiError`. */
export type Handler = (ctx: RequestContext) => unknown;

/** A route: method, a path pattern with optional `:id` and `:sub` segments, and its handler. */
export interface Route {
  readonly method: HttpMethod;
  readonly pattern: string;
  readonly handler: Handler;
}
