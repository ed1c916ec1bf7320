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

describe("products", () => {
  it("creates with a chosen id and Stripe's default fields", async () => {
    const product = await stripe.products.create({
      id: "flat-899",
      name: "Flat",
      metadata: { managed_by: "pricing" },
    });
    expect(product).toMatchObject({
      id: "flat-899",
      object: "product",
      active: true,
      default_price: null,
      description: null,
      livemode: false,
      metadata: { managed_by: "pricing" },
      name: "Flat",
      type: "service",
      unit_label: null,
    });
    expect(typeof product.created).toBe("number");
  });

  it("generates a prod_ id when none is given", async () => {
    const product = await stripe.products.create({ name: "Anonymous" });
    expect(product.id).toMatch(/^prod_[A-Za-z0-9]{24}$/);
  });

  it("refuses a duplicate id with resource_already_exists", async () => {
    await stripe.products.create({ id: "dup", name: "One" });
    const error = await stripeError(stripe.products.create({ id: "dup", name: "Two" }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("resource_already_exists");
    expect((await stripe.products.retrieve("dup")).name).toBe("One");
  });

  it("answers 404 resource_missing for an unknown id", async () => {
    const error = await stripeError(stripe.products.retrieve("nope"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
    expect(error.message).toBe("No such product: 'nope'");
    expect(error.param).toBe("id");
  });

  it("updates in place: merge metadata, delete with empty string, clear text with empty string", async () => {
    await stripe.products.create({
      id: "p",
      name: "Old",
      description: "desc",
      unit_label: "seat",
      metadata: { keep: "1", drop: "2" },
    });
    const updated = await stripe.products.update("p", {
      name: "New",
      description: "",
      tax_code: "txcd_10000000",
      metadata: { drop: "", added: "3" },
    });
    expect(updated).toMatchObject({
      name: "New",
      description: null,
      unit_label: "seat",
      tax_code: "txcd_10000000",
      metadata: { keep: "1", added: "3" },
    });
    expect(updated.metadata).not.toHaveProperty("drop");
    const cleared = await stripe.products.update("p", { metadata: "" });
    expect(cleared.metadata).toEqual({});
  });

  it("rejects a parameter the endpoint does not take", async () => {
    await stripe.products.create({ id: "p", name: "P" });
    const error = await stripeError(
      stripe.products.update("p", { colour: "red" } as Stripe.ProductUpdateParams),
    );
    expect(error.code).toBe("parameter_unknown");
    expect(error.message).toBe("Received unknown parameter: colour");
    expect(error.param).toBe("colour");
  });

  it("archives and lists with the active and ids filters, newest first", async () => {
    await stripe.products.create({ id: "a", name: "A" });
    await stripe.products.create({ id: "b", name: "B" });
    await stripe.products.create({ id: "c", name: "C" });
    await stripe.products.update("b", { active: false });
    expect((await stripe.products.list()).data.map((p) => p.id)).toEqual(["c", "b", "a"]);
    expect((await stripe.products.list({ active: true })).data.map((p) => p.id)).toEqual(["c", "a"]);
    expect((await stripe.products.list({ active: false })).data.map((p) => p.id)).toEqual(["b"]);
    expect((await stripe.products.list({ ids: ["a", "b"] })).data.map((p) => p.id)).toEqual(["b", "a"]);
  });

  it("deletes a product without prices, and refuses one with prices", async () => {
    await stripe.products.create({ id: "empty", name: "Empty" });
    await expect(stripe.products.del("empty")).resolves.toMatchObject({
      id: "empty",
      object: "product",
      deleted: true,
    });
    expect((await stripeError(stripe.products.retrieve("empty"))).statusCode).toBe(404);

    await stripe.products.create({ id: "priced", name: "Priced" });
    await stripe.prices.create({ product: "priced", currency: "eur", unit_amount: 100 });
    const error = await stripeError(stripe.products.del("priced"));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/cannot be deleted because it has one or more user-created prices/);
    expect(emulator.store.products.has("priced")).toBe(true);
  });

  it("sets default_price to a price of its own and expands it", async () => {
    await stripe.products.create({ id: "p", name: "P" });
    await stripe.products.create({ id: "other", name: "Other" });
    const price = await stripe.prices.create({ product: "p", currency: "eur", unit_amount: 500 });
    const foreign = await stripe.prices.create({ product: "other", currency: "eur", unit_amount: 1 });
    const updated = await stripe.products.update("p", { default_price: price.id, expand: ["default_price"] });
    expect(updated.default_price).toMatchObject({ id: price.id, object: "price", unit_amount: 500 });
    expect((await stripe.products.retrieve("p")).default_price).toBe(price.id);
    const error = await stripeError(stripe.products.update("p", { default_price: foreign.id }));
    expect(error.param).toBe("default_price");
    const unset = await stripe.products.update("p", { default_price: "" });
    expect(unset.default_price).toBeNull();
  });
});
