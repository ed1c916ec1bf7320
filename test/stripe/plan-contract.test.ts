/**
 * "A plan that validates is a plan that applies" (issue 10), through the real CLI against the
 * emulator: each input that used to pass review and then fail on Stripe, or publish something
 * else than the plan said, now either applies and settles or is refused before the first write.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { duplicates, type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A harness whose repo holds exactly these model files. */
async function withModels(files: Readonly<Record<string, string>>): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pricing-contract-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  h = await startHarness(dir);
  return h;
}

/** Writes, commits and applies; the apply must succeed and the next plan be empty. */
async function applySettled(harness: Harness, message = "models"): Promise<void> {
  harness.git("add", "-A");
  if (harness.git("status", "--porcelain").trim() !== "") harness.git("commit", "-qm", message);
  const applied = await harness.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  const plan = await harness.run("plan", "--detailed-exitcode");
  expect(plan.code, plan.stdout).toBe(0);
  expect(duplicates(harness.emulator)).toEqual([]);
}

const header = (id: string, name: string, extra = "") =>
  `apiVersion: pricing/v1\nkind: PricingModel\nid: ${id}\nproduct:\n  name: ${name}\ncurrency: eur\n${extra}`;

const meter = (id: string, eventName: string, aggregation = "sum") =>
  `meters:\n  - { id: ${id}, eventName: ${eventName}, displayName: Energy, aggregation: ${aggregation}, valueKey: kwh }\n`;

describe("nothing priced silently", () => {
  it("a free first tier (0) is zero in every currency, and every currency gets its overage", async () => {
    const harness = await withModels({
      "api.yaml": `${header("api", "API", "currencyOptions: [usd]\n")}meters:
  - { id: calls, eventName: api_calls, displayName: API calls, aggregation: sum }
components:
  - id: calls
    type: metered
    meter: calls
    tiersMode: graduated
    tiers:
      - { upTo: 1000, unitAmount: 0 }
      - { upTo: inf, unitAmount: { eur: 0.002, usd: 0.0025 } }
    interval: month
`,
    });
    await applySettled(harness);
    const [price] = harness.emulator.store.prices.list();
    const tiers = (
      t: readonly { up_to: number | null; unit_amount_decimal: string | null }[] | null | undefined,
    ) => (t ?? []).map((x) => [x.up_to, x.unit_amount_decimal]);
    expect(tiers(price?.tiers)).toEqual([
      [1000, "0"],
      [null, "0.2"],
    ]);
    expect(tiers(price?.currency_options.usd?.tiers)).toEqual([
      [1000, "0"],
      [null, "0.25"],
    ]);
  });
});

describe("values carried exactly", () => {
  it("configuration reaches the product's metadata as written in the YAML", async () => {
    const harness = await withModels({
      "cfg.yaml": `${header("cfg", "Configured")}components:
  - { id: base, type: flat, amount: 1.00, interval: month }
configuration:
  ratio: 1.50
  big: 12345678901234567890
  flag: True
`,
    });
    await applySettled(harness);
    expect(harness.emulator.store.products.get("cfg")?.metadata).toMatchObject({
      pricing_cfg_ratio: "1.50",
      pricing_cfg_big: "12345678901234567890",
      pricing_cfg_flag: "True",
    });
  });

  it('refuses an empty metadata value, which Stripe reads as "delete this key"', async () => {
    const harness = await withModels({
      "meta.yaml": `${header("meta", "Meta")}components:
  - { id: base, type: flat, amount: 1.00, interval: month }
configuration:
  note: ""
`,
    });
    const plan = await harness.run("plan");
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/models\/meta\.yaml:\d+:\d+ error .*delete this key/);
    expect(harness.emulator.requestCount({ method: "POST" })).toBe(0);
  });
});

describe("names Stripe accepts", () => {
  it("derives a coupon name that fits Stripe's 40 characters", async () => {
    const harness = await withModels({
      "premium.yaml": `${header("premium", "Home and public charging, premium tier")}components:
  - { id: base, type: flat, amount: 9.99, interval: month }
  - { id: launch, type: discount, percentOff: 20, duration: once }
`,
    });
    await applySettled(harness);
    const coupon = harness.emulator.store.coupons.list()[0];
    expect([...(coupon?.name ?? "")].length).toBeLessThanOrEqual(40);
    expect(coupon?.name).toMatch(/ launch$/);
  });
});

describe("billing meters are identified by their event name", () => {
  const payg = (id: string, meterId: string) =>
    `${header(id, "Pay as you go")}${meter(meterId, "payg_kwh")}components:
  - { id: energy, type: metered, meter: ${meterId}, unitAmount: 0.39, interval: month }
`;

  it.each([
    ["the model id", "payg-energy", "energy"],
    ["the meter's local id", "payg-kwh", "kwh"],
  ])("renaming %s keeps the meter instead of creating one Stripe refuses", async (_what, id, meterId) => {
    const harness = await withModels({ "payg.yaml": payg("payg-kwh", "energy") });
    await applySettled(harness);
    const before = harness.emulator.store.meters.list().map((m) => m.id);
    harness.write("models/payg.yaml", payg(id, meterId));
    const plan = await harness.run("plan");
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain("now belongs to this key");
    await applySettled(harness, "rename");
    expect(harness.emulator.store.meters.list().map((m) => m.id)).toEqual(before);
    const price = harness.state().objects.find((o) => o.type === "price" && o.active);
    expect((price?.fields.recurring as { meter?: string } | undefined)?.meter).toBe(before[0]);
  });

  it("adopts a deactivated meter of the same event name, and refuses before any write when it cannot", async () => {
    const harness = await withModels({ "payg.yaml": payg("payg-kwh", "energy") });
    await applySettled(harness);
    const other = await harness.stripe.billing.meters.create({
      display_name: "Old",
      event_name: "old_kwh",
      default_aggregation: { formula: "sum" },
      value_settings: { event_payload_key: "value" },
    });
    await harness.stripe.billing.meters.deactivate(other.id);
    const second = (valueKey: string) =>
      `${header("second", "Second")}meters:
  - { id: energy, eventName: old_kwh, displayName: Energy, aggregation: sum, valueKey: ${valueKey} }
components:
  - { id: energy, type: metered, meter: energy, unitAmount: 0.10, interval: month }
`;
    // The old meter reads another payload key, which Stripe cannot change: a new meter would be
    // needed, and Stripe never gives its event name to one. Refused, nothing sent.
    harness.write("models/second.yaml", second("kwh"));
    harness.git("add", "-A");
    harness.git("commit", "-qm", "second");
    harness.emulator.resetCounts();
    const refused = await harness.run("apply");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the event name old_kwh is held by meter ${other.id}`);
    expect(harness.emulator.requestCount({ method: "POST" })).toBe(0);
    // Matching it, the meter is reactivated (and renamed in place) rather than duplicated.
    harness.write("models/second.yaml", second("value"));
    await applySettled(harness, "read the old meter's payload key");
    expect(harness.emulator.store.meters.get(other.id)?.status).toBe("active");
    expect(harness.emulator.store.meters.get(other.id)?.display_name).toBe("Energy");
  });
});

describe("lookup keys held by prices the tool does not manage", () => {
  const flat = (takeover: boolean) =>
    `${header("shop", "Shop")}components:
  - { id: base, type: flat, amount: 5.00, interval: month${takeover ? ", takeOverLookupKey: true" : ""} }
`;

  it("are refused before the first write, and taken over only when the model says so", async () => {
    const harness = await withModels({ "shop.yaml": flat(false) });
    const product = await harness.stripe.products.create({ name: "Hand-made" });
    const stray = await harness.stripe.prices.create({
      product: product.id,
      currency: "eur",
      unit_amount: 100,
      lookup_key: "shop/base",
    });
    const plan = await harness.run("plan");
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(`the lookup key shop/base is held by ${stray.id}`);
    expect(plan.stdout).toContain("takeOverLookupKey: true");
    harness.emulator.resetCounts();
    const refused = await harness.run("apply");
    expect(refused.code).toBe(1);
    expect(harness.emulator.requestCount({ method: "POST" })).toBe(0);
    expect(harness.emulator.store.prices.get(stray.id)?.lookup_key).toBe("shop/base");

    harness.write("models/shop.yaml", flat(true));
    const takeover = await harness.run("plan");
    expect(takeover.code, takeover.stdout).toBe(0);
    expect(takeover.stdout).toContain(`takes the lookup key shop/base from ${stray.id}`);
    await applySettled(harness, "take the key over");
    expect(harness.emulator.store.prices.get(stray.id)?.lookup_key).toBeNull();
    expect(harness.emulator.store.prices.get(stray.id)?.active).toBe(true);
  });
});

describe("prices", () => {
  const model = (amount: string, currencies: string) =>
    `${header("multi", "Multi", `currencyOptions: [${currencies}]\n`)}components:
  - { id: base, type: flat, amount: ${amount}, interval: month }
`;

  it("gains a currency in place, keeping its id", async () => {
    const harness = await withModels({ "multi.yaml": model("{ eur: 5.00, usd: 5.50 }", "usd") });
    await applySettled(harness);
    const [price] = harness.state().objects.filter((o) => o.type === "price");
    harness.write("models/multi.yaml", model("{ eur: 5.00, usd: 5.50, chf: 4.90 }", "usd, chf"));
    const plan = await harness.run("plan");
    expect(plan.stdout).toContain("update price multi/base");
    expect(plan.stdout).not.toContain("replace price");
    await applySettled(harness, "chf");
    const stored = harness.emulator.store.prices.get(price?.id ?? "");
    expect(stored?.active).toBe(true);
    expect(stored?.currency_options.chf?.unit_amount).toBe(490);
    expect(stored?.currency_options.usd?.unit_amount).toBe(550);
  });

  it("a discount gains a currency in place: the coupon, and the promotion codes on it, survive", async () => {
    const discount = (amountOff: string, currencies: string) =>
      `${header("multi", "Multi", `currencyOptions: [${currencies}]\n`)}components:
  - { id: base, type: flat, amount: { eur: 5.00, usd: 5.50, chf: 4.90 }, interval: month }
  - { id: welcome, type: discount, amountOff: ${amountOff}, duration: once }
`.replace("chf: 4.90 }", currencies.includes("chf") ? "chf: 4.90 }" : "}");
    const harness = await withModels({ "multi.yaml": discount("{ eur: 2.00, usd: 2.20 }", "usd") });
    await applySettled(harness);
    const [coupon] = harness.emulator.store.coupons.list();
    const code = await harness.stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: coupon?.id ?? "" },
      code: "WELCOME2",
    });
    harness.write("models/multi.yaml", discount("{ eur: 2.00, usd: 2.20, chf: 1.80 }", "usd, chf"));
    await applySettled(harness, "chf");
    expect(harness.emulator.store.coupons.get(coupon?.id ?? "")?.currency_options.chf?.amount_off).toBe(180);
    expect((await harness.stripe.promotionCodes.retrieve(code.id)).active).toBe(true);
  });

  it("moves the product's default price to the replacement instead of clearing it", async () => {
    const harness = await withModels({ "multi.yaml": model("{ eur: 5.00, usd: 5.50 }", "usd") });
    await applySettled(harness);
    const [first] = harness.state().objects.filter((o) => o.type === "price" && o.active);
    await harness.stripe.products.update("multi", { default_price: first?.id ?? "" });
    harness.write("models/multi.yaml", model("{ eur: 6.00, usd: 6.50 }", "usd"));
    await applySettled(harness, "raise");
    const [second] = harness.state().objects.filter((o) => o.type === "price" && o.active);
    expect(second?.id).not.toBe(first?.id);
    expect(harness.emulator.store.products.get("multi")?.default_price).toBe(second?.id);
    expect(harness.emulator.store.prices.get(first?.id ?? "")?.active).toBe(false);
  });
});

describe("rate limits", () => {
  it("an apply converges when 20% of requests get a rate-limit 429 without Stripe-Should-Retry", async () => {
    const harness = await withModels({
      "multi.yaml": `${header("multi", "Multi", "currencyOptions: [usd]\n")}components:
  - { id: base, type: flat, amount: { eur: 5.00, usd: 5.50 }, interval: month }
  - { id: once, type: flat, amount: { eur: 19.00, usd: 21.00 }, interval: one_time }
  - { id: off, type: discount, percentOff: 10, duration: once }
`,
    });
    harness.emulator.setFaults(0.2, "rate_limit");
    const applied = await harness.run("apply");
    expect(applied.code, applied.stderr).toBe(0);
    harness.emulator.setFaults(0);
    expect((await harness.run("plan", "--detailed-exitcode")).code).toBe(0);
    expect(duplicates(harness.emulator)).toEqual([]);
  });
});
