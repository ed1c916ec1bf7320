/** Stripe products: one per model, with the model id as its Stripe id. Pure. */
import type { Artifact } from "../artifacts/artifacts.js";
import { KEY_METERS } from "../model/metadata-keys.js";
import type { DesiredOf } from "./desired-object.js";
import { managedMetadata } from "./managed-metadata.js";
import type { TypeSpec } from "./type-spec.js";

/** A product's fields (Stripe's names); binding keys of its metadata belong to `metadata_binding`. */
export type ProductFields = {
  readonly name: string;
  readonly description?: string;
  readonly unit_label?: string;
  readonly tax_code?: string;
  /** Shown on pricing tables and Checkout, in order; replaced as a whole on update. */
  readonly marketing_features?: readonly { readonly name: string }[];
  readonly metadata: Readonly<Record<string, string>>;
};

/** The product type. */
export const product: TypeSpec<"product", ProductFields> = {
  type: "product",
  idPrefix: "",
  traits: {
    mutable: ["name", "description", "unit_label", "tax_code", "marketing_features", "metadata"],
    reactivatable: true,
    retire: "archive",
  },
  // Stripe's OpenAPI: name and description maxLength; unit_label 12.
  limits: { name: 5000, description: 40000, unit_label: 12 },
  map(a: Artifact): DesiredOf<"product", ProductFields>[] {
    if (a.kind !== "product") return [];
    const p = a.product;
    return [
      {
        key: a.key,
        type: "product",
        model: a.model,
        fidelity: "exact",
        reason: "product identity and metadata map one to one",
        fields: {
          name: p.name,
          ...(p.description !== undefined ? { description: p.description } : {}),
          ...(p.unitLabel !== undefined ? { unit_label: p.unitLabel } : {}),
          ...(p.taxCode !== undefined ? { tax_code: p.taxCode } : {}),
          ...(p.marketingFeatures !== undefined && p.marketingFeatures.length > 0
            ? { marketing_features: p.marketingFeatures.map((name) => ({ name })) }
            : {}),
          metadata: {
            ...p.metadata,
            ...managedMetadata(a.key, a.model),
            ...(a.eventNames.length > 0 ? { [KEY_METERS]: a.eventNames.join(",") } : {}),
          },
        },
      },
    ];
  },
};
