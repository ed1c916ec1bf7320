/**
 * The emulator's account state: one table per resource, newest first, plus the id generator.
 * Tests read it directly; they change it through the HTTP API, as a dashboard user would.
 */
import { IdGenerator } from "./ids.js";
import type {
  CouponRecord,
  FeatureRecord,
  MeterRecord,
  PriceRecord,
  ProductFeatureRecord,
  ProductRecord,
  PromotionCodeRecord,
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
  /** Forgets every object and idempotency key and restarts the id sequence. */
  reset(): void;
}

/** A table keyed by id that remembers creation order. */
export class Table<T extends { readonly id: string }> implements ReadonlyTable<T> {
  private readonly rows = new Map<string, { readonly seq: number; readonly value: T }>();
  private seq = 0;

  get(id: string): T | undefined {
    return this.rows.get(id)?.value;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  list(): readonly T[] {
    return [...this.rows.values()].sort((a, b) => b.seq - a.seq).map((row) => row.value);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Inserts a new object or replaces an existing one (keeping its place in the order). */
  put(value: T): T {
    const existing = this.rows.get(value.id);
    if (existing === undefined) this.seq += 1;
    this.rows.set(value.id, { seq: existing?.seq ?? this.seq, value });
    return value;
  }

  /** Removes an object. */
  delete(id: string): void {
    this.rows.delete(id);
  }

  /** Removes every object. */
  clear(): void {
    this.rows.clear();
    this.seq = 0;
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
    this.ids.reset();
    for (const hook of this.resetHooks) hook();
  }
}
