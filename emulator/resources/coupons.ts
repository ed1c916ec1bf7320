/**
 * `/v1/coupons`: create (optionally with a chosen id), retrieve, update (name, metadata,
 * currency options), delete, list. `applies_to` and `currency_options` render only when expanded.
 */
import type { RequestContext, Route } from "../context.js";
import { conflict, invalidParam, missingParam, noSuch, noSuchReferenced } from "../errors.js";
import { readExpand } from "../expand.js";
import type { FormObject } from "../form.js";
import { paginate, readPage } from "../list.js";
import { applyMetadata } from "../metadata.js";
import {
  arr,
  checkFields,
  dec,
  expandField,
  type Fields,
  getInt,
  getObject,
  getString,
  getStrings,
  int,
  listFields,
  map,
  obj,
  oneOf,
  str,
  strMax,
  unsupported,
} from "../params.js";
import type { CouponRecord } from "../records.js";
import { renderCoupon } from "../render.js";

const EXPANDABLE = ["applies_to", "currency_options"] as const;
const currencyOptions = map(obj({ amount_off: int }));

const createFields: Fields = {
  ...expandField,
  amount_off: int,
  applies_to: obj({ products: arr(strMax(5000)) }),
  currency: str,
  currency_options: currencyOptions,
  duration: oneOf("once", "forever", "repeating"),
  duration_in_months: int,
  id: strMax(5000),
  max_redemptions: int,
  metadata: map(str, true),
  name: strMax(40),
  percent_off: dec,
  redeem_by: int,
};
const updateFields: Fields = {
  ...expandField,
  currency_options: currencyOptions,
  metadata: map(str, true),
  name: strMax(40),
};
const listParams: Fields = { ...listFields, created: unsupported };

function existing(ctx: RequestContext): CouponRecord {
  const coupon = ctx.store.coupons.get(ctx.id);
  if (coupon === undefined) throw noSuch("coupon", ctx.id);
  return coupon;
}

function readCurrencyOptions(
  value: FormObject | undefined,
  currency: string | null,
): CouponRecord["currency_options"] {
  if (value === undefined) return {};
  if (currency === null) throw invalidParam("`currency_options` requires `amount_off`.", "currency_options");
  const out: Record<string, { readonly amount_off: number }> = {};
  for (const [raw, option] of Object.entries(value)) {
    const code = raw.toLowerCase();
    const at = `currency_options[${raw}]`;
    if (!/^[a-z]{3}$/.test(code)) throw invalidParam(`Invalid currency: ${raw}`, at);
    if (code === currency) throw invalidParam("A currency option cannot repeat the coupon's currency.", at);
    const amount = getInt(getObject(option)?.amount_off);
    if (amount === undefined) throw missingParam(`${at}[amount_off]`);
    if (amount <= 0) throw invalidParam("`amount_off` must be positive.", `${at}[amount_off]`);
    out[code] = { amount_off: amount };
  }
  return out;
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const percentText = getString(p.percent_off);
  const amountOff = getInt(p.amount_off);
  if (percentText === undefined && amountOff === undefined) throw missingParam("percent_off");
  if (percentText !== undefined && amountOff !== undefined) {
    throw invalidParam(
      "You may only specify one of these parameters: amount_off, percent_off.",
      "amount_off",
    );
  }
  const percentOff = percentText === undefined ? null : Number(percentText);
  if (percentOff !== null && !(percentOff > 0 && percentOff <= 100)) {
    throw invalidParam("`percent_off` must be greater than 0 and at most 100.", "percent_off");
  }
  let currency: string | null = null;
  if (amountOff !== undefined) {
    if (amountOff <= 0) throw invalidParam("`amount_off` must be positive.", "amount_off");
    const text = getString(p.currency);
    if (text === undefined) throw missingParam("currency");
    currency = text.toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${text}`, "currency");
  } else if (p.currency !== undefined) {
    throw invalidParam("`currency` can only be set together with `amount_off`.", "currency");
  }
  const duration = (getString(p.duration) ?? "once") as CouponRecord["duration"];
  const months = getInt(p.duration_in_months);
  if (duration === "repeating" && months === undefined) throw missingParam("duration_in_months");
  if (duration !== "repeating" && months !== undefined) {
    throw invalidParam(
      "`duration_in_months` can only be set when `duration` is `repeating`.",
      "duration_in_months",
    );
  }
  if (months !== undefined && months < 1)
    throw invalidParam("`duration_in_months` must be positive.", "duration_in_months");
  const maxRedemptions = getInt(p.max_redemptions);
  if (maxRedemptions !== undefined && maxRedemptions < 1) {
    throw invalidParam("`max_redemptions` must be positive.", "max_redemptions");
  }
  const redeemBy = getInt(p.redeem_by);
  if (redeemBy !== undefined && redeemBy <= ctx.now) {
    throw invalidParam("`redeem_by` must be in the future.", "redeem_by");
  }
  const options = readCurrencyOptions(getObject(p.currency_options), currency);
  const appliesTo = getObject(p.applies_to);
  const products = appliesTo === undefined ? undefined : getStrings(appliesTo.products);
  products?.forEach((productId, i) => {
    if (!ctx.store.products.has(productId))
      throw noSuchReferenced("product", productId, `applies_to[products][${i}]`);
  });
  const metadata = applyMetadata({}, p.metadata);
  const chosenId = getString(p.id);
  if (chosenId !== undefined && (chosenId === "" || /[/?#\s]/.test(chosenId))) {
    throw invalidParam(`Invalid coupon id: ${chosenId}`, "id");
  }
  if (chosenId !== undefined && ctx.store.coupons.has(chosenId)) {
    throw conflict("Coupon already exists.", "id", "resource_already_exists");
  }
  const name = getString(p.name);
  const coupon: CouponRecord = {
    id: chosenId ?? ctx.store.ids.couponCode(),
    object: "coupon",
    amount_off: amountOff ?? null,
    applies_to: products === undefined ? null : { products },
    created: ctx.now,
    currency,
    currency_options: options,
    duration,
    duration_in_months: months ?? null,
    livemode: false,
    max_redemptions: maxRedemptions ?? null,
    metadata,
    name: name === undefined || name === "" ? null : name,
    percent_off: percentOff,
    redeem_by: redeemBy ?? null,
    times_redeemed: 0,
    valid: true,
  };
  return renderCoupon(ctx.store.coupons.put(coupon), expand);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  return renderCoupon(existing(ctx), readExpand(ctx.params, EXPANDABLE, false));
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const coupon = existing(ctx);
  const added = readCurrencyOptions(getObject(p.currency_options), coupon.currency);
  const name = getString(p.name);
  const next: CouponRecord = {
    ...coupon,
    currency_options: { ...coupon.currency_options, ...added },
    metadata: applyMetadata(coupon.metadata, p.metadata),
    name: name === undefined ? coupon.name : name === "" ? null : name,
  };
  return renderCoupon(ctx.store.coupons.put(next), expand);
}

function remove(ctx: RequestContext): unknown {
  checkFields(ctx.params, {});
  const coupon = existing(ctx);
  ctx.store.coupons.delete(coupon.id);
  // Its promotion codes stay inactive for good, even if a coupon with the same id comes later.
  for (const code of ctx.store.promotionCodes.list()) {
    if (code.promotion.coupon === coupon.id) ctx.store.promotionCodes.put({ ...code, coupon_deleted: true });
  }
  return { id: coupon.id, object: "coupon", deleted: true };
}

function list(ctx: RequestContext): unknown {
  checkFields(ctx.params, listParams);
  const expand = readExpand(ctx.params, EXPANDABLE, true);
  const page = paginate(ctx.store.coupons.list(), () => true, readPage(ctx.params), ctx.path, "coupon");
  return { ...page, data: page.data.map((coupon) => renderCoupon(coupon, expand)) };
}

/** The routes of the coupons resource. */
export const couponRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/coupons", handler: create },
  { method: "GET", pattern: "/v1/coupons", handler: list },
  { method: "GET", pattern: "/v1/coupons/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/coupons/:id", handler: update },
  { method: "DELETE", pattern: "/v1/coupons/:id", handler: remove },
];
