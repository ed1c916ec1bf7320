/** Matches a method and path against the route table (`/v1/prices/:id`). */
import type { Route } from "./context.js";
import { couponRoutes } from "./resources/coupons.js";
import { customerRoutes } from "./resources/customers.js";
import { featureRoutes } from "./resources/features.js";
import { meterRoutes } from "./resources/meters.js";
import { priceRoutes } from "./resources/prices.js";
import { productFeatureRoutes } from "./resources/product-features.js";
import { productRoutes } from "./resources/products.js";
import { promotionCodeRoutes } from "./resources/promotion-codes.js";
import { scheduleRoutes } from "./resources/schedules.js";
import { subscriptionItemRoutes } from "./resources/subscription-items.js";
import { subscriptionRoutes } from "./resources/subscriptions.js";

/** Every route the emulator answers. */
export const ROUTES: readonly Route[] = [
  ...productRoutes,
  ...priceRoutes,
  ...meterRoutes,
  ...couponRoutes,
  ...promotionCodeRoutes,
  ...featureRoutes,
  ...productFeatureRoutes,
  ...customerRoutes,
  ...subscriptionRoutes,
  ...subscriptionItemRoutes,
  ...scheduleRoutes,
];

/** A matched route and the `:id` and `:sub` it captured (empty when the pattern has none). */
export interface RouteMatch {
  readonly route: Route;
  readonly id: string;
  readonly sub: string;
}

function matchPattern(pattern: string, path: string): { id: string; sub: string } | undefined {
  const want = pattern.split("/");
  const got = path.replace(/\/+$/, "").split("/");
  if (want.length !== got.length) return undefined;
  const captured = { id: "", sub: "" };
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w === ":id" || w === ":sub") {
      if (g === "") return undefined;
      try {
        captured[w === ":id" ? "id" : "sub"] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return captured;
}

/** The route for `method` and `path`, if any. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const captured = matchPattern(route.pattern, path);
    if (captured !== undefined) return { route, ...captured };
  }
  return undefined;
}
