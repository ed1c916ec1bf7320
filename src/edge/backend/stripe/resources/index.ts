/**
 * The Stripe backend's resources, one per managed type. A mapped type over the core registry:
 * a type added there and missing here is a compile error.
 */
import type { ObjectType } from "../../../../core/stripe/registry.js";
import { billingMeterResource } from "./billing-meter.js";
import { couponResource } from "./coupon.js";
import { defaultPriceResource } from "./default-price.js";
import { metadataBindingResource } from "./metadata-binding.js";
import { priceResource } from "./price.js";
import { productResource } from "./product.js";
import { promotionCodeResource } from "./promotion-code.js";
import type { StripeResource } from "./resource.js";

/** Every managed type's resource. */
export const RESOURCES: { readonly [T in ObjectType]: StripeResource<T> } = {
  product: productResource,
  billing_meter: billingMeterResource,
  price: priceResource,
  default_price: defaultPriceResource,
  coupon: couponResource,
  promotion_code: promotionCodeResource,
  metadata_binding: metadataBindingResource,
};
