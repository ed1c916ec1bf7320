/**
 * Default prices on Stripe: a product's `default_price`, read back from the products (no list of
 * their own) and written with product updates (`""` unsets it). The product's
 * `pricing_default_price` metadata marks a default the tool set: only such a one is claimed
 * (adopted by import, unset when no model names one); a default set outside the tool stays
 * unmanaged until a model names a default price.
 */
import { defaultPriceKey } from "../../../../core/artifacts/artifacts.js";
import { KEY_DEFAULT_PRICE, KEY_LOGICAL } from "../../../../core/model/metadata-keys.js";
import type { ObservedObject } from "../../../../core/plan/adopt.js";
import { shadowId } from "../../shadow.js";
import { claimOf, idOf, str, strings } from "./read.js";
import type { StripeResource } from "./resource.js";

/** The default price resource. */
export const defaultPriceResource: StripeResource<"default_price"> = {
  list: undefined,
  read: (account, state) => {
    const out = new Map<string, ObservedObject>();
    const products = new Map((account.product ?? []).map((p) => [String(p.id), p]));
    for (const p of products.values()) {
      const price = idOf(p.default_price);
      const meta = strings(p.metadata);
      // A default without the tool's marker was set outside it: not observed at all.
      if (price === undefined || meta[KEY_DEFAULT_PRICE] === undefined) continue;
      const key = defaultPriceKey(meta[KEY_LOGICAL] ?? String(p.id));
      const id = shadowId("default_price", key, {});
      out.set(id, {
        type: "default_price",
        id,
        active: p.active !== false,
        fields: { product: String(p.id), price },
        claim: claimOf(meta, key),
      });
    }
    // A default the state records that its product no longer has (or that is no longer the
    // tool's) is observed as unset.
    for (const o of state) {
      if (o.type !== "default_price" || out.has(o.id)) continue;
      if (!products.has(str(o.fields.product) ?? "")) continue;
      out.set(o.id, { type: o.type, id: o.id, active: false, fields: o.fields });
    }
    return [...out.values()];
  },
  async write(op, { client, send, options, before }) {
    const product = op.fields?.product ?? str(before?.fields.product) ?? "";
    const price = op.action === "archive" ? "" : (op.fields?.price ?? "");
    // The marker names the price the tool made the default ("" deletes it with the default).
    await send(() =>
      client.products.update(
        product,
        { default_price: price, metadata: { [KEY_DEFAULT_PRICE]: price } },
        options(op.action),
      ),
    );
    return op.action === "create" || op.action === "replace"
      ? { id: shadowId("default_price", op.key, {}) }
      : {};
  },
};
