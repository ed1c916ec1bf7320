/**
 * The emulator's account state: one table per resource, newest first, plus the id generator.
 * Tests read it directly; they change it through the HTTP API, as a dashboard user would.
 */
import { IdGenerator } from "./ids.js";
import type {
  CouponRecord,
  CustomerRecord,
  FeatureRecord,
  MeterRecord,
  PriceRecord,
  ProductFeatureRecord,
  ProductRecord,
  PromotionCodeRecord,
  ScheduleRecord,
  SubscriptionRecord,
} from "./records.js";

/** Read access to one resource's objects. */
export interface ReadonlyTable<T> {
  /** The object with this id, if it exists. */
  get(id: string): T | undefined;
  /** Whether an object with this id exists. */
  has(id: string): boolean;
  /** Every object, newest first (Stripe's list order). */
  list(): readonly T[];
  /** How many objects there are. */
  readonly size: number;
}

/** Read access to the emulator's objects, and a way to start over. */
export interface EmulatorStore {
  /** Products by id. */
  readonly products: ReadonlyTable<ProductRecord>;
  /** Prices by id. */
  readonly prices: ReadonlyTable<PriceRecord>;
  /** Billing meters by id. */
  readonly meters: ReadonlyTable<MeterRecord>;
  /** Coupons by id. */
  readonly coupons: ReadonlyTable<CouponRecord>;
  /** Promotion codes by id. */
  readonly promotionCodes: ReadonlyTable<PromotionCodeRecord>;
  /** Entitlement features by id. */
  readonly features: ReadonlyTable<FeatureRecord>;
  /** Features attached to products, by id. */
  readonly productFeatures: ReadonlyTable<ProductFeatureRecord>;
  /** Customers by id (deleted ones are gone). */
  readonly customers: ReadonlyTable<CustomerRecord>;
  /** Subscriptions by id, canceled ones included. */
  readonly subscriptions: ReadonlyTable<SubscriptionRecord>;
  /** Subscription schedules by id. */
  readonly schedules: ReadonlyTable<ScheduleRecord>;
  /** Forgets every object and idempotency key and restarts the id sequence. */
  reset(): void;
}

/**
 * A table keyed by id that remembers creation order. A `Map` keeps insertion order and keeps an
 * entry's place when it is replaced, so the order needs no sort (10,000 rows list in O(n)).
 */
export class Table<T extends { readonly id: string }> implements ReadonlyTable<T> {
  private readonly rows = new Map<string, T>();

  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  list(): readonly T[] {
    return [...this.rows.values()].reverse();
  }

  /** Every object, oldest first, without copying. */
  values(): IterableIterator<T> {
    return this.rows.values();
  }

  get size(): number {
    return this.rows.size;
  }

  /** Inserts a new object or replaces an existing one (keeping its place in the order). */
  put(value: T): T {
    this.rows.set(value.id, value);
    return value;
  }

  /** Removes an object. */
  delete(id: string): void {
    this.rows.delete(id);
  }

  /** Removes every object. */
  clear(): void {
    this.rows.clear();
  }
}

/** The in-memory store behind a running emulator. */
export class MemoryStore implements EmulatorStore {
  readonly products = new Table<ProductRecord>();
  readonly prices = new Table<PriceRecord>();
  readonly meters = new Table<MeterRecord>();
  readonly coupons = new Table<CouponRecord>();
  readonly promotionCodes = new Table<PromotionCodeRecord>();
  readonly features = new Table<FeatureRecord>();
  readonly productFeatures = new Table<ProductFeatureRecord>();
  readonly customers = new Table<CustomerRecord>();
  readonly subscriptions = new Table<SubscriptionRecord>();
  readonly schedules = new Table<ScheduleRecord>();
  /** Ids of deleted customers: retrieving one answers `{deleted: true}`, as Stripe does. */
  readonly deletedCustomers = new Set<string>();
  /** Subscription item id to the id of the subscription that holds (or held) it. */
  readonly itemOwners = new Map<string, string>();
  /**
   * The earliest time (Unix seconds) at which a subscription or schedule changes by itself
   * (a period ends, a trial ends, a phase starts); `advanceBilling` does nothing before it.
   */
  nextBillingEvent = 0;
  readonly ids: IdGenerator;
  private readonly resetHooks: (() => void)[] = [];

  constructor(seed: number) {
    this.ids = new IdGenerator(seed);
  }

  /** Runs `hook` on every `reset()` (the server clears its idempotency cache this way). */
  onReset(hook: () => void): void {
    this.resetHooks.push(hook);
  }

  reset(): void {
    this.products.clear();
    this.prices.clear();
    this.meters.clear();
    this.coupons.clear();
    this.promotionCodes.clear();
    this.features.clear();
    this.productFeatures.clear();
    this.customers.clear();
    this.subscriptions.clear();
    this.schedules.clear();
    this.deletedCustomers.clear();
    this.itemOwners.clear();
    this.nextBillingEvent = 0;
    this.ids.reset();
    for (const hook of this.resetHooks) hook();
  }
}
