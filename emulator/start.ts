/** Starting and stopping an emulator: wires the store, the controls and the HTTP server. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorClock } from "./clock.js";
import { RequestCounter } from "./counter.js";
import { FaultInjector } from "./faults.js";
import { IdempotencyCache } from "./idempotency.js";
import type { EmulatorHandle, EmulatorOptions } from "./options.js";
import { RateLimiter } from "./ratelimit.js";
import { advanceBilling } from "./resources/lifecycle.js";
import { seedSubscriptions } from "./seed.js";
import { createListener } from "./server.js";
import { MemoryStore } from "./store.js";

/** Starts an emulator and resolves once it listens (127.0.0.1 and a free port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = options.seed ?? 1;
  const clock = new EmulatorClock(options.clock ?? Date.now);
  const log = options.log ?? (() => {});
  const store = new MemoryStore(seed);
  const idempotency = new IdempotencyCache(() => clock.nowMs());
  store.onReset(() => idempotency.clear());
  const faults = new FaultInjector(seed, 0, "before", options.faultMethods);
  faults.configure(options.faultRate ?? 0, options.faultMode ?? "before");
  const limiter = new RateLimiter(options.rateLimit);
  const counter = new RequestCounter();
  const server = createServer(createListener({ store, idempotency, faults, limiter, counter, clock, log }));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    store,
    requestCount: (filter) => counter.count(filter),
    resetCounts: () => counter.reset(),
    setFaults: (rate, mode, methods) => faults.configure(rate, mode ?? "before", methods),
    setRateLimit: (perSecond) => limiter.set(perSecond),
    limitWrites: (writes) => faults.limitWrites(writes),
    clock: {
      now: () => clock.now(),
      advance: (seconds) => {
        clock.advance(seconds);
        advanceBilling(store, clock.now());
      },
      set: (unixSeconds) => {
        clock.set(unixSeconds);
        advanceBilling(store, clock.now());
      },
    },
    seed: (spec) => {
      advanceBilling(store, clock.now());
      return seedSubscriptions(store, spec, clock.now());
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
