/**
 * Two repositories on one Stripe account (issue 11): each names its catalog, stamps it on its
 * objects (metadata pricing_catalog), and plan, apply, drift and import see only their own.
 * The real CLI and the unmodified SDK against one emulator.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

/** A catalog of one model of its own: another product line sharing the account. */
function otherModels(id = "fleet-depot", eventName = "depot_energy_kwh"): string {
  const dir = mkdtempSync(join(tmpdir(), "pricing-other-"));
  mkdirSync(join(dir, "models"));
  writeFileSync(
    join(dir, "models", `${id}.yaml`),
    `apiVersion: pricing/v1
kind: PricingModel
id: ${id}
product:
  name: Depot Charging
currency: eur
meters:
  - id: energy
    eventName: ${eventName}
    displayName: Depot energy
    aggregation: sum
    valueKey: kwh
components:
  - id: base
    type: flat
    amount: 99
    interval: month
  - id: energy
    type: metered
    meter: energy
    unitAmount: 0.25
    interval: month
`,
  );
  made.push(dir);
  return join(dir, "models");
}

const made: string[] = [];
let first: Harness | undefined;
let second: Harness | undefined;

afterEach(async () => {
  await second?.close();
  await first?.close();
  first = second = undefined;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The first repository publishes the example catalog as "ev-charging"; the second shares its emulator. */
async function twoRepositories(
  models: string,
  catalog: string | null = "depot",
): Promise<[Harness, Harness]> {
  first = await startHarness(undefined, { catalog: "ev-charging" });
  const applied = await first.run("apply");
  expect(applied.code, applied.stderr).toBe(0);
  second = await startHarness(models, { catalog, emulator: first.emulator });
  return [first, second];
}

describe("two catalogs in one account", () => {
  it("plan, apply, drift and import of one catalog leave the other's objects alone", async () => {
    const [a, b] = await twoRepositories(otherModels());
    const before = JSON.stringify(a.emulator.store.products.list());
    const plan = await b.run("plan", "--format", "json");
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout) as { summary: Record<string, number> };
    expect(planned.summary).toMatchObject({ create: 4, update: 0, replace: 0, archive: 0, reactivate: 0 });

    expect((await b.run("apply")).code).toBe(0);
    for (const p of b.emulator.store.products.list())
      expect(p.metadata.pricing_catalog).toBe(p.id === "fleet-depot" ? "depot" : "ev-charging");
    for (const p of b.emulator.store.prices.list())
      expect(p.metadata.pricing_catalog).toBe(p.product === "fleet-depot" ? "depot" : "ev-charging");
    // Neither sees anything to do, nor any drift, nor the other's objects as its own.
    for (const h of [a, b]) {
      expect((await h.run("plan", "--detailed-exitcode")).code).toBe(0);
      const drift = await h.run("drift", "--detailed-exitcode");
      expect(drift.code, drift.stdout).toBe(0);
    }
    expect(JSON.stringify(a.emulator.store.products.list().filter((p) => p.id !== "fleet-depot"))).toBe(
      before,
    );
    expect(a.state().objects.some((o) => o.key.startsWith("fleet-depot"))).toBe(false);

    // The second repository lost its state: import adopts its 4 objects, none of the other's 31.
    rmSync(join(b.dir, "state", "stripe.json"));
    b.git("commit", "-qam", "lose the state");
    const imported = await b.run("import");
    expect(imported.stdout).toBe("Imported 4 managed objects into state/stripe.json as stripe-rev-0002.\n");
    expect(new Set(b.state().objects.map((o) => o.key.split(/[/#]/)[0]))).toEqual(new Set(["fleet-depot"]));
    expect((await b.run("plan", "--detailed-exitcode")).code).toBe(0);
  });

  it("refuses before any write what would touch the other catalog: its product ids and meters", async () => {
    // The same model id as a product of the other catalog, and an event name its meter holds.
    const [a, b] = await twoRepositories(otherModels("flat-899-eur-monthly", "ev_plus_energy_kwh"));
    const writes = a.emulator.requestCount({ method: "POST" });
    const plan = await b.run("plan");
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(
      'product flat-899-eur-monthly: the product id flat-899-eur-monthly is taken by a product of the catalog "ev-charging" that another repository manages',
    );
    // The meter is the other catalog's (its price uses it): it is not adopted by event name.
    expect(plan.stdout).toMatch(/the event name ev_plus_energy_kwh is held by meter mtr_\w+/);
    const apply = await b.run("apply");
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/^error: this plan cannot be applied on Stripe; nothing was written/);
    expect(a.emulator.requestCount({ method: "POST" })).toBe(writes);
  });

  it("a meter no price of the other catalog uses is still its own: its product names it", async () => {
    // ev_plus_sessions is EV Plus's meter for its included sessions: no price of it uses it.
    const [a, b] = await twoRepositories(otherModels("depot-sessions", "ev_plus_sessions"));
    const owner = a.state().objects.find((o) => o.key === "ev-plus-monthly#meter:sessions");
    expect(a.emulator.store.products.get("ev-plus-monthly")?.metadata.pricing_meters).toBe(
      "ev_plus_energy_kwh,ev_plus_sessions",
    );
    const plan = await b.run("plan");
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(
      `billing meter depot-sessions#meter:energy: the event name ev_plus_sessions is held by meter ${owner?.id} of the catalog "ev-charging" that another repository manages`,
    );
    expect((await b.run("apply")).code).toBe(1);
    // A state that lists it anyway (adopted before products named their meters) is refused.
    const state = {
      formatVersion: 2,
      lineage: "00000000-0000-4000-8000-00000000000b",
      serial: 1,
      revision: "stripe-rev-0001",
      backend: "stripe",
      account: { mode: "test" },
      catalog: "depot",
      sources: {},
      objects: [{ ...owner, key: "depot-sessions#meter:energy", model: "depot-sessions" }],
    };
    mkdirSync(join(b.dir, "state"), { recursive: true });
    b.write("state/stripe.json", `${JSON.stringify(state, null, 2)}\n`);
    b.git("add", "state");
    b.git("commit", "-qm", "a state that adopted the other catalog's meter");
    const refused = await b.run("plan");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: billing_meter ${owner?.id} is claimed by two catalogs: "depot" (this state lists it) and "ev-charging" (whose prices or products name it): decide which repository owns it, and remove it from the other one's state\n`,
    );
  });

  it("an object claimed by two catalogs is an error naming both", async () => {
    const [a, b] = await twoRepositories(otherModels());
    expect((await b.run("apply")).code).toBe(0);
    // The second state lists a product of the first catalog (a copied state, a bad merge).
    const state = JSON.parse(readFileSync(join(b.dir, "state", "stripe.json"), "utf8"));
    const stolen = a.state().objects.find((o) => o.type === "product");
    state.objects.push(stolen);
    b.write("state/stripe.json", `${JSON.stringify(state, null, 2)}\n`);
    b.git("commit", "-qam", "a state that claims another catalog's product");
    for (const command of ["plan", "apply", "drift"]) {
      const run = await b.run(command);
      expect(run.code, command).toBe(1);
      expect(run.stderr).toBe(
        `error: product ${stolen?.id} is claimed by two catalogs: "depot" (this state lists it) and "ev-charging" (its pricing_catalog metadata): decide which repository owns it, and remove it from the other one's state\n`,
      );
    }
  });

  it("a first apply under a catalog name another repository uses is refused, naming the fix", async () => {
    // Neither repository named its catalog: both would be "default".
    first = await startHarness(undefined, { catalog: null });
    const named = await first.run("apply");
    expect(named.code).toBe(0);
    expect(named.stderr).toBe(
      'named this catalog "default" in pricing.config.yaml (every managed object carries it)\n',
    );
    expect(first.git("show", "HEAD:pricing.config.yaml")).toMatch(/\ncatalog: default\n/);
    expect(first.git("show", "--name-only", "--format=", "HEAD").trim().split("\n").sort()).toEqual([
      "pricing.config.yaml",
      "state/stripe.json",
    ]);
    second = await startHarness(otherModels(), { catalog: null, emulator: first.emulator });
    for (const command of ["plan", "apply"]) {
      const run = await second.run(command);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^error: the account already holds \d+ objects of the catalog "default" \(e\.g\. .*\) that state\/stripe\.json never recorded: another repository publishes under this name\. Give this repository a catalog name of its own \(`catalog:` in pricing\.config\.yaml\), or take those objects over with `pricing import`\n$/,
      );
    }
    second.write("pricing.config.yaml", "apiVersion: pricing/v1\nkind: Config\ncatalog: depot\n");
    second.git("add", "pricing.config.yaml");
    second.git("commit", "-qm", "a catalog of its own");
    expect((await second.run("apply")).code).toBe(0);
    expect((await first.run("plan", "--detailed-exitcode")).code).toBe(0);
  });
});

describe("a first apply whose commit fails", () => {
  it("keeps its state, so the next apply records it instead of taking its objects for another repository's", async () => {
    first = await startHarness(undefined, { catalog: "ev-charging" });
    const lock = join(first.dir, ".git", "index.lock");
    writeFileSync(lock, "");
    const wait = process.env.PRICING_GIT_LOCK_WAIT_MS;
    process.env.PRICING_GIT_LOCK_WAIT_MS = "100";
    try {
      const failed = await first.run("apply");
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /nothing was committed .*\(state\/stripe\.json, which HEAD does not hold, keeps what was applied: the next apply or `pricing recover` records it\)/,
      );
    } finally {
      if (wait === undefined) delete process.env.PRICING_GIT_LOCK_WAIT_MS;
      else process.env.PRICING_GIT_LOCK_WAIT_MS = wait;
      rmSync(lock);
    }
    const created = first.emulator.store.products.size;
    expect(created).toBeGreaterThan(0);
    const next = await first.run("apply");
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/^Recovered stripe-rev-0001 of an interrupted apply/);
    expect(first.emulator.store.products.size).toBe(created);
    expect((await first.run("plan", "--detailed-exitcode")).code).toBe(0);
    expect(first.git("status", "--porcelain")).toBe("");
  });
});

describe("objects the state does not record", () => {
  it("plan says the next apply records them, and apply does, changing nothing on the backend", async () => {
    first = await startHarness(undefined, { catalog: "ev-charging" });
    expect((await first.run("apply")).code).toBe(0);
    const flat = "models/flat-899-eur-monthly.yaml";
    first.write(flat, first.read(flat).replace("amount: 8.99", "amount: 9.49"));
    first.git("commit", "-qam", "flat costs more");
    expect((await first.run("apply", "--no-commit")).code).toBe(0);
    // The state file is lost (restored from git): the new price lives only on the backend.
    first.git("checkout", "--", "state/stripe.json");
    const plan = await first.run("plan");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/No changes\.\n$/);
    expect(plan.stderr).toBe(
      "note: the backend holds objects of an interrupted apply that state/stripe.json does not record: the next `pricing apply` records them, changing nothing on the backend\n",
    );
    const writes = first.emulator.requestCount({ method: "POST" });
    const recorded = await first.run("apply");
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toMatch(/^Recorded stripe-rev-000[23]: /);
    expect(first.emulator.requestCount({ method: "POST" })).toBe(writes);
    expect((await first.run("drift", "--detailed-exitcode")).code).toBe(0);
    expect((await first.run("plan")).stderr).toBe("");
  });
});

describe("a deleted coupon", () => {
  it("stays recorded as deleted: no phantom revision of an interrupted apply", async () => {
    first = await startHarness(undefined, { catalog: "ev-charging" });
    expect((await first.run("apply")).code).toBe(0);
    const model = "models/ev-plus-monthly.yaml";
    const text = first.read(model);
    const withoutLaunch = text.replace(/\n {2}- id: launch\n(?: {4}.*\n)+/, "\n");
    expect(withoutLaunch).not.toBe(text);
    first.write(model, withoutLaunch);
    first.git("commit", "-qam", "the launch discount ends");
    const removed = await first.run("apply");
    expect(removed.code, removed.stderr).toBe(0);
    const plan = await first.run("plan", "--detailed-exitcode");
    expect(plan.code).toBe(0);
    expect(plan.stderr).toBe("");
    const again = await first.run("apply");
    expect(again.stdout).toBe("No changes. The backend already matches the models.\n");
  });
});
