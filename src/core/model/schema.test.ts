import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaPath } from "../../edge/files/package-root.js";
import { checkModelSchema, compileModelSchema } from "./schema.js";

const shipped = (): object => JSON.parse(readFileSync(schemaPath("pricing-model"), "utf8")) as object;

describe("the model schema", () => {
  // compileModelSchema skips ajv's meta-schema check for start-up speed; this is that check.
  it("is a valid JSON Schema 2020-12 document", () => {
    expect(checkModelSchema(shipped())).toBeUndefined();
  });

  it("has its meta-schema check catch a malformed schema", () => {
    expect(checkModelSchema({ type: "object", properties: { id: { type: "strng" } } })).toMatch(/type/);
  });

  it("still compiles in strict mode, rejecting unknown keywords", () => {
    expect(() => compileModelSchema({ type: "object", colour: "red" })).toThrow(/unknown keyword/);
  });
});
