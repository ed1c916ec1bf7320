/** Coupons on Stripe: listed with `applies_to` expanded, created with a content-derived id, deleted to retire. */
import type { JsonObject } from "../../../../core/json/json.js";
import type { CouponFields } from "../../../../core/stripe/coupon.js";
import { shadowId } from "../../shadow.js";
import {
  compact,
  gainsCurrency,
  metadataParams,
  num,
  observed,
  page,
  type StripeObject,
  str,
  strings,
} from "./read.js";
import type { StripeResource, WriteContext } from "./resource.js";

/** The coupon resource. */
export const couponResource: StripeResource<"coupon"> = {
  list: ({ client, all }) =>
    all((after) =>
      client.coupons.list({
        limit: 100,
        expand: ["data.applies_to", "data.currency_options"],
        ...page(after),
      }),
    ),
  read: (account) => (account.coupon ?? []).map((c) => observed("coupon", c, couponFields(c))),
  async write(op, ctx) {
    const { client, send, options, before } = ctx;
    const f = op.fields;
    if (op.action === "create" || op.action === "replace") {
      if (!f) throw new Error(`${op.action} of ${op.key} has no fields`);
      const id = shadowId("coupon", op.key, f);
      await send(() => client.coupons.create({ id, ...createParams(f) }, options("create")));
      if (op.action === "replace" && op.id) await remove(ctx, op.id);
      return { id };
    }
    const id = op.id as string;
    if (op.action === "archive") {
      await remove(ctx, id);
      return {};
    }
    await send(() =>
      client.coupons.update(
        id,
        {
          name: f?.name ?? "",
          metadata: metadataParams(f?.metadata, before?.fields.metadata),
          // A currency added in place: every option is sent, so the result is the model's.
          ...(f?.currency_options !== undefined && gainsCurrency(f.currency_options, before?.fields)
            ? { currency_options: { ...f.currency_options } }
            : {}),
        },
        options(op.action),
      ),
    );
    return {};
  },
};

async function remove({ client, send, options }: WriteContext, id: string): Promise<void> {
  await send(() => client.coupons.del(id, {}, options("delete")));
}

function createParams(f: CouponFields) {
  return {
    duration: f.duration,
    metadata: { ...f.metadata },
    ...(f.name !== undefined ? { name: f.name } : {}),
    ...(f.duration_in_months !== undefined ? { duration_in_months: f.duration_in_months } : {}),
    ...(f.applies_to !== undefined ? { applies_to: { products: [...f.applies_to.products] } } : {}),
    ...(f.percent_off !== undefined ? { percent_off: f.percent_off } : {}),
    ...(f.amount_off !== undefined ? { amount_off: f.amount_off } : {}),
    ...(f.currency !== undefined ? { currency: f.currency } : {}),
    ...(f.currency_options !== undefined ? { currency_options: { ...f.currency_options } } : {}),
  };
}

/** A coupon's fields. */
function couponFields(c: StripeObject): JsonObject {
  const currency = str(c.currency);
  const options = Object.entries((c.currency_options ?? {}) as Record<string, StripeObject>)
    .filter(([cur]) => cur !== currency)
    .map(([cur, o]) => [cur, { amount_off: num(o.amount_off) ?? 0 }] as const);
  const appliesTo = c.applies_to as StripeObject | null | undefined;
  return compact({
    name: str(c.name),
    duration: str(c.duration),
    duration_in_months: num(c.duration_in_months),
    applies_to: appliesTo ? { products: ((appliesTo.products ?? []) as string[]).map(String) } : undefined,
    metadata: strings(c.metadata),
    percent_off: num(c.percent_off),
    amount_off: num(c.amount_off),
    currency,
    currency_options: options.length > 0 ? Object.fromEntries(options) : undefined,
  });
}
