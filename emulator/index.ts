/**
 * The Stripe emulator: a local, stateful HTTP server speaking Stripe's v1 API for the catalog
 * objects this tool manages (products, prices, billing meters, coupons, promotion codes,
 * entitlement features and their product attachments), so that the real
 * objects this tool manages (products, prices, billing meters, coupons) and for who is on them
 * (customers, subscriptions, subscription schedules), so that the real
 * `stripe` SDK can run against it offline (`pricing emulator`, or alone through `main.ts`) and
 * in tests. It imports nothing from the pricing tool (`src/`).
 *
 * It follows Stripe's documented behaviour (immutable price fields, lookup-key transfer,
 * idempotency keys, list pagination, field limits, error shapes), never kinder, and adds test
 * controls: a rate limit, seeded fault injection, request counts, a clock that tests move forward
 * and seeding of N subscribers (`/_emulator/...`, outside Stripe's namespace). It keeps state in memory
 * only; it must not touch files, the network beyond its own socket, `process.exit` or the
 * console (only `main.ts` sets the exit code and `cli.ts` listens for SIGINT/SIGTERM).
 *
 * Use: `const emu = await startEmulator({ port: 0 });` then
 * `new Stripe("sk_test_x", { host: "127.0.0.1", port: emu.port, protocol: "http" })`.
 */
export { type CliIo, emulatorHelp, emulatorUsage, runEmulatorCli } from "./cli.js";
export type { CountFilter } from "./counter.js";
export type { FaultMode } from "./faults.js";
export type { EmulatorClockControl, EmulatorHandle, EmulatorOptions } from "./options.js";
export type {
  CouponRecord,
  CurrencyOption,
  CustomerRecord,
  FeatureRecord,
  MeterRecord,
  PhaseRecord,
  PriceRecord,
  PriceTier,
  ProductFeatureRecord,
  ProductRecord,
  PromotionCodeRecord,
  Recurring,
  ScheduleRecord,
  SubscriptionItemRecord,
  SubscriptionRecord,
  SubscriptionStatus,
} from "./records.js";
export type { SeedPrice, SeedResult, SeedSpec } from "./seed.js";
export { startEmulator } from "./start.js";
export type { EmulatorStore, ReadonlyTable } from "./store.js";
