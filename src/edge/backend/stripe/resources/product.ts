/** Products on Stripe: listed, read without the metadata bindings' keys, created with the model id. */
import type { JsonObject } from "../../../../core/json/json.js";
import { KEY_DEFAULT_PRICE } from "../../../../core/model/metadata-keys.js";
import type { StripeId } from "../../../../core/state/types.js";
import type { ProductFields } from "../../../../core/stripe/product.js";
import { isBindingKey } from "./metadata-binding.js";
import { compact, idOf, metadataParams, observed, page, type StripeObject, str, strings } from "./read.js";
import type { StripeResource } from "./resource.js";

/** The product resource. */
export const productResource: StripeResource<"product"> = {
  list: ({ client, all }) => all((after) => client.products.list({ limit: 100, ...page(after) })),
  read: (account) => (account.product ?? []).map((p) => observed("product", p, productFields(p))),
  async write(op, { client, send, options, before }) {
    const id = op.key as string;
    const f = op.fields;
    if (op.action === "archive") {
      await send(() => client.products.update(id, { active: false }, options("archive")));
      return {};
    }
    if (!f) throw new Error(`${op.action} of product ${id} has no fields`);
    if (op.action === "create") {
      await send(() => client.products.create({ id, ...productParams(f, undefined) }, options("create")));
      return { id: op.key as string as StripeId };
    }
    await send(() =>
      client.products.update(
        id,
        {
          ...productParams(f, before?.fields),
          // The list is replaced as a whole; "" empties one the model dropped.
          ...(f.marketing_features === undefined && before?.fields.marketing_features !== undefined
            ? { marketing_features: "" as const }
            : {}),
          ...(op.action === "reactivate" ? { active: true } : {}),
        },
        options(op.action),
      ),
    );
    return {};
  },
};

/** A product's fields; binding keys and the default price's marker are left out of its metadata. */
function productFields(p: StripeObject) {
  const metadata = Object.fromEntries(
    Object.entries(strings(p.metadata)).filter(([k]) => !isBindingKey(k) && k !== KEY_DEFAULT_PRICE),
  );
  return compact({
    name: str(p.name),
    description: str(p.description),
    unit_label: str(p.unit_label),
    tax_code: idOf(p.tax_code),
    marketing_features: marketingFeatures(p.marketing_features),
    metadata,
  });
}

/** The product's marketing features (absent when it has none, as the model leaves them out). */
function marketingFeatures(value: unknown): { name: string }[] | undefined {
  const names = (Array.isArray(value) ? value : []).map((f) => String((f as StripeObject).name ?? ""));
  return names.length > 0 ? names.map((name) => ({ name })) : undefined;
}

/** Parameters of a create or update; a field the product had and the model dropped is cleared (""). */
function productParams(f: ProductFields, before: JsonObject | undefined) {
  const cleared = (name: "description" | "unit_label" | "tax_code") =>
    before && before[name] !== undefined && f[name] === undefined ? { [name]: "" } : {};
  return {
    name: f.name,
    ...(f.description !== undefined ? { description: f.description } : cleared("description")),
    ...(f.unit_label !== undefined ? { unit_label: f.unit_label } : cleared("unit_label")),
    ...(f.tax_code !== undefined ? { tax_code: f.tax_code } : cleared("tax_code")),
    ...(f.marketing_features !== undefined
      ? { marketing_features: f.marketing_features.map(({ name }) => ({ name })) }
      : {}),
    metadata: metadataParams(f.metadata, before?.metadata),
  };
}
