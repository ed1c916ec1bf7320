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

describe("customers", () => {
  it("creates one with Stripe's id shape and fields", async () => {
    const customer = await stripe.customers.create({
      name: "Ada",
      email: "ada@example.com",
      metadata: { team: "core" },
    });
    expect(customer.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(customer).toMatchObject({
      object: "customer",
      name: "Ada",
      email: "ada@example.com",
      metadata: { team: "core" },
      currency: null,
      livemode: false,
      delinquent: false,
      balance: 0,
    });
  });

  it("retrieves, updates name, email and metadata, and clears with an empty string", async () => {
    const created = await stripe.customers.create({
      name: "Ada",
      email: "ada@example.com",
      metadata: { a: "1" },
    });
    const updated = await stripe.customers.update(created.id, {
      name: "Ada L.",
      email: "",
      metadata: { a: "", b: "2" },
    });
    expect(updated).toMatchObject({ name: "Ada L.", email: null, metadata: { b: "2" } });
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ name: "Ada L.", email: null });
  });

  it("refuses an invalid email, an over-long name and unknown parameters", async () => {
    const email = await stripeError(stripe.customers.create({ email: "not-an-email" }));
    expect(email).toMatchObject({ statusCode: 400, code: "email_invalid", param: "email" });
    const name = await stripeError(stripe.customers.create({ name: "x".repeat(257) }));
    expect(name).toMatchObject({ statusCode: 400, param: "name" });
    const unknown = await stripeError(
      stripe.customers.create({ colour: "red" } as unknown as Stripe.CustomerCreateParams),
    );
    expect(unknown).toMatchObject({ code: "parameter_unknown", param: "colour" });
  });

  it("answers 404 resource_missing for an unknown id", async () => {
    const error = await stripeError(stripe.customers.retrieve("cus_nope"));
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id" });
    expect(error.message).toBe("No such customer: 'cus_nope'");
  });

  it("deletes: retrieve then answers deleted: true, update and list no longer see it", async () => {
    const customer = await stripe.customers.create({ email: "gone@example.com" });
    const deleted = await stripe.customers.del(customer.id);
    expect(deleted).toMatchObject({ id: customer.id, object: "customer", deleted: true });
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, deleted: true });
    const update = await stripeError(stripe.customers.update(customer.id, { name: "x" }));
    expect(update).toMatchObject({ statusCode: 404, code: "resource_missing" });
    expect((await stripe.customers.list()).data).toEqual([]);
  });

  it("lists newest first, pages with starting_after and filters by exact, case-sensitive email", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(
        (await stripe.customers.create({ email: i % 2 === 0 ? "even@example.com" : `odd${i}@example.com` }))
          .id,
      );
    }
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 2, starting_after: ids[3] });
    expect(second.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const even = await stripe.customers.list({ email: "even@example.com" });
    expect(even.data.map((c) => c.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect((await stripe.customers.list({ email: "EVEN@example.com" })).data).toEqual([]);
    const all: string[] = [];
    for await (const c of stripe.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual([...ids].reverse());
  });
});
