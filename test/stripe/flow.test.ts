/**
 * The Stripe backend end to end: the real CLI and the unmodified `stripe` SDK against the
 * emulator over loopback. Publish, change, roll back, drift after dashboard edits, import.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OBJECT_TYPES } from "../../src/core/stripe/registry.js";
import { duplicates, type Harness, startHarness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const writes = () =>
  h.emulator.requestCount({ method: "POST" }) + h.emulator.requestCount({ method: "DELETE" });

describe("stripe backend", () => {
  it("publishes the example catalog, then a no-op plan makes no write and one list page per type", async () => {
    const applied = await h.run("apply");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^Published stripe-rev-0001: 39 to create/);
    expect(h.emulator.store.products.size).toBe(7);
    expect(h.emulator.store.meters.size).toBe(7);
    expect(h.emulator.store.coupons.size).toBe(3);
    expect(h.emulator.store.prices.size).toBe(13);
    const product = h.emulator.store.products.get("ev-plus-monthly");
    expect(product?.metadata).toMatchObject({
      pricing_key: "ev-plus-monthly",
      pricing_managed_by: "adaptive-pricing",
      pricing_term_contract: "contract_duration 12 months",
      pricing_cfg_roaming: "enabled",
    });
    const state = h.state();
    expect(state.revision).toBe("stripe-rev-0001");
    // Every registered type is in the example catalog, so the no-op plan below proves that each
    // type's Stripe resource reads back what it wrote: a new type must join the catalog.
    for (const type of OBJECT_TYPES)
      expect(state.objects.filter((o) => o.type === type).length, `objects of type ${type}`).toBeGreaterThan(
        0,
      );
    const energy = state.objects.find((o) => o.key === "payg-kwh/energy");
    const meter = state.objects.find((o) => o.key === "payg-kwh#meter:energy");
    expect(energy?.id).toMatch(/^price_/);
    expect((energy?.fields.recurring as { meter: string } | undefined)?.meter).toBe(meter?.id);
    expect(h.emulator.store.prices.get(energy?.id ?? "")?.recurring?.meter).toBe(meter?.id);

    h.emulator.resetCounts();
    const plan = await h.run("plan", "--detailed-exitcode");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No changes.");
    expect(writes()).toBe(0);
    // products, active prices, archived prices, meters, coupons, promotion codes: one page each
    expect(h.emulator.requestCount({ method: "GET" })).toBe(6);
  });

  it("replaces a changed price with a lookup-key transfer and rolls back by reactivating it", async () => {
    expect((await h.run("apply")).code).toBe(0);
    const first = h.state().objects.find((o) => o.key === "flat-899-eur-monthly/base");
    h.write(
      "models/flat-899-eur-monthly.yaml",
      h.read("models/flat-899-eur-monthly.yaml").replace("amount: 8.99", "amount: 9.49"),
    );
    h.git("commit", "-qam", "raise the flat price");
    h.emulator.resetCounts();
    const applied = await h.run("apply");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("1 to replace");
    expect(writes()).toBe(2); // create with transfer_lookup_key, archive the old price
    const second = h.state().objects.find((o) => o.key === "flat-899-eur-monthly/base" && o.active);
    expect(second?.id).not.toBe(first?.id);
    expect(h.emulator.store.prices.get(second?.id ?? "")?.lookup_key).toBe("flat-899-eur-monthly/base");
    expect(h.emulator.store.prices.get(first?.id ?? "")?.active).toBe(false);
    expect(h.emulator.store.prices.get(first?.id ?? "")?.lookup_key).toBeNull();

    const rolled = await h.run("rollback", "stripe-rev-0001");
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain("1 to reactivate");
    const back = h.state().objects.find((o) => o.key === "flat-899-eur-monthly/base" && o.active);
    expect(back?.id).toBe(first?.id);
    expect(h.emulator.store.prices.get(first?.id ?? "")?.lookup_key).toBe("flat-899-eur-monthly/base");
    expect(h.emulator.store.prices.get(second?.id ?? "")?.active).toBe(false);
    expect(h.read("models/flat-899-eur-monthly.yaml")).toContain("amount: 8.99");
    expect(duplicates(h.emulator)).toEqual([]);
    expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
    expect(h.git("log", "-1", "--format=%B")).toContain("Pricing-Revision: stripe-rev-0003");
  });

  it("reports dashboard edits as drift with field detail, and the next apply converges them", async () => {
    expect((await h.run("apply")).code).toBe(0);
    const s = h.stripe;
    await s.products.update("payg-kwh", {
      name: "Renamed in the dashboard",
      metadata: { segment: "edited" },
    });
    // Stripe refuses to archive a product's default price: the dashboard user unsets it first.
    const platform = h.state().objects.find((o) => o.key === "fleet-tiered/platform");
    await expect(s.prices.update(platform?.id ?? "", { active: false })).rejects.toThrow(/default price/);
    await s.products.update("fleet-tiered", { default_price: "" });
    await s.prices.update(platform?.id ?? "", { active: false });
    // A tax behaviour set in the dashboard cannot be taken back: the price is replaced.
    const yearly = h.state().objects.find((o) => o.key === "business-yearly-volume/base");
    await s.prices.update(yearly?.id ?? "", { tax_behavior: "inclusive" });
    const welcome = h.state().objects.find((o) => o.key === "roaming-multi-currency/welcome");
    await s.coupons.del(welcome?.id ?? "");
    const stray = await s.prices.create({
      product: "payg-kwh",
      currency: "eur",
      unit_amount: 100,
      lookup_key: "payg-kwh/activation",
      transfer_lookup_key: true,
    });

    const drift = await h.run("drift", "--detailed-exitcode", "--format", "json");
    expect(drift.code).toBe(2);
    const findings = (
      JSON.parse(drift.stdout) as { findings: { kind: string; key: string; changes: { path: string }[] }[] }
    ).findings;
    const summary = findings.map((f) => `${f.kind} ${f.key} ${f.changes.map((c) => c.path).join(",")}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        "changed payg-kwh metadata.segment,name",
        "status fleet-tiered/platform active",
        "status fleet-tiered#default-price active",
        "changed business-yearly-volume/base tax_behavior",
        "missing roaming-multi-currency/welcome ",
        "changed payg-kwh/activation lookup_key",
        "conflict payg-kwh/activation ",
      ]),
    );
    // Taking the key back would change what a checkout looking it up sells: the plan refuses.
    const refused = await h.run("plan");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`the lookup key payg-kwh/activation is held by ${stray.id}`);
    h.emulator.resetCounts();
    expect((await h.run("apply")).stderr).toContain("cannot be applied on Stripe; nothing was written");
    expect(h.emulator.requestCount({ method: "POST" })).toBe(0);
    // The operator gives the key back; the next apply converges.
    await s.prices.update(stray.id, { lookup_key: "" });
    const plan = await h.run("plan");
    expect(plan.stdout).toContain("update product payg-kwh");
    expect(plan.stdout).toContain("reactivate price fleet-tiered/platform");
    expect(plan.stdout).toContain("reactivate default_price fleet-tiered#default-price");
    expect(plan.stdout).toContain("replace price business-yearly-volume/base");
    expect(plan.stdout).toContain(
      "tax_behavior is inclusive, and Stripe lets it be set only once (from unspecified), so making it unspecified needs a new price",
    );
    expect(plan.stdout).toContain("create coupon roaming-multi-currency/welcome");
    expect((await h.run("apply")).code).toBe(0);
    expect((await h.run("drift", "--detailed-exitcode")).code).toBe(0);
    const fleet = h.emulator.store.products.get("fleet-tiered");
    expect(fleet?.default_price).toBe(platform?.id);
    expect(h.emulator.store.products.get("payg-kwh")?.name).toBe("EV Pay As You Go");
    expect(h.emulator.store.products.get("payg-kwh")?.metadata.segment).toBeUndefined();
    const activation = h.state().objects.find((o) => o.key === "payg-kwh/activation");
    expect(h.emulator.store.prices.get(activation?.id ?? "")?.lookup_key).toBe("payg-kwh/activation");
  });

  it("rebuilds a lost state with import, adopting every object instead of duplicating it", async () => {
    expect((await h.run("apply")).code).toBe(0);
    const before = h
      .state()
      .objects.map((o) => `${o.type} ${o.key} ${o.id} ${o.active}`)
      .sort();
    h.git("rm", "-q", "state/stripe.json");
    h.git("commit", "-qm", "lose the state");
    const imported = await h.run("import");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Imported ${before.length} managed objects`);
    const after = h
      .state()
      .objects.map((o) => `${o.type} ${o.key} ${o.id} ${o.active}`)
      .sort();
    expect(after).toEqual(before);
    h.emulator.resetCounts();
    expect((await h.run("apply")).stdout).toContain("No changes");
    expect(h.emulator.requestCount({ method: "POST" })).toBe(0);
    expect((await h.run("import")).code).toBe(1);
  });

  it("refuses a meter change Stripe cannot make before the first write, and names the fix", async () => {
    expect((await h.run("apply")).code).toBe(0);
    const file = "models/payg-kwh.yaml";
    h.write(
      file,
      h
        .read(file)
        .replace("aggregation: sum", "aggregation: last")
        .replace("name: EV Pay As You Go", "name: EV Pay Per kWh"),
    );
    h.git("commit", "-qam", "last value instead of the sum, keeping the event name");
    const plan = await h.run("plan");
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("Stripe never gives the event name ev_payg_energy_kwh to a second meter");
    expect(plan.stdout).toContain("give the meter a new eventName");
    h.emulator.resetCounts();
    const head = h.git("rev-parse", "HEAD");
    const applied = await h.run("apply");
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("this plan cannot be applied on Stripe; nothing was written");
    // Refused before the first write: not even the product rename of the same plan was sent.
    expect(h.emulator.requestCount({ method: "POST" })).toBe(0);
    expect(h.emulator.store.products.get("payg-kwh")?.name).toBe("EV Pay As You Go");
    expect(h.git("rev-parse", "HEAD")).toBe(head);
    // The fix the message names: a new event name gives a new meter, and the plan settles.
    h.write(
      file,
      h.read(file).replace("eventName: ev_payg_energy_kwh", "eventName: ev_payg_energy_kwh_last"),
    );
    h.git("commit", "-qam", "a new event name for the new aggregation");
    expect((await h.run("apply")).code).toBe(0);
    expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
    expect(duplicates(h.emulator)).toEqual([]);
  });

  it("refuses live keys, keeps keys out of output, and explains a missing key", async () => {
    const run = async (env: Record<string, string>) => {
      const { main } = await import("../../src/cli/main.js");
      let out = "";
      const code = await main(["plan", "--backend", "stripe"], {
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: (s: string) => (out += s) },
        env: { STRIPE_API_BASE: h.emulator.url, ...env },
        cwd: h.dir,
      });
      return { code, out };
    };
    const live = await run({ STRIPE_API_KEY: "sk_live_abcdef123456" });
    expect(live.code).toBe(1);
    expect(live.out).toContain("live-mode key: refused without --allow-live");
    expect(live.out).not.toContain("abcdef123456");
    const none = await run({});
    expect(none.out).toContain("STRIPE_API_KEY");
    const bad = await run({
      STRIPE_API_KEY: "sk_test_secretvalue999",
      STRIPE_API_BASE: "http://127.0.0.1:1",
      PRICING_STRIPE_MAX_RETRIES: "0",
    });
    expect(bad.code).toBe(1);
    expect(bad.out).not.toContain("secretvalue999");
  });
});
