/**
 * Promotion codes on Stripe: listed (active and inactive), created on their coupon, deactivated
 * to retire (Stripe never deletes one). A replace deactivates the old code before creating the
 * new one: a code is unique among the account's active codes, and a changed coupon under an
 * unchanged code would otherwise collide with itself.
 */
import type { JsonObject } from "../../../../core/json/json.js";
import type { StripeId } from "../../../../core/state/types.js";
import type { PromotionCodeFields } from "../../../../core/stripe/promotion-code.js";
import {
  compact,
  idOf,
  metadataParams,
  num,
  observed,
  page,
  type StripeObject,
  str,
  strings,
} from "./read.js";
import type { StripeResource, WriteContext } from "./resource.js";

/** The promotion code resource. */
export const promotionCodeResource: StripeResource<"promotion_code"> = {
  list: ({ client, all }) => all((after) => client.promotionCodes.list({ limit: 100, ...page(after) })),
  read: (account) =>
    (account.promotion_code ?? []).map((c) => observed("promotion_code", c, promotionCodeFields(c))),
  async write(op, ctx) {
    const { client, send, options, before } = ctx;
    const f = op.fields;
    if (op.action === "create" || op.action === "replace") {
      if (!f) throw new Error(`${op.action} of ${op.key} has no fields`);
      if (op.action === "replace" && op.id) await deactivate(ctx, op.id);
      const made = await send(() => client.promotionCodes.create(createParams(f), options("create")));
      return { id: made.id as StripeId };
    }
    const id = op.id as string;
    if (op.action === "archive") {
      await deactivate(ctx, id);
      return {};
    }
    await send(() =>
      client.promotionCodes.update(
        id,
        {
          metadata: metadataParams(f?.metadata, before?.fields.metadata),
          ...(op.action === "reactivate" ? { active: true } : {}),
        },
        options(op.action),
      ),
    );
    return {};
  },
};

async function deactivate({ client, send, options }: WriteContext, id: string): Promise<void> {
  await send(() => client.promotionCodes.update(id, { active: false }, options("deactivate")));
}

function createParams(f: PromotionCodeFields) {
  const r = f.restrictions;
  return {
    promotion: { type: "coupon" as const, coupon: f.coupon },
    code: f.code,
    metadata: { ...f.metadata },
    ...(f.max_redemptions !== undefined ? { max_redemptions: f.max_redemptions } : {}),
    ...(f.expires_at !== undefined ? { expires_at: f.expires_at } : {}),
    ...(r
      ? {
          restrictions: {
            ...(r.first_time_transaction ? { first_time_transaction: true } : {}),
            ...(r.minimum_amount !== undefined ? { minimum_amount: r.minimum_amount } : {}),
            ...(r.minimum_amount_currency !== undefined
              ? { minimum_amount_currency: r.minimum_amount_currency }
              : {}),
            ...(r.currency_options !== undefined ? { currency_options: { ...r.currency_options } } : {}),
          },
        }
      : {}),
  };
}

/** A promotion code's fields; restrictions Stripe reports at their defaults are left out. */
function promotionCodeFields(c: StripeObject): JsonObject {
  const promotion = (c.promotion ?? {}) as StripeObject;
  const r = (c.restrictions ?? {}) as StripeObject;
  const options = Object.entries((r.currency_options ?? {}) as Record<string, StripeObject>).map(
    ([cur, o]) => [cur, { minimum_amount: num(o.minimum_amount) ?? 0 }] as const,
  );
  const restrictions = compact({
    first_time_transaction: r.first_time_transaction === true ? true : undefined,
    minimum_amount: num(r.minimum_amount),
    minimum_amount_currency: str(r.minimum_amount_currency),
    currency_options: options.length > 0 ? Object.fromEntries(options) : undefined,
  });
  return compact({
    code: str(c.code),
    coupon: idOf(promotion.coupon),
    max_redemptions: num(c.max_redemptions),
    expires_at: num(c.expires_at),
    restrictions: Object.keys(restrictions).length > 0 ? restrictions : undefined,
    metadata: strings(c.metadata),
  });
}
