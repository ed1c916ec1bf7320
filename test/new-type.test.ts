/**
 * The architecture's promise, checked by the compiler: a new Stripe object type is one core
 * file and one registry line, plus one Stripe resource and one line in its index; leaving out
 * the backend half is a compile error naming what is missing. The type-check runs in memory
 * over the real sources with the new files laid over them (nothing is written).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { OBJECT_TYPES } from "../src/core/stripe/registry.js";
import { REPO_ROOT } from "./helpers/cli.js";

const CORE_TYPE = `
import type { Artifact } from "../artifacts/artifacts.js";
import type { DesiredOf } from "./desired-object.js";
import type { TypeSpec } from "./type-spec.js";

export type ShippingRateFields = { readonly display_name: string };

export const shippingRate: TypeSpec<"shipping_rate", ShippingRateFields> = {
  type: "shipping_rate",
  idPrefix: "shr_",
  traits: { mutable: [], reactivatable: true, retire: "archive" },
  limits: { display_name: 100 },
  map(_a: Artifact): DesiredOf<"shipping_rate", ShippingRateFields>[] {
    return [];
  },
};
`;

const RESOURCE = `
import type { StripeResource } from "./resource.js";

export const shippingRateResource: StripeResource<"shipping_rate"> = {
  list: undefined,
  read: () => [],
  async write(op) {
    return op.fields ? {} : {};
  },
};
`;

const registry = join(REPO_ROOT, "src/core/stripe/registry.ts");
const resources = join(REPO_ROOT, "src/edge/backend/stripe/resources/index.ts");

function withLine(file: string, after: string, line: string, importLine: string): string {
  const text = readFileSync(file, "utf8");
  expect(text).toContain(after);
  return `${importLine}\n${text.replace(after, `${after}\n  ${line}`)}`;
}

/** Type-checks src/ with some files replaced or added; the errors, as `file: message`. */
function typeCheck(overlay: ReadonlyMap<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(REPO_ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  if (!config) throw new Error("cannot read tsconfig.json");
  const roots = [
    ...config.fileNames.filter((f) => f.startsWith(join(REPO_ROOT, "src")) && !f.endsWith(".test.ts")),
    ...[...overlay.keys()].filter((f) => !config.fileNames.includes(f)),
  ];
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => overlay.get(f) ?? readFile(f);
  host.fileExists = (f) => overlay.has(f) || ts.sys.fileExists(f);
  const program = ts.createProgram({ rootNames: roots, options: { ...config.options, noEmit: true }, host });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? d.file.fileName.slice(REPO_ROOT.length + 1) : "?"}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
}

describe("adding a Stripe object type", () => {
  const core = new Map([
    [join(REPO_ROOT, "src/core/stripe/shipping-rate.ts"), CORE_TYPE],
    [
      registry,
      withLine(
        registry,
        "metadata_binding: metadataBinding,",
        "shipping_rate: shippingRate,",
        'import { shippingRate } from "./shipping-rate.js";',
      ),
    ],
  ]);

  it("without its Stripe resource is a compile error naming the resource index", () => {
    const errors = typeCheck(core);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith("src/edge/backend/stripe/resources/index.ts"))).toBe(true);
    expect(errors.join("\n")).toContain("shipping_rate");
  }, 120_000);

  it("compiles once the resource file and its index line exist: four files in all", () => {
    const complete = new Map([
      ...core,
      [join(REPO_ROOT, "src/edge/backend/stripe/resources/shipping-rate.ts"), RESOURCE],
      [
        resources,
        withLine(
          resources,
          "metadata_binding: metadataBindingResource,",
          "shipping_rate: shippingRateResource,",
          'import { shippingRateResource } from "./shipping-rate.js";',
        ),
      ],
    ]);
    expect(typeCheck(complete)).toEqual([]);
  }, 120_000);
});

describe("the state schema", () => {
  it("names exactly the registry's object types", () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, "schemas/state.schema.json"), "utf8"));
    expect(schema.$defs.object.properties.type.enum).toEqual([...OBJECT_TYPES]);
  });
});
