/**
 * `/v1/customers`: create, retrieve, update (name, email, description, phone, metadata, the
 * default payment method), delete, list (filter `email`, case-sensitive). A payment method is
 * attached only at creation, from a Stripe test token (`payment_method=pm_card_visa`). Deleting a customer cancels its subscriptions; a deleted
 * customer retrieves as `{id, object: "customer", deleted: true}`, as on Stripe.
 */
import type { RequestContext, Route } from "../context.js";
import { invalidParam, noSuch } from "../errors.js";
import { readExpand } from "../expand.js";
import { paginate, readPage } from "../list.js";
import { applyMetadata } from "../metadata.js";
import {
  checkFields,
  expandField,
  type Fields,
  getObject,
  getString,
  listFields,
  map,
  obj,
  str,
  strMax,
  unsupported,
} from "../params.js";
import type { CustomerRecord } from "../records.js";
import { renderCustomer } from "../render-billing.js";
import { endSubscription } from "./lifecycle.js";
import { attachTestPaymentMethod, customerPaymentMethod } from "./payments.js";

const common: Fields = {
  ...expandField,
  description: strMax(5000),
  email: strMax(512),
  metadata: map(str, true),
  name: strMax(256),
  phone: strMax(20),
  address: unsupported,
  balance: unsupported,
  cash_balance: unsupported,
  invoice_prefix: unsupported,
  invoice_settings: obj({
    default_payment_method: str,
    custom_fields: unsupported,
    footer: unsupported,
    rendering_options: unsupported,
  }),
  next_invoice_sequence: unsupported,
  preferred_locales: unsupported,
  shipping: unsupported,
  source: unsupported,
  tax: unsupported,
  tax_exempt: unsupported,
};
const createFields: Fields = {
  ...common,
  payment_method: strMax(5000),
  tax_id_data: unsupported,
  test_clock: unsupported,
};
const updateFields: Fields = { ...common, default_source: unsupported };
const listParams: Fields = {
  ...listFields,
  email: strMax(512),
  created: unsupported,
  test_clock: unsupported,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `""` clears an optional text field; absent keeps the current value. */
function optionalText(value: string | undefined, current: string | null): string | null {
  if (value === undefined) return current;
  return value === "" ? null : value;
}

function readEmail(value: string | undefined, current: string | null): string | null {
  const email = optionalText(value, current);
  if (value !== undefined && email !== null && !EMAIL.test(email)) {
    throw invalidParam(`Invalid email address: ${email}`, "email", "email_invalid");
  }
  return email;
}

function existing(ctx: RequestContext): CustomerRecord {
  const customer = ctx.store.customers.get(ctx.id);
  if (customer === undefined) throw noSuch("customer", ctx.id);
  return customer;
}

const DEFAULT_PM = "invoice_settings[default_payment_method]";

/** `invoice_settings[default_payment_method]`: one of the customer's payment methods, or `""` to clear. */
function readDefaultPaymentMethod(p: RequestContext["params"], customer: CustomerRecord): string | null {
  const ref = getString(getObject(p.invoice_settings)?.default_payment_method);
  if (ref === undefined) return customer.default_payment_method;
  return ref === "" ? null : customerPaymentMethod(customer, ref, DEFAULT_PM);
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  readExpand(p, [], false);
  const token = getString(p.payment_method);
  const attached = token === undefined ? [] : [attachTestPaymentMethod(ctx.store, token, "payment_method")];
  const draft: CustomerRecord = {
    id: ctx.store.ids.short("cus"),
    object: "customer",
    created: ctx.now,
    currency: null,
    default_payment_method: null,
    payment_methods: attached,
    description: optionalText(getString(p.description), null),
    email: readEmail(getString(p.email), null),
    invoice_prefix: ctx.store.ids.couponCode(),
    metadata: applyMetadata({}, p.metadata),
    name: optionalText(getString(p.name), null),
    phone: optionalText(getString(p.phone), null),
  };
  const customer = { ...draft, default_payment_method: readDefaultPaymentMethod(p, draft) };
  return renderCustomer(ctx.store.customers.put(customer));
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  readExpand(ctx.params, [], false);
  if (ctx.store.deletedCustomers.has(ctx.id)) return { id: ctx.id, object: "customer", deleted: true };
  return renderCustomer(existing(ctx));
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  readExpand(p, [], false);
  const customer = existing(ctx);
  const next: CustomerRecord = {
    ...customer,
    default_payment_method: readDefaultPaymentMethod(p, customer),
    description: optionalText(getString(p.description), customer.description),
    email: readEmail(getString(p.email), customer.email),
    metadata: applyMetadata(customer.metadata, p.metadata),
    name: optionalText(getString(p.name), customer.name),
    phone: optionalText(getString(p.phone), customer.phone),
  };
  return renderCustomer(ctx.store.customers.put(next));
}

function remove(ctx: RequestContext): unknown {
  checkFields(ctx.params, {});
  const customer = existing(ctx);
  // Stripe: deleting a customer immediately cancels its active subscriptions.
  for (const sub of ctx.store.subscriptions.values()) {
    if (sub.customer === customer.id && sub.status !== "canceled") endSubscription(ctx.store, sub, ctx.now);
  }
  ctx.store.customers.delete(customer.id);
  ctx.store.deletedCustomers.add(customer.id);
  return { id: customer.id, object: "customer", deleted: true };
}

function list(ctx: RequestContext): unknown {
  checkFields(ctx.params, listParams);
  readExpand(ctx.params, [], true);
  const email = getString(ctx.params.email);
  const page = paginate(
    ctx.store.customers.list(),
    (c) => email === undefined || c.email === email,
    readPage(ctx.params),
    ctx.path,
    "customer",
  );
  return { ...page, data: page.data.map(renderCustomer) };
}

/** The routes of the customers resource. */
export const customerRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/customers", handler: create },
  { method: "GET", pattern: "/v1/customers", handler: list },
  { method: "GET", pattern: "/v1/customers/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/customers/:id", handler: update },
  { method: "DELETE", pattern: "/v1/customers/:id", handler: remove },
];
