/**
 * Semantic checks of one schema-valid model and its conversion to the exact, normalised
 * `PricingModel`. Everything the schema cannot say lives here. Pure; no IO.
 */
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";
import { type Currency, parseCurrency } from "../money/currency.js";
import { compareDecimal, type Decimal } from "../money/decimal.js";
import { type BrokenParts, NOTHING_BROKEN } from "./broken-parts.js";
import { METADATA_LIMITS, RESERVED_PREFIX, termKey } from "./metadata-keys.js";
import { readDecimal, readMoney } from "./money-field.js";
import { quote } from "./quote.js";
import type { DataPath, ModelSource } from "./source.js";
import type {
  Component,
  ConfigValue,
  Interval,
  Meter,
  ModelId,
  Money,
  PackageSize,
  PricingModel,
  PromotionCode,
  TaxBehavior,
  Tier,
} from "./types.js";

/** Keys the tool itself writes on every product (logical key, manager, model). */
const RESERVED_PRODUCT_KEYS = 6;

/** Longest interval_count Stripe accepts per interval (one year). */
const MAX_INTERVAL_COUNT: Readonly<Record<Exclude<Interval, "one_time">, number>> = {
  day: 365,
  week: 52,
  month: 12,
  year: 1,
};

/**
 * Most units an `includedUnits` or tier `upTo` may name. Stripe's `up_to` is a 64-bit integer;
 * the tool sends it as a JSON number, exact only up to 2^53 - 1, so that is the limit.
 */
export const MAX_UNITS = BigInt(Number.MAX_SAFE_INTEGER);

/** Control characters (C0, DEL, C1) and line/paragraph separators: never in a metadata key. */
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/** A UTF-16 surrogate not paired with its other half (what `"\ud800"` decodes to). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Keys a JavaScript object cannot hold as plain data: assigning one changes the prototype. */
const PROTOTYPE_KEYS = new Set(["__proto__"]);

type Raw = Record<string, unknown>;

/**
 * Checks and converts one model; returns the model only when it has no error. With `broken`
 * (the parts the schema refused), checks every other part and returns no model.
 */
export function buildModel(
  source: ModelSource,
  broken: BrokenParts = NOTHING_BROKEN,
): { model?: PricingModel; diagnostics: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const raw = source.data as Raw;
  const at = (path: DataPath, key = false) => source.positionOf(path, { key });
  const fail = (path: DataPath, message: string, key = false) => problems.push(error(at(path, key), message));

  checkText(raw, fail);

  let currency: Currency | undefined;
  if (!broken.within(["currency"])) {
    currency = parseCurrency(String(raw.currency));
    if (!currency) fail(["currency"], `currency "${String(raw.currency)}" is not a currency Stripe supports`);
  }
  const options: Currency[] = [];
  if (!broken.within(["currencyOptions"])) {
    ((raw.currencyOptions as string[] | undefined) ?? []).forEach((code, i) => {
      const c = parseCurrency(code);
      if (!c) fail(["currencyOptions", i], `currency "${code}" is not a currency Stripe supports`);
      else if (c === currency) fail(["currencyOptions", i], `${c} is already the model currency`);
      else if (options.includes(c)) fail(["currencyOptions", i], `${c} is listed twice`);
      else options.push(c);
    });
  }
  // Amounts are read in the model's currencies: without them no component can be checked.
  const currencies = currency && !broken.within(["currencyOptions"]) ? [currency, ...options] : undefined;

  const meters = buildMeters(raw, broken, fail);
  const components: Component[] = [];
  const ids = new Map<string, number>();
  const taxBehavior = broken.within(["taxBehavior"])
    ? undefined
    : (raw.taxBehavior as TaxBehavior | undefined);
  (Array.isArray(raw.components) ? (raw.components as unknown[]) : []).forEach((item, i) => {
    if (!isMap(item)) return;
    const c = item as Raw;
    const path: DataPath = ["components", i];
    if (!broken.within([...path, "id"])) {
      const id = String(c.id);
      const first = ids.get(id);
      if (first !== undefined)
        fail([...path, "id"], `component id "${id}" is already used by components[${first}]`);
      else ids.set(id, i);
    }
    if (!currencies || broken.within(path)) return;
    const built = buildComponent(source, c, path, currencies, meters, problems, fail);
    if (built) components.push(withTaxBehavior(built, taxBehavior));
  });

  const product = isMap(raw.product) ? (raw.product as Raw) : {};
  if (
    !broken.within(["product", "defaultPrice"]) &&
    !broken.within(["components"]) &&
    Array.isArray(raw.components)
  )
    checkDefaultPrice(product.defaultPrice, raw.components as Raw[], fail);
  const metadata =
    broken.within(["product", "metadata"]) || !isMap(product.metadata)
      ? {}
      : (product.metadata as Record<string, string>);
  const configuration =
    broken.within(["configuration"]) || !isMap(raw.configuration)
      ? {}
      : configurationText(source, raw.configuration as Raw);
  checkMetadata(metadata, configuration, components, product.defaultPrice !== undefined, fail);

  if (problems.length > 0 || broken.any || !currency) return { diagnostics: problems };
  const model: PricingModel = {
    id: String(raw.id) as ModelId,
    file: source.file,
    product: {
      name: String(product.name),
      ...(product.description !== undefined ? { description: String(product.description) } : {}),
      ...(product.unitLabel !== undefined ? { unitLabel: String(product.unitLabel) } : {}),
      ...(product.taxCode !== undefined ? { taxCode: String(product.taxCode) } : {}),
      ...(product.defaultPrice !== undefined ? { defaultPrice: String(product.defaultPrice) } : {}),
      ...(Array.isArray(product.marketingFeatures)
        ? { marketingFeatures: (product.marketingFeatures as unknown[]).map(String) }
        : {}),
      metadata,
    },
    currency,
    currencyOptions: options,
    meters: meters.list,
    components,
    configuration,
  };
  return { model, diagnostics: [] };
}

type Fail = (path: DataPath, message: string, key?: boolean) => void;

/** The meters of a model, and every meter id a component may name (those of broken meters too). */
interface Meters {
  readonly list: Meter[];
  /** Undefined when the meters list itself is broken: references to it cannot be checked. */
  readonly ids: readonly string[] | undefined;
}

function buildMeters(raw: Raw, broken: BrokenParts, fail: Fail): Meters {
  const meters: Meter[] = [];
  const ids: string[] = [];
  (Array.isArray(raw.meters) ? (raw.meters as unknown[]) : []).forEach((item, i) => {
    const m = isMap(item) ? (item as Raw) : {};
    const id = String(m.id);
    if (broken.within(["meters", i])) {
      if (typeof m.id === "string") ids.push(id);
      return;
    }
    ids.push(id);
    if (meters.some((x) => x.id === id))
      fail(["meters", i, "id"], `meter id "${id}" is already used in this model`);
    else
      meters.push({
        id,
        eventName: String(m.eventName),
        displayName: String(m.displayName),
        aggregation: m.aggregation as Meter["aggregation"],
        valueKey: m.valueKey === undefined ? "value" : String(m.valueKey),
      });
  });
  // The product records its meters' event names in one metadata value (pricing_meters).
  const recorded = meters.map((m) => m.eventName).join(",").length;
  if (recorded > METADATA_LIMITS.valueLength)
    fail(
      ["meters"],
      `the meters' event names take ${recorded} characters in the product's pricing_meters metadata (comma-separated); Stripe allows ${METADATA_LIMITS.valueLength}: use shorter event names, or split the model`,
    );
  return { list: meters, ids: broken.at(["meters"]) ? undefined : [...new Set(ids)] };
}

/** True for a YAML map (not a list, not a scalar). */
function isMap(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function buildComponent(
  source: ModelSource,
  c: Raw,
  path: DataPath,
  currencies: readonly Currency[],
  meters: Meters,
  problems: Diagnostic[],
  fail: Fail,
): Component | undefined {
  const id = String(c.id);
  const money = (key: string, kind: "whole" | "per-unit"): Money | undefined =>
    c[key] === undefined ? undefined : readMoney(source, [...path, key], c[key], currencies, kind, problems);
  const before = problems.length;
  switch (c.type) {
    case "flat": {
      const interval = c.interval as Interval;
      const intervalCount = checkInterval(c, path, fail);
      const amount = money("amount", "whole");
      return amount && problems.length === before
        ? { type: "flat", id, amount, interval, intervalCount, ...taxBehavior(c), ...takeover(c) }
        : undefined;
    }
    case "metered": {
      const interval = c.interval as Interval;
      if (interval === "one_time")
        fail([...path, "interval"], "a metered component bills per period: interval cannot be one_time");
      const intervalCount = checkInterval(c, path, fail);
      const meter = String(c.meter);
      if (meters.ids && !meters.ids.includes(meter)) {
        const known = meters.ids.join(", ");
        fail(
          [...path, "meter"],
          `meter ${quote(meter)} is not a meter of this model${known ? ` (meters: ${known})` : " (it has no meters)"}`,
        );
      }
      if (c.unitAmount !== undefined && c.tiers !== undefined)
        fail([...path, "tiers"], "use unitAmount or tiers, not both");
      if ((c.tiers === undefined) !== (c.tiersMode === undefined)) {
        fail(
          c.tiers === undefined ? [...path, "tiersMode"] : [...path, "tiers"],
          "tiers and tiersMode go together",
        );
      }
      if (c.tiers !== undefined && c.includedUnits !== undefined) {
        fail(
          [...path, "includedUnits"],
          "includedUnits cannot be combined with tiers: write the allowance as a first tier with unitAmount 0",
        );
      }
      if (c.package !== undefined && c.unitAmount === undefined) {
        fail(
          [...path, "package"],
          "package prices a package of units with unitAmount: it cannot be combined with tiers or stand alone (Stripe refuses transform_quantity on a tiered price)",
          true,
        );
      } else if (c.package !== undefined && c.includedUnits !== undefined) {
        fail(
          [...path, "package"],
          "package cannot be combined with includedUnits: the allowance is carried as tiers, and Stripe refuses transform_quantity on a tiered price",
          true,
        );
      }
      if (c.unitAmount === undefined && c.tiers === undefined) {
        if (c.includedUnits === undefined)
          fail(path, "a metered component needs unitAmount, tiers, or includedUnits");
        else checkTermId(id, path, fail);
      }
      const unitAmount = money("unitAmount", "per-unit");
      const tiers =
        c.tiers === undefined
          ? undefined
          : buildTiers(source, c.tiers as Raw[], [...path, "tiers"], currencies, problems, fail);
      const included =
        c.includedUnits === undefined ? undefined : readUnits(source, [...path, "includedUnits"], problems);
      const pack =
        c.package === undefined
          ? undefined
          : readPackage(source, c.package as Raw, [...path, "package"], problems);
      if (problems.length > before) return undefined;
      return {
        type: "metered",
        id,
        meter,
        interval,
        intervalCount,
        ...(unitAmount ? { unitAmount } : {}),
        ...(tiers ? { tiers, tiersMode: c.tiersMode as "graduated" | "volume" } : {}),
        ...(included !== undefined ? { includedUnits: included } : {}),
        ...(pack ? { package: pack } : {}),
        ...taxBehavior(c),
        ...takeover(c),
      };
    }
    case "discount": {
      if ((c.percentOff === undefined) === (c.amountOff === undefined))
        fail(path, "a discount needs exactly one of percentOff and amountOff");
      if ((c.duration === "repeating") !== (c.durationInMonths !== undefined)) {
        fail(
          c.durationInMonths === undefined ? path : [...path, "durationInMonths"],
          "durationInMonths is required with duration: repeating, and only then",
        );
      }
      const percentOff =
        c.percentOff === undefined ? undefined : readDecimal(source, [...path, "percentOff"], problems);
      if (percentOff) {
        if (percentOff.scale > 2) fail([...path, "percentOff"], "percentOff allows at most 2 decimals");
        if (percentOff.units === 0n || compareDecimal(percentOff, { units: 100n, scale: 0 }) > 0) {
          fail([...path, "percentOff"], "percentOff must be above 0 and at most 100");
        }
      }
      const amountOff = money("amountOff", "whole");
      if (amountOff) {
        for (const [currency, amount] of Object.entries(amountOff) as [Currency, Decimal][]) {
          if (amount.units === 0n) {
            const at =
              typeof c.amountOff === "object" ? [...path, "amountOff", currency] : [...path, "amountOff"];
            fail(at, `amountOff must be above 0 (${currency}): a coupon takes off a positive amount`);
          }
        }
      }
      const promotionCodes = buildPromotionCodes(source, c, path, currencies, problems, fail);
      if (problems.length > before) return undefined;
      return {
        type: "discount",
        id,
        duration: c.duration as "once" | "forever" | "repeating",
        ...(percentOff ? { percentOff } : {}),
        ...(amountOff ? { amountOff } : {}),
        ...(c.durationInMonths !== undefined ? { durationInMonths: Number(c.durationInMonths) } : {}),
        promotionCodes,
      };
    }
    case "commitment": {
      checkTermId(id, path, fail);
      if (c.commitment === "contract_duration") {
        if (c.months === undefined) fail(path, "a contract_duration commitment needs months");
        for (const key of ["amount", "interval"]) {
          if (c[key] !== undefined)
            fail([...path, key], `${key} does not apply to a contract_duration commitment`, true);
        }
        return problems.length > before
          ? undefined
          : { type: "commitment", id, commitment: "contract_duration", months: Number(c.months) };
      }
      if (c.months !== undefined)
        fail([...path, "months"], `months does not apply to a ${String(c.commitment)} commitment`, true);
      for (const key of ["amount", "interval"])
        if (c[key] === undefined) fail(path, `a ${String(c.commitment)} commitment needs ${key}`);
      const amount = money("amount", "whole");
      if (problems.length > before || !amount) return undefined;
      return {
        type: "commitment",
        id,
        commitment: c.commitment as "minimum_spend" | "prepayment",
        amount,
        interval: c.interval as Interval,
      };
    }
    default:
      return undefined;
  }
}

/** Components recorded as product metadata need ids that fit in a Stripe metadata key. */
function checkTermId(id: string, path: DataPath, fail: Fail): void {
  if (termKey(id).length > METADATA_LIMITS.keyLength) {
    const max = METADATA_LIMITS.keyLength - termKey("").length;
    fail(
      [...path, "id"],
      `component id "${id}" becomes a Stripe metadata key (${termKey(id)}): at most ${max} characters`,
    );
  }
}

function checkInterval(c: Raw, path: DataPath, fail: Fail): number {
  const count = c.intervalCount === undefined ? 1 : Number(c.intervalCount);
  const interval = c.interval as Interval;
  if (interval === "one_time") {
    if (count !== 1) fail([...path, "intervalCount"], "a one_time charge has no intervalCount");
  } else if (count > MAX_INTERVAL_COUNT[interval]) {
    fail(
      [...path, "intervalCount"],
      `Stripe bills at most once a year: intervalCount for ${interval} is at most ${MAX_INTERVAL_COUNT[interval]}`,
    );
  }
  return count;
}

function buildTiers(
  source: ModelSource,
  raw: readonly Raw[],
  path: DataPath,
  currencies: readonly Currency[],
  problems: Diagnostic[],
  fail: Fail,
): Tier[] | undefined {
  const before = problems.length;
  const tiers: Tier[] = [];
  let previous = 0n;
  raw.forEach((t, i) => {
    const at: DataPath = [...path, i];
    const last = i === raw.length - 1;
    let upTo: bigint | "inf" = "inf";
    if (t.upTo === "inf") {
      if (!last) fail([...at, "upTo"], "only the last tier may have upTo: inf");
    } else {
      const units = readUnits(source, [...at, "upTo"], problems);
      // An unreadable upTo is reported by readUnits; the others are checked against it.
      if (units !== undefined) {
        upTo = units;
        if (last) fail([...at, "upTo"], "the last tier must have upTo: inf");
        else if (units <= previous)
          fail([...at, "upTo"], `tiers must ascend: upTo ${units} is not above ${previous}`);
        previous = units;
      }
    }
    if (t.unitAmount === undefined && t.flatAmount === undefined)
      fail(at, "a tier needs unitAmount, flatAmount, or both");
    const unitAmount =
      t.unitAmount === undefined
        ? undefined
        : readMoney(source, [...at, "unitAmount"], t.unitAmount, currencies, "per-unit", problems);
    const flatAmount =
      t.flatAmount === undefined
        ? undefined
        : readMoney(source, [...at, "flatAmount"], t.flatAmount, currencies, "whole", problems);
    tiers.push({ upTo, ...(unitAmount ? { unitAmount } : {}), ...(flatAmount ? { flatAmount } : {}) });
  });
  return problems.length > before ? undefined : tiers;
}

function checkMetadata(
  metadata: Readonly<Record<string, string>>,
  configuration: Readonly<Record<string, ConfigValue>>,
  components: readonly Component[],
  hasDefaultPrice: boolean,
  fail: Fail,
): void {
  const where: DataPath = ["product", "metadata"];
  for (const [key, value] of Object.entries(metadata)) {
    if (key.length === 0) fail([...where, key], "a metadata key cannot be empty", true);
    if (CONTROL.test(key))
      fail(
        [...where, key],
        `metadata key ${quote(key)} contains a control character; keys are printable text`,
        true,
      );
    if (PROTOTYPE_KEYS.has(key))
      fail([...where, key], `"${key}" cannot be a metadata key: JavaScript objects drop it`, true);
    if (value === "")
      fail(
        [...where, key],
        'metadata value is empty: Stripe reads an empty value as "delete this key", so the plan would never settle; remove the key or give it a value',
      );
    if (key.startsWith(RESERVED_PREFIX))
      fail(
        [...where, key],
        `metadata keys starting with "${RESERVED_PREFIX}" are reserved for the tool`,
        true,
      );
    if (key.length > METADATA_LIMITS.keyLength)
      fail(
        [...where, key],
        `metadata key ${quote(key)} is longer than Stripe's ${METADATA_LIMITS.keyLength} characters`,
        true,
      );
    if (/[[\]]/.test(key)) fail([...where, key], "Stripe metadata keys cannot contain square brackets", true);
    if (value.length > METADATA_LIMITS.valueLength)
      fail(
        [...where, key],
        `metadata value is longer than Stripe's ${METADATA_LIMITS.valueLength} characters`,
      );
  }
  for (const [key, value] of Object.entries(configuration)) {
    if (PROTOTYPE_KEYS.has(key))
      fail(
        ["configuration", key],
        `"${key}" cannot be a configuration key: JavaScript objects drop it`,
        true,
      );
    if (value === "")
      fail(
        ["configuration", key],
        'configuration value is empty: it is carried as product metadata, where Stripe reads an empty value as "delete this key", so the plan would never settle; remove the key or give it a value',
      );
    if (String(value).length > METADATA_LIMITS.valueLength) {
      fail(
        ["configuration", key],
        `configuration value is longer than Stripe's ${METADATA_LIMITS.valueLength} metadata characters`,
      );
    }
  }
  const terms =
    components.filter((c) => c.type === "commitment" || (c.type === "metered" && !c.unitAmount && !c.tiers))
      .length + (hasDefaultPrice ? 1 : 0);
  const total =
    Object.keys(metadata).length + Object.keys(configuration).length + terms + RESERVED_PRODUCT_KEYS;
  if (total > METADATA_LIMITS.keys) {
    fail(
      where,
      `the product would carry ${total} metadata keys (metadata, configuration, commitments, allowances, a default price and ${RESERVED_PRODUCT_KEYS} of the tool's); Stripe allows ${METADATA_LIMITS.keys}`,
    );
  }
}

/** The component's own `taxBehavior`, when it says one. */
function taxBehavior(c: Raw): { readonly taxBehavior?: TaxBehavior } {
  return c.taxBehavior === undefined ? {} : { taxBehavior: c.taxBehavior as TaxBehavior };
}

/** A price component without its own tax behaviour takes the model's. */
function withTaxBehavior(c: Component, model: TaxBehavior | undefined): Component {
  if (model === undefined || (c.type !== "flat" && c.type !== "metered") || c.taxBehavior !== undefined)
    return c;
  return { ...c, taxBehavior: model };
}

/** `package`: its size read exactly, like any count of units. */
function readPackage(
  source: ModelSource,
  raw: Raw,
  path: DataPath,
  problems: Diagnostic[],
): PackageSize | undefined {
  const size = readUnits(source, [...path, "size"], problems);
  return size === undefined ? undefined : { size, round: raw.round as "up" | "down" };
}

/** `product.defaultPrice` names a component of this model that becomes a Stripe price. */
function checkDefaultPrice(value: unknown, raw: readonly Raw[], fail: Fail): void {
  if (value === undefined) return;
  const id = String(value);
  const c = raw.find((r) => String(r.id) === id);
  const priced =
    c?.type === "flat" || (c?.type === "metered" && (c.unitAmount !== undefined || c.tiers !== undefined));
  if (c === undefined)
    fail(["product", "defaultPrice"], `defaultPrice ${quote(id)} is not a component of this model`);
  else if (!priced)
    fail(
      ["product", "defaultPrice"],
      `defaultPrice ${quote(id)} must name a flat or metered component with a price (unitAmount or tiers)`,
    );
}

/** `takeOverLookupKey: true`, when the component says so. */
function takeover(c: Raw): { readonly takeOverLookupKey?: true } {
  return c.takeOverLookupKey === true ? { takeOverLookupKey: true } : {};
}

/**
 * A whole number of units (`includedUnits`, a tier's `upTo`) read exactly from its source text:
 * `100.0` is 100, `100.5` and anything above {@link MAX_UNITS} are errors, never rounded.
 */
function readUnits(source: ModelSource, path: DataPath, problems: Diagnostic[]): bigint | undefined {
  const d = readDecimal(source, path, problems);
  if (!d) return undefined;
  const scale = 10n ** BigInt(d.scale);
  const name = String(path[path.length - 1]);
  if (d.units % scale !== 0n) {
    problems.push(error(source.positionOf(path), `${name} must be a whole number of units`));
    return undefined;
  }
  const units = d.units / scale;
  if (units > MAX_UNITS) {
    problems.push(
      error(
        source.positionOf(path),
        `${name} ${units} is above ${MAX_UNITS}, the most units the tool sends to Stripe exactly`,
      ),
    );
    return undefined;
  }
  return units;
}

/**
 * Every string of the model, keys included: no lone surrogate (an escape like `"\ud800"`
 * without its pair), which no Stripe field can hold. Walks with an explicit stack.
 */
function checkText(raw: Raw, fail: Fail): void {
  const stack: [unknown, DataPath][] = [[raw, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, DataPath];
    if (typeof node === "string") {
      if (LONE_SURROGATE.test(node)) fail(path, loneSurrogate(node));
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      const at: DataPath = [...path, Array.isArray(node) ? Number(key) : key];
      if (LONE_SURROGATE.test(key)) fail(at, loneSurrogate(key), true);
      stack.push([value, at]);
    }
  }
}

function loneSurrogate(text: string): string {
  const unit = text.match(LONE_SURROGATE)?.[0] ?? "";
  const code = unit.charCodeAt(0).toString(16);
  return `text holds a lone surrogate (\\u${code}), half of a character: an escape like "\\u${code}" needs its pair; write the character itself`;
}

/**
 * Configuration values as Stripe metadata will hold them: exactly as written in the YAML text.
 * A number or boolean is read back from its source (`1.50` stays "1.50", a 20-digit integer
 * keeps every digit, `True` stays "True"), never through a JavaScript number.
 */
function configurationText(source: ModelSource, values: Raw): Record<string, ConfigValue> {
  // Null prototype: a "__proto__" key stays a key, for checkMetadata to refuse.
  const out: Record<string, ConfigValue> = Object.create(null);
  for (const [key, value] of Object.entries(values)) {
    out[key] =
      typeof value === "string"
        ? value
        : (source.precise().scalarText(["configuration", key]) ?? String(value));
  }
  return out;
}

/**
 * The promotion codes of a discount: ids unique within it, codes unique regardless of case
 * (as Stripe keeps them among active codes), a real timestamp, a positive minimum amount.
 */
function buildPromotionCodes(
  source: ModelSource,
  c: Raw,
  path: DataPath,
  currencies: readonly Currency[],
  problems: Diagnostic[],
  fail: Fail,
): PromotionCode[] {
  const out: PromotionCode[] = [];
  const ids = new Map<string, number>();
  const codes = new Map<string, number>();
  (Array.isArray(c.promotionCodes) ? (c.promotionCodes as Raw[]) : []).forEach((p, i) => {
    const at: DataPath = [...path, "promotionCodes", i];
    const before = problems.length;
    const id = String(p.id);
    const code = String(p.code);
    const firstId = ids.get(id);
    if (firstId !== undefined)
      fail([...at, "id"], `promotion code id "${id}" is already used by promotionCodes[${firstId}]`);
    else ids.set(id, i);
    const firstCode = codes.get(code.toLowerCase());
    if (firstCode !== undefined)
      fail(
        [...at, "code"],
        `code ${quote(code)} is already used by promotionCodes[${firstCode}] (codes are unique regardless of case)`,
      );
    else codes.set(code.toLowerCase(), i);
    const expiresAt = p.expiresAt === undefined ? undefined : parseTimestamp(String(p.expiresAt));
    if (expiresAt !== undefined && Number.isNaN(expiresAt))
      fail([...at, "expiresAt"], `expiresAt ${quote(String(p.expiresAt))} is not a real date and time`);
    const minimumAmount =
      p.minimumAmount === undefined
        ? undefined
        : readMoney(source, [...at, "minimumAmount"], p.minimumAmount, currencies, "whole", problems);
    for (const [currency, amount] of Object.entries(minimumAmount ?? {}) as [Currency, Decimal][]) {
      if (amount.units === 0n) {
        const where =
          typeof p.minimumAmount === "object" ? [...at, "minimumAmount", currency] : [...at, "minimumAmount"];
        fail(where, `minimumAmount must be above 0 (${currency}): Stripe takes a positive minimum`);
      }
    }
    if (problems.length > before) return;
    out.push({
      id,
      code,
      active: p.active !== false,
      firstTimeOnly: p.firstTimeOnly === true,
      ...(p.maxRedemptions !== undefined ? { maxRedemptions: Number(p.maxRedemptions) } : {}),
      ...(expiresAt !== undefined ? { expiresAt: Math.floor(expiresAt / 1000) } : {}),
      ...(minimumAmount ? { minimumAmount } : {}),
    });
  });
  return out;
}

/** Milliseconds of an RFC 3339 timestamp the schema let through, or NaN for one like February 30. */
function parseTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  const real = day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && se < 60;
  return real ? Date.parse(text) : Number.NaN;
}
