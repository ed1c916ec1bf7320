/**
 * `/v1/products/:id/features`: attach an entitlement feature to a product, list, retrieve and
 * detach (DELETE) the attachments. A feature is attached to a product at most once, and an
 * archived feature cannot be attached. The `entitlement_feature` of an attachment renders as the
 * feature object as it is now (Stripe's `product_feature` embeds it, unexpanded).
 */
import type { RequestContext, Route } from "../context.js";
import { conflict, missingParam, noSuch, noSuchReferenced } from "../errors.js";
import { readExpand } from "../expand.js";
import { paginate, readPage } from "../list.js";
import { checkFields, expandField, type Fields, getString, listFields, strMax } from "../params.js";
import type { ProductFeatureRecord, ProductRecord } from "../records.js";
import type { MemoryStore } from "../store.js";

const attachFields: Fields = { ...expandField, entitlement_feature: strMax(5000) };
/** Stripe lists `entitlement_feature` as expandable; it is always embedded, so expanding it changes nothing. */
const EXPANDABLE = ["entitlement_feature"] as const;

/** The JSON of an attachment: the stored record with its feature embedded and no `product`. */
function renderProductFeature(store: MemoryStore, attachment: ProductFeatureRecord): unknown {
  const { product: _product, entitlement_feature, ...rest } = attachment;
  return { ...rest, entitlement_feature: store.features.get(entitlement_feature) ?? entitlement_feature };
}

function product(ctx: RequestContext): ProductRecord {
  const found = ctx.store.products.get(ctx.id);
  if (found === undefined) throw noSuch("product", ctx.id, "product");
  return found;
}

function attachment(ctx: RequestContext): ProductFeatureRecord {
  const owner = product(ctx);
  const found = ctx.store.productFeatures.get(ctx.sub);
  if (found === undefined || found.product !== owner.id) throw noSuch("product_feature", ctx.sub);
  return found;
}

function attach(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, attachFields);
  readExpand(p, EXPANDABLE, false);
  const featureId = getString(p.entitlement_feature);
  if (featureId === undefined || featureId === "") throw missingParam("entitlement_feature");
  const owner = product(ctx);
  const feature = ctx.store.features.get(featureId);
  if (feature === undefined) {
    throw noSuchReferenced("entitlements.feature", featureId, "entitlement_feature");
  }
  if (!feature.active) {
    throw conflict(
      `The feature \`${featureId}\` is archived; archived features cannot be attached to products.`,
      "entitlement_feature",
    );
  }
  const already = ctx.store.productFeatures
    .list()
    .find((a) => a.product === owner.id && a.entitlement_feature === featureId);
  if (already !== undefined) {
    throw conflict(
      `The feature \`${featureId}\` is already attached to product \`${owner.id}\` (\`${already.id}\`).`,
      "entitlement_feature",
      "resource_already_exists",
    );
  }
  const record: ProductFeatureRecord = {
    id: ctx.store.ids.next("prodft"),
    object: "product_feature",
    entitlement_feature: featureId,
    livemode: false,
    product: owner.id,
  };
  return renderProductFeature(ctx.store, ctx.store.productFeatures.put(record));
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  readExpand(ctx.params, EXPANDABLE, false);
  return renderProductFeature(ctx.store, attachment(ctx));
}

function detach(ctx: RequestContext): unknown {
  checkFields(ctx.params, {});
  const found = attachment(ctx);
  ctx.store.productFeatures.delete(found.id);
  return { id: found.id, object: "product_feature", deleted: true };
}

function list(ctx: RequestContext): unknown {
  checkFields(ctx.params, listFields);
  readExpand(ctx.params, EXPANDABLE, true);
  const owner = product(ctx);
  const page = paginate(
    ctx.store.productFeatures.list(),
    (a) => a.product === owner.id,
    readPage(ctx.params),
    ctx.path,
    "product_feature",
  );
  return { ...page, data: page.data.map((a) => renderProductFeature(ctx.store, a)) };
}

/** The routes of the product features resource. */
export const productFeatureRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/products/:id/features", handler: attach },
  { method: "GET", pattern: "/v1/products/:id/features", handler: list },
  { method: "GET", pattern: "/v1/products/:id/features/:sub", handler: retrieve },
  { method: "DELETE", pattern: "/v1/products/:id/features/:sub", handler: detach },
];
