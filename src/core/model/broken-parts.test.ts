/**
 * A schema error in one part hides no semantic error in another: every value of a model is in
 * turn replaced by values of the wrong type, and the semantic error planted elsewhere (an empty
 * metadata value) is still reported, with no check failing as a bug.
 */
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { modelSchemaValidator } from "../../edge/files/models.js";
import { formatDiagnostic } from "../diagnostics/diagnostic.js";
import { brokenParts } from "./broken-parts.js";
import { buildCatalog } from "./catalog.js";
import { type DataPath, parseModelSource } from "./source.js";

const MODEL = {
  apiVersion: "pricing/v1",
  kind: "PricingModel",
  id: "basic",
  product: { name: "Basic", description: "d", metadata: { segment: "" } },
  currency: "eur",
  currencyOptions: ["usd"],
  meters: [{ id: "energy", eventName: "basic_energy", displayName: "Energy", aggregation: "sum" }],
  components: [
    { id: "base", type: "flat", amount: { eur: 4.99, usd: 5.49 }, interval: "month" },
    {
      id: "usage",
      type: "metered",
      meter: "energy",
      interval: "month",
      tiersMode: "graduated",
      tiers: [
        { upTo: 10, unitAmount: 0 },
        { upTo: "inf", unitAmount: { eur: 0.3, usd: 0.33 } },
      ],
    },
    { id: "launch", type: "discount", percentOff: 20, duration: "once" },
    { id: "contract", type: "commitment", commitment: "contract_duration", months: 12 },
  ],
  configuration: { roaming: "on" },
};

const EMPTY_VALUE = /metadata value is empty/;

function paths(value: unknown, at: DataPath = []): DataPath[] {
  if (value === null || typeof value !== "object") return [at];
  const children = Object.entries(value).flatMap(([k, v]) =>
    paths(v, [...at, Array.isArray(value) ? Number(k) : k]),
  );
  return at.length === 0 ? children : [at, ...children];
}

function replaced(path: DataPath, by: unknown): unknown {
  const copy = parse(stringify(MODEL)) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = by;
  return copy;
}

function check(data: unknown) {
  const source = parseModelSource("m.yaml", new TextEncoder().encode(stringify(data)));
  if (!("data" in source)) throw new Error(JSON.stringify(source));
  return buildCatalog([source], modelSchemaValidator()).diagnostics.map(formatDiagnostic);
}

describe("schema errors hide no semantic error elsewhere", () => {
  it("the planted error alone, as a baseline", () => {
    expect(check(MODEL)).toEqual([expect.stringMatching(EMPTY_VALUE)]);
  });

  // Every place but the planted value and the maps holding it.
  const cases = paths(MODEL).filter((p) => p[0] !== "product" || (p[1] !== undefined && p[1] !== "metadata"));
  it.each(cases.map((p) => [p.join("."), p] as const))("%s of the wrong type", (_, path) => {
    for (const by of [null, [], {}, "zz", -1, true]) {
      const found = check(replaced(path, by));
      const where = `${path.join(".")} = ${JSON.stringify(by)}`;
      expect(found.join("\n"), where).not.toMatch(/this is a bug/);
      expect(
        found.some((d) => EMPTY_VALUE.test(d)),
        `${where}\n${found.join("\n")}`,
      ).toBe(true);
    }
  });

  it("knows a part holding a problem from a part inside it", () => {
    const parts = brokenParts([["components", 1, "tiers", 0, "upTo"]]);
    expect(parts.within(["components", 1])).toBe(true);
    expect(parts.within(["components", 0])).toBe(false);
    expect(parts.at(["components"])).toBe(false);
    expect(brokenParts([["meters"]]).at(["meters", 0])).toBe(true);
  });
});
