/**
 * Benchmark fixture generator: seeded, realistic pricing catalogs in the v1 model format
 * (`/work/shared/spec/model-format.md`), for benchmarks and property tests.
 *
 * The mix follows an EV-charging / SaaS business: flat monthly and yearly subscriptions,
 * pay-as-you-go per-kWh prices, allowances, graduated and volume tiers, discounts, commitments,
 * configuration maps, multi-currency models and the occasional zero-decimal (jpy) model.
 *
 * What it guarantees: every model is valid per the format; the same options give byte-identical
 * text (a seeded PRNG, no clock, no `Math.random`); a catalog of `count` n is a prefix of one of
 * count n + m with the same seed. Money is held as integers (minor units, or 1/100 of a minor
 * unit for per-unit prices) and printed by exact string formatting, never by formatting a float.
 *
 * What it must not do: import the loader or anything under `src/` (it has to stay an independent
 * producer of the contract), or touch the filesystem outside `writeCatalog`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { type Currency, minorUnitExponent } from "../src/core/money/currency.js";
import { createPrng, type Prng } from "./prng.js";

/** Options for {@link generateCatalog}. */
export interface GenerateOptions {
  /** Number of models to generate (a non-negative integer). */
  readonly count: number;
  /** PRNG seed; any integer, reduced to 32 bits. Defaults to 1. */
  readonly seed?: number;
  /**
   * The currency pool (ISO 4217 codes, any case). Model currencies and `currencyOptions` are drawn
   * only from it. Defaults to eur, usd, gbp, chf and jpy.
   */
  readonly currencies?: readonly string[];
}

/** One generated model file: a relative path under models/ and its YAML text. */
export interface GeneratedFile {
  /** Path relative to the models directory, `/`-separated, e.g. `region-03/gen-000123-flat.yaml`. */
  readonly path: string;
  /** The complete YAML text of the file, ending with a newline. */
  readonly text: string;
}

/** Options for {@link mutateCatalog}. */
export interface MutateOptions {
  /** PRNG seed for choosing which models change and how. Defaults to 1. */
  readonly seed?: number;
  /** Fraction of files to edit, 0..1; exactly `Math.round(fraction * files.length)` are chosen. */
  readonly fraction: number;
}

// ---------------------------------------------------------------------------------------------
// Currencies and money
// ---------------------------------------------------------------------------------------------

const DEFAULT_CURRENCIES: readonly string[] = ["eur", "usd", "gbp", "chf", "jpy"];

/** Rough units of each currency per euro, only to make converted prices look plausible. */
const PER_EUR: Readonly<Record<string, number>> = {
  eur: 1,
  usd: 1.09,
  gbp: 0.86,
  chf: 0.96,
  jpy: 162,
  krw: 1450,
  sek: 11.4,
  nok: 11.7,
  dkk: 7.46,
  pln: 4.3,
  cad: 1.48,
  aud: 1.65,
  bhd: 0.41,
  kwd: 0.335,
};

/** How often each currency is a model's main currency (unknown currencies weigh 2). */
const BASE_WEIGHT: Readonly<Record<string, number>> = { eur: 10, usd: 6, gbp: 3, chf: 2, jpy: 1 };

/** Decimals of the currency's minor unit, as the loader reads them. */
function decimalsOf(currency: string): number {
  return minorUnitExponent(currency as Currency);
}

/** Money of one component field, one integer per model currency (same order as the model's). */
interface Amount {
  /** `fixed`: integer minor units. `unit`: integer 1/100 minor units (a per-unit price). */
  readonly kind: "fixed" | "unit";
  readonly values: readonly number[];
}

function scaleOf(kind: Amount["kind"], currency: string): number {
  return decimalsOf(currency) + (kind === "unit" ? 2 : 0);
}

/**
 * Exact decimal text of the non-negative integer `value` scaled by 10^-scale. `trim` drops
 * trailing fractional zeros (per-unit prices: `0.39`); otherwise a whole value prints without a
 * fraction (`19`) and any other with all `scale` digits (`12.90`).
 */
function formatScaled(value: number, scale: number, trim: boolean): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`bad money value ${value}`);
  const digits = String(value);
  if (scale === 0) return digits;
  const padded = digits.padStart(scale + 1, "0");
  const whole = padded.slice(0, -scale);
  const frac = padded.slice(-scale);
  const shown = trim ? frac.replace(/0+$/, "") : /^0+$/.test(frac) ? "" : frac;
  return shown === "" ? whole : `${whole}.${shown}`;
}

function renderAmount(amount: Amount, currencies: readonly string[]): string {
  const texts = currencies.map((c, i) =>
    formatScaled(amount.values[i] as number, scaleOf(amount.kind, c), amount.kind === "unit"),
  );
  if (currencies.length === 1) return texts[0] as string;
  return `{ ${currencies.map((c, i) => `${c}: ${texts[i]}`).join(", ")} }`;
}

/** Units of `to` per unit of `from`. */
function rate(from: string, to: string): number {
  return (PER_EUR[to] ?? 1) / (PER_EUR[from] ?? 1);
}

/**
 * The currency a price point is quoted in: the model's main currency when it is euro-like (two
 * decimals, similar magnitude: 4.99 usd is a real price), otherwise euro, converted from there.
 */
function anchorOf(currencies: readonly string[]): string {
  const base = currencies[0] as string;
  const r = PER_EUR[base] ?? 1;
  return decimalsOf(base) === 2 && r > 0.5 && r < 2 ? base : "eur";
}

/** A fixed amount from a price point in cents, converted to "nice" prices in the other currencies. */
function fixedAmount(cents: number, currencies: readonly string[]): Amount {
  const anchor = anchorOf(currencies);
  const values = currencies.map((c) => {
    if (cents === 0) return 0;
    if (c === anchor) return cents;
    const d = decimalsOf(c);
    const step = d === 0 && (PER_EUR[c] ?? 1) >= 1000 ? 100 : 10;
    const raw = (cents / 100) * rate(anchor, c) * 10 ** d;
    let v = Math.max(step, Math.round(raw / step) * step);
    if (d > 0 && cents % 10 === 9 && v > step) v -= 1; // keep the x.99 look
    return v;
  });
  return { kind: "fixed", values };
}

/** A per-unit amount from a price point in 1/10000 (e.g. 3912 = 0.3912 eur), converted per currency. */
function unitAmount(micro: number, currencies: readonly string[]): Amount {
  const anchor = anchorOf(currencies);
  const values = currencies.map((c) => {
    if (c === anchor) return micro;
    const raw = (micro / 10000) * rate(anchor, c) * 10 ** scaleOf("unit", c);
    return Math.max(1, Math.round(raw));
  });
  return { kind: "unit", values };
}

// ---------------------------------------------------------------------------------------------
// The generated model (only what the generator writes; not the project's model types)
// ---------------------------------------------------------------------------------------------

type Interval = "day" | "week" | "month" | "year" | "one_time";
type Aggregation = "sum" | "count" | "last";
type ConfigValue = string | number | boolean;

interface Meter {
  readonly id: string;
  readonly eventName: string;
  readonly displayName: string;
  readonly aggregation: Aggregation;
  readonly valueKey?: string;
}

interface Tier {
  readonly upTo: number | "inf";
  readonly unitAmount: Amount;
  readonly flatAmount?: Amount;
}

type Component =
  | {
      readonly type: "flat";
      readonly id: string;
      readonly amount: Amount;
      readonly interval: Interval;
      readonly intervalCount?: number;
    }
  | {
      readonly type: "metered";
      readonly id: string;
      readonly meter: string;
      readonly unitAmount?: Amount;
      readonly includedUnits?: number;
      readonly tiersMode?: "graduated" | "volume";
      readonly tiers?: readonly Tier[];
      readonly interval: Interval;
    }
  | {
      readonly type: "discount";
      readonly id: string;
      readonly percentOff?: number;
      readonly amountOff?: Amount;
      readonly duration: "once" | "forever" | "repeating";
      readonly durationInMonths?: number;
    }
  | {
      readonly type: "commitment";
      readonly id: string;
      readonly commitment: "contract_duration";
      readonly months: number;
    }
  | {
      readonly type: "commitment";
      readonly id: string;
      readonly commitment: "minimum_spend" | "prepayment";
      readonly amount: Amount;
      readonly interval: Interval;
    };

interface Model {
  readonly id: string;
  readonly product: {
    readonly name: string;
    readonly description?: string;
    readonly unitLabel?: string;
    readonly taxCode?: string;
    readonly metadata?: readonly (readonly [string, string])[];
  };
  /** Main currency first, then the `currencyOptions`. */
  readonly currencies: readonly string[];
  readonly meters: readonly Meter[];
  readonly components: readonly Component[];
  readonly configuration?: readonly (readonly [string, ConfigValue])[];
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

const YAML_RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|inf|nan|~)$/i;

/** A string as a YAML scalar: plain when unambiguous, otherwise double-quoted (JSON is valid YAML). */
function yamlString(s: string): string {
  if (/^[A-Za-z][A-Za-z0-9 .,&()/+'_-]*$/.test(s) && !s.endsWith(" ") && !YAML_RESERVED.test(s)) return s;
  return JSON.stringify(s);
}

function schemaHeader(path: string): string {
  const depth = path.split("/").length - 1;
  return `# yaml-language-server: $schema=${"../".repeat(depth + 1)}schemas/pricing-model.schema.json`;
}

function renderComponent(c: Component, cur: readonly string[], out: string[]): void {
  out.push(`  - id: ${c.id}`, `    type: ${c.type}`);
  switch (c.type) {
    case "flat":
      out.push(`    amount: ${renderAmount(c.amount, cur)}`, `    interval: ${c.interval}`);
      if (c.intervalCount !== undefined) out.push(`    intervalCount: ${c.intervalCount}`);
      return;
    case "metered":
      out.push(`    meter: ${c.meter}`);
      if (c.unitAmount) out.push(`    unitAmount: ${renderAmount(c.unitAmount, cur)}`);
      if (c.includedUnits !== undefined) out.push(`    includedUnits: ${c.includedUnits}`);
      if (c.tiers && c.tiersMode) {
        out.push(`    tiersMode: ${c.tiersMode}`, "    tiers:");
        for (const t of c.tiers) {
          const unit = renderAmount(t.unitAmount, cur);
          const flat = t.flatAmount ? renderAmount(t.flatAmount, cur) : undefined;
          if (cur.length === 1) {
            out.push(
              `      - { upTo: ${t.upTo}, unitAmount: ${unit}${flat ? `, flatAmount: ${flat}` : ""} }`,
            );
          } else {
            out.push(`      - upTo: ${t.upTo}`, `        unitAmount: ${unit}`);
            if (flat) out.push(`        flatAmount: ${flat}`);
          }
        }
      }
      out.push(`    interval: ${c.interval}`);
      return;
    case "discount":
      if (c.percentOff !== undefined) out.push(`    percentOff: ${c.percentOff}`);
      if (c.amountOff) out.push(`    amountOff: ${renderAmount(c.amountOff, cur)}`);
      out.push(`    duration: ${c.duration}`);
      if (c.durationInMonths !== undefined) out.push(`    durationInMonths: ${c.durationInMonths}`);
      return;
    case "commitment":
      out.push(`    commitment: ${c.commitment}`);
      if (c.commitment === "contract_duration") {
        out.push(`    months: ${c.months}`);
      } else {
        out.push(`    amount: ${renderAmount(c.amount, cur)}`, `    interval: ${c.interval}`);
      }
      return;
  }
}

function renderModel(m: Model, path: string): string {
  const out: string[] = [schemaHeader(path), "apiVersion: pricing/v1", "kind: PricingModel", `id: ${m.id}`];
  const p = m.product;
  out.push("product:", `  name: ${yamlString(p.name)}`);
  if (p.description !== undefined) out.push(`  description: ${yamlString(p.description)}`);
  if (p.unitLabel !== undefined) out.push(`  unitLabel: ${yamlString(p.unitLabel)}`);
  if (p.taxCode !== undefined) out.push(`  taxCode: ${p.taxCode}`);
  if (p.metadata && p.metadata.length > 0) {
    out.push("  metadata:");
    for (const [k, v] of p.metadata) out.push(`    ${k}: ${yamlString(v)}`);
  }
  out.push(`currency: ${m.currencies[0]}`);
  if (m.currencies.length > 1) out.push(`currencyOptions: [${m.currencies.slice(1).join(", ")}]`);
  if (m.meters.length > 0) {
    out.push("meters:");
    for (const meter of m.meters) {
      out.push(
        `  - id: ${meter.id}`,
        `    eventName: ${meter.eventName}`,
        `    displayName: ${yamlString(meter.displayName)}`,
        `    aggregation: ${meter.aggregation}`,
      );
      if (meter.valueKey !== undefined) out.push(`    valueKey: ${meter.valueKey}`);
    }
  }
  out.push("components:");
  for (const c of m.components) renderComponent(c, m.currencies, out);
  if (m.configuration && m.configuration.length > 0) {
    out.push("configuration:");
    for (const [k, v] of m.configuration) out.push(`  ${k}: ${typeof v === "string" ? yamlString(v) : v}`);
  }
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Random models
// ---------------------------------------------------------------------------------------------

type Archetype =
  | "flat"
  | "annual"
  | "payg"
  | "bundle"
  | "graduated"
  | "volume"
  | "fleet"
  | "saas"
  | "allowance";
const ARCHETYPES: readonly Archetype[] = [
  "flat",
  "annual",
  "payg",
  "bundle",
  "graduated",
  "volume",
  "fleet",
  "saas",
  "allowance",
];
const ARCHETYPE_WEIGHTS: readonly number[] = [16, 10, 18, 16, 12, 10, 8, 7, 3];

interface MeterPreset {
  readonly displayName: string;
  readonly aggregation: Aggregation;
  readonly valueKey?: string;
  readonly unitLabel: string;
}
type MeterKind = "energy" | "sessions" | "idle" | "api-calls" | "chargers";
const METER_PRESETS: Readonly<Record<MeterKind, MeterPreset>> = {
  energy: { displayName: "Energy delivered", aggregation: "sum", valueKey: "kwh", unitLabel: "kWh" },
  sessions: { displayName: "Charging sessions", aggregation: "count", unitLabel: "session" },
  idle: { displayName: "Idle minutes", aggregation: "sum", valueKey: "minutes", unitLabel: "minute" },
  "api-calls": { displayName: "API calls", aggregation: "count", unitLabel: "API call" },
  chargers: {
    displayName: "Active chargers",
    aggregation: "last",
    valueKey: "chargers",
    unitLabel: "charger",
  },
};

/** Monthly price points in euro cents. */
const MONTHLY_CENTS: readonly number[] = [299, 499, 799, 999, 1290, 1499, 1900, 1999, 2900, 3900, 4900, 9900];
const PLATFORM_CENTS: readonly number[] = [4900, 9900, 14900, 19900, 29900, 49900];
const SETUP_CENTS: readonly number[] = [1900, 2900, 4900, 9900];

const EV_NAMES: readonly string[] = [
  "Home Charge",
  "Public Charge",
  "Fleet Charge",
  "Charge & Go",
  "Night Owl",
  "Road Trip",
  "Depot Power",
  "Destination",
  "Workplace",
  "Highway",
  "City Hopper",
  "Green Miles",
  "Volt",
  "Spark",
];
const SAAS_NAMES: readonly string[] = [
  "Charge Point Manager",
  "Fleet Insights",
  "Energy Dashboard",
  "Load Balancer",
  "Roaming Hub",
  "Site Planner",
];
const EDITIONS: readonly string[] = [
  "Basic",
  "Plus",
  "Pro",
  "Max",
  "Flex",
  "Business",
  "Lite",
  "Premium",
  "Starter",
  "Enterprise",
];
/** Names a human might write that need quoting in YAML. */
const ODD_NAMES: readonly string[] = [
  "Charge: Night Edition",
  "24/7 Access",
  "Yes",
  "Home # Away",
  'The "Quoted" Plan',
  "Überladen Plus",
  "null",
  "100% Green",
];
const DESCRIPTIONS: Readonly<Record<Archetype, readonly string[]>> = {
  flat: ["Unlimited access to the charging network", "Member rates at every public charger"],
  annual: ["Billed yearly, two months free", "Annual membership with priority support"],
  payg: ["Pay per kWh at public chargers, no monthly fee", "Ad-hoc charging, billed after each session"],
  bundle: ["Home and public charging with energy included", "A monthly bundle with included kWh"],
  graduated: ["The more you charge, the less each kWh costs", "Graduated energy pricing"],
  volume: ["One price per kWh, set by your monthly volume", "Volume pricing for busy sites"],
  fleet: ["Depot and on-the-road charging for fleets", "Fleet contract with monthly minimum"],
  saas: ["Charge point management software", "Monitoring and load balancing for operators"],
  allowance: ["Roaming allowance for partner networks", "Included sessions at partner sites"],
};
const TAX_CODES: readonly string[] = [
  "txcd_10000000",
  "txcd_10103000",
  "txcd_10103001",
  "txcd_20030000",
  "txcd_99999999",
];
const SEGMENTS: readonly string[] = ["residential", "commercial", "fleet", "public", "enterprise"];

interface Ctx {
  readonly prng: Prng;
  readonly id: string;
  readonly currencies: readonly string[];
}

function fixed(ctx: Ctx, cents: number): Amount {
  return fixedAmount(cents, ctx.currencies);
}

function unit(ctx: Ctx, micro: number): Amount {
  return unitAmount(micro, ctx.currencies);
}

/** A per-kWh price point in 1/10000 of a unit: half of them whole cents (0.39), half with 4 decimals (0.3912). */
function kwhPrice(prng: Prng): number {
  const v = prng.int(2900, 7900);
  return prng.chance(0.5) ? Math.round(v / 100) * 100 : v;
}

function meter(ctx: Ctx, kind: MeterKind): Meter {
  const p = METER_PRESETS[kind];
  return {
    id: kind,
    eventName: `${ctx.id}_${kind}`.replace(/-/g, "_"),
    displayName: p.displayName,
    aggregation: p.aggregation,
    ...(p.valueKey !== undefined ? { valueKey: p.valueKey } : {}),
  };
}

function tiers(ctx: Ctx, mode: "graduated" | "volume", startPrice: number, firstBound: number): Tier[] {
  const { prng } = ctx;
  const n = prng.int(2, 4);
  const out: Tier[] = [];
  let bound = firstBound;
  let price = startPrice;
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    let flatAmount: Amount | undefined;
    if (mode === "volume" && prng.chance(0.4)) flatAmount = fixed(ctx, i === 0 ? 0 : prng.int(1, 20) * 500);
    else if (mode === "graduated" && i === 0 && prng.chance(0.15)) flatAmount = fixed(ctx, 0);
    out.push({
      upTo: last ? "inf" : bound,
      unitAmount: unit(ctx, price),
      ...(flatAmount ? { flatAmount } : {}),
    });
    bound *= prng.pick([2, 4, 5, 10]);
    price = Math.max(10, price - Math.round((price * prng.int(5, 20)) / 100));
  }
  return out;
}

function flatMonthly(ctx: Ctx, id: string, cents: number): Component {
  const { prng } = ctx;
  const roll = prng.next();
  if (roll < 0.1)
    return { type: "flat", id, amount: fixed(ctx, cents * 3), interval: "month", intervalCount: 3 };
  if (roll < 0.15)
    return { type: "flat", id, amount: fixed(ctx, cents), interval: "month", intervalCount: 1 };
  return { type: "flat", id, amount: fixed(ctx, cents), interval: "month" };
}

interface Core {
  readonly meters: readonly Meter[];
  readonly components: readonly Component[];
  readonly names: readonly string[];
  readonly label?: string;
  readonly commitment?: boolean;
  readonly configuration?: boolean;
}

function core(ctx: Ctx, archetype: Archetype): Core {
  const { prng } = ctx;
  switch (archetype) {
    case "flat": {
      const components: Component[] = [flatMonthly(ctx, "base", prng.pick(MONTHLY_CENTS))];
      if (prng.chance(0.3)) {
        components.push({
          type: "flat",
          id: "setup",
          amount: fixed(ctx, prng.pick(SETUP_CENTS)),
          interval: "one_time",
        });
      }
      return { meters: [], components, names: EV_NAMES, label: "Monthly" };
    }
    case "annual": {
      const cents = prng.pick(MONTHLY_CENTS);
      const yearly: Component = {
        type: "flat",
        id: "yearly",
        amount: fixed(ctx, cents * 10),
        interval: "year",
      };
      const components: Component[] = prng.chance(0.5)
        ? [{ type: "flat", id: "monthly", amount: fixed(ctx, cents), interval: "month" }, yearly]
        : [yearly];
      return { meters: [], components, names: EV_NAMES, label: "Annual" };
    }
    case "payg": {
      const meters = [meter(ctx, "energy")];
      const components: Component[] = [
        {
          type: "metered",
          id: "energy",
          meter: "energy",
          unitAmount: unit(ctx, kwhPrice(prng)),
          interval: "month",
        },
      ];
      if (prng.chance(0.4)) {
        meters.push(meter(ctx, "sessions"));
        components.push({
          type: "metered",
          id: "session-fee",
          meter: "sessions",
          unitAmount: unit(ctx, prng.int(5, 20) * 500),
          interval: "month",
        });
      }
      if (prng.chance(0.25)) {
        meters.push(meter(ctx, "idle"));
        components.push({
          type: "metered",
          id: "idle-fee",
          meter: "idle",
          unitAmount: unit(ctx, prng.int(5, 40) * 100),
          interval: "month",
        });
      }
      return { meters, components, names: EV_NAMES, label: "Pay-as-you-go" };
    }
    case "bundle":
      return {
        meters: [meter(ctx, "energy")],
        components: [
          flatMonthly(ctx, "base", prng.pick(MONTHLY_CENTS)),
          {
            type: "metered",
            id: "energy",
            meter: "energy",
            unitAmount: unit(ctx, kwhPrice(prng)),
            includedUnits: prng.pick([25, 50, 100, 200, 500]),
            interval: "month",
          },
        ],
        names: EV_NAMES,
      };
    case "graduated":
    case "volume": {
      const components: Component[] = [];
      if (prng.chance(0.5)) components.push(flatMonthly(ctx, "base", prng.pick(MONTHLY_CENTS)));
      components.push({
        type: "metered",
        id: "energy",
        meter: "energy",
        tiersMode: archetype,
        tiers: tiers(ctx, archetype, kwhPrice(prng), prng.pick([50, 100, 200, 250, 500])),
        interval: "month",
      });
      return { meters: [meter(ctx, "energy")], components, names: EV_NAMES };
    }
    case "fleet":
      return {
        meters: [meter(ctx, "energy"), meter(ctx, "chargers")],
        components: [
          { type: "flat", id: "platform", amount: fixed(ctx, prng.pick(PLATFORM_CENTS)), interval: "month" },
          {
            type: "metered",
            id: "energy",
            meter: "energy",
            tiersMode: "graduated",
            tiers: tiers(ctx, "graduated", kwhPrice(prng), prng.pick([1000, 2000, 5000])),
            interval: "month",
          },
          {
            type: "metered",
            id: "chargers",
            meter: "chargers",
            tiersMode: "volume",
            tiers: tiers(ctx, "volume", prng.int(10, 60) * 10000, prng.pick([5, 10, 20])),
            interval: "month",
          },
        ],
        names: EV_NAMES,
        label: "Fleet",
        commitment: true,
        configuration: true,
      };
    case "saas": {
      const yearly = prng.chance(0.3);
      const cents = prng.pick(PLATFORM_CENTS);
      return {
        meters: [meter(ctx, "api-calls")],
        components: [
          yearly
            ? { type: "flat", id: "platform", amount: fixed(ctx, cents * 10), interval: "year" }
            : { type: "flat", id: "platform", amount: fixed(ctx, cents), interval: "month" },
          {
            type: "metered",
            id: "api",
            meter: "api-calls",
            unitAmount: unit(ctx, prng.int(5, 50)),
            includedUnits: prng.pick([1000, 10000, 100000]),
            interval: "month",
          },
        ],
        names: SAAS_NAMES,
      };
    }
    case "allowance":
      return {
        meters: [meter(ctx, "sessions")],
        components: [
          flatMonthly(ctx, "base", prng.pick(MONTHLY_CENTS)),
          {
            type: "metered",
            id: "roaming",
            meter: "sessions",
            includedUnits: prng.int(2, 20),
            interval: "month",
          },
        ],
        names: EV_NAMES,
        label: "Roaming",
      };
  }
}

function discount(ctx: Ctx, id: string): Component {
  const { prng } = ctx;
  const duration = prng.weighted(["once", "forever", "repeating"] as const, [3, 2, 4]);
  const off = prng.chance(0.6)
    ? { percentOff: prng.pick([5, 10, 15, 20, 25, 30, 50]) }
    : { amountOff: fixed(ctx, prng.pick([100, 200, 250, 500, 1000, 2000])) };
  return {
    type: "discount",
    id,
    ...off,
    duration,
    ...(duration === "repeating" ? { durationInMonths: prng.int(1, 12) } : {}),
  };
}

function commitments(ctx: Ctx, forceContract: boolean): Component[] {
  const { prng } = ctx;
  const out: Component[] = [];
  if (forceContract || prng.chance(0.4)) {
    out.push({
      type: "commitment",
      id: "contract",
      commitment: "contract_duration",
      months: prng.pick([12, 24, 36]),
    });
  }
  const money = prng.weighted(["none", "minimum_spend", "prepayment"] as const, [
    forceContract ? 2 : 0,
    3,
    2,
  ]);
  if (money === "minimum_spend") {
    const interval = prng.pick(["month", "year"] as const);
    const cents = prng.int(1, 50) * (interval === "month" ? 5000 : 50000);
    out.push({
      type: "commitment",
      id: "floor",
      commitment: "minimum_spend",
      amount: fixed(ctx, cents),
      interval,
    });
  } else if (money === "prepayment") {
    const interval = prng.pick(["month", "year"] as const);
    const cents = prng.int(1, 40) * (interval === "month" ? 10000 : 100000);
    out.push({
      type: "commitment",
      id: "prepay",
      commitment: "prepayment",
      amount: fixed(ctx, cents),
      interval,
    });
  }
  return out;
}

function configuration(prng: Prng): (readonly [string, ConfigValue])[] {
  const all: (readonly [string, ConfigValue])[] = [
    ["roaming", prng.pick(["enabled", "disabled"])],
    ["maxSessionMinutes", prng.pick([120, 240, 480])],
    ["smartCharging", prng.chance(0.5)],
    ["connector", prng.pick(["ccs2", "type2", "chademo"])],
    ["maxPowerKw", prng.pick([11, 22, 50, 150, 350])],
    ["idleFeeGraceMinutes", prng.pick([15, 30, 60])],
    ["supportLevel", prng.pick(["standard", "priority", "24/7"])],
  ];
  return all.filter(() => prng.chance(0.5));
}

function productName(prng: Prng, names: readonly string[], label: string | undefined): string {
  const roll = prng.next();
  if (roll < 0.04) return prng.pick(ODD_NAMES);
  const name = `${prng.pick(names)} ${prng.pick(EDITIONS)}${label && prng.chance(0.6) ? ` ${label}` : ""}`;
  if (roll < 0.05) {
    // A name at the 250-character limit.
    const long = `${name} ${"with extended public and home charging coverage ".repeat(6)}`;
    return long.slice(0, 250).trimEnd();
  }
  return name;
}

function metadata(prng: Prng, region: number): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [["segment", prng.pick(SEGMENTS)]];
  if (prng.chance(0.6)) out.push(["region", String(region).padStart(2, "0")]);
  if (prng.chance(0.4)) out.push(["owner", prng.pick(["pricing", "growth", "partnerships", "fleet-sales"])]);
  if (prng.chance(0.3)) out.push(["launch_wave", String(prng.int(1, 5))]);
  if (prng.chance(0.2)) out.push(["legacy", prng.pick(["true", "false"])]);
  return out;
}

function pickCurrencies(prng: Prng, pool: readonly string[]): string[] {
  const base = prng.weighted(
    pool,
    pool.map((c) => BASE_WEIGHT[c] ?? 2),
  );
  if (pool.length < 2 || !prng.chance(0.25)) return [base];
  const others = pool.filter((c) => c !== base);
  const n = prng.int(1, Math.min(3, others.length));
  // A random subset of size n, kept in pool order so the text is stable and readable.
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(prng.pick(others));
  return [base, ...others.filter((c) => chosen.has(c))];
}

function generateOne(prng: Prng, index: number, pool: readonly string[]): GeneratedFile {
  const archetype = prng.weighted(ARCHETYPES, ARCHETYPE_WEIGHTS);
  const id = `gen-${String(index + 1).padStart(6, "0")}-${archetype}`;
  const ctx: Ctx = { prng, id, currencies: pickCurrencies(prng, pool) };
  const c = core(ctx, archetype);

  const components = [...c.components];
  if (prng.chance(0.3))
    components.push(discount(ctx, prng.pick(["launch", "welcome", "loyalty", "partner"])));
  if (c.commitment || prng.chance(0.2)) components.push(...commitments(ctx, c.commitment === true));

  const region = prng.int(1, 12);
  const firstMeter = c.meters[0];
  const product = {
    name: productName(prng, c.names, c.label),
    ...(prng.chance(0.8) ? { description: prng.pick(DESCRIPTIONS[archetype]) } : {}),
    ...(firstMeter ? { unitLabel: METER_PRESETS[firstMeter.id as MeterKind].unitLabel } : {}),
    ...(prng.chance(0.75) ? { taxCode: prng.pick(TAX_CODES) } : {}),
    ...(prng.chance(0.65) ? { metadata: metadata(prng, region) } : {}),
  };
  const config = c.configuration || prng.chance(0.3) ? configuration(prng) : [];
  const model: Model = {
    id,
    product,
    currencies: ctx.currencies,
    meters: c.meters,
    components,
    ...(config.length > 0 ? { configuration: config } : {}),
  };

  const where = prng.next();
  const folder =
    where < 0.05
      ? ""
      : where < 0.35
        ? `region-${String(region).padStart(2, "0")}/${prng.pick(SEGMENTS)}/`
        : `region-${String(region).padStart(2, "0")}/`;
  const path = `${folder}${id}${prng.chance(0.05) ? ".yml" : ".yaml"}`;
  return { path, text: renderModel(model, path) };
}

function currencyPool(currencies: readonly string[] | undefined): string[] {
  const pool: string[] = [];
  for (const raw of currencies ?? DEFAULT_CURRENCIES) {
    const c = raw.toLowerCase();
    if (!/^[a-z]{3}$/.test(c)) throw new RangeError(`invalid currency code ${JSON.stringify(raw)}`);
    if (!pool.includes(c)) pool.push(c);
  }
  if (pool.length === 0) throw new RangeError("currencies must not be empty");
  return pool;
}

function checkSeed(seed: number | undefined): number {
  const s = seed ?? 1;
  if (!Number.isSafeInteger(s)) throw new RangeError(`seed must be an integer, got ${s}`);
  return s;
}

/**
 * Generate a catalog of `count` valid pricing models, deterministic in `count`, `seed` and
 * `currencies`: the same options give byte-identical files, and the first n files do not depend
 * on `count` beyond n. Model ids are `gen-<6 digits>-<kind>`, e.g. `gen-000123-flat`.
 *
 * @throws RangeError when `count` is not a non-negative integer, `seed` is not an integer, or a
 *   currency is not a three-letter code.
 */
export function generateCatalog(options: GenerateOptions): readonly GeneratedFile[] {
  const { count } = options;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const pool = currencyPool(options.currencies);
  const master = createPrng(checkSeed(options.seed));
  const files: GeneratedFile[] = [];
  for (let i = 0; i < count; i++) files.push(generateOne(master.fork(), i, pool));
  return files;
}

/**
 * Write generated files to `dir/<path>`, creating folders as needed and overwriting existing
 * files. Does not remove anything already in `dir`.
 *
 * @throws RangeError when a path is absolute or escapes `dir`; IO errors are passed through.
 */
export async function writeCatalog(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  const targets = files.map((f) => {
    const rel = normalize(f.path);
    if (isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`)) {
      throw new RangeError(`generated path escapes the models directory: ${f.path}`);
    }
    return { full: join(dir, rel), text: f.text };
  });
  const folders = [...new Set(targets.map((t) => dirname(t.full)))].sort();
  for (const folder of folders) await mkdir(folder, { recursive: true });
  const batch = 64;
  for (let i = 0; i < targets.length; i += batch) {
    await Promise.all(targets.slice(i, i + batch).map((t) => writeFile(t.full, t.text, "utf8")));
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations: small, human-like text edits of generated files
// ---------------------------------------------------------------------------------------------

interface Block {
  readonly id: string;
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

interface Sections {
  readonly blocks: readonly Block[];
  /** Index of the first line after the components section. */
  readonly end: number;
}

/** Locate component blocks in generator-shaped text (`components:` then `  - id: x` items). */
function componentSections(lines: readonly string[]): Sections | undefined {
  const head = lines.indexOf("components:");
  if (head < 0) return undefined;
  let end = head + 1;
  while (end < lines.length && !/^\S/.test(lines[end] as string)) end++;
  const starts: { id: string; at: number }[] = [];
  for (let i = head + 1; i < end; i++) {
    const m = /^ {2}- id: (\S+)$/.exec(lines[i] as string);
    if (m) starts.push({ id: m[1] as string, at: i });
  }
  const blocks = starts.map((s, k) => {
    const stop = starts[k + 1]?.at ?? end;
    const typeLine = lines.slice(s.at, stop).find((l) => /^ {4}type: /.test(l));
    return { id: s.id, type: typeLine?.slice("    type: ".length) ?? "", start: s.at, end: stop };
  });
  return { blocks, end };
}

const MONEY_FIELD = /\b(amount|unitAmount|flatAmount): (\{[^}]*\}|\d+(?:\.\d+)?)/g;

/** Raise a decimal literal by `pct` percent (at least one step of its last digit), same decimals. */
function raiseLiteral(lit: string, pct: number): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(lit);
  if (!m) return lit;
  const frac = m[2] ?? "";
  const value = Number(`${m[1]}${frac}`);
  if (value === 0) return lit; // a free tier stays free
  const raised = Math.max(value + 1, Math.round((value * (100 + pct)) / 100));
  const digits = String(raised).padStart(frac.length + 1, "0");
  return frac.length === 0 ? digits : `${digits.slice(0, -frac.length)}.${digits.slice(-frac.length)}`;
}

function raiseMoneyLine(line: string, pct: number): string {
  return line.replace(MONEY_FIELD, (_all, key: string, value: string) => {
    const raised = value.startsWith("{")
      ? value.replace(
          /([a-z]{3}): (\d+(?:\.\d+)?)/g,
          (_m, c: string, v: string) => `${c}: ${raiseLiteral(v, pct)}`,
        )
      : raiseLiteral(value, pct);
    return `${key}: ${raised}`;
  });
}

function modelCurrencies(lines: readonly string[]): string[] | undefined {
  const base = lines.map((l) => /^currency: ([a-z]{3})$/.exec(l)?.[1]).find((c) => c !== undefined);
  if (!base) return undefined;
  const opts = lines.map((l) => /^currencyOptions: \[(.*)\]$/.exec(l)?.[1]).find((c) => c !== undefined);
  return [base, ...(opts ? opts.split(",").map((c) => c.trim()) : [])];
}

type Mutation = "price" | "rename" | "remove" | "discount";

function mutateLines(lines: string[], kind: Mutation, prng: Prng): boolean {
  const sections = componentSections(lines);
  switch (kind) {
    case "price": {
      // Components with at least one non-zero amount (raising a free tier is a no-op).
      const priced = (sections?.blocks ?? []).filter(
        (b) =>
          (b.type === "flat" || b.type === "metered") &&
          lines.slice(b.start, b.end).some((l) => raiseMoneyLine(l, 1) !== l),
      );
      if (priced.length === 0) return false;
      const b = prng.pick(priced);
      const pct = prng.int(3, 15);
      for (let i = b.start; i < b.end; i++) lines[i] = raiseMoneyLine(lines[i] as string, pct);
      return true;
    }
    case "rename": {
      const at = lines.findIndex((l) => l.startsWith("  name: "));
      if (at < 0) return false;
      const raw = (lines[at] as string).slice("  name: ".length);
      const old = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
      const suffix = prng.pick(["Next", "Classic", "Edition 2", "Reloaded", "Smart"]);
      const renamed =
        old.length + suffix.length + 1 <= 250 ? `${old} ${suffix}` : `${prng.pick(EV_NAMES)} ${suffix}`;
      lines[at] = `  name: ${yamlString(renamed)}`;
      return true;
    }
    case "remove": {
      if (!sections) return false;
      const priced = sections.blocks.filter((b) => b.type === "flat" || b.type === "metered");
      const removable = sections.blocks.filter(
        (b) => b.type === "discount" || b.type === "commitment" || (b.type === "flat" && priced.length > 1),
      );
      if (removable.length === 0) return false;
      const b = prng.pick(removable);
      lines.splice(b.start, b.end - b.start);
      return true;
    }
    case "discount": {
      if (!sections) return false;
      const taken = new Set(sections.blocks.map((b) => b.id));
      const id = ["winback", "spring-promo", "referral", "promo", "promo-2", "promo-3"].find(
        (x) => !taken.has(x),
      );
      const currencies = modelCurrencies(lines);
      if (!id || !currencies) return false;
      const ctx: Ctx = { prng, id, currencies };
      lines.splice(sections.end, 0, ...renderDiscount(discount(ctx, id), currencies));
      return true;
    }
  }
}

function renderDiscount(c: Component, currencies: readonly string[]): string[] {
  const out: string[] = [];
  renderComponent(c, currencies, out);
  return out;
}

const MUTATIONS: readonly Mutation[] = ["price", "rename", "remove", "discount"];
const MUTATION_WEIGHTS: readonly number[] = [4, 2, 2, 2];

/**
 * Return a copy of `files` in which exactly `Math.round(fraction * files.length)` files, chosen
 * by `seed`, carry one realistic edit: a price change (one component's amounts raised 3-15%), a
 * renamed product, a removed discount / commitment / extra flat fee, or an added discount. Edits
 * are minimal line changes and keep every model valid. Other files are returned as the same
 * objects. Deterministic in `files`, `seed` and `fraction`.
 *
 * Meant for output of {@link generateCatalog}; a file it cannot recognise is left unchanged.
 *
 * @throws RangeError when `fraction` is outside 0..1 or `seed` is not an integer.
 */
export function mutateCatalog(
  files: readonly GeneratedFile[],
  options: MutateOptions,
): readonly GeneratedFile[] {
  const { fraction } = options;
  if (!(fraction >= 0 && fraction <= 1))
    throw new RangeError(`fraction must be within 0..1, got ${fraction}`);
  const prng = createPrng(checkSeed(options.seed));
  const k = Math.round(fraction * files.length);

  // Partial Fisher-Yates: the first k indices of a seeded shuffle.
  const order = files.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = prng.int(i, order.length - 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }

  const out = [...files];
  for (const index of order.slice(0, k).sort((a, b) => a - b)) {
    const file = files[index] as GeneratedFile;
    const local = prng.fork();
    const lines = file.text.endsWith("\n") ? file.text.slice(0, -1).split("\n") : file.text.split("\n");
    const first = local.weighted(MUTATIONS, MUTATION_WEIGHTS);
    const tryOrder = [first, ...MUTATIONS.filter((m) => m !== first)];
    if (tryOrder.some((m) => mutateLines(lines, m, local))) {
      out[index] = { path: file.path, text: `${lines.join("\n")}\n` };
    }
  }
  return out;
}
