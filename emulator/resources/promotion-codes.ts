/**
 * `/v1/promotion_codes`: create, retrieve, update (`active`, `metadata`,
 * `restrictions[currency_options]` only), list (filters `code`, `coupon`, `active`). The code
 * and its coupon never change. Follows the current API (stripe-node 23): the coupon is named by
 * `promotion[type]=coupon` and `promotion[coupon]`, and `promotion.coupon` is expandable.
 *
 * Stripe's documented rules enforced here: a code is unique, regardless of case, among active
 * promotion codes; it holds letters, digits and dashes, up to 500 characters; `max_redemptions`
 * may not exceed the coupon's and `expires_at` may not be after the coupon's `redeem_by`; a code
 * is only active while its coupon is valid (a deleted coupon leaves its codes inactive) and can
 * only be reactivated while the coupon is valid and the code otherwise redeemable.
 */
import type { RequestContext, Route } from "../context.js";
import { conflict, invalidParam, missingParam, noSuch, noSuchReferenced } from "../errors.js";
import { readExpand } from "../expand.js";
import type { FormObject } from "../form.js";
import { paginate, readPage } from "../list.js";
import { applyMetadata } from "../metadata.js";
import {
  bool,
  checkFields,
  expandField,
  type Fields,
  getBool,
  getInt,
  getObject,
  getString,
  int,
  listFields,
  map,
  obj,
  oneOf,
  str,
  strMax,
  unsupported,
} from "../params.js";
import type { CouponRecord, PromotionCodeRecord } from "../records.js";
import { renderCoupon } from "../render.js";
import type { MemoryStore } from "../store.js";

/** `customer` is expandable on Stripe too; codes here never have one, so it stays null. */
const EXPANDABLE = ["promotion.coupon", "customer"] as const;
const currencyOptionsShape = map(obj({ minimum_amount: int }));

const createFields: Fields = {
  ...expandField,
  active: bool,
  code: strMax(500),
  expires_at: int,
  max_redemptions: int,
  metadata: map(str),
  promotion: obj({ coupon: strMax(5000), type: oneOf("coupon") }),
  restrictions: obj({
    currency_options: currencyOptionsShape,
    first_time_transaction: bool,
    minimum_amount: int,
    minimum_amount_currency: str,
  }),
  customer: unsupported,
  customer_account: unsupported,
};
const updateFields: Fields = {
  ...expandField,
  active: bool,
  metadata: map(str, true),
  restrictions: obj({ currency_options: currencyOptionsShape }),
};
const listParams: Fields = {
  ...listFields,
  active: bool,
  code: strMax(5000),
  coupon: strMax(5000),
  created: unsupported,
  customer: unsupported,
  customer_account: unsupported,
};

/** Whether `coupon` can still be redeemed (it exists, is valid and its `redeem_by` is ahead). */
function couponUsable(coupon: CouponRecord | undefined, now: number): coupon is CouponRecord {
  return coupon?.valid === true && (coupon.redeem_by === null || coupon.redeem_by > now);
}

/** Whether a stored code is active as Stripe reports it: only while its coupon is valid. */
function isActive(store: MemoryStore, code: PromotionCodeRecord, now: number): boolean {
  return code.active && couponUsable(couponOf(store, code), now);
}

/** The code's coupon, unless it was deleted (a new coupon reusing the id is another coupon). */
function couponOf(store: MemoryStore, code: PromotionCodeRecord): CouponRecord | undefined {
  return code.coupon_deleted ? undefined : store.coupons.get(code.promotion.coupon);
}

function render(
  store: MemoryStore,
  code: PromotionCodeRecord,
  now: number,
  expand: ReadonlySet<string>,
): unknown {
  const coupon = couponOf(store, code);
  const { coupon_deleted: _internal, ...rest } = code;
  return {
    ...rest,
    active: isActive(store, code, now),
    promotion: {
      ...code.promotion,
      coupon:
        expand.has("promotion.coupon") && coupon !== undefined ? renderCoupon(coupon) : code.promotion.coupon,
    },
  };
}

function existing(ctx: RequestContext): PromotionCodeRecord {
  const code = ctx.store.promotionCodes.get(ctx.id);
  if (code === undefined) throw noSuch("promotion_code", ctx.id);
  return code;
}

/** Refuses `code` when another active promotion code has it, whatever the case. */
function checkUnique(ctx: RequestContext, code: string, self: string | undefined): void {
  const lower = code.toLowerCase();
  const holder = ctx.store.promotionCodes
    .list()
    .find((c) => c.id !== self && c.code.toLowerCase() === lower && isActive(ctx.store, c, ctx.now));
  if (holder !== undefined) {
    throw conflict(
      `An active promotion code with the code \`${code}\` already exists (\`${holder.id}\`); codes are unique regardless of case.`,
      "code",
    );
  }
}

function readCurrency(text: string, at: string): string {
  const currency = text.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(`Invalid currency: ${text}`, at);
  return currency;
}

function readCurrencyOptions(
  value: FormObject | undefined,
  mainCurrency: string | null,
): PromotionCodeRecord["restrictions"]["currency_options"] {
  if (value === undefined) return {};
  const at = "restrictions[currency_options]";
  if (mainCurrency === null) {
    throw invalidParam("`restrictions[currency_options]` requires `restrictions[minimum_amount]`.", at);
  }
  const out: Record<string, { readonly minimum_amount: number }> = {};
  for (const [raw, option] of Object.entries(value)) {
    const currency = readCurrency(raw, `${at}[${raw}]`);
    if (currency === mainCurrency) {
      throw invalidParam(
        "Each currency option must be different from the promotion code's `minimum_amount_currency`.",
        `${at}[${raw}]`,
      );
    }
    const amount = getInt(getObject(option)?.minimum_amount);
    if (amount === undefined) throw missingParam(`${at}[${raw}][minimum_amount]`);
    if (amount <= 0)
      throw invalidParam("`minimum_amount` must be positive.", `${at}[${raw}][minimum_amount]`);
    out[currency] = { minimum_amount: amount };
  }
  return out;
}

function readRestrictions(value: FormObject | undefined): PromotionCodeRecord["restrictions"] {
  const r = value ?? {};
  const amount = getInt(r.minimum_amount);
  const currencyText = getString(r.minimum_amount_currency);
  if (amount !== undefined && currencyText === undefined) {
    throw missingParam("restrictions[minimum_amount_currency]");
  }
  if (amount === undefined && currencyText !== undefined) throw missingParam("restrictions[minimum_amount]");
  if (amount !== undefined && amount <= 0) {
    throw invalidParam("`minimum_amount` must be positive.", "restrictions[minimum_amount]");
  }
  const currency =
    currencyText === undefined ? null : readCurrency(currencyText, "restrictions[minimum_amount_currency]");
  return {
    currency_options: readCurrencyOptions(getObject(r.currency_options), currency),
    first_time_transaction: getBool(r.first_time_transaction) ?? false,
    minimum_amount: amount ?? null,
    minimum_amount_currency: currency,
  };
}

function readCoupon(ctx: RequestContext): CouponRecord {
  const promotion = getObject(ctx.params.promotion);
  if (promotion === undefined) throw missingParam("promotion");
  if (getString(promotion.type) === undefined) throw missingParam("promotion[type]");
  const couponId = getString(promotion.coupon);
  if (couponId === undefined || couponId === "") throw missingParam("promotion[coupon]");
  const coupon = ctx.store.coupons.get(couponId);
  if (coupon === undefined) throw noSuchReferenced("coupon", couponId, "promotion[coupon]");
  if (!couponUsable(coupon, ctx.now)) {
    throw conflict(`The coupon \`${couponId}\` is no longer valid.`, "promotion[coupon]");
  }
  return coupon;
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const coupon = readCoupon(ctx);
  const chosen = getString(p.code);
  if (chosen !== undefined && !/^[A-Za-z0-9-]+$/.test(chosen)) {
    throw invalidParam(
      "A promotion code may only contain letters (a-z, A-Z), digits (0-9) and dashes (-).",
      "code",
    );
  }
  const maxRedemptions = getInt(p.max_redemptions);
  if (maxRedemptions !== undefined) {
    if (maxRedemptions < 1) throw invalidParam("`max_redemptions` must be positive.", "max_redemptions");
    if (coupon.max_redemptions !== null && maxRedemptions > coupon.max_redemptions) {
      throw invalidParam(
        `\`max_redemptions\` cannot be greater than the coupon's \`max_redemptions\` (${coupon.max_redemptions}).`,
        "max_redemptions",
      );
    }
  }
  const expiresAt = getInt(p.expires_at);
  if (expiresAt !== undefined) {
    if (expiresAt <= ctx.now) throw invalidParam("`expires_at` must be in the future.", "expires_at");
    if (coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
      throw invalidParam("`expires_at` cannot be after the coupon's `redeem_by`.", "expires_at");
    }
  }
  const restrictions = readRestrictions(getObject(p.restrictions));
  const metadata = applyMetadata({}, p.metadata);
  const active = getBool(p.active) ?? true;
  let code = chosen;
  if (code === undefined) {
    do code = ctx.store.ids.couponCode();
    while (ctx.store.promotionCodes.list().some((c) => c.code.toLowerCase() === code?.toLowerCase()));
  }
  if (active) checkUnique(ctx, code, undefined);
  const record: PromotionCodeRecord = {
    id: ctx.store.ids.next("promo"),
    object: "promotion_code",
    active,
    code,
    created: ctx.now,
    customer: null,
    customer_account: null,
    expires_at: expiresAt ?? null,
    livemode: false,
    max_redemptions: maxRedemptions ?? null,
    metadata,
    promotion: { coupon: coupon.id, type: "coupon" },
    restrictions,
    times_redeemed: 0,
    coupon_deleted: false,
  };
  return render(ctx.store, ctx.store.promotionCodes.put(record), ctx.now, expand);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  return render(ctx.store, existing(ctx), ctx.now, readExpand(ctx.params, EXPANDABLE, false));
}

function update(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, updateFields);
  const expand = readExpand(p, EXPANDABLE, false);
  const code = existing(ctx);
  const active = getBool(p.active);
  if (active === true && !isActive(ctx.store, code, ctx.now)) {
    if (!couponUsable(couponOf(ctx.store, code), ctx.now)) {
      throw conflict(
        "This promotion code cannot be reactivated because its coupon is no longer valid.",
        "active",
      );
    }
    if (code.expires_at !== null && code.expires_at <= ctx.now) {
      throw conflict("This promotion code cannot be reactivated because it has expired.", "active");
    }
    checkUnique(ctx, code.code, code.id);
  }
  const added = readCurrencyOptions(
    getObject(getObject(p.restrictions)?.currency_options),
    code.restrictions.minimum_amount_currency,
  );
  const next: PromotionCodeRecord = {
    ...code,
    active: active ?? code.active,
    metadata: applyMetadata(code.metadata, p.metadata),
    restrictions: {
      ...code.restrictions,
      currency_options: { ...code.restrictions.currency_options, ...added },
    },
  };
  return render(ctx.store, ctx.store.promotionCodes.put(next), ctx.now, expand);
}

function list(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, listParams);
  const expand = readExpand(p, EXPANDABLE, true);
  const active = getBool(p.active);
  const code = getString(p.code)?.toLowerCase();
  const coupon = getString(p.coupon);
  const page = paginate(
    ctx.store.promotionCodes.list(),
    (c) =>
      (active === undefined || isActive(ctx.store, c, ctx.now) === active) &&
      (code === undefined || c.code.toLowerCase() === code) &&
      (coupon === undefined || c.promotion.coupon === coupon),
    readPage(p),
    ctx.path,
    "promotion_code",
  );
  return { ...page, data: page.data.map((c) => render(ctx.store, c, ctx.now, expand)) };
}

/** The routes of the promotion codes resource (no DELETE: Stripe deactivates codes). */
export const promotionCodeRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/promotion_codes", handler: create },
  { method: "GET", pattern: "/v1/promotion_codes", handler: list },
  { method: "GET", pattern: "/v1/promotion_codes/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/promotion_codes/:id", handler: update },
];
