/**
 * Provider-neutral publishable artifacts: what a catalog asks any billing backend to hold,
 * before any Stripe shape. Derived from validated models only. Pure; no IO, no Stripe.
 */

import { unreachable } from "../diagnostics/errors.js";
import type {
  CommitmentComponent,
  ConfigValue,
  DiscountComponent,
  FlatComponent,
  Meter,
  MeteredComponent,
  ModelId,
  PricingModel,
  PromotionCode,
} from "../model/types.js";
import type { Currency } from "../money/currency.js";

/** A logical key: the stable name of one published thing, derived from model and component ids. */
export type LogicalKey = string & { readonly __brand: "LogicalKey" };

/** Fields every artifact has. */
interface ArtifactBase {
  readonly key: LogicalKey;
  readonly model: ModelId;
}

/** The sellable product of a model. */
export interface ProductArtifact extends ArtifactBase {
  readonly kind: "product";
  readonly product: PricingModel["product"];
  /** The event names of the model's meters (the product records them: meters hold no metadata). */
  readonly eventNames: readonly string[];
}

/** A usage meter. */
export interface MeterArtifact extends ArtifactBase {
  readonly kind: "meter";
  readonly meter: Meter;
}

/** A price: a flat fee or a metered charge, in the model's currencies. */
export interface PriceArtifact extends ArtifactBase {
  readonly kind: "price";
  readonly component: FlatComponent | MeteredComponent;
  readonly currencies: readonly Currency[];
  readonly productKey: LogicalKey;
  readonly meterKey?: LogicalKey;
  readonly label: string;
}

/** A discount on the model's product. */
export interface DiscountArtifact extends ArtifactBase {
  readonly kind: "discount";
  readonly component: DiscountComponent;
  readonly currencies: readonly Currency[];
  readonly productKey: LogicalKey;
  readonly label: string;
}

/** A customer-facing code of a discount, on the discount's coupon. */
export interface PromotionCodeArtifact extends ArtifactBase {
  readonly kind: "promotion-code";
  readonly code: PromotionCode;
  readonly currencies: readonly Currency[];
  readonly couponKey: LogicalKey;
}

/** A commitment (contract term, minimum spend, prepayment). */
export interface CommitmentArtifact extends ArtifactBase {
  readonly kind: "commitment";
  readonly component: CommitmentComponent;
  readonly currencies: readonly Currency[];
  readonly productKey: LogicalKey;
}

/** Free-form configuration of a model. */
export interface ConfigurationArtifact extends ArtifactBase {
  readonly kind: "configuration";
  readonly values: Readonly<Record<string, ConfigValue>>;
  readonly productKey: LogicalKey;
}

/** Which price of the model is its product's default price. */
export interface DefaultPriceArtifact extends ArtifactBase {
  readonly kind: "default-price";
  readonly productKey: LogicalKey;
  readonly priceKey: LogicalKey;
}

/** Any artifact, discriminated on `kind`. */
export type Artifact =
  | ProductArtifact
  | DefaultPriceArtifact
  | MeterArtifact
  | PriceArtifact
  | DiscountArtifact
  | PromotionCodeArtifact
  | CommitmentArtifact
  | ConfigurationArtifact;

/** Key of a model's product: the model id. */
export function productKey(model: string): LogicalKey {
  return model as LogicalKey;
}

/** Key of a component's object: `model/component`. */
export function componentKey(model: string, component: string): LogicalKey {
  return `${model}/${component}` as LogicalKey;
}

/** Key of a meter: `model#meter:id` (cannot clash with a component key). */
export function meterKey(model: string, meter: string): LogicalKey {
  return `${model}#meter:${meter}` as LogicalKey;
}

/** Key of a discount's promotion code: `model/component#code:id` (cannot clash with a component key). */
export function promotionCodeKey(model: string, component: string, code: string): LogicalKey {
  return `${model}/${component}#code:${code}` as LogicalKey;
}

/** Key of a model's default price choice: `model#default-price`. */
export function defaultPriceKey(model: string): LogicalKey {
  return `${model}#default-price` as LogicalKey;
}

/** Key of a model's configuration: `model#configuration`. */
export function configurationKey(model: string): LogicalKey {
  return `${model}#configuration` as LogicalKey;
}

/** Derives the artifacts of one model, in a stable order. */
export function modelArtifacts(model: PricingModel): Artifact[] {
  const product = productKey(model.id);
  const currencies = [model.currency, ...model.currencyOptions];
  const base = (key: LogicalKey) => ({ key, model: model.id });
  const out: Artifact[] = [
    {
      ...base(product),
      kind: "product",
      product: model.product,
      eventNames: model.meters.map((m) => m.eventName),
    },
  ];
  for (const meter of model.meters) out.push({ ...base(meterKey(model.id, meter.id)), kind: "meter", meter });
  for (const c of model.components) {
    const key = componentKey(model.id, c.id);
    const label = `${model.product.name} ${c.id}`;
    switch (c.type) {
      case "flat":
        out.push({ ...base(key), kind: "price", component: c, currencies, productKey: product, label });
        break;
      case "metered":
        out.push({
          ...base(key),
          kind: "price",
          component: c,
          currencies,
          productKey: product,
          meterKey: meterKey(model.id, c.meter),
          label,
        });
        break;
      case "discount":
        out.push({ ...base(key), kind: "discount", component: c, currencies, productKey: product, label });
        for (const code of c.promotionCodes) {
          out.push({
            ...base(promotionCodeKey(model.id, c.id, code.id)),
            kind: "promotion-code",
            code,
            currencies,
            couponKey: key,
          });
        }
        break;
      case "commitment":
        out.push({ ...base(key), kind: "commitment", component: c, currencies, productKey: product });
        break;
      default:
        unreachable(c);
    }
  }
  if (model.product.defaultPrice !== undefined) {
    out.push({
      ...base(defaultPriceKey(model.id)),
      kind: "default-price",
      productKey: product,
      priceKey: componentKey(model.id, model.product.defaultPrice),
    });
  }
  if (Object.keys(model.configuration).length > 0) {
    out.push({
      ...base(configurationKey(model.id)),
      kind: "configuration",
      values: model.configuration,
      productKey: product,
    });
  }
  return out;
}
