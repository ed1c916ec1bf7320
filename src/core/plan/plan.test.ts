import { describe, expect, it } from "vitest";
import { desired, stateObject } from "../../../test/helpers/plans.js";
import { emptyState, type State, type StateObject } from "../state/types.js";
import { immutableFields } from "../stripe/registry.js";
import { hasUnresolvedRef, type PlanInput, makePlan as plan0, resolveRefs } from "./plan.js";

const makePlan = (input: Omit<PlanInput, "baseDigest">) => plan0({ ...input, baseDigest: "d".repeat(64) });

const state = (objects: readonly StateObject[]): State => ({
  ...emptyState("lineage"),
  revision: "stripe-rev-0001",
  serial: 1,
  objects,
});

const product = stateObject("product", "m", "m", { name: "M" });
const priceFields = { product: "m", unit_amount: 100, lookup_key: "m/base", nickname: "M base" };

describe("immutableFields", () => {
  const paths = (...list: string[]) => list.map((path) => ({ path, before: 1, after: 2 }));
  it("keeps the top-level fields a type cannot change in place, sorted", () => {
    expect(
      immutableFields("price", paths("nickname", "recurring.meter", "unit_amount", "metadata.x"), {}),
    ).toEqual(["recurring", "unit_amount"]);
    expect(immutableFields("billing_meter", paths("display_name"), {})).toEqual([]);
    expect(immutableFields("coupon", paths("name", "percent_off"), {})).toEqual(["percent_off"]);
    expect(immutableFields("product", paths("name", "metadata.segment", "tax_code"), {})).toEqual([]);
  });

  it("lets a price gain a currency in place, never change or lose one", () => {
    const before = { currency_options: { usd: { unit_amount: 549 } } };
    const added = [{ path: "currency_options.chf.unit_amount", after: 490 }];
    expect(immutableFields("price", added, before)).toEqual([]);
    expect(immutableFields("price", added, {})).toEqual([]);
    const changed = [{ path: "currency_options.usd.unit_amount", before: 549, after: 599 }];
    expect(immutableFields("price", changed, before)).toEqual(["currency_options"]);
    const removed = [{ path: "currency_options.usd.unit_amount", before: 549 }];
    expect(immutableFields("price", removed, before)).toEqual(["currency_options"]);
    // A coupon gains a currency in place too (its promotion codes survive); a changed one replaces it.
    expect(immutableFields("coupon", [{ path: "currency_options.chf.amount_off", after: 1 }], {})).toEqual(
      [],
    );
    expect(
      immutableFields("coupon", [{ path: "currency_options.chf.amount_off", before: 1, after: 2 }], {
        currency_options: { chf: { amount_off: 1 } },
      }),
    ).toEqual(["currency_options"]);
  });
});

describe("a set-once field (a price's tax behaviour)", () => {
  const change = (before?: string, after?: string) => [{ path: "tax_behavior", before, after }];
  it("is set in place while absent, and any change of a set value replaces", () => {
    expect(immutableFields("price", change(undefined, "inclusive"), {})).toEqual([]);
    const set = { tax_behavior: "inclusive" };
    expect(immutableFields("price", change("inclusive", "exclusive"), set)).toEqual(["tax_behavior"]);
    expect(immutableFields("price", change("inclusive", undefined), set)).toEqual(["tax_behavior"]);
  });

  it("names the set value, the wanted one and the other immutable fields in the plan's reason", () => {
    const price = stateObject("price", "m/base", "price_1", { ...priceFields, tax_behavior: "inclusive" });
    const base = state([product, price]);
    const plan = (fields: Record<string, unknown>) =>
      makePlan({
        desired: [
          desired("product", "m", { name: "M" }),
          desired("price", "m/base", { ...priceFields, ...fields }),
        ],
        state: base,
      }).operations.find((o) => o.key === "m/base");
    expect(plan({ tax_behavior: "exclusive", unit_amount: 200 })?.why).toEqual({
      code: "set-once-changed",
      type: "price",
      field: "tax_behavior",
      from: "inclusive",
      to: "exclusive",
      fields: ["tax_behavior", "unit_amount"],
      id: "price_1",
    });
    expect(plan({})).toMatchObject({ action: "replace", why: { code: "set-once-changed", to: null } });
    const unset = stateObject("price", "m/base", "price_1", priceFields);
    const first = makePlan({
      desired: [
        desired("product", "m", { name: "M" }),
        desired("price", "m/base", { ...priceFields, tax_behavior: "exclusive" }),
      ],
      state: state([product, unset]),
    }).operations.find((o) => o.key === "m/base");
    expect(first).toMatchObject({ action: "update", id: "price_1" });
  });
});

describe("the default price", () => {
  const monthly = stateObject("price", "m/monthly", "price_1", { ...priceFields, lookup_key: "m/monthly" });
  const yearly = stateObject("price", "m/yearly", "price_2", { ...priceFields, lookup_key: "m/yearly" });
  const current = stateObject("default_price", "m#default-price", "dfp_1", {
    product: "m",
    price: "price_1",
  });
  const base = state([product, monthly, yearly, current]);
  const plan = (raise: boolean, to: string) =>
    makePlan({
      desired: [
        desired("product", "m", { name: "M" }),
        desired("price", "m/monthly", {
          ...priceFields,
          lookup_key: "m/monthly",
          unit_amount: raise ? 200 : 100,
        }),
        desired("price", "m/yearly", { ...priceFields, lookup_key: "m/yearly" }),
        desired("default_price", "m#default-price", { product: "$ref:m", price: `$ref:${to}` }),
      ],
      state: base,
    });

  it("moves with its price when this plan replaces it, and says so", () => {
    const op = plan(true, "m/monthly").operations.find((o) => o.type === "default_price");
    expect(op).toMatchObject({ action: "update", id: "dfp_1" });
    expect(op?.why).toEqual({ code: "default-price-moves", from: "price_1", to: "m/monthly" });
  });

  it("points at another component in place, and is unset before any price is archived", () => {
    const moved = plan(false, "m/yearly").operations.find((o) => o.type === "default_price");
    expect(moved).toMatchObject({
      action: "update",
      changes: [{ path: "price", before: "price_1", after: "price_2" }],
    });
    expect(moved?.why).toBeUndefined();
    const gone = makePlan({ desired: [desired("product", "m", { name: "M" })], state: base });
    expect(gone.operations.map((op) => `${op.action} ${op.type}`)).toEqual([
      "noop product",
      "archive default_price",
      "archive price",
      "archive price",
    ]);
  });
});

describe("resolveRefs", () => {
  it("replaces known references anywhere and leaves unknown ones", () => {
    const ids = new Map([["m", "prod_1"]]);
    const value = { a: "$ref:m", b: ["$ref:m", "$ref:x"], c: { d: 1, e: "plain" } };
    const out = resolveRefs(value, ids);
    expect(out).toEqual({ a: "prod_1", b: ["prod_1", "$ref:x"], c: { d: 1, e: "plain" } });
    expect(hasUnresolvedRef(out)).toBe(true);
    expect(hasUnresolvedRef(resolveRefs({ a: "$ref:m" }, ids))).toBe(false);
  });
});

describe("makePlan", () => {
  it("updates mutable fields in place and replaces on immutable ones", () => {
    const price = stateObject("price", "m/base", "price_1", priceFields);
    const base = state([product, price]);
    const rename = makePlan({
      desired: [
        desired("product", "m", { name: "M" }),
        desired("price", "m/base", { ...priceFields, product: "$ref:m", nickname: "x" }),
      ],
      state: base,
    });
    expect(rename.operations.map((op) => `${op.action} ${op.key}`)).toEqual(["noop m", "update m/base"]);
    const raise = makePlan({
      desired: [
        desired("product", "m", { name: "M" }),
        desired("price", "m/base", { ...priceFields, unit_amount: 200 }),
      ],
      state: base,
    });
    const op = raise.operations.find((o) => o.key === "m/base");
    expect(op).toMatchObject({ action: "replace", id: "price_1" });
    expect(op?.why).toEqual({
      code: "immutable-changed",
      type: "price",
      fields: ["unit_amount"],
      id: "price_1",
    });
  });

  it("reactivates an archived match instead of creating a duplicate", () => {
    const archived = stateObject("price", "m/base", "price_1", priceFields, { active: false });
    const plan = makePlan({
      desired: [desired("product", "m", { name: "M" }), desired("price", "m/base", priceFields)],
      state: state([product, archived]),
    });
    expect(plan.operations.find((o) => o.key === "m/base")).toMatchObject({
      action: "reactivate",
      id: "price_1",
    });
    expect(plan.summary.create).toBe(0);
  });

  it("keeps the matching one of two active objects of a key and archives the other as a duplicate", () => {
    const { lookup_key: _transferred, ...keyless } = priceFields;
    const stale = stateObject("price", "m/base", "price_old", { ...keyless, unit_amount: 90 });
    const fresh = stateObject("price", "m/base", "price_new", priceFields);
    const plan = makePlan({
      desired: [desired("product", "m", { name: "M" }), desired("price", "m/base", priceFields)],
      state: state([product, stale, fresh]),
    });
    const ops = plan.operations.filter((o) => o.key === "m/base");
    expect(ops.map((o) => [o.action, o.id])).toEqual([
      ["noop", "price_new"],
      ["archive", "price_old"],
    ]);
    expect(ops[1]?.why).toEqual({ code: "duplicate", type: "price" });
  });

  it("never reactivates a coupon: a deleted coupon is made again", () => {
    const coupon = stateObject("coupon", "m/off", "co_1", { percent_off: 10 }, { active: false });
    const plan = makePlan({
      desired: [desired("product", "m", { name: "M" }), desired("coupon", "m/off", { percent_off: 10 })],
      state: state([product, coupon]),
    });
    expect(plan.operations.find((o) => o.key === "m/off")?.action).toBe("create");
  });

  it("archives what left the models, dependants before the product", () => {
    const price = stateObject("price", "m/base", "price_1", priceFields);
    const plan = makePlan({ desired: [], state: state([product, price]) });
    expect(plan.operations.map((op) => `${op.action} ${op.type}`)).toEqual([
      "archive price",
      "archive product",
    ]);
    expect(plan.summary.archive).toBe(2);
  });

  it("leaves models outside the scope alone and records the scope sorted", () => {
    const other = stateObject("product", "n", "n", { name: "N" });
    const plan = makePlan({
      desired: [desired("product", "m", { name: "M2" })],
      state: state([product, other]),
      scope: ["z", "m"],
    });
    expect(plan.operations.map((op) => `${op.action} ${op.key}`)).toEqual(["update m"]);
    expect(plan.scope).toEqual(["m", "z"]);
  });

  it("records the state it was made against", () => {
    const a = plan0({ desired: [], state: state([product]), baseDigest: "a".repeat(64) });
    expect(a.baseDigest).toBe("a".repeat(64));
    expect(a.baseRevision).toBe("stripe-rev-0001");
  });
});

describe("promotion codes", () => {
  const code = (c: string) => ({ code: c, coupon: "co_1", metadata: {} });
  const welcome = stateObject("promotion_code", "m/launch#code:welcome", "promo_1", code("WELCOME20"));

  it("replaces a changed code (deactivating first), retires one the model marks inactive, and reactivates it", () => {
    const changed = makePlan({
      desired: [desired("promotion_code", "m/launch#code:welcome", code("WELCOME25"))],
      state: state([welcome]),
    });
    expect(changed.operations[0]).toMatchObject({
      action: "replace",
      why: { code: "promotion-code-fixed", fields: ["code"], id: "promo_1", promotionCode: "WELCOME20" },
    });
    expect(changed.problems).toBeUndefined();

    const paused = {
      ...desired("promotion_code", "m/launch#code:welcome", code("WELCOME20")),
      inactive: true,
    };
    const off = makePlan({ desired: [paused], state: state([welcome]) });
    expect(off.operations).toMatchObject([
      { action: "archive", id: "promo_1", why: { code: "made-inactive" } },
    ]);
    // Already inactive: nothing to do.
    const archived = { ...welcome, active: false };
    expect(makePlan({ desired: [paused], state: state([archived]) }).operations).toEqual([]);
    const back = makePlan({
      desired: [desired("promotion_code", "m/launch#code:welcome", code("WELCOME20"))],
      state: state([archived]),
    });
    expect(back.operations).toMatchObject([{ action: "reactivate", id: "promo_1" }]);
  });

  it("is a problem when an active code of another key holds the code, whatever its case", () => {
    const moved = makePlan({
      desired: [desired("promotion_code", "m/other#code:welcome", code("welcome20"))],
      state: state([welcome]),
    });
    expect(moved.problems).toEqual([
      {
        code: "promotion-code-taken",
        key: "m/other#code:welcome",
        promotionCode: "welcome20",
        holder: "promo_1",
        heldBy: "m/launch#code:welcome",
      },
    ]);
    const foreign = makePlan({
      desired: [desired("promotion_code", "m/launch#code:welcome", code("WELCOME20"))],
      state: state([]),
      unmanaged: [
        { type: "promotion_code", id: "promo_9" as never, active: true, fields: code("Welcome20") },
      ],
    });
    expect(foreign.problems).toMatchObject([{ code: "promotion-code-taken", holder: "promo_9" }]);
    const inactiveHolder = makePlan({
      desired: [desired("promotion_code", "m/launch#code:welcome", code("WELCOME20"))],
      state: state([]),
      unmanaged: [
        { type: "promotion_code", id: "promo_9" as never, active: false, fields: code("WELCOME20") },
      ],
    });
    expect(inactiveHolder.problems).toBeUndefined();
  });
});
