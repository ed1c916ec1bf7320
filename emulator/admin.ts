/**
 * The emulator's own endpoints, outside Stripe's `/v1` namespace (under `/_emulator/`), for
 * tests and demos. They take the same form-encoded bodies and API key as `/v1`, but are never
 * rate-limited, faulted or saved under an idempotency key:
 *
 * - `POST /_emulator/seed`: `customers=N`, `prices[i][price]`, optional `prices[i][quantity]`,
 *   `prices[i][weight]`, `prices[i][status]` (`active`, `trialing`, `past_due`), `seed=S`.
 *   Creates N customers, each with one subscription (see `seed.ts`).
 * - `GET /_emulator/clock`: the emulator's time, `{object: "emulator.clock", now}` (Unix seconds).
 * - `POST /_emulator/clock`: `advance=SECONDS` or `to=UNIX_SECONDS` moves it forward (not past
 *   2100-01-01); periods, trials and schedule phases that end on the way take effect.
 */
import type { EmulatorClock } from "./clock.js";
import type { RequestContext } from "./context.js";
import { invalidParam, missingParam } from "./errors.js";
import type { FormObject } from "./form.js";
import {
  arr,
  checkFields,
  dec,
  type Fields,
  getArray,
  getInt,
  getObject,
  getString,
  int,
  obj,
  oneOf,
  str,
} from "./params.js";
import { advanceBilling } from "./resources/lifecycle.js";
import { type SeedPrice, seedSubscriptions } from "./seed.js";

/** A request to an admin endpoint: a resource request plus the clock. */
export interface AdminContext extends RequestContext {
  readonly clock: EmulatorClock;
}

/** An admin route: exact method and path. */
export interface AdminRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly handler: (ctx: AdminContext) => unknown;
}

/** The path prefix of every admin endpoint. */
export const ADMIN_PREFIX = "/_emulator/";

const seedFields: Fields = {
  customers: int,
  prices: arr(
    obj({ price: str, quantity: int, weight: dec, status: oneOf("active", "trialing", "past_due") }),
  ),
  seed: int,
};
const clockFields: Fields = { advance: int, to: int };

/** The latest time the clock may reach (2100-01-01), so dates stay within JavaScript's range. */
const LATEST = 4_102_444_800;

function clockBody(ctx: AdminContext): unknown {
  return { object: "emulator.clock", now: ctx.clock.now() };
}

function seed(ctx: AdminContext): unknown {
  checkFields(ctx.params, seedFields);
  const customers = getInt(ctx.params.customers);
  if (customers === undefined) throw missingParam("customers");
  const prices: SeedPrice[] = getArray(ctx.params.prices).map((value) => {
    const entry = getObject(value) as FormObject;
    const price = getString(entry.price);
    if (price === undefined) throw missingParam("prices[][price]");
    const quantity = getInt(entry.quantity);
    const weight = getString(entry.weight);
    const status = getString(entry.status) as SeedPrice["status"];
    return {
      price,
      ...(quantity === undefined ? {} : { quantity }),
      ...(weight === undefined ? {} : { weight: Number(weight) }),
      ...(status === undefined ? {} : { status }),
    };
  });
  const seedValue = getInt(ctx.params.seed);
  return seedSubscriptions(
    ctx.store,
    { customers, prices, ...(seedValue === undefined ? {} : { seed: seedValue }) },
    ctx.now,
  );
}

function moveClock(ctx: AdminContext): unknown {
  checkFields(ctx.params, clockFields);
  const advance = getInt(ctx.params.advance);
  const to = getInt(ctx.params.to);
  if ((advance === undefined) === (to === undefined)) {
    throw invalidParam("Give exactly one of advance (seconds) and to (Unix seconds).", "advance");
  }
  if (advance !== undefined && advance < 0) throw invalidParam("The clock only moves forward.", "advance");
  if (to !== undefined && to < ctx.clock.now()) throw invalidParam("The clock only moves forward.", "to");
  const target = to ?? ctx.clock.now() + (advance ?? 0);
  if (target > LATEST) {
    throw invalidParam(
      `The clock cannot go past ${LATEST} (2100-01-01).`,
      to === undefined ? "advance" : "to",
    );
  }
  if (advance !== undefined) ctx.clock.advance(advance);
  if (to !== undefined) ctx.clock.set(to);
  advanceBilling(ctx.store, ctx.clock.now());
  return clockBody(ctx);
}

/** Every admin endpoint. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: "POST", path: "/_emulator/seed", handler: seed },
  { method: "GET", path: "/_emulator/clock", handler: clockBody },
  { method: "POST", path: "/_emulator/clock", handler: moveClock },
];
