/** Stripe's payment rule for subscriptions: a first invoice that is not free needs a payment method. */
import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { payingCustomer, recurringPrice, startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

const T0 = Date.UTC(2026, 5, 1) / 1000;
const DAY = 86_400;
const NO_PM = /^This customer has no attached payment source or default payment method\./;

let emulator: EmulatorHandle;
let stripe: Stripe;
let price: string;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient({ clock: () => T0 * 1000 }));
  price = await recurringPrice(stripe, { amount: 1000 });
});
afterEach(async () => {
  await emulator.close();
});

describe("payment methods on customers", () => {
  it("attach from a Stripe test token and become the default by token or id", async () => {
    const customer = await stripe.customers.retrieve(await payingCustomer(stripe));
    const pm = (customer as Stripe.Customer).invoice_settings.default_payment_method as string;
    expect(pm).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    const cleared = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: "" },
    });
    expect(cleared.invoice_settings.default_payment_method).toBeNull();
    const again = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm },
    });
    expect(again.invoice_settings.default_payment_method).toBe(pm);
  });

  it("refuses an unknown token and a default that is not the customer's", async () => {
    const token = await stripeError(stripe.customers.create({ payment_method: "pm_card_nope" }));
    expect(token).toMatchObject({ statusCode: 400, code: "resource_missing", param: "payment_method" });
    const other = await stripeError(
      stripe.customers.create({ invoice_settings: { default_payment_method: "pm_card_visa" } }),
    );
    expect(other).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "invoice_settings[default_payment_method]",
    });
    expect(emulator.store.customers.size).toBe(0);
  });
});

describe("a subscription's first invoice", () => {
  it("needs a payment method: without one, creating the subscription is Stripe's 400", async () => {
    const customer = (await stripe.customers.create({})).id;
    const error = await stripeError(stripe.subscriptions.create({ customer, items: [{ price }] }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(NO_PM);
    expect(emulator.store.subscriptions.size).toBe(0);
  });

  it("is paid by the subscription's own payment method when the customer has no default", async () => {
    const customer = await stripe.customers.create({ payment_method: "pm_card_mastercard" });
    const pm = emulator.store.customers.get(customer.id)?.payment_methods[0]?.id as string;
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price }],
      default_payment_method: pm,
    });
    expect(sub).toMatchObject({ status: "active", default_payment_method: pm });
    const foreign = await stripeError(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price }],
        default_payment_method: "pm_other",
      }),
    );
    expect(foreign).toMatchObject({ statusCode: 400, param: "default_payment_method" });
  });

  it("needs nothing when free, metered or in a trial", async () => {
    const customer = (await stripe.customers.create({})).id;
    const free = await recurringPrice(stripe, { amount: 0 });
    expect((await stripe.subscriptions.create({ customer, items: [{ price: free }] })).status).toBe("active");
    const trial = await stripe.subscriptions.create({ customer, items: [{ price }], trial_period_days: 7 });
    expect(trial.status).toBe("trialing");
    // The trial ends without a payment method: its first invoice fails and the subscription is past_due.
    emulator.clock.advance(8 * DAY);
    expect((await stripe.subscriptions.retrieve(trial.id)).status).toBe("past_due");
    expect((await stripe.subscriptions.retrieve(trial.id)).items.data[0]?.current_period_start).toBe(
      T0 + 7 * DAY,
    );
  });

  it("with payment_behavior=default_incomplete waits as incomplete, then expires after 23 hours", async () => {
    const customer = (await stripe.customers.create({})).id;
    const sub = await stripe.subscriptions.create({
      customer,
      items: [{ price }],
      payment_behavior: "default_incomplete",
    });
    expect(sub.status).toBe("incomplete");
    const change = await stripeError(
      stripe.subscriptions.update(sub.id, { items: [{ price, quantity: 2 }] }),
    );
    expect(change).toMatchObject({ statusCode: 400 });
    await expect(stripe.subscriptions.update(sub.id, { metadata: { a: "b" } })).resolves.toMatchObject({
      status: "incomplete",
    });
    emulator.clock.advance(23 * 3600);
    expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({
      status: "incomplete_expired",
      ended_at: T0 + 23 * 3600,
    });
    expect((await stripe.subscriptions.list({ status: "ended" })).data.map((s) => s.id)).toEqual([sub.id]);
  });
});

describe("renewals", () => {
  it("are paid by the default payment method; once it is removed, the next one leaves the subscription past_due", async () => {
    const customer = await payingCustomer(stripe);
    const sub = await stripe.subscriptions.create({ customer, items: [{ price }] });
    const end = sub.items.data[0]?.current_period_end as number;
    emulator.clock.set(end + 1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    await stripe.customers.update(customer, { invoice_settings: { default_payment_method: "" } });
    emulator.clock.advance(31 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
  });

  it("a change that bills at once without a payment method fails: past_due, or a 400 with error_if_incomplete", async () => {
    const customer = await payingCustomer(stripe);
    const sub = await stripe.subscriptions.create({ customer, items: [{ price }] });
    await stripe.customers.update(customer, { invoice_settings: { default_payment_method: "" } });
    const yearly = await recurringPrice(stripe, { amount: 9000, interval: "year" });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const refused = await stripeError(
      stripe.subscriptions.update(sub.id, {
        items: [{ id: item.id, price: yearly }],
        payment_behavior: "error_if_incomplete",
      }),
    );
    expect(refused.message).toMatch(NO_PM);
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(price);
    const viaItem = await stripeError(
      stripe.subscriptionItems.update(item.id, { price: yearly, payment_behavior: "error_if_incomplete" }),
    );
    expect(viaItem.message).toMatch(NO_PM);
    const moved = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: yearly }] });
    expect(moved).toMatchObject({ status: "past_due" });
  });
});
