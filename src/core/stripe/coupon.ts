/**
 * Stripe coupons: one per discount component, restricted to the model's product. Only name
 * and metadata change in place; any other change deletes and re-creates the coupon. Pure.
 */
import type { Artifact, DiscountArtifact } from "../artifacts/artifacts.js";
import type { Currency } from "../money/currency.js";
import { formatDecimal } from "../money/decimal.js";
import { currencyOptions, whole, ZERO } from "./amounts.js";
import { type DesiredOf, ref } from "./desired-object.js";
import { fitText } from "./limits.js";
import { managedMetadata } from "./managed-metadata.js";
import type { TypeSpec } from "./type-spec.js";

/** A coupon's fields (Stripe's names). */
export type CouponFields = {
  readonly name?: string;
  readonly duration: "once" | "forever" | "repeating";
  readonly duration_in_months?: number;
  readonly applies_to?: { readonly products: readonly string[] };
  readonly metadata: Readonly<Record<string, string>>;
  readonly percent_off?: number;
  readonly amount_off?: number;
  readonly currency?: string;
  readonly currency_options?: Readonly<Record<string, { readonly amount_off: number }>>;
};

/** The coupon type. */
export const coupon: TypeSpec<"coupon", CouponFields> = {
  type: "coupon",
  idPrefix: "co_",
  traits: {
    mutable: ["name", "metadata"],
    // Stripe's coupon update takes `currency_options`: a currency is added in place, so the coupon
    // (and the promotion codes on it) survive.
    extendable: ["currency_options"],
    reactivatable: false,
    retire: "delete",
  },
  limits: { name: 40 },
  map(a: Artifact): DesiredOf<"coupon", CouponFields>[] {
    return a.kind === "discount" ? [mapCoupon(a)] : [];
  },
};

/** Stripe allows coupon names of 40 characters: the product name is cut to leave the component id whole. */
const COUPON_NAME_LIMIT = 40;

function couponName(a: DiscountArtifact): string {
  if ([...a.label].length <= COUPON_NAME_LIMIT) return a.label;
  const id = a.component.id;
  const productName = a.label.slice(0, a.label.length - id.length - 1);
  const room = COUPON_NAME_LIMIT - [...id].length - 1;
  return room >= 2 ? `${fitText(productName, room)} ${id}` : fitText(id, COUPON_NAME_LIMIT);
}

function mapCoupon(a: DiscountArtifact): DesiredOf<"coupon", CouponFields> {
  const c = a.component;
  const [base, ...others] = a.currencies as [Currency, ...Currency[]];
  const amountOff = c.amountOff;
  const off = amountOff
    ? {
        amount_off: whole(amountOff, base),
        currency: base,
        ...currencyOptions(others, (cur) => ({ amount_off: whole(amountOff, cur) })),
      }
    : { percent_off: Number(formatDecimal(c.percentOff ?? ZERO)) };
  return {
    key: a.key,
    type: "coupon",
    model: a.model,
    fidelity: "approximate",
    reason:
      "discount carried as a coupon restricted to the product; it applies when attached to a subscription or invoice",
    fields: {
      name: couponName(a),
      duration: c.duration,
      ...(c.durationInMonths !== undefined ? { duration_in_months: c.durationInMonths } : {}),
      applies_to: { products: [ref(a.productKey)] },
      metadata: managedMetadata(a.key, a.model),
      ...off,
    },
  };
}
