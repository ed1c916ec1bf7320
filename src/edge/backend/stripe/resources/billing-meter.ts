/** Billing meters on Stripe: listed, read (they hold no metadata), created, renamed, deactivated. */
import type { StripeId } from "../../../../core/state/types.js";
import type { BillingMeterFields } from "../../../../core/stripe/billing-meter.js";
import { compact, observed, page, type StripeObject, str } from "./read.js";
import type { StripeResource, WriteContext } from "./resource.js";

/** The billing meter resource. */
export const billingMeterResource: StripeResource<"billing_meter"> = {
  list: ({ client, all }) => all((after) => client.billing.meters.list({ limit: 100, ...page(after) })),
  read: (account) =>
    (account.billing_meter ?? []).map((m) => ({
      ...observed("billing_meter", m, meterFields(m)),
      active: m.status === "active",
    })),
  async write(op, ctx) {
    const { client, send, options, before } = ctx;
    const f = op.fields;
    if (op.action === "create" || op.action === "replace") {
      if (!f) throw new Error(`${op.action} of ${op.key} has no fields`);
      const created = await send(() => client.billing.meters.create(meterParams(f), options("create")));
      if (op.action === "replace" && op.id) await deactivate(ctx, op.id, "deactivate");
      return { id: created.id as StripeId };
    }
    const id = op.id as StripeId;
    if (op.action === "archive") {
      await deactivate(ctx, id, "deactivate");
      return {};
    }
    if (op.action === "reactivate") {
      await send(() => client.billing.meters.reactivate(id, {}, options("reactivate")));
      if (op.replaces) await deactivate(ctx, op.replaces, "deactivate replaced");
    }
    if (f && (before?.fields.display_name !== f.display_name || op.action === "update")) {
      await send(() => client.billing.meters.update(id, { display_name: f.display_name }, options("update")));
    }
    return {};
  },
};

async function deactivate({ client, send, options }: WriteContext, id: string, step: string): Promise<void> {
  await send(() => client.billing.meters.deactivate(id, {}, options(step)));
}

function meterParams(f: BillingMeterFields) {
  return {
    display_name: f.display_name,
    event_name: f.event_name,
    default_aggregation: f.default_aggregation,
    value_settings: f.value_settings,
    customer_mapping: f.customer_mapping,
  };
}

/** A billing meter's fields. */
function meterFields(m: StripeObject) {
  const agg = (m.default_aggregation ?? {}) as StripeObject;
  const value = (m.value_settings ?? {}) as StripeObject;
  const mapping = (m.customer_mapping ?? {}) as StripeObject;
  return compact({
    display_name: str(m.display_name),
    event_name: str(m.event_name),
    default_aggregation: { formula: str(agg.formula) ?? "sum" },
    value_settings: { event_payload_key: str(value.event_payload_key) ?? "value" },
    customer_mapping: compact({ event_payload_key: str(mapping.event_payload_key), type: str(mapping.type) }),
  });
}
