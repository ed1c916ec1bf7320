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

/** A customer (`cus_...`). Deleted customers leave the table; the store remembers their ids. */
export interface CustomerRecord {
  readonly id: string;
  readonly object: "customer";
  readonly created: number;
  /** Set by the first subscription; a customer bills in one currency. */
  readonly currency: string | null;
  /** `invoice_settings.default_payment_method`: one of `payment_methods`, or null. */
  readonly default_payment_method: string | null;
  readonly description: string | null;
  readonly email: string | null;
  readonly invoice_prefix: string;
  readonly metadata: Metadata;
  readonly name: string | null;
  readonly phone: string | null;
  /**
   * Payment methods attached at creation from Stripe's test tokens (`pm_card_visa`): the new id
   * and the token it came from. Not rendered; the emulator has no PaymentMethods API.
   */
  readonly payment_methods: readonly { readonly id: string; readonly token: string }[];
}

/** Stripe's subscription statuses. */
export type SubscriptionStatus =
  | "incomplete"
  | "incomplete_expired"
  | "trialing"
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "paused";

/** One item of a subscription (`si_...`): a price, a quantity (none for metered prices) and its period. */
export interface SubscriptionItemRecord {
  readonly id: string;
  readonly created: number;
  readonly current_period_end: number;
  readonly current_period_start: number;
  readonly metadata: Metadata;
  /** The id of a recurring price. */
  readonly price: string;
  /** Null for a metered price, which takes no quantity. */
  readonly quantity: number | null;
}

/** A subscription (`sub_...`). Rendering adds Stripe's constant fields and the items list. */
export interface SubscriptionRecord {
  readonly id: string;
  readonly billing_cycle_anchor: number;
  readonly cancel_at: number | null;
  readonly cancel_at_period_end: boolean;
  readonly canceled_at: number | null;
  readonly cancellation_details: {
    readonly comment: string | null;
    readonly feedback: string | null;
    readonly reason: "cancellation_requested" | null;
  };
  readonly created: number;
  readonly currency: string;
  readonly customer: string;
  /** A payment method of the customer that takes precedence over the customer's default. */
  readonly default_payment_method: string | null;
  readonly ended_at: number | null;
  readonly items: readonly SubscriptionItemRecord[];
  readonly metadata: Metadata;
  readonly schedule: string | null;
  readonly start_date: number;
  readonly status: SubscriptionStatus;
  readonly trial_end: number | null;
  readonly trial_start: number | null;
}

/** One item of a schedule phase. */
export interface PhaseItem {
  readonly price: string;
  readonly quantity: number | null;
  readonly metadata: Metadata;
}

/** One phase of a subscription schedule. */
export interface PhaseRecord {
  readonly currency: string;
  readonly end_date: number;
  readonly items: readonly PhaseItem[];
  readonly metadata: Metadata;
  readonly proration_behavior: ProrationBehavior;
  readonly start_date: number;
}

/** Stripe's `proration_behavior` values. */
export type ProrationBehavior = "create_prorations" | "none" | "always_invoice";

/** A subscription schedule (`sub_sched_...`). */
export interface ScheduleRecord {
  readonly id: string;
  readonly canceled_at: number | null;
  readonly completed_at: number | null;
  readonly created: number;
  readonly customer: string;
  readonly end_behavior: "release" | "cancel";
  readonly metadata: Metadata;
  readonly phases: readonly PhaseRecord[];
  readonly released_at: number | null;
  readonly released_subscription: string | null;
  readonly status: "not_started" | "active" | "completed" | "released" | "canceled";
  readonly subscription: string | null;
  /** The index of the last phase put into effect on the subscription (-1 before the start). Not rendered. */
  readonly applied_phase: number;
}
