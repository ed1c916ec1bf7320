/**
 * Subscriber impact in the plan (issue 14), through the real CLI and SDK against the emulator:
 * seeded subscriptions across several prices (active, trialing, past_due, canceled: only
 * active and trialing count), more than 100 on one price, a yearly, a weekly and a metered
 * price, two currencies. The request count is asserted equal to the floor: one list page per
 * 100 subscriptions per counted status per affected price, and none when nothing is replaced.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

const model = (id: string, currency: string, component: string) => `apiVersion: pricing/v1
kind: PricingModel
id: ${id}
product: { name: ${id} }
currency: ${currency}
${component}`;

const MODELS: Readonly<Record<string, string>> = {
  "flat.yaml": model(
    "flat",
    "eur",
    "components:\n  - { id: base, type: flat, amount: 8.99, interval: month }\n",
  ),
  "yearly.yaml": model(
    "yearly",
    "eur",
    "components:\n  - { id: base, type: flat, amount: 499, interval: year }\n",
  ),
  "weekly.yaml": model(
    "weekly",
    "gbp",
    "components:\n  - { id: base, type: flat, amount: 5.00, interval: week }\n",
  ),
  "seats.yaml": model(
    "seats",
    "usd",
    "components:\n  - { id: base, type: flat, amount: 12.00, interval: month }\n",
  ),
  "usage.yaml": model(
    "usage",
    "usd",
    "meters:\n  - { id: calls, eventName: sub_test_calls, displayName: Calls, aggregation: sum }\ncomponents:\n  - { id: calls, type: metered, meter: calls, unitAmount: 0.39, interval: month }\n",
  ),
};

const planSchema = new Ajv2020({ strict: true, allErrors: true }).compile(
  JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", "schemas", "plan.schema.json"), "utf8"),
  ) as object,
);

let h: Harness;
let dir: string;
const ids: Record<string, string> = {};
/** Active and trialing subscriptions seeded per affected price. */
const counted: Record<string, { active: number; trialing: number }> = {};

const priceId = (key: string) => {
  const o = h.state().objects.find((x) => x.type === "price" && x.key === key && x.active);
  if (!o) throw new Error(`no active price ${key}`);
  return o.id;
};

async function seed(
  price: string,
  customers: number,
  status: "active" | "trialing" | "past_due",
  quantity?: number,
) {
  return h.emulator.seed({
    customers,
    prices: [{ price, status, ...(quantity ? { quantity } : {}) }],
    seed: customers,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pricing-subscribers-"));
  for (const [f, text] of Object.entries(MODELS)) writeFileSync(join(dir, f), text);
  h = await startHarness(dir);
  const applied = await h.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  for (const key of ["flat/base", "yearly/base", "weekly/base", "seats/base", "usage/calls"])
    ids[key] = priceId(key);
  const flat = ids["flat/base"] as string;
  await seed(flat, 130, "active");
  await seed(flat, 20, "trialing", 2);
  await seed(flat, 7, "past_due");
  const gone = await seed(flat, 5, "active");
  for (const id of gone.subscription_ids) await h.stripe.subscriptions.cancel(id);
  await seed(ids["yearly/base"] as string, 25, "active");
  await seed(ids["weekly/base"] as string, 12, "active");
  await seed(ids["usage/calls"] as string, 40, "active");
  await seed(ids["usage/calls"] as string, 3, "trialing");
  await seed(ids["seats/base"] as string, 30, "active", 3);
  counted["flat/base"] = { active: 130, trialing: 20 };
  counted["yearly/base"] = { active: 25, trialing: 0 };
  counted["weekly/base"] = { active: 12, trialing: 0 };
  counted["usage/calls"] = { active: 40, trialing: 3 };
}, 60_000);

afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const listRequests = () => h.emulator.requestCount({ method: "GET", path: /^\/v1\/subscriptions$/ });

describe("a plan that replaces and archives nothing", () => {
  it("asks for no subscriber and shows no section", async () => {
    const before = listRequests();
    const plan = await h.run("plan", "--format", "json");
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).subscribers).toBeUndefined();
    expect(listRequests()).toBe(before);
  });
});

describe("a plan that replaces and archives prices", () => {
  let json: {
    subscribers: {
      counted: boolean;
      prices: {
        key: string;
        price: string;
        action: string;
        active: number;
        trialing: number;
        currencies: Record<string, unknown>[];
      }[];
    };
  };
  let requests = 0;
  let markdown = "";
  let text = "";

  beforeAll(async () => {
    h.write("models/flat.yaml", MODELS["flat.yaml"]?.replace("8.99", "9.49") ?? "");
    h.write("models/yearly.yaml", MODELS["yearly.yaml"]?.replace("499", "549") ?? "");
    h.write("models/weekly.yaml", MODELS["weekly.yaml"]?.replace("5.00", "6.00") ?? "");
    rmSync(join(h.dir, "models", "usage.yaml"));
    h.git("add", "-A");
    h.git("commit", "-qm", "raise prices, drop usage");
    const before = listRequests();
    const plan = await h.run("plan", "--format", "json");
    expect(plan.code, plan.stderr).toBe(0);
    requests = listRequests() - before;
    json = JSON.parse(plan.stdout);
    markdown = (await h.run("plan", "--format", "markdown")).stdout;
    text = (await h.run("plan")).stdout;
    if (process.env.SHOW_PLAN === "1") process.stdout.write(`${markdown}\n${text}`);
  }, 60_000);

  it("lists each affected price once, sorted, and only those", () => {
    expect(json.subscribers.counted).toBe(true);
    expect(json.subscribers.prices.map((p) => [p.key, p.action, p.price])).toEqual([
      ["flat/base", "replace", ids["flat/base"]],
      ["usage/calls", "archive", ids["usage/calls"]],
      ["weekly/base", "replace", ids["weekly/base"]],
      ["yearly/base", "replace", ids["yearly/base"]],
    ]);
  });

  it("counts active and trialing subscriptions only (not past_due, not canceled), beyond one page", () => {
    for (const p of json.subscribers.prices)
      expect([p.key, p.active, p.trialing]).toEqual([
        p.key,
        counted[p.key]?.active,
        counted[p.key]?.trialing,
      ]);
  });

  it("normalises revenue to a month exactly and prices the same subscriptions on the new price", () => {
    const of = (key: string) => json.subscribers.prices.find((p) => p.key === key)?.currencies;
    // 130 × €8.99 + 20 trialing × 2 × €8.99; on the new price 170 × €9.49.
    expect(of("flat/base")).toEqual([
      {
        currency: "eur",
        active: 130,
        trialing: 20,
        usageBased: 0,
        mrr: 152830,
        mrrText: "€1,528.30 / month",
        onNewPrice: 161330,
        onNewPriceText: "€1,613.30 / month (+€85.00, +5.6%)",
      },
    ]);
    // 25 × €499 a year ÷ 12 = €1,039.583… → €1,039.58; 25 × €549 ÷ 12 = €1,143.75.
    expect(of("yearly/base")?.[0]).toMatchObject({ mrr: 103958, onNewPrice: 114375 });
    // 12 × £5 a week × 52 ÷ 12 = £260; on £6: £312.
    expect(of("weekly/base")?.[0]).toMatchObject({ currency: "gbp", mrr: 26000, onNewPrice: 31200 });
    // Metered: counted, no fixed amount; archived, so no new price.
    expect(of("usage/calls")).toEqual([
      { currency: "usd", active: 40, trialing: 3, usageBased: 43, mrr: 0, mrrText: "43 usage-based" },
    ]);
  });

  it("costs exactly the floor: one list page per 100 per status per price", () => {
    const floor = Object.values(counted).reduce(
      (sum, c) => sum + Math.max(1, Math.ceil(c.active / 100)) + Math.max(1, Math.ceil(c.trialing / 100)),
      0,
    );
    expect(floor).toBe(9);
    expect(requests).toBe(floor);
  });

  it("matches the plan schema", () => {
    expect(planSchema(json), JSON.stringify(planSchema.errors)).toBe(true);
  });

  it("shows a table in the comment and lines in the text plan", () => {
    expect(markdown).toContain("#### Subscribers on replaced and archived prices");
    expect(markdown).toContain(
      `| \`flat/base\` | \`${ids["flat/base"]}\` | replaced | EUR | 130 | 20 | €1,528.30 / month | €1,613.30 / month (+€85.00, +5.6%) |`,
    );
    expect(markdown).toContain(
      `| \`usage/calls\` | \`${ids["usage/calls"]}\` | archived | USD | 40 | 3 | 43 usage-based | — |`,
    );
    expect(text).toContain(
      `flat/base (${ids["flat/base"]}) replaced: EUR 130 active, 20 trialing: €1,528.30 / month kept on the old price; on the new price €1,613.30 / month (+€85.00, +5.6%)`,
    );
  });
});
