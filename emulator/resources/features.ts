/**
 * `/v1/entitlements/features`: create, retrieve, update (name, metadata, archive), list (filters
 * `lookup_key`, `archived`). A lookup key names one feature for good: it cannot be changed and no
 * other feature, archived or not, may take it. Archiving is permanent (Stripe's API reference:
 * "Update a feature's metadata or permanently deactivate it"); an archived feature is left out of
 * the list unless `archived=true` asks for it, and cannot be attached to products.
 */
import type { RequestContext, Route } from "../context.js";
import { conflict, invalidParam, missingParam, noSuch } from "../errors.js";
import { readExpand } from "../expand.js";
import { paginate, readPage } from "../list.js";
import { applyMetadata } from "../metadata.js";
import {
  bool,
  checkFields,
  expandField,
  type Fields,
  getBool,
  getString,
  listFields,
  map,
  str,
  strMax,
} from "../params.js";
import type { FeatureRecord } from "../records.js";

/** Stripe's OpenAPI `maxLength` for a feature's `name` and `lookup_key` (create and update). */
const MAX_TEXT = 80;

const createFields: Fields = {
  ...expandField,
  lookup_key: strMax(MAX_TEXT),
  metadata: map(str),
  name: strMax(MAX_TEXT),
};
const updateFields: Fields = {
  ...expandField,
  active: bool,
  metadata: map(str, true),
  name: strMax(MAX_TEXT),
};
const listParams: Fields = { ...listFields, archived: bool, lookup_key: strMax(5000) };

function existing(ctx: RequestContext): FeatureRecord {
  const feature = ctx.store.features.get(ctx.id);
  if (feature === undefined) throw noSuch("entitlements.feature", ctx.id);
  return feature;
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  readExpand(p, [], false);
  const name = getString(p.name);
  if (name === undefined || name === "") throw missingParam("name");
  const lookupKey = getString(p.lookup_key);
  if (lookupKey === undefined || lookupKey === "") throw missingParam("lookup_key");
  const holder = ctx.store.features.list().find((f) => f.lookup_key === lookupKey);
  if (holder !== undefined) {
    throw conflict(
      `A feature with the lookup_key \`${lookupKey}\` already exists (\`${holder.id}\`).`,
      "lookup_key",
      "resource_already_exists",
    );
  }
  const feature: FeatureRecord = {
    id: ctx.store.ids.next("feat"),
    object: "entitlements.feature",
    active: true,
    livemode: false,
    lookup_key: lookupKey,
    metadata: applyMetadata({}, p.metadata),
    name,
  };
  return ctx.store.features.put(feature);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  readExpand(ctx.params, [], false);
  return existing(ctx);
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  readExpand(p, [], false);
  const feature = existing(ctx);
  if (!feature.active) {
    throw conflict(
      `The feature \`${feature.id}\` is archived; an archived feature cannot be updated or reactivated.`,
      getBool(p.active) === true ? "active" : undefined,
    );
  }
  const name = getString(p.name);
  if (name === "") throw invalidParam("The feature name cannot be empty.", "name");
  return ctx.store.features.put({
    ...feature,
    active: getBool(p.active) ?? feature.active,
    metadata: applyMetadata(feature.metadata, p.metadata),
    name: name ?? feature.name,
  });
}

function list(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, listParams);
  readExpand(p, [], true);
  // The API reference: inactive features "will not be returned from the features list endpoint"
  // unless the `archived` filter asks for them.
  const archived = getBool(p.archived) ?? false;
  const lookupKey = getString(p.lookup_key);
  return paginate(
    ctx.store.features.list(),
    (f) => f.active === !archived && (lookupKey === undefined || f.lookup_key === lookupKey),
    readPage(p),
    ctx.path,
    "entitlements.feature",
  );
}

/** The routes of the entitlement features resource (no DELETE: Stripe archives features). */
export const featureRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/entitlements/features", handler: create },
  { method: "GET", pattern: "/v1/entitlements/features", handler: list },
  { method: "GET", pattern: "/v1/entitlements/features/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/entitlements/features/:id", handler: update },
];
