import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, type Node, parseDocument } from "yaml";
import { type GeneratedFile, generateCatalog, mutateCatalog, writeCatalog } from "./generate.js";
import { createPrng } from "./prng.js";

// ---------------------------------------------------------------------------------------------
// An independent structural check of the model format (model-format.md), written for this test
// only: it must not share code with the generator, or a shared bug would pass silently.
// ---------------------------------------------------------------------------------------------

/** A number kept as its exact source text, so decimals are checked on what the file says. */
class Num {
  constructor(readonly text: string) {}
}
type Tree = string | boolean | null | Num | readonly Tree[] | { readonly [key: string]: Tree };

function toTree(node: unknown): Tree {
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === "number") return new Num(node.source ?? String(v));
    if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
    throw new Error(`unexpected scalar ${String(v)}`);
  }
  if (isSeq(node)) return node.items.map(toTree);
  if (isMap(node)) {
    const out: { [key: string]: Tree } = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key in out) throw new Error(`duplicate key ${key}`);
      out[key] = toTree(pair.value as Node);
    }
    return out;
  }
  throw new Error("unexpected YAML node");
}

const ZERO_DECIMAL = new Set(["jpy", "krw", "clp", "vnd"]);
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);
const decimals = (c: string): number => (ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2);

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const INTERVALS = ["day", "week", "month", "year", "one_time"];

const isObj = (t: Tree | undefined): t is { readonly [key: string]: Tree } =>
  typeof t === "object" && t !== null && !(t instanceof Num) && !Array.isArray(t);
const isInt = (t: Tree | undefined): boolean => t instanceof Num && /^\d+$/.test(t.text);
const str = (t: Tree | undefined): string | undefined => (typeof t === "string" ? t : undefined);

interface Checked {
  readonly errors: readonly string[];
  readonly id?: string;
  readonly eventNames: readonly string[];
  readonly model?: { readonly [key: string]: Tree };
}

/** Check one file against the format's rules; errors name the file and the field. */
function checkFile(file: GeneratedFile): Checked {
  const errors: string[] = [];
  const err = (where: string, msg: string): void => {
    errors.push(`${file.path}: ${where}: ${msg}`);
  };
  const depth = file.path.split("/").length - 1;
  const header = `# yaml-language-server: $schema=${"../".repeat(depth + 1)}schemas/pricing-model.schema.json`;
  if (file.text.split("\n")[0] !== header) err("line 1", "missing or wrong schema header");
  if (!/\.ya?ml$/.test(file.path) || file.path.startsWith("/") || file.path.includes("..")) {
    err("path", "not a relative *.yaml/*.yml path");
  }

  const doc = parseDocument(file.text);
  if (doc.errors.length > 0 || doc.warnings.length > 0) {
    err("yaml", [...doc.errors, ...doc.warnings].map((e) => e.message).join("; "));
    return { errors, eventNames: [] };
  }
  const m = toTree(doc.contents);
  if (!isObj(m)) {
    err("root", "not a map");
    return { errors, eventNames: [] };
  }
  const allowed = (obj: { readonly [key: string]: Tree }, keys: readonly string[], where: string): void => {
    for (const k of Object.keys(obj)) if (!keys.includes(k)) err(where, `unknown key ${k}`);
  };
  allowed(
    m,
    [
      "apiVersion",
      "kind",
      "id",
      "product",
      "currency",
      "currencyOptions",
      "meters",
      "components",
      "configuration",
    ],
    "root",
  );
  if (m.apiVersion !== "pricing/v1") err("apiVersion", "must be pricing/v1");
  if (m.kind !== "PricingModel") err("kind", "must be PricingModel");
  const id = str(m.id);
  if (id === undefined || !ID.test(id)) err("id", `bad id ${String(m.id)}`);
  if (id !== undefined && !file.path.endsWith(`${id}.yaml`) && !file.path.endsWith(`${id}.yml`)) {
    err("id", "file name does not match id");
  }

  // product
  const p = m.product;
  if (!isObj(p)) err("product", "required map");
  else {
    allowed(p, ["name", "description", "unitLabel", "taxCode", "metadata"], "product");
    const name = str(p.name);
    if (name === undefined || name.length < 1 || name.length > 250) err("product.name", "1..250 chars");
    if (p.description !== undefined && str(p.description) === undefined) err("product.description", "string");
    if (p.unitLabel !== undefined && (str(p.unitLabel) ?? "x".repeat(13)).length > 12) {
      err("product.unitLabel", "string <= 12 chars");
    }
    if (p.taxCode !== undefined && !/^txcd_\d{8}$/.test(str(p.taxCode) ?? ""))
      err("product.taxCode", "txcd_########");
    if (p.metadata !== undefined) {
      if (!isObj(p.metadata)) err("product.metadata", "map");
      else
        for (const [k, v] of Object.entries(p.metadata))
          if (typeof v !== "string") err(`metadata.${k}`, "string");
    }
  }

  // currencies
  const currency = str(m.currency);
  if (currency === undefined || !/^[a-z]{3}$/.test(currency)) err("currency", "ISO 4217 code");
  const options: string[] = [];
  if (m.currencyOptions !== undefined) {
    if (!Array.isArray(m.currencyOptions)) err("currencyOptions", "list");
    else
      for (const o of m.currencyOptions as readonly Tree[]) {
        const c = str(o);
        if (c === undefined || !/^[a-z]{3}$/.test(c) || c === currency || options.includes(c)) {
          err("currencyOptions", `bad or duplicate ${String(o)}`);
        } else options.push(c);
      }
  }
  const all = currency ? [currency, ...options] : options;

  /** A money value: a literal fitting its currency, or (with options) a complete per-currency map. */
  const money = (t: Tree | undefined, where: string, kind: "fixed" | "unit"): void => {
    const literal = (v: Tree | undefined, c: string, w: string): void => {
      if (!(v instanceof Num) || !/^\d+(\.\d+)?$/.test(v.text)) {
        err(w, `not a non-negative decimal literal: ${String(v)}`);
        return;
      }
      const frac = v.text.split(".")[1]?.length ?? 0;
      const max = decimals(c) + (kind === "unit" ? 12 : 0);
      if (frac > max) err(w, `${v.text} has more decimals than ${c} allows (${max})`);
      const whole = v.text.split(".")[0] as string;
      if (kind === "fixed" && Number(whole) * 10 ** decimals(c) > 99_999_999) err(w, "above Stripe's limit");
    };
    if (isObj(t)) {
      if (options.length === 0) err(where, "per-currency map without currencyOptions");
      const keys = Object.keys(t);
      if (keys.length !== all.length || !all.every((c) => keys.includes(c))) {
        err(where, `per-currency map must cover exactly ${all.join(", ")}; has ${keys.join(", ")}`);
      }
      for (const [c, v] of Object.entries(t)) literal(v, c, `${where}.${c}`);
    } else if (currency) literal(t, currency, where);
  };

  // meters
  const meterIds: string[] = [];
  const eventNames: string[] = [];
  if (m.meters !== undefined) {
    if (!Array.isArray(m.meters)) err("meters", "list");
    else
      for (const [i, meter] of (m.meters as readonly Tree[]).entries()) {
        const w = `meters[${i}]`;
        if (!isObj(meter)) {
          err(w, "map");
          continue;
        }
        allowed(meter, ["id", "eventName", "displayName", "aggregation", "valueKey"], w);
        const mid = str(meter.id);
        if (mid === undefined || meterIds.includes(mid)) err(w, "missing or duplicate id");
        else meterIds.push(mid);
        const ev = str(meter.eventName);
        if (ev === undefined || ev.length === 0 || ev.length > 100) err(w, "eventName");
        else eventNames.push(ev);
        if (str(meter.displayName) === undefined) err(w, "displayName");
        if (!["sum", "count", "last"].includes(str(meter.aggregation) ?? "")) err(w, "aggregation");
        if (meter.valueKey !== undefined && str(meter.valueKey) === undefined) err(w, "valueKey");
      }
  }

  // components
  const comps = m.components;
  if (!Array.isArray(comps) || comps.length === 0) err("components", "required non-empty list");
  else {
    const ids = new Set<string>();
    for (const [i, c] of (comps as readonly Tree[]).entries()) {
      const w = `components[${i}]`;
      if (!isObj(c)) {
        err(w, "map");
        continue;
      }
      const cid = str(c.id);
      if (cid === undefined || !ID.test(cid) || ids.has(cid)) err(w, "missing, malformed or duplicate id");
      else ids.add(cid);
      const interval = (): void => {
        if (!INTERVALS.includes(str(c.interval) ?? "")) err(w, "interval");
      };
      switch (c.type) {
        case "flat":
          allowed(c, ["id", "type", "amount", "interval", "intervalCount"], w);
          money(c.amount, `${w}.amount`, "fixed");
          interval();
          if (
            c.intervalCount !== undefined &&
            (!isInt(c.intervalCount) || (c.intervalCount instanceof Num && c.intervalCount.text === "0"))
          ) {
            err(w, "intervalCount");
          }
          break;
        case "metered": {
          allowed(
            c,
            ["id", "type", "meter", "unitAmount", "includedUnits", "tiersMode", "tiers", "interval"],
            w,
          );
          if (!meterIds.includes(str(c.meter) ?? ""))
            err(w, `meter ${String(c.meter)} is not a meter of this model`);
          interval();
          if (c.includedUnits !== undefined && !isInt(c.includedUnits)) err(w, "includedUnits");
          if (c.unitAmount !== undefined) {
            money(c.unitAmount, `${w}.unitAmount`, "unit");
            if (c.tiers !== undefined) err(w, "unitAmount and tiers together");
          } else if (c.tiers !== undefined) {
            if (!["graduated", "volume"].includes(str(c.tiersMode) ?? "")) err(w, "tiersMode");
            const tiers = Array.isArray(c.tiers) ? (c.tiers as readonly Tree[]) : [];
            if (tiers.length === 0) err(w, "tiers must be a non-empty list");
            let last = -1;
            for (const [k, t] of tiers.entries()) {
              const tw = `${w}.tiers[${k}]`;
              if (!isObj(t)) {
                err(tw, "map");
                continue;
              }
              allowed(t, ["upTo", "unitAmount", "flatAmount"], tw);
              const final = k === tiers.length - 1;
              if (final) {
                if (t.upTo !== "inf") err(tw, "last tier must be upTo: inf");
              } else if (!isInt(t.upTo) || Number((t.upTo as Num).text) <= last) {
                err(tw, "upTo must be an integer, ascending");
              } else last = Number((t.upTo as Num).text);
              money(t.unitAmount, `${tw}.unitAmount`, "unit");
              if (t.flatAmount !== undefined) money(t.flatAmount, `${tw}.flatAmount`, "fixed");
            }
          } else if (c.includedUnits === undefined)
            err(w, "a metered component needs a price or an allowance");
          break;
        }
        case "discount": {
          allowed(c, ["id", "type", "percentOff", "amountOff", "duration", "durationInMonths"], w);
          if ((c.percentOff === undefined) === (c.amountOff === undefined))
            err(w, "exactly one of percentOff, amountOff");
          if (c.percentOff !== undefined) {
            const pct = c.percentOff instanceof Num ? Number(c.percentOff.text) : Number.NaN;
            if (!(pct > 0 && pct <= 100)) err(w, "percentOff in (0, 100]");
          }
          if (c.amountOff !== undefined) money(c.amountOff, `${w}.amountOff`, "fixed");
          const d = str(c.duration);
          if (!["once", "forever", "repeating"].includes(d ?? "")) err(w, "duration");
          if ((d === "repeating") !== (c.durationInMonths !== undefined))
            err(w, "durationInMonths iff repeating");
          if (c.durationInMonths !== undefined && !isInt(c.durationInMonths)) err(w, "durationInMonths");
          break;
        }
        case "commitment":
          if (c.commitment === "contract_duration") {
            allowed(c, ["id", "type", "commitment", "months"], w);
            if (!isInt(c.months)) err(w, "months");
          } else if (c.commitment === "minimum_spend" || c.commitment === "prepayment") {
            allowed(c, ["id", "type", "commitment", "amount", "interval"], w);
            money(c.amount, `${w}.amount`, "fixed");
            interval();
          } else err(w, `unknown commitment ${String(c.commitment)}`);
          break;
        default:
          err(w, `unknown type ${String(c.type)}`);
      }
    }
  }

  if (m.configuration !== undefined) {
    if (!isObj(m.configuration)) err("configuration", "map");
    else
      for (const [k, v] of Object.entries(m.configuration)) {
        if (!(typeof v === "string" || typeof v === "boolean" || v instanceof Num))
          err(`configuration.${k}`, "scalar");
      }
  }
  return { errors, ...(id !== undefined ? { id } : {}), eventNames, model: m };
}

/** Check a whole catalog: every file, plus ids, paths and event names unique across it. */
function checkCatalog(files: readonly GeneratedFile[]): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  const events = new Set<string>();
  const paths = new Set<string>();
  for (const f of files) {
    const r = checkFile(f);
    errors.push(...r.errors);
    if (paths.has(f.path)) errors.push(`${f.path}: duplicate path`);
    paths.add(f.path);
    if (r.id !== undefined) {
      if (ids.has(r.id)) errors.push(`${f.path}: duplicate model id ${r.id}`);
      ids.add(r.id);
    }
    for (const e of r.eventNames) {
      if (events.has(e)) errors.push(`${f.path}: duplicate eventName ${e}`);
      events.add(e);
    }
  }
  return errors;
}

const componentsOf = (f: GeneratedFile): readonly { readonly [key: string]: Tree }[] => {
  const m = checkFile(f).model;
  return (m && Array.isArray(m.components) ? (m.components as readonly Tree[]) : []).filter(isObj);
};

// ---------------------------------------------------------------------------------------------

describe("the structural check (self-test)", () => {
  const good: GeneratedFile = {
    path: "region-01/x-1.yaml",
    text: [
      "# yaml-language-server: $schema=../../schemas/pricing-model.schema.json",
      "apiVersion: pricing/v1",
      "kind: PricingModel",
      "id: x-1",
      "product:",
      "  name: X",
      "currency: eur",
      "currencyOptions: [usd]",
      "meters:",
      "  - id: energy",
      "    eventName: x_energy",
      "    displayName: Energy",
      "    aggregation: sum",
      "components:",
      "  - id: base",
      "    type: flat",
      "    amount: { eur: 4.99, usd: 5.49 }",
      "    interval: month",
      "  - id: energy",
      "    type: metered",
      "    meter: energy",
      "    tiersMode: graduated",
      "    tiers:",
      "      - { upTo: 100, unitAmount: { eur: 0.3912, usd: 0.42 } }",
      "      - { upTo: inf, unitAmount: { eur: 0.29, usd: 0.31 } }",
      "    interval: month",
      "",
    ].join("\n"),
  };
  const broken = (from: string, to: string): GeneratedFile => {
    expect(good.text).toContain(from);
    return { path: good.path, text: good.text.replace(from, to) };
  };

  it("accepts a valid model and rejects each kind of breakage", () => {
    expect(checkCatalog([good])).toEqual([]);
    const cases: readonly GeneratedFile[] = [
      broken("eur: 4.99", "eur: 4.999"),
      broken(", usd: 5.49 }", " }"),
      broken("upTo: inf", "upTo: 1000"),
      broken("upTo: 100,", "upTo: inf,"),
      broken("id: x-1", "id: X_1"),
      broken("    interval: month\n  - id: energy", "    interval: month\n  - id: base"),
      broken("meter: energy", "meter: power"),
      broken("  name: X", "  name: X\n  colour: red"),
      broken("../../schemas", "../schemas"),
      broken("currencyOptions: [usd]\n", ""),
    ];
    for (const c of cases) expect(checkCatalog([c]), c.text).not.toEqual([]);
    expect(checkCatalog([good, { path: "region-02/x-1.yaml", text: good.text }])).not.toEqual([]);
  });
});

describe("createPrng", () => {
  it("is deterministic per seed and stays within inclusive bounds", () => {
    const a = createPrng(99);
    const b = createPrng(99);
    const xs = Array.from({ length: 1000 }, () => a.int(1, 6));
    expect(Array.from({ length: 1000 }, () => b.int(1, 6))).toEqual(xs);
    expect(new Set(xs)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    const c = createPrng(100);
    expect(Array.from({ length: 1000 }, () => c.int(1, 6))).not.toEqual(xs);
    expect(() => a.int(3, 2)).toThrow(RangeError);
    expect(() => a.pick([])).toThrow(RangeError);
  });
});

describe("generateCatalog", () => {
  it("is deterministic: same options, identical bytes; another seed, different output", () => {
    const a = generateCatalog({ count: 300, seed: 7 });
    const b = generateCatalog({ count: 300, seed: 7 });
    expect(b).toEqual(a);
    const c = generateCatalog({ count: 300, seed: 8 });
    expect(c.map((f) => f.text).join("")).not.toBe(a.map((f) => f.text).join(""));
    expect(generateCatalog({ count: 5 })).toEqual(generateCatalog({ count: 5, seed: 1 }));
  });

  it("is prefix-stable: a smaller count yields the first files of a larger one", () => {
    const big = generateCatalog({ count: 120, seed: 3 });
    expect(generateCatalog({ count: 40, seed: 3 })).toEqual(big.slice(0, 40));
    expect(generateCatalog({ count: 0, seed: 3 })).toEqual([]);
  });

  it("produces valid models with unique ids, paths and event names", () => {
    const files = generateCatalog({ count: 2000, seed: 11 });
    expect(files).toHaveLength(2000);
    expect(checkCatalog(files)).toEqual([]);
    expect(files[122]?.path).toMatch(/(^|\/)gen-000123-[a-z]+\.ya?ml$/);
  });

  it("covers the whole mix at count 200", () => {
    const files = generateCatalog({ count: 200, seed: 1 });
    expect(checkCatalog(files)).toEqual([]);
    const comps = files.flatMap(componentsOf);
    const seen = (pred: (c: { readonly [key: string]: Tree }) => boolean): number =>
      comps.filter(pred).length;
    expect(new Set(comps.map((c) => c.type))).toEqual(new Set(["flat", "metered", "discount", "commitment"]));
    expect(new Set(comps.filter((c) => c.type === "commitment").map((c) => c.commitment))).toEqual(
      new Set(["contract_duration", "minimum_spend", "prepayment"]),
    );
    expect(new Set(comps.filter((c) => c.type === "flat").map((c) => c.interval))).toEqual(
      new Set(["month", "year", "one_time"]),
    );
    expect(new Set(comps.map((c) => c.tiersMode).filter((x) => x !== undefined))).toEqual(
      new Set(["graduated", "volume"]),
    );
    expect(new Set(comps.map((c) => c.duration).filter((x) => x !== undefined))).toEqual(
      new Set(["once", "forever", "repeating"]),
    );
    expect(seen((c) => c.percentOff !== undefined)).toBeGreaterThan(0);
    expect(seen((c) => c.amountOff !== undefined)).toBeGreaterThan(0);
    expect(seen((c) => c.includedUnits !== undefined && c.unitAmount !== undefined)).toBeGreaterThan(0);
    expect(seen((c) => c.includedUnits !== undefined && c.unitAmount === undefined)).toBeGreaterThan(0);
    expect(seen((c) => c.intervalCount !== undefined)).toBeGreaterThan(0);

    const text = files.map((f) => f.text).join("\n");
    expect(text).toMatch(/unitAmount: \d+\.\d{4}\b/); // 4-decimal per-kWh prices
    expect(text).toMatch(/^currencyOptions: \[/m);
    expect(text).toMatch(/^currency: jpy$/m);
    expect(text).toMatch(/^configuration:$/m);
    expect(text).toMatch(/^ {2}metadata:$/m);
    expect(text).toMatch(/^ {2}unitLabel: kWh$/m);
    expect(text).toMatch(/^ {2}taxCode: txcd_10000000$/m);
    expect(text).toMatch(/^ {2}name: "/m); // a name that needs quoting
    expect(new Set(files.map((f) => f.path.split("/").length))).toEqual(new Set([1, 2, 3]));
    expect(files.some((f) => f.path.endsWith(".yml"))).toBe(true);
  });

  it("draws currencies only from the given pool, in lowercase", () => {
    const files = generateCatalog({ count: 300, seed: 5, currencies: ["USD", "jpy"] });
    expect(checkCatalog(files)).toEqual([]);
    const used = new Set(
      files.flatMap((f) => {
        const m = checkFile(f).model;
        return m ? [m.currency, ...(Array.isArray(m.currencyOptions) ? m.currencyOptions : [])] : [];
      }),
    );
    expect(used).toEqual(new Set(["usd", "jpy"]));
    expect(checkCatalog(generateCatalog({ count: 100, seed: 5, currencies: ["kwd", "krw", "sek"] }))).toEqual(
      [],
    );
  });

  it("rejects bad options", () => {
    expect(() => generateCatalog({ count: -1 })).toThrow(RangeError);
    expect(() => generateCatalog({ count: 1.5 })).toThrow(RangeError);
    expect(() => generateCatalog({ count: 1, seed: 0.5 })).toThrow(RangeError);
    expect(() => generateCatalog({ count: 1, currencies: [] })).toThrow(RangeError);
    expect(() => generateCatalog({ count: 1, currencies: ["euro"] })).toThrow(RangeError);
  });

  // Speed is a benchmark figure (`npm run bench`), never a test assertion.
  it("generates 10,000 models with unique ids and paths", () => {
    const files = generateCatalog({ count: 10_000, seed: 2 });
    expect(files).toHaveLength(10_000);
    expect(new Set(files.map((f) => f.path)).size).toBe(10_000);
    expect(files[9_999]?.path).toMatch(/(^|\/)gen-010000-[a-z]+\.ya?ml$/);
  });
});

describe("mutateCatalog", () => {
  const files = generateCatalog({ count: 400, seed: 21 });

  it("edits exactly the requested fraction, keeps paths, and stays valid", () => {
    const mutated = mutateCatalog(files, { seed: 4, fraction: 0.25 });
    expect(mutated.map((f) => f.path)).toEqual(files.map((f) => f.path));
    const changed = mutated.filter((f, i) => f.text !== files[i]?.text);
    expect(changed).toHaveLength(100);
    expect(checkCatalog(mutated)).toEqual([]);
    expect(mutateCatalog(files, { seed: 4, fraction: 0.25 })).toEqual(mutated);
    expect(mutateCatalog(files, { seed: 5, fraction: 0.25 })).not.toEqual(mutated);
  });

  it("handles the edges: nothing, everything, bad fractions", () => {
    expect(mutateCatalog(files, { seed: 1, fraction: 0 })).toEqual(files);
    const all = mutateCatalog(files, { seed: 1, fraction: 1 });
    expect(all.every((f, i) => f.text !== files[i]?.text)).toBe(true);
    expect(checkCatalog(all)).toEqual([]);
    expect(() => mutateCatalog(files, { seed: 1, fraction: 1.5 })).toThrow(RangeError);
    expect(() => mutateCatalog(files, { seed: 1, fraction: Number.NaN })).toThrow(RangeError);
  });

  it("makes every kind of edit: price change, rename, removal, added discount", () => {
    const mutated = mutateCatalog(files, { seed: 9, fraction: 0.5 });
    const kinds = new Set<string>();
    for (const [i, after] of mutated.entries()) {
      const before = files[i] as GeneratedFile;
      if (after === before) continue;
      const a = checkFile(before).model;
      const b = checkFile(after).model;
      const nameOf = (m: typeof a): string | undefined =>
        isObj(m?.product) ? str(m.product.name) : undefined;
      const ca = componentsOf(before);
      const cb = componentsOf(after);
      if (nameOf(a) !== nameOf(b)) kinds.add("rename");
      else if (cb.length < ca.length) kinds.add("remove");
      else if (cb.length > ca.length) {
        expect(cb.at(-1)?.type).toBe("discount");
        kinds.add("discount");
      } else {
        // a price change: same components, and only lines carrying money differ
        expect(cb.map((c) => c.id)).toEqual(ca.map((c) => c.id));
        const la = before.text.split("\n");
        const diff = after.text.split("\n").filter((line, k) => line !== la[k]);
        expect(diff.length).toBeGreaterThan(0);
        for (const line of diff) expect(line).toMatch(/\b(amount|unitAmount|flatAmount): /);
        kinds.add("price");
      }
    }
    expect(kinds).toEqual(new Set(["price", "rename", "remove", "discount"]));
  });
});

describe("writeCatalog", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("writes every file under its relative path, creating folders", async () => {
    dir = await mkdtemp(join(tmpdir(), "gen-catalog-"));
    const files = generateCatalog({ count: 60, seed: 6 });
    await writeCatalog(join(dir, "models"), files);
    for (const f of files) expect(await readFile(join(dir, "models", f.path), "utf8")).toBe(f.text);
  });

  it("refuses paths that escape the directory", async () => {
    dir = await mkdtemp(join(tmpdir(), "gen-catalog-"));
    await expect(writeCatalog(dir, [{ path: "../evil.yaml", text: "x" }])).rejects.toThrow(RangeError);
    await expect(writeCatalog(dir, [{ path: "/abs.yaml", text: "x" }])).rejects.toThrow(RangeError);
  });
});
