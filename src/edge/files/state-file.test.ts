import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { PricingError } from "../../core/diagnostics/errors.js";
import { emptyState, serializeState } from "../../core/state/types.js";
import { schemaPath } from "./package-root.js";
import { parseState } from "./state-file.js";

describe("the state file", () => {
  // The reader skips ajv's meta-schema check for start-up speed; this is that check.
  it("has a schema that is valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: true });
    expect(ajv.validateSchema(JSON.parse(readFileSync(schemaPath("state"), "utf8")) as object)).toBe(true);
  });

  it("reads back what it writes, and refuses a state that breaks the schema in one line", () => {
    const state = emptyState("lineage-1");
    expect(parseState(serializeState(state), "s.json")).toEqual(state);
    const broken = serializeState({ ...state, serial: -1 });
    expect(() => parseState(broken, "s.json")).toThrow(PricingError);
    expect(() => parseState(broken, "s.json")).toThrow(
      /^s\.json does not match schemas\/state\.schema\.json: \/serial/,
    );
  });
});
