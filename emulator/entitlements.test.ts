import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
});
afterEach(async () => {
  await emulator.close();
});

const ids = (list: { readonly data: readonly { readonly id: string }[] }): string[] =>
  list.data.map((item) => item.id);

describe("entitlement features", () => {
  it("creates, retrieves and updates name and metadata", async () => {
    const feature = await stripe.entitlements.features.create({
      lookup_key: "sso",
      name: "Single sign-on",
      metadata: { tier: "pro" },
    });
    expect(feature.id).toMatch(/^feat_[A-Za-z0-9]{24}$/);
    expect(feature).toMatchObject({
      object: "entitlements.feature",
      active: true,
      livemode: false,
      lookup_key: "sso",
      metadata: { tier: "pro" },
      name: "Single sign-on",
    });
    const updated = await stripe.entitlements.features.update(feature.id, {
      name: "SSO",
      metadata: { tier: "", seats: "10" },
    });
    expect(updated).toMatchObject({ name: "SSO", metadata: { seats: "10" }, lookup_key: "sso" });
    expect((await stripe.entitlements.features.retrieve(feature.id)).name).toBe("SSO");
    const missing = await stripeError(stripe.entitlements.features.retrieve("feat_nope"));
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("requires name and lookup_key, each at most 80 characters", async () => {
    const noKey = await stripeError(
      stripe.entitlements.features.create({ name: "X" } as Stripe.Entitlements.FeatureCreateParams),
    );
    expect(noKey).toMatchObject({ code: "parameter_missing", param: "lookup_key" });
    const longKey = await stripeError(
      stripe.entitlements.features.create({ name: "X", lookup_key: "k".repeat(81) }),
    );
    expect(longKey.param).toBe("lookup_key");
    const longName = await stripeError(
      stripe.entitlements.features.create({ name: "n".repeat(81), lookup_key: "k" }),
    );
    expect(longName.param).toBe("name");
    await stripe.entitlements.features.create({ name: "n".repeat(80), lookup_key: "k".repeat(80) });
    const feature = (await stripe.entitlements.features.list()).data[0] as Stripe.Entitlements.Feature;
    const longRename = await stripeError(
      stripe.entitlements.features.update(feature.id, { name: "n".repeat(81) }),
    );
    expect(longRename.param).toBe("name");
  });

  it("keeps lookup keys unique, even against archived features, and never changes them", async () => {
    const first = await stripe.entitlements.features.create({ lookup_key: "api", name: "API" });
    const clash = await stripeError(
      stripe.entitlements.features.create({ lookup_key: "api", name: "Again" }),
    );
    expect(clash).toMatchObject({ statusCode: 400, param: "lookup_key" });
    await stripe.entitlements.features.update(first.id, { active: false });
    const afterArchive = await stripeError(
      stripe.entitlements.features.create({ lookup_key: "api", name: "Again" }),
    );
    expect(afterArchive.param).toBe("lookup_key");
    const second = await stripe.entitlements.features.create({ lookup_key: "exports", name: "Exports" });
    const rekey = await stripeError(
      stripe.entitlements.features.update(second.id, {
        lookup_key: "csv",
      } as Stripe.Entitlements.FeatureUpdateParams),
    );
    expect(rekey).toMatchObject({ code: "parameter_unknown", param: "lookup_key" });
    expect(emulator.store.features.size).toBe(2);
  });

  it("archives for good: an archived feature cannot be reactivated or edited", async () => {
    const feature = await stripe.entitlements.features.create({ lookup_key: "beta", name: "Beta" });
    const archived = await stripe.entitlements.features.update(feature.id, { active: false });
    expect(archived.active).toBe(false);
    const reactivate = await stripeError(stripe.entitlements.features.update(feature.id, { active: true }));
    expect(reactivate).toMatchObject({ statusCode: 400, param: "active" });
    const rename = await stripeError(stripe.entitlements.features.update(feature.id, { name: "Gamma" }));
    expect(rename.statusCode).toBe(400);
    expect(emulator.store.features.get(feature.id)).toMatchObject({ active: false, name: "Beta" });
  });

  it("lists active features unless archived=true, filters by lookup_key, paginates", async () => {
    const a = await stripe.entitlements.features.create({ lookup_key: "a", name: "A" });
    const b = await stripe.entitlements.features.create({ lookup_key: "b", name: "B" });
    const c = await stripe.entitlements.features.create({ lookup_key: "c", name: "C" });
    await stripe.entitlements.features.update(b.id, { active: false });
    expect(ids(await stripe.entitlements.features.list())).toEqual([c.id, a.id]);
    expect(ids(await stripe.entitlements.features.list({ archived: false }))).toEqual([c.id, a.id]);
    expect(ids(await stripe.entitlements.features.list({ archived: true }))).toEqual([b.id]);
    expect(ids(await stripe.entitlements.features.list({ lookup_key: "a" }))).toEqual([a.id]);
    const page = await stripe.entitlements.features.list({ limit: 1 });
    expect(page.has_more).toBe(true);
    expect(ids(await stripe.entitlements.features.list({ starting_after: c.id }))).toEqual([a.id]);
  });
});

describe("product features", () => {
  beforeEach(async () => {
    await stripe.products.create({ id: "pro", name: "Pro" });
  });

  it("attaches, lists, retrieves and detaches a feature", async () => {
    const sso = await stripe.entitlements.features.create({ lookup_key: "sso", name: "SSO" });
    const api = await stripe.entitlements.features.create({ lookup_key: "api", name: "API" });
    const first = await stripe.products.createFeature("pro", { entitlement_feature: sso.id });
    expect(first.id).toMatch(/^prodft_[A-Za-z0-9]{24}$/);
    expect(first).toMatchObject({
      object: "product_feature",
      livemode: false,
      entitlement_feature: { id: sso.id, object: "entitlements.feature", lookup_key: "sso" },
    });
    expect(first).not.toHaveProperty("product");
    const second = await stripe.products.createFeature("pro", { entitlement_feature: api.id });
    expect(ids(await stripe.products.listFeatures("pro"))).toEqual([second.id, first.id]);
    expect(ids(await stripe.products.listFeatures("pro", { limit: 1 }))).toEqual([second.id]);
    expect((await stripe.products.retrieveFeature("pro", first.id)).entitlement_feature.id).toBe(sso.id);
    const expanded = await stripe.products.listFeatures("pro", { expand: ["data.entitlement_feature"] });
    expect(expanded.data[1]?.entitlement_feature).toMatchObject({ id: sso.id, name: "SSO" });
    const badExpand = await stripeError(
      stripe.products.retrieveFeature("pro", first.id, { expand: ["product"] }),
    );
    expect(badExpand.param).toBe("expand");
    await expect(stripe.products.deleteFeature("pro", first.id)).resolves.toEqual({
      id: first.id,
      object: "product_feature",
      deleted: true,
    });
    expect(ids(await stripe.products.listFeatures("pro"))).toEqual([second.id]);
    const gone = await stripeError(stripe.products.retrieveFeature("pro", first.id));
    expect(gone).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("refuses the same feature twice on a product, an archived feature and an unknown one", async () => {
    const sso = await stripe.entitlements.features.create({ lookup_key: "sso", name: "SSO" });
    await stripe.products.createFeature("pro", { entitlement_feature: sso.id });
    const twice = await stripeError(stripe.products.createFeature("pro", { entitlement_feature: sso.id }));
    expect(twice).toMatchObject({ statusCode: 400, param: "entitlement_feature" });
    const old = await stripe.entitlements.features.create({ lookup_key: "old", name: "Old" });
    await stripe.entitlements.features.update(old.id, { active: false });
    const archived = await stripeError(stripe.products.createFeature("pro", { entitlement_feature: old.id }));
    expect(archived).toMatchObject({ statusCode: 400, param: "entitlement_feature" });
    const unknown = await stripeError(
      stripe.products.createFeature("pro", { entitlement_feature: "feat_x" }),
    );
    expect(unknown).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "entitlement_feature",
    });
    expect(emulator.store.productFeatures.size).toBe(1);
    // The same feature may go on another product.
    await stripe.products.create({ id: "team", name: "Team" });
    await expect(
      stripe.products.createFeature("team", { entitlement_feature: sso.id }),
    ).resolves.toMatchObject({
      object: "product_feature",
    });
  });

  it("scopes attachments to their product and answers 404 for an unknown product", async () => {
    const sso = await stripe.entitlements.features.create({ lookup_key: "sso", name: "SSO" });
    const attached = await stripe.products.createFeature("pro", { entitlement_feature: sso.id });
    await stripe.products.create({ id: "team", name: "Team" });
    const elsewhere = await stripeError(stripe.products.retrieveFeature("team", attached.id));
    expect(elsewhere.statusCode).toBe(404);
    const detachElsewhere = await stripeError(stripe.products.deleteFeature("team", attached.id));
    expect(detachElsewhere.statusCode).toBe(404);
    expect(emulator.store.productFeatures.has(attached.id)).toBe(true);
    const noProduct = await stripeError(stripe.products.listFeatures("ghost"));
    expect(noProduct).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
