/**
 * Subscriber impact from models to rows: the real pipeline (models → Stripe objects → plan),
 * then subscriber lines as a backend would list them. Multi-currency prices bill each
 * subscription in its own currency through the price's currency options.
 */
import { describe, expect, it } from "vitest";
import { freshState, modelsFromFiles, planFor, publishModels } from "../../../test/helpers/pipeline.js";
import { subscribersJson, subscribersMarkdown, subscribersText } from "../render/subscribers.js";
import type { State } from "../state/types.js";
import { affectedPrices, computeSubscribers, type SubscriberLine } from "./subscribers.js";

const model = (amount: string, options = "[usd, jpy]") =>
  [
    "apiVersion: pricing/v1",
    "kind: PricingModel",
    "id: m",
    "product: { name: Test }",
    "currency: eur",
    `currencyOptions: ${options}`,
    "components:",
    `  - { id: base, type: flat, amount: ${amount}, interval: month }`,
    "",
  ].join("\n");

const files = (text: string) => modelsFromFiles([{ path: "m.yaml", text }]);

async function published(text: string, state: State = freshState()): Promise<State> {
  return (await publishModels(files(text), state)).state;
}

const priceOf = (state: State) => {
  const p = state.objects.find((o) => o.type === "price" && o.active);
  if (!p) throw new Error("no active price");
  return p.id;
};

const line = (
  price: string,
  currency: string,
  n: number,
  quantity: number | null = 1,
  status: SubscriberLine["status"] = "active",
): SubscriberLine[] =>
  Array.from({ length: n }, (_, i) => ({
    subscription: `sub_${currency}_${status}_${i}`,
    status,
    price,
    currency,
    quantity,
  }));

describe("computeSubscribers", () => {
  it("totals each currency at its own amount, and prices the same subscriptions on the new price", async () => {
    const state = await published(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }"));
    const plan = planFor(files(model("{ eur: 10.00, usd: 11.00 }", "[usd]")), state);
    const old = priceOf(state);
    const lines = [
      ...line(old, "usd", 3, 2),
      ...line(old, "eur", 2),
      ...line(old, "jpy", 1),
      ...line(old, "eur", 1, 1, "trialing"),
    ];
    const s = computeSubscribers(plan, state, { counted: true, lines });
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]?.count).toEqual({
      active: 6,
      trialing: 1,
      currencies: [
        { currency: "eur", active: 2, trialing: 1, usageBased: 0, mrr: 2700n, onNew: 3000n },
        { currency: "jpy", active: 1, trialing: 0, usageBased: 0, mrr: 1500n, onNew: null },
        { currency: "usd", active: 3, trialing: 0, usageBased: 0, mrr: 6000n, onNew: 6600n },
      ],
    });
    expect(subscribersText(s).join("\n")).toContain(
      "JPY 1 active, 0 trialing: ¥1,500 / month kept on the old price; on the new price not offered in JPY",
    );
  });

  it("counts a subscription listed twice once", async () => {
    const state = await published(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }"));
    const plan = planFor(files(model("{ eur: 10.00, usd: 11.00, jpy: 1600 }")), state);
    const once = line(priceOf(state), "eur", 1);
    const s = computeSubscribers(plan, state, { counted: true, lines: [...once, ...once] });
    expect(s.rows[0]?.count?.active).toBe(1);
  });

  it("names the price a reactivation takes over from, with the reactivated one as the new price", async () => {
    const first = await published(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }"));
    const second = await published(model("{ eur: 10.00, usd: 11.00, jpy: 1600 }"), first);
    const current = priceOf(second);
    const plan = planFor(files(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }")), second);
    expect(plan.operations.some((op) => op.action === "reactivate")).toBe(true);
    expect(affectedPrices(plan).map((p) => [p.id, p.action])).toEqual([[current, "replace"]]);
    const s = computeSubscribers(plan, second, { counted: true, lines: line(current, "eur", 4) });
    expect(s.rows[0]?.count?.currencies[0]).toMatchObject({ mrr: 4000n, onNew: 3600n });
  });

  it("on the shadow backend lists the prices without counts, and says why", async () => {
    const state = await published(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }"));
    const plan = planFor(files(model("{ eur: 10.00, usd: 11.00, jpy: 1600 }")), state);
    const s = computeSubscribers(plan, state, { counted: false, why: "shadow" });
    expect(s.counted).toBe(false);
    expect(s.rows[0]?.count).toBeUndefined();
    const md = subscribersMarkdown(s).join("\n");
    expect(md).toContain("The shadow backend has no customers, so no subscribers were counted.");
    expect(md).not.toMatch(/\| 0 \|/);
    expect(subscribersJson(s)).toMatchObject({
      counted: false,
      prices: [{ key: "m/base", action: "replace" }],
    });
  });

  it("has nothing to count when no price is replaced or archived", async () => {
    const state = await published(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }"));
    expect(affectedPrices(planFor(files(model("{ eur: 9.00, usd: 10.00, jpy: 1500 }")), state))).toEqual([]);
  });
});
