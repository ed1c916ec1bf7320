/**
 * Default prices: which price of a model is its product's `default_price` (what Checkout,
 * payment links and pricing tables show first). Not a Stripe object of its own: the backend
 * reads and writes it through its product. It comes after prices in dependency order, since a
 * product exists before its prices and Stripe sets `default_price` only on update; retiring it
 * unsets the product's default before any price is archived (Stripe refuses to archive a
 * product's default price). Pure.
 */
import type { Artifact } from "../artifacts/artifacts.js";
import { type DesiredOf, ref } from "./desired-object.js";
import type { TypeSpec } from "./type-spec.js";

/** A default price's fields: the product and the price it points at. */
export type DefaultPriceFields = {
  readonly product: string;
  readonly price: string;
};

/** The default price type. */
export const defaultPrice: TypeSpec<"default_price", DefaultPriceFields> = {
  type: "default_price",
  idPrefix: "dfp_",
  traits: { mutable: ["price"], reactivatable: true, retire: "unset" },
  limits: {},
  map(a: Artifact): DesiredOf<"default_price", DefaultPriceFields>[] {
    if (a.kind !== "default-price") return [];
    return [
      {
        key: a.key,
        type: "default_price",
        model: a.model,
        fidelity: "exact",
        reason: "the product's default_price names the component's price",
        fields: { product: ref(a.productKey), price: ref(a.priceKey) },
      },
    ];
  },
};
