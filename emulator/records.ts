/**
 * The emulator's stored objects, in Stripe's own JSON shape (snake_case fields). Expandable
 * fields (`tiers`, `currency_options`, `applies_to`) are always held; rendering drops them
 * unless the request expanded them.
 */

/** Stripe metadata: string keys to string values. */
export type Metadata = Readonly<Record<string, string>>;

/** A product (`prod_...` or a caller-chosen id). */
export interface ProductRecord {
  readonly id: string;
  readonly object: "product";
  readonly active: boolean;
  readonly created: number;
  readonly default_price: string | null;
  readonly description: string | null;
  readonly images: readonly string[];
  readonly livemode: false;
  readonly marketing_features: readonly { readonly name: string }[];
  readonly metadata: Metadata;
  readonly name: string;
  readonly package_dimensions: null;
  readonly shippable: boolean | null;
  readonly statement_descriptor: string | null;
  readonly tax_code: string | null;
  readonly tax_details: null;
  readonly type: "service" | "good";
  readonly unit_label: string | null;
  readonly updated: number;
  readonly url: string | null;
}

/** One tier of a tiered price; `up_to: null` is the last, unbounded tier. */
export interface PriceTier {
  readonly flat_amount: number | null;
  readonly flat_amount_decimal: string | null;
  readonly unit_amount: number | null;
  readonly unit_amount_decimal: string | null;
  readonly up_to: number | null;
}

/** Stripe's tax behaviour values. */
export type TaxBehavior = "inclusive" | "exclusive" | "unspecified";

/** The amounts of a price in one extra currency. */
export interface CurrencyOption {
  readonly custom_unit_amount: null;
  readonly tax_behavior: TaxBehavior | null;
  readonly tiers?: readonly PriceTier[];
  readonly unit_amount: number | null;
  readonly unit_amount_decimal: string | null;
}

/** The `recurring` hash of a price. */
export interface Recurring {
  readonly interval: "day" | "week" | "month" | "year";
  readonly interval_count: number;
  readonly meter: string | null;
  readonly trial_period_days: number | null;
  readonly usage_type: "licensed" | "metered";
}

/** A price (`price_...`). */
export interface PriceRecord {
  readonly id: string;
  readonly object: "price";
  readonly active: boolean;
  readonly billing_scheme: "per_unit" | "tiered";
  readonly created: number;
  readonly currency: string;
  readonly currency_options: Readonly<Record<string, CurrencyOption>>;
  readonly custom_unit_amount: null;
  readonly livemode: false;
  readonly lookup_key: string | null;
  readonly metadata: Metadata;
  readonly nickname: string | null;
  readonly product: string;
  readonly recurring: Recurring | null;
  readonly tax_behavior: TaxBehavior;
  readonly tiers: readonly PriceTier[] | null;
  readonly tiers_mode: "graduated" | "volume" | null;
  readonly transform_quantity: { readonly divide_by: number; readonly round: "up" | "down" } | null;
  readonly type: "one_time" | "recurring";
  readonly unit_amount: number | null;
  readonly unit_amount_decimal: string | null;
}

/** A billing meter (`mtr_...`). */
export interface MeterRecord {
  readonly id: string;
  readonly object: "billing.meter";
  readonly created: number;
  readonly customer_mapping: { readonly event_payload_key: string; readonly type: "by_id" };
  readonly default_aggregation: { readonly formula: "sum" | "count" | "last" };
  readonly display_name: string;
  readonly event_name: string;
  readonly event_time_window: "day" | "hour" | null;
  readonly livemode: false;
  readonly status: "active" | "inactive";
  readonly status_transitions: { readonly deactivated_at: number | null };
  readonly updated: number;
  readonly value_settings: { readonly event_payload_key: string };
}

/** A coupon (caller-chosen id or a generated code). */
export interface CouponRecord {
  readonly id: string;
  readonly object: "coupon";
  readonly amount_off: number | null;
  readonly applies_to: { readonly products: readonly string[] } | null;
  readonly created: number;
  readonly currency: string | null;
  readonly currency_options: Readonly<Record<string, { readonly amount_off: number }>>;
  readonly duration: "once" | "forever" | "repeating";
  readonly duration_in_months: number | null;
  readonly livemode: false;
  readonly max_redemptions: number | null;
  readonly metadata: Metadata;
  readonly name: string | null;
  readonly percent_off: number | null;
  readonly redeem_by: number | null;
  readonly times_redeemed: number;
  readonly valid: boolean;
}

/** An entitlement feature (`feat_...`); `lookup_key` is unique and never changes. */
export interface FeatureRecord {
  readonly id: string;
  readonly object: "entitlements.feature";
  readonly active: boolean;
  readonly livemode: false;
  readonly lookup_key: string;
  readonly metadata: Metadata;
  readonly name: string;
}

/** A feature attached to a product (`prodft_...`); `product` is kept for routing, not rendered. */
export interface ProductFeatureRecord {
  readonly id: string;
  readonly object: "product_feature";
  readonly entitlement_feature: string;
  readonly livemode: false;
  readonly product: string;
}

/** A customer-facing code for a coupon (`promo_...`); `coupon_deleted` is internal. */
export interface PromotionCodeRecord {
  readonly id: string;
  readonly object: "promotion_code";
  readonly active: boolean;
  readonly code: string;
  readonly created: number;
  readonly customer: null;
  readonly customer_account: null;
  readonly expires_at: number | null;
  readonly livemode: false;
  readonly max_redemptions: number | null;
  readonly metadata: Metadata;
  readonly promotion: { readonly coupon: string; readonly type: "coupon" };
  readonly restrictions: {
    readonly currency_options: Readonly<Record<string, { readonly minimum_amount: number }>>;
    readonly first_time_transaction: boolean;
    readonly minimum_amount: number | null;
    readonly minimum_amount_currency: string | null;
  };
  readonly times_redeemed: number;
  /** Set when the coupon was deleted: a later coupon with the same id is not this code's. Not rendered. */
  readonly coupon_deleted: boolean;
}
