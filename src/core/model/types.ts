/**
 * The pricing model as the rest of the tool sees it: validated, normalised, exact.
 * Built only by the loader after every check has passed. Pure types; no IO.
 */
import type { Currency } from "../money/currency.js";
import type { Decimal } from "../money/decimal.js";

/** A model's stable identity (`id:` in the YAML). */
export type ModelId = string & { readonly __brand: "ModelId" };

/** An amount per currency, in major units, exact. Keys are the model's currencies it covers. */
export type Money = Readonly<Record<Currency, Decimal>>;

/** Billing cadence of a recurring component, or a one-time charge. */
export type Interval = "day" | "week" | "month" | "year" | "one_time";

/** How a meter aggregates events over a period. */
export type Aggregation = "sum" | "count" | "last";

/** A usage meter of a model. */
export interface Meter {
  readonly id: string;
  readonly eventName: string;
  readonly displayName: string;
  readonly aggregation: Aggregation;
  readonly valueKey: string;
}

/** One tier of a tiered metered price; `upTo` is `inf` on the last tier. */
export interface Tier {
  readonly upTo: bigint | "inf";
  readonly unitAmount?: Money;
  readonly flatAmount?: Money;
}

/** Whether a price includes tax, adds it, or leaves it to the account's tax settings. */
export type TaxBehavior = "inclusive" | "exclusive" | "unspecified";

/** Package pricing: the unit amount prices `size` units; usage is divided by it and rounded. */
export interface PackageSize {
  readonly size: bigint;
  readonly round: "up" | "down";
}

/** A fixed fee, recurring or one-time. */
export interface FlatComponent {
  readonly type: "flat";
  readonly id: string;
  readonly amount: Money;
  readonly interval: Interval;
  readonly intervalCount: number;
  /** The component's own tax behaviour, or else the model's; absent when neither says. */
  readonly taxBehavior?: TaxBehavior;
  /** The lookup key may be taken from a price the tool does not manage. */
  readonly takeOverLookupKey?: true;
}

/** A usage-based charge on a meter: per unit, tiered, or an allowance alone. */
export interface MeteredComponent {
  readonly type: "metered";
  readonly id: string;
  readonly meter: string;
  readonly unitAmount?: Money;
  readonly tiersMode?: "graduated" | "volume";
  readonly tiers?: readonly Tier[];
  readonly includedUnits?: bigint;
  /** Package pricing; only with a plain `unitAmount` (no tiers, no allowance). */
  readonly package?: PackageSize;
  readonly interval: Interval;
  readonly intervalCount: number;
  /** The component's own tax behaviour, or else the model's; absent when neither says. */
  readonly taxBehavior?: TaxBehavior;
  /** The lookup key may be taken from a price the tool does not manage. */
  readonly takeOverLookupKey?: true;
}

/** A discount on the model's product. Exactly one of `percentOff` and `amountOff`. */
export interface DiscountComponent {
  readonly type: "discount";
  readonly id: string;
  readonly percentOff?: Decimal;
  readonly amountOff?: Money;
  readonly duration: "once" | "forever" | "repeating";
  readonly durationInMonths?: number;
  /** Customer-facing codes that redeem the discount, in model order. */
  readonly promotionCodes: readonly PromotionCode[];
}

/** A customer-facing code of a discount. */
export interface PromotionCode {
  /** Stable identity within the discount: a changed `code` keeps it (and so is a replace). */
  readonly id: string;
  readonly code: string;
  /** False: kept in the model but deactivated on Stripe. */
  readonly active: boolean;
  readonly maxRedemptions?: number;
  /** Seconds since the Unix epoch. */
  readonly expiresAt?: number;
  readonly firstTimeOnly: boolean;
  readonly minimumAmount?: Money;
}

/** A contractual commitment. */
export type CommitmentComponent =
  | {
      readonly type: "commitment";
      readonly id: string;
      readonly commitment: "contract_duration";
      readonly months: number;
    }
  | {
      readonly type: "commitment";
      readonly id: string;
      readonly commitment: "minimum_spend" | "prepayment";
      readonly amount: Money;
      readonly interval: Interval;
    };

/** Any component, discriminated on `type`. */
export type Component = FlatComponent | MeteredComponent | DiscountComponent | CommitmentComponent;

/** A configuration value: a scalar's exact source text (`1.50`, `true`, `12345678901234567890`). */
export type ConfigValue = string;

/** A validated pricing model. */
export interface PricingModel {
  readonly id: ModelId;
  /** Path of the source file, as given to the loader (relative to the working directory). */
  readonly file: string;
  readonly product: {
    readonly name: string;
    readonly description?: string;
    readonly unitLabel?: string;
    readonly taxCode?: string;
    /** The id of the component whose price is the product's default price. */
    readonly defaultPrice?: string;
    /** Feature names shown on pricing tables and Checkout, in order (Stripe's `marketing_features`). */
    readonly marketingFeatures?: readonly string[];
    readonly metadata: Readonly<Record<string, string>>;
  };
  readonly currency: Currency;
  readonly currencyOptions: readonly Currency[];
  readonly meters: readonly Meter[];
  readonly components: readonly Component[];
  readonly configuration: Readonly<Record<string, ConfigValue>>;
}
