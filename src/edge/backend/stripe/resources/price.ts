/**
 * Prices on Stripe: listed active and archived with tiers and currency options expanded,
 * created with `transfer_lookup_key`, archived (never deleted). Decimal amounts travel as
 * Stripe's exact decimal strings. The tax behaviour is the price's and each currency option's
 * alike: it is sent with every option, and an option read with another one shows as its own.
 */
import Stripe from "stripe";
import type { JsonObject } from "../../../../core/json/json.js";
import type { StateObject, StripeId } from "../../../../core/state/types.js";
import type { StripeTier } from "../../../../core/stripe/amounts.js";
import type { PriceAmounts, PriceFields } from "../../../../core/stripe/price.js";
import {
  compact,
  decimal,
  gainsCurrency,
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

/** The price resource. */
export const priceResource: StripeResource<"price"> = {
  list: async ({ client, all, send, state }) => {
    // Stripe returns a currency option's tiers only when `currency_options.<cur>.tiers` is
    // expanded, one currency at a time: the list expands those of the published tiered prices.
    const expand = [
      "data.tiers",
      "data.currency_options",
      ...optionCurrencies(state).map((c) => `data.currency_options.${c}.tiers`),
    ];
    const [active, archived] = await Promise.all([
      all((after) => client.prices.list({ limit: 100, active: true, expand, ...page(after) })),
      all((after) => client.prices.list({ limit: 100, active: false, expand, ...page(after) })),
    ]);
    // A tiered price with an option in another currency (made outside the tool) is read again.
    return Promise.all(
      [...active, ...archived].map((p) => (lacksOptionTiers(p) ? send(() => retrieveTiers(client, p)) : p)),
    );
  },
  read: (account) => (account.price ?? []).map((p) => observed("price", p, priceFields(p))),
  async write(op, ctx) {
    const { client, send, options, before } = ctx;
    const f = op.fields;
    const product = f?.product ?? str(before?.fields.product) ?? "";
    if (op.action === "create" || op.action === "replace") {
      if (!f) throw new Error(`${op.action} of ${op.key} has no fields`);
      const created = await send(() => client.prices.create(createParams(f), options("create")));
      if (op.action === "replace" && op.id) await archive(ctx, op.id, product, created.id);
      return { id: created.id as StripeId };
    }
    const id = op.id as StripeId;
    if (op.action === "archive") {
      await archive(ctx, id, product);
      return {};
    }
    await send(() =>
      client.prices.update(
        id,
        {
          nickname: f?.nickname ?? "",
          metadata: metadataParams(f?.metadata, before?.fields.metadata),
          ...(f?.lookup_key !== undefined ? { lookup_key: f.lookup_key, transfer_lookup_key: true } : {}),
          ...(op.action === "reactivate" ? { active: true } : {}),
          // A tax behaviour set for the first time (Stripe allows it once, from unspecified).
          ...(setsTaxBehavior(f, before?.fields) ? { tax_behavior: f?.tax_behavior } : {}),
          // A currency added in place (the planner replaces a price whose existing options change),
          // or a tax behaviour set: every option is sent, so the result is the model's whatever
          // Stripe does with the rest.
          ...(f && (gainsCurrency(f.currency_options, before?.fields) || setsTaxBehavior(f, before?.fields))
            ? currencyOptionParams(f)
            : {}),
        },
        options(op.action),
      ),
    );
    if (op.action === "reactivate" && op.replaces) await archive(ctx, op.replaces, product, id);
    return {};
  },
};

/** The model gives the price a tax behaviour it does not have yet. */
function setsTaxBehavior(f: PriceFields | undefined, before: JsonObject | undefined): boolean {
  return f?.tax_behavior !== undefined && before?.tax_behavior === undefined;
}

/** The currencies of the options of the state's tiered prices, sorted. */
function optionCurrencies(state: readonly StateObject[]): string[] {
  const out = new Set<string>();
  for (const o of state) {
    const options =
      o.type === "price" && o.fields.tiers !== undefined ? o.fields.currency_options : undefined;
    if (typeof options === "object" && options !== null) for (const c of Object.keys(options)) out.add(c);
  }
  return [...out].sort();
}

/** A tiered price whose currency options came back without their tiers. */
function lacksOptionTiers(p: StripeObject): boolean {
  if (p.billing_scheme !== "tiered") return false;
  const options = (p.currency_options ?? {}) as Record<string, StripeObject>;
  return Object.entries(options).some(([c, o]) => c !== p.currency && !Array.isArray(o.tiers));
}

async function retrieveTiers(client: Stripe, p: StripeObject): Promise<StripeObject> {
  const currencies = Object.keys((p.currency_options ?? {}) as object).filter((c) => c !== p.currency);
  const expand = ["tiers", "currency_options", ...currencies.map((c) => `currency_options.${c}.tiers`)];
  return (await client.prices.retrieve(String(p.id), { expand })) as unknown as StripeObject;
}

/**
 * Archives a price. Stripe refuses to archive a product's default price: the default moves to
 * `successor` (the price that replaces this one) or, when the price just goes, is unset first.
 */
async function archive(
  { client, send, options }: WriteContext,
  id: string,
  product: string,
  successor?: string,
): Promise<void> {
  try {
    await send(() => client.prices.update(id, { active: false }, options(`archive ${id}`)));
  } catch (e) {
    if (!(e instanceof Stripe.errors.StripeError) || !/default price/i.test(e.message)) throw e;
    await send(() =>
      client.products.update(product, { default_price: successor ?? "" }, options(`move default ${id}`)),
    );
    await send(() => client.prices.update(id, { active: false }, options(`archive again ${id}`)));
  }
}

/**
 * A decimal amount parameter as its exact text. stripe-node 23.1.0 types these as its
 * `Decimal`, but its request schema declares `currency_options` an array, so a `Decimal` inside
 * an option is sent as an object and refused; the text is what goes on the wire either way.
 */
function decimalParam(text: string): Stripe.Decimal {
  return text as unknown as Stripe.Decimal;
}

function createParams(f: PriceFields): Stripe.PriceCreateParams {
  return {
    product: f.product,
    currency: f.currency,
    metadata: { ...f.metadata },
    transfer_lookup_key: true,
    ...(f.lookup_key !== undefined ? { lookup_key: f.lookup_key } : {}),
    ...(f.nickname !== undefined ? { nickname: f.nickname } : {}),
    ...(f.billing_scheme !== undefined ? { billing_scheme: f.billing_scheme } : {}),
    ...(f.tiers_mode !== undefined ? { tiers_mode: f.tiers_mode } : {}),
    ...(f.recurring !== undefined ? { recurring: { ...f.recurring } } : {}),
    ...(f.tax_behavior !== undefined ? { tax_behavior: f.tax_behavior } : {}),
    ...(f.transform_quantity !== undefined ? { transform_quantity: { ...f.transform_quantity } } : {}),
    ...amountParams(f),
    ...currencyOptionParams(f),
  };
}

function currencyOptionParams(f: PriceFields) {
  if (f.currency_options === undefined) return {};
  return {
    currency_options: Object.fromEntries(
      Object.entries(f.currency_options).map(([c, o]) => [
        c,
        { ...amountParams(o), ...(f.tax_behavior !== undefined ? { tax_behavior: f.tax_behavior } : {}) },
      ]),
    ),
  };
}

/** The model has a currency option the price on Stripe lacks. */
function amountParams(a: PriceAmounts) {
  return {
    ...(a.unit_amount !== undefined ? { unit_amount: a.unit_amount } : {}),
    ...(a.unit_amount_decimal !== undefined
      ? { unit_amount_decimal: decimalParam(a.unit_amount_decimal) }
      : {}),
    ...(a.tiers !== undefined ? { tiers: a.tiers.map(tierParams) } : {}),
  };
}

function tierParams(t: StripeTier) {
  return {
    up_to: t.up_to,
    ...(t.unit_amount_decimal !== undefined
      ? { unit_amount_decimal: decimalParam(t.unit_amount_decimal) }
      : {}),
    ...(t.flat_amount !== undefined ? { flat_amount: t.flat_amount } : {}),
  };
}

/** A price's fields: metered prices carry decimal unit amounts, others whole ones. */
function priceFields(p: StripeObject): JsonObject {
  const recurring = p.recurring as StripeObject | null | undefined;
  const metered = recurring?.usage_type === "metered";
  const currency = str(p.currency) ?? "";
  const tax = taxBehavior(p.tax_behavior);
  const options = Object.entries((p.currency_options ?? {}) as Record<string, StripeObject>)
    .filter(([c]) => c !== currency)
    .map(([c, o]) => {
      const own = taxBehavior(o.tax_behavior) ?? "unspecified";
      return [
        c,
        { ...amountFields(o, metered), ...(own !== (tax ?? "unspecified") ? { tax_behavior: own } : {}) },
      ] as const;
    });
  const transform = p.transform_quantity as StripeObject | null | undefined;
  return compact({
    product: idOf(p.product),
    currency,
    lookup_key: str(p.lookup_key),
    nickname: str(p.nickname),
    metadata: strings(p.metadata),
    billing_scheme: str(p.billing_scheme),
    tiers_mode: str(p.tiers_mode),
    tax_behavior: tax,
    transform_quantity: transform
      ? compact({ divide_by: num(transform.divide_by), round: str(transform.round) })
      : undefined,
    ...amountFields(p, metered),
    currency_options: options.length > 0 ? Object.fromEntries(options) : undefined,
    recurring: recurring
      ? compact({
          interval: str(recurring.interval),
          interval_count: num(recurring.interval_count),
          usage_type: str(recurring.usage_type),
          meter: str(recurring.meter),
        })
      : undefined,
  });
}

/** A set tax behaviour; unspecified (or none) is left out, as the model leaves it out. */
function taxBehavior(value: unknown): "inclusive" | "exclusive" | undefined {
  return value === "inclusive" || value === "exclusive" ? value : undefined;
}

function amountFields(o: StripeObject, metered: boolean): JsonObject {
  const tiers = o.tiers as readonly StripeObject[] | null | undefined;
  if (tiers && tiers.length > 0) {
    return {
      tiers: tiers.map((t) =>
        compact({
          up_to: t.up_to === null || t.up_to === undefined ? "inf" : Number(t.up_to),
          unit_amount_decimal: decimal(t.unit_amount_decimal ?? t.unit_amount),
          flat_amount: num(t.flat_amount),
        }),
      ),
    };
  }
  if (metered) return compact({ unit_amount_decimal: decimal(o.unit_amount_decimal ?? o.unit_amount) });
  return compact({ unit_amount: num(o.unit_amount) });
}
