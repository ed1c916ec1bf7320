/**
 * Stripe promotion codes: the customer-facing codes of a discount, on its coupon. Stripe never
 * changes a code's `code`, coupon, `expires_at`, `max_redemptions` or restrictions: only its
 * metadata changes in place (and `active`, which is how a code is retired: codes are deactivated,
 * never deleted). Any other change deactivates the code and creates a new one. Pure.
 */
import type { Artifact, PromotionCodeArtifact } from "../artifacts/artifacts.js";
import type { Currency } from "../money/currency.js";
import { currencyOptions, whole } from "./amounts.js";
import { type DesiredOf, ref } from "./desired-object.js";
import { managedMetadata } from "./managed-metadata.js";
import type { TypeSpec } from "./type-spec.js";

/** A promotion code's restrictions (Stripe's names); left out when it has none. */
export type PromotionCodeRestrictions = {
  readonly first_time_transaction?: true;
  readonly minimum_amount?: number;
  readonly minimum_amount_currency?: string;
  readonly currency_options?: Readonly<Record<string, { readonly minimum_amount: number }>>;
};

/** A promotion code's fields (Stripe's names; `coupon` is `promotion.coupon`). */
export type PromotionCodeFields = {
  readonly code: string;
  readonly coupon: string;
  readonly max_redemptions?: number;
  readonly expires_at?: number;
  readonly restrictions?: PromotionCodeRestrictions;
  readonly metadata: Readonly<Record<string, string>>;
};

/** The promotion code type. */
export const promotionCode: TypeSpec<"promotion_code", PromotionCodeFields> = {
  type: "promotion_code",
  idPrefix: "promo_",
  traits: { mutable: ["metadata"], reactivatable: true, retire: "deactivate" },
  limits: { code: 500 },
  map(a: Artifact): DesiredOf<"promotion_code", PromotionCodeFields>[] {
    return a.kind === "promotion-code" ? [mapCode(a)] : [];
  },
};

function restrictions(a: PromotionCodeArtifact): PromotionCodeRestrictions | undefined {
  const { firstTimeOnly, minimumAmount } = a.code;
  const [base, ...others] = a.currencies as [Currency, ...Currency[]];
  const minimum = minimumAmount
    ? {
        minimum_amount: whole(minimumAmount, base),
        minimum_amount_currency: base,
        ...currencyOptions(others, (cur) => ({ minimum_amount: whole(minimumAmount, cur) })),
      }
    : {};
  const out = { ...(firstTimeOnly ? { first_time_transaction: true as const } : {}), ...minimum };
  return Object.keys(out).length > 0 ? out : undefined;
}

function mapCode(a: PromotionCodeArtifact): DesiredOf<"promotion_code", PromotionCodeFields> {
  const c = a.code;
  const limits = restrictions(a);
  return {
    key: a.key,
    type: "promotion_code",
    model: a.model,
    fidelity: "exact",
    reason:
      "the code, its limits and restrictions map one to one to a promotion code on the discount's coupon",
    ...(c.active ? {} : { inactive: true }),
    fields: {
      code: c.code,
      coupon: ref(a.couponKey),
      ...(c.maxRedemptions !== undefined ? { max_redemptions: c.maxRedemptions } : {}),
      ...(c.expiresAt !== undefined ? { expires_at: c.expiresAt } : {}),
      ...(limits ? { restrictions: limits } : {}),
      metadata: managedMetadata(a.key, a.model),
    },
  };
}
