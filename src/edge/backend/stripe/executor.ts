/**
 * Carrying out plan operations through the official SDK: exactly the writes the plan lists
 * (a replace is a create with `transfer_lookup_key` plus an archive), each with an
 * idempotency key derived from the plan and the operation, through the rate limiter.
 */
import { createHash } from "node:crypto";
import Stripe from "stripe";
import type { Executor } from "../../../core/apply/execute.js";
import type { Json, JsonObject } from "../../../core/json/json.js";
import type { Operation } from "../../../core/plan/types.js";
import type { StripeId } from "../../../core/state/types.js";
import { shadowId } from "../shadow.js";
import type { RateLimiter } from "./rate-limit.js";

type Params = Record<string, unknown>;

/** An executor writing to Stripe; `planId` seeds the idempotency keys. */
export function stripeExecutor(
  client: Stripe,
  limiter: RateLimiter,
  planId: string,
  concurrency: number,
): Executor {
  const options = (op: Operation, step: string): Stripe.RequestOptions => ({
    idempotencyKey: `adaptive-pricing-${createHash("sha256")
      .update(`${planId}\n${op.action}\n${op.type}\n${op.key}\n${op.id ?? ""}\n${step}`)
      .digest("hex")
      .slice(0, 40)}`,
  });
  const send = async <T>(call: () => Promise<T>): Promise<T> => {
    await limiter.take();
    return call();
  };

  const archivePrice = async (op: Operation, id: string, product: string) => {
    try {
      await send(() => client.prices.update(id, { active: false }, options(op, `archive ${id}`)));
    } catch (e) {
      // Stripe refuses to archive a product's default price: unset it first, then archive.
      if (!(e instanceof Stripe.errors.StripeError) || !/default price/i.test(e.message)) throw e;
      await send(() =>
        client.products.update(product, { default_price: "" }, options(op, `unset default ${id}`)),
      );
      await send(() => client.prices.update(id, { active: false }, options(op, `archive again ${id}`)));
    }
  };

  return {
    concurrency,
    async execute(op, fields, objects) {
      const f = (fields ?? {}) as JsonObject;
      const before = objects.get(op.type, op.id);
      switch (op.type) {
        case "product": {
          const id = op.key as string;
          if (op.action === "create") {
            await send(() =>
              client.products.create(
                { id, ...(productParams(f, undefined) as unknown as Stripe.ProductCreateParams) },
                options(op, "create"),
              ),
            );
            return { id: id as StripeId };
          }
          if (op.action === "archive") {
            await send(() => client.products.update(id, { active: false }, options(op, "archive")));
            return {};
          }
          await send(() =>
            client.products.update(
              id,
              {
                ...(productParams(f, before?.fields) as unknown as Stripe.ProductUpdateParams),
                ...(op.action === "reactivate" ? { active: true } : {}),
              },
              options(op, op.action),
            ),
          );
          return {};
        }
        case "billing_meter": {
          if (op.action === "create" || op.action === "replace") {
            const created = await send(() =>
              client.billing.meters.create(meterParams(f), options(op, "create")),
            );
            if (op.action === "replace" && op.id)
              await send(() =>
                client.billing.meters.deactivate(op.id as string, {}, options(op, "deactivate")),
              );
            return { id: created.id as StripeId };
          }
          const id = op.id as string;
          if (op.action === "archive") {
            await send(() => client.billing.meters.deactivate(id, {}, options(op, "deactivate")));
            return {};
          }
          if (op.action === "reactivate") {
            await send(() => client.billing.meters.reactivate(id, {}, options(op, "reactivate")));
            if (op.replaces)
              await send(() =>
                client.billing.meters.deactivate(
                  op.replaces as string,
                  {},
                  options(op, "deactivate replaced"),
                ),
              );
          }
          if (before?.fields.display_name !== f.display_name || op.action === "update") {
            await send(() =>
              client.billing.meters.update(
                id,
                { display_name: String(f.display_name) },
                options(op, "update"),
              ),
            );
          }
          return {};
        }
        case "price": {
          const product = String(f.product ?? before?.fields.product ?? "");
          if (op.action === "create" || op.action === "replace") {
            const created = await send(() =>
              client.prices.create(
                priceParams(f) as unknown as Stripe.PriceCreateParams,
                options(op, "create"),
              ),
            );
            if (op.action === "replace" && op.id) await archivePrice(op, op.id, product);
            return { id: created.id as StripeId };
          }
          const id = op.id as string;
          if (op.action === "archive") {
            await archivePrice(op, id, String(before?.fields.product ?? ""));
            return {};
          }
          const update: Params = {
            nickname: f.nickname ?? "",
            metadata: metadataParams(f.metadata, before?.fields.metadata),
            ...(f.lookup_key !== undefined ? { lookup_key: f.lookup_key, transfer_lookup_key: true } : {}),
            ...(op.action === "reactivate" ? { active: true } : {}),
          };
          await send(() =>
            client.prices.update(id, update as Stripe.PriceUpdateParams, options(op, op.action)),
          );
          if (op.action === "reactivate" && op.replaces) await archivePrice(op, op.replaces, product);
          return {};
        }
        case "coupon": {
          if (op.action === "create" || op.action === "replace") {
            const id = shadowId("coupon", op.key, f);
            await send(() =>
              client.coupons.create(
                { id, ...couponParams(f) } as unknown as Stripe.CouponCreateParams,
                options(op, "create"),
              ),
            );
            if (op.action === "replace" && op.id)
              await send(() => client.coupons.del(op.id as string, {}, options(op, "delete")));
            return { id };
          }
          const id = op.id as string;
          if (op.action === "archive") {
            await send(() => client.coupons.del(id, {}, options(op, "delete")));
            return {};
          }
          await send(() =>
            client.coupons.update(
              id,
              { name: String(f.name ?? ""), metadata: metadataParams(f.metadata, before?.fields.metadata) },
              options(op, op.action),
            ),
          );
          return {};
        }
        case "metadata_binding": {
          const product = String(f.product ?? before?.fields.product ?? "");
          const metadata =
            op.action === "archive"
              ? metadataParams({}, before?.fields.metadata)
              : metadataParams(f.metadata, op.action === "reactivate" ? undefined : before?.fields.metadata);
          await send(() =>
            client.products.update(
              product,
              { metadata } as Stripe.ProductUpdateParams,
              options(op, op.action),
            ),
          );
          return op.action === "create" || op.action === "replace"
            ? { id: shadowId("metadata_binding", op.key, {}) }
            : {};
        }
      }
    },
  };
}

/** Metadata to send: the new values, and "" for every key the object had and no longer has. */
function metadataParams(after: Json | undefined, before: Json | undefined): Record<string, string> {
  const next = (after ?? {}) as Record<string, string>;
  const out: Record<string, string> = { ...next };
  for (const key of Object.keys((before ?? {}) as Record<string, string>)) if (!(key in next)) out[key] = "";
  return out;
}

function productParams(f: JsonObject, before: JsonObject | undefined): Params {
  const cleared = (name: string) =>
    before && before[name] !== undefined && f[name] === undefined ? { [name]: "" } : {};
  return {
    name: f.name,
    ...(f.description !== undefined ? { description: f.description } : cleared("description")),
    ...(f.unit_label !== undefined ? { unit_label: f.unit_label } : cleared("unit_label")),
    ...(f.tax_code !== undefined ? { tax_code: f.tax_code } : cleared("tax_code")),
    metadata: metadataParams(f.metadata, before?.metadata),
  };
}

function meterParams(f: JsonObject): Stripe.Billing.MeterCreateParams {
  return {
    display_name: String(f.display_name),
    event_name: String(f.event_name),
    default_aggregation:
      f.default_aggregation as unknown as Stripe.Billing.MeterCreateParams.DefaultAggregation,
    value_settings: f.value_settings as unknown as Stripe.Billing.MeterCreateParams.ValueSettings,
    customer_mapping: f.customer_mapping as unknown as Stripe.Billing.MeterCreateParams.CustomerMapping,
  };
}

/** Price fields as SDK parameters (decimal amounts travel as their exact text). */
function priceParams(f: JsonObject): Params {
  return { ...f, transfer_lookup_key: true };
}

function couponParams(f: JsonObject): Params {
  return { ...f };
}
