/**
 * Just enough of payment methods to hold subscriptions to Stripe's payment rule. A customer
 * gets a payment method only at creation, from one of Stripe's test tokens
 * (`payment_method=pm_card_visa`), and names its default in
 * `invoice_settings[default_payment_method]` (the new `pm_` id or the token, as Stripe's test
 * mode allows). A `charge_automatically` subscription whose first invoice is not free needs a
 * payment method (the subscription's or the customer's default): without one, creating it is
 * Stripe's 400 "This customer has no attached payment source or default payment method...",
 * and a renewal or trial end becomes `past_due` (the invoice's payment fails). Test cards always
 * pay; declines are not modelled.
 */
import { noSuchReferenced } from "../errors.js";
import type { CustomerRecord, PriceRecord, SubscriptionRecord } from "../records.js";
import type { MemoryStore } from "../store.js";

/** Stripe's test PaymentMethod tokens that attach a card that pays (docs.stripe.com/testing). */
const TEST_TOKENS: ReadonlySet<string> = new Set([
  "pm_card_visa",
  "pm_card_visa_debit",
  "pm_card_mastercard",
  "pm_card_mastercard_debit",
  "pm_card_mastercard_prepaid",
  "pm_card_amex",
  "pm_card_discover",
  "pm_card_diners",
  "pm_card_jcb",
  "pm_card_unionpay",
]);

/** Stripe's message when a subscription needs a payment method and the customer has none. */
export const NO_PAYMENT_METHOD =
  "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.";

/** A payment method attached from test `token`, or Stripe's 400 for any other value. */
export function attachTestPaymentMethod(
  store: MemoryStore,
  token: string,
  param: string,
): { readonly id: string; readonly token: string } {
  if (!TEST_TOKENS.has(token)) throw noSuchReferenced("PaymentMethod", token, param);
  return { id: store.ids.next("pm"), token };
}

/** The id of the customer's payment method named `ref` (its id or its test token). */
export function customerPaymentMethod(customer: CustomerRecord, ref: string, param: string): string {
  const found = customer.payment_methods.find((pm) => pm.id === ref || pm.token === ref);
  if (found === undefined) throw noSuchReferenced("PaymentMethod", ref, param);
  return found.id;
}

/** The payment method that pays `sub`'s invoices: its own, else the customer's default. */
export function payingMethod(
  store: MemoryStore,
  sub: Pick<SubscriptionRecord, "customer" | "default_payment_method">,
) {
  return sub.default_payment_method ?? store.customers.get(sub.customer)?.default_payment_method ?? null;
}

/** Whether an invoice for these items (licensed quantity times amount) is more than zero. */
export function costsSomething(
  store: MemoryStore,
  items: readonly { readonly price: string; readonly quantity: number | null }[],
): boolean {
  return items.some((item) => {
    const price: PriceRecord | undefined = store.prices.get(item.price);
    if (price === undefined || price.recurring?.usage_type === "metered") return false;
    if ((item.quantity ?? 0) === 0) return false;
    if (price.billing_scheme === "tiered") {
      return (price.tiers ?? []).some(
        (t) =>
          (t.unit_amount ?? 0) > 0 ||
          (t.flat_amount ?? 0) > 0 ||
          Number(t.unit_amount_decimal ?? 0) > 0 ||
          Number(t.flat_amount_decimal ?? 0) > 0,
      );
    }
    return Number(price.unit_amount_decimal ?? price.unit_amount ?? 0) > 0;
  });
}
