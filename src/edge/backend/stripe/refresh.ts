/**
 * Reading the account: every managed object listed in pages of 100 (prices both active and
 * archived, with tiers and currency options expanded), turned into state objects. Objects
 * carrying the tool's metadata are adopted even when the state lost them, so an interrupted
 * apply or a lost state file never leads to duplicates.
 */
import type Stripe from "stripe";
import type { LogicalKey } from "../../../core/artifacts/artifacts.js";
import { KEY_LOGICAL, KEY_MANAGED_BY, KEY_MODEL, MANAGED_BY } from "../../../core/model/metadata-keys.js";
import type { ModelId } from "../../../core/model/types.js";
import type { StateObject, StripeId } from "../../../core/state/types.js";
import type { DesiredObject, ObjectType } from "../../../core/stripe/types.js";
import { shadowId } from "../shadow.js";
import { couponFields, meterFields, priceFields, productFields, type StripeObject } from "./normalize.js";
import type { RateLimiter } from "./rate-limit.js";

/** Everything the account holds that refresh looks at. */
export interface AccountSnapshot {
  readonly products: readonly StripeObject[];
  readonly prices: readonly StripeObject[];
  readonly meters: readonly StripeObject[];
  readonly coupons: readonly StripeObject[];
}

interface Page {
  readonly data: readonly unknown[];
  readonly has_more: boolean;
}

/** Lists every object of every managed type, 100 per page. */
export async function readAccount(client: Stripe, limiter: RateLimiter): Promise<AccountSnapshot> {
  const all = async (page: (after: string | undefined) => Promise<Page>): Promise<StripeObject[]> => {
    const out: StripeObject[] = [];
    let after: string | undefined;
    for (;;) {
      await limiter.take();
      const p = await page(after);
      out.push(...(p.data as StripeObject[]));
      if (!p.has_more || p.data.length === 0) return out;
      after = String((p.data[p.data.length - 1] as StripeObject).id);
    }
  };
  const cursor = (after: string | undefined) => ({ limit: 100, ...(after ? { starting_after: after } : {}) });
  const priceExpand = ["data.tiers", "data.currency_options"];
  const [products, active, archived, meters, coupons] = await Promise.all([
    all((a) => client.products.list(cursor(a))),
    all((a) => client.prices.list({ ...cursor(a), active: true, expand: priceExpand })),
    all((a) => client.prices.list({ ...cursor(a), active: false, expand: priceExpand })),
    all((a) => client.billing.meters.list(cursor(a))),
    all((a) => client.coupons.list({ ...cursor(a), expand: ["data.applies_to", "data.currency_options"] })),
  ]);
  const prices = await Promise.all([...active, ...archived].map((p) => withOptionTiers(client, limiter, p)));
  return { products, prices, meters, coupons };
}

/**
 * Stripe returns a currency option's tiers only when `currency_options.<currency>.tiers` is
 * expanded, per currency, so a tiered price with currency options is read again with them.
 */
async function withOptionTiers(
  client: Stripe,
  limiter: RateLimiter,
  price: StripeObject,
): Promise<StripeObject> {
  const currencies = Object.keys((price.currency_options ?? {}) as Record<string, unknown>);
  if (price.billing_scheme !== "tiered" || !currencies.some((c) => c !== price.currency)) return price;
  await limiter.take();
  const expand = ["tiers", "currency_options", ...currencies.map((c) => `currency_options.${c}.tiers`)];
  return (await client.prices.retrieve(String(price.id), { expand })) as unknown as StripeObject;
}

/**
 * The managed objects of an account as state objects. Keys come from the tool's metadata, or
 * from the state by id; meters (which hold no metadata) match by id or by event name.
 */
export function observedObjects(
  account: AccountSnapshot,
  state: readonly StateObject[],
  desired: readonly DesiredObject[],
): StateObject[] {
  const known = new Map(state.map((o) => [`${o.type}:${o.id}`, o]));
  const wanted = new Map(desired.map((d) => [`${d.type}:${d.key}`, d]));
  const out: StateObject[] = [];
  const add = (
    type: ObjectType,
    raw: StripeObject,
    fields: StateObject["fields"],
    key?: string,
    model?: string,
  ) => {
    const id = String(raw.id) as StripeId;
    const prior = known.get(`${type}:${id}`);
    const meta = (raw.metadata ?? {}) as Record<string, string>;
    const managed = meta[KEY_MANAGED_BY] === MANAGED_BY;
    const k = key ?? (managed ? meta[KEY_LOGICAL] : undefined) ?? prior?.key;
    if (!k) return;
    const d = wanted.get(`${type}:${k}`);
    out.push({
      key: k as LogicalKey,
      type,
      id,
      active:
        type === "billing_meter" ? raw.status === "active" : raw.active !== false && raw.deleted !== true,
      model: (model ?? (managed ? meta[KEY_MODEL] : undefined) ?? prior?.model ?? d?.model ?? k) as ModelId,
      fidelity: prior?.fidelity ?? d?.fidelity ?? "exact",
      reason: prior?.reason ?? d?.reason ?? "adopted from the account",
      fields,
    });
  };
  for (const p of account.products) add("product", p, productFields(p));
  for (const p of account.prices) add("price", p, priceFields(p));
  for (const c of account.coupons) add("coupon", c, couponFields(c));
  const meterByEvent = new Map(
    desired.filter((d) => d.type === "billing_meter").map((d) => [String(d.fields.event_name), d]),
  );
  for (const m of account.meters) {
    const byEvent = meterByEvent.get(String(m.event_name));
    const prior = known.get(`billing_meter:${String(m.id)}`);
    add("billing_meter", m, meterFields(m), prior?.key ?? byEvent?.key, prior?.model ?? byEvent?.model);
  }
  out.push(...bindings(account, state, desired));
  return out;
}

/** Metadata bindings as their product's metadata shows them, for bindings in the state or the models. */
function bindings(
  account: AccountSnapshot,
  state: readonly StateObject[],
  desired: readonly DesiredObject[],
): StateObject[] {
  const products = new Map(account.products.map((p) => [String(p.id), p]));
  const sources = new Map<
    string,
    {
      key: LogicalKey;
      model: ModelId;
      fidelity: StateObject["fidelity"];
      reason: string;
      fields: StateObject["fields"];
      id?: StripeId;
    }
  >();
  for (const d of desired) if (d.type === "metadata_binding") sources.set(d.key, { ...d, fields: d.fields });
  for (const o of state) if (o.type === "metadata_binding") sources.set(o.key, { ...o });
  const out: StateObject[] = [];
  for (const s of sources.values()) {
    const productId = String(s.fields.product ?? "").replace(/^\$ref:/, "");
    const product = products.get(productId);
    if (!product) continue;
    const meta = (product.metadata ?? {}) as Record<string, string>;
    const keys = Object.keys((s.fields.metadata ?? {}) as Record<string, string>);
    const present = Object.fromEntries(
      keys.filter((k) => meta[k] !== undefined && meta[k] !== "").map((k) => [k, meta[k] ?? ""]),
    );
    const active = Object.keys(present).length > 0;
    const prior = state.find((o) => o.type === "metadata_binding" && o.key === s.key);
    if (!active && !prior) continue;
    out.push({
      key: s.key,
      type: "metadata_binding",
      id: prior?.id ?? shadowId("metadata_binding", s.key, {}),
      active: active && product.active !== false,
      model: s.model,
      fidelity: s.fidelity,
      reason: s.reason,
      fields: {
        product: productId,
        metadata: active ? present : ((prior?.fields.metadata ?? {}) as Record<string, string>),
      },
    });
  }
  return out;
}
