/**
 * Metadata bindings on Stripe: keys of their product's metadata, read back from the products
 * (no list of their own) and written with product updates.
 */
import { KEY_LOGICAL, RESERVED_PREFIX } from "../../../../core/model/metadata-keys.js";
import type { ObservedObject } from "../../../../core/plan/adopt.js";
import { shadowId } from "../../shadow.js";
import { claimOf, metadataParams, str, strings } from "./read.js";
import type { StripeResource } from "./resource.js";

const TERM = `${RESERVED_PREFIX}term_`;
const CONFIGURATION = `${RESERVED_PREFIX}cfg_`;

/** Product metadata keys written by metadata bindings (not part of the product's own fields). */
export function isBindingKey(key: string): boolean {
  return key.startsWith(TERM) || key.startsWith(CONFIGURATION);
}

/** The metadata binding resource. */
export const metadataBindingResource: StripeResource<"metadata_binding"> = {
  list: undefined,
  read: (account, state) => {
    const out = new Map<string, ObservedObject>();
    const products = new Map((account.product ?? []).map((p) => [String(p.id), p]));
    for (const p of products.values()) {
      const meta = strings(p.metadata);
      const productKey = meta[KEY_LOGICAL] ?? String(p.id);
      const groups = new Map<string, Record<string, string>>();
      for (const [k, v] of Object.entries(meta)) {
        if (!isBindingKey(k) || v === "") continue;
        const key = k.startsWith(TERM)
          ? `${productKey}/${k.slice(TERM.length)}`
          : `${productKey}#configuration`;
        groups.set(key, { ...groups.get(key), [k]: v });
      }
      for (const [key, metadata] of groups) {
        const id = shadowId("metadata_binding", key, {});
        out.set(id, {
          type: "metadata_binding",
          id,
          active: p.active !== false,
          fields: { product: String(p.id), metadata },
          claim: claimOf(meta, key),
        });
      }
    }
    // A binding the state records whose keys are gone from its product is observed as removed.
    for (const o of state) {
      if (o.type !== "metadata_binding" || out.has(o.id)) continue;
      if (!products.has(str(o.fields.product) ?? "")) continue;
      out.set(o.id, { type: o.type, id: o.id, active: false, fields: o.fields });
    }
    return [...out.values()];
  },
  async write(op, { client, send, options, before }) {
    const product = op.fields?.product ?? str(before?.fields.product) ?? "";
    const metadata =
      op.action === "archive"
        ? metadataParams({}, before?.fields.metadata)
        : metadataParams(
            op.fields?.metadata,
            op.action === "reactivate" ? undefined : before?.fields.metadata,
          );
    await send(() => client.products.update(product, { metadata }, options(op.action)));
    return op.action === "create" || op.action === "replace"
      ? { id: shadowId("metadata_binding", op.key, {}) }
      : {};
  },
};
