/**
 * JSON Schema validation of model data with ajv, turned into positioned diagnostics with
 * messages a person can act on. The schema object is passed in (read at the edge); no IO.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { type Diagnostic, error, type SourcePosition } from "../diagnostics/diagnostic.js";
import { findMisspellings, type Misspellings } from "./misspelt-keys.js";
import { quote } from "./quote.js";
import type { DataPath, ModelSource } from "./source.js";

/**
 * The schema's findings on one file. `broken` (from compiled schemas) holds the data path of each
 * problem: of the key for a missing or ill-named one; unknown keys break nothing. The semantic
 * checks skip those parts and check every other.
 */
export type SchemaProblems = readonly Diagnostic[] & { readonly broken?: readonly DataPath[] };

/** Validates parsed model data against the model schema. */
export type SchemaValidator = (source: ModelSource) => SchemaProblems;

/** ajv options for the model schema; `validateSchema` is left to the caller (see below). */
const OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
} as const;

/**
 * Compiles the model schema once; the returned function is reused for every file.
 *
 * The shipped schema is not checked against the JSON Schema meta-schema here: that check
 * compiles the whole 2020-12 meta-schema and roughly doubles start-up cost on every command.
 * `checkModelSchema` does it instead, and a unit test runs it on the shipped schema. Strict
 * mode still rejects unknown keywords while compiling.
 */
export function compileModelSchema(schema: object): SchemaValidator {
  const ajv = new Ajv2020({ ...OPTIONS, validateSchema: false });
  ajv.addKeyword({ keyword: "x-expected", schemaType: "string" });
  const validate: ValidateFunction = ajv.compile(schema);
  return (source) => {
    if (validate(source.data)) return [];
    const errors = validate.errors ?? [];
    return Object.assign(explain(errors, source), { broken: brokenPathsOf(errors) });
  };
}

/** Checks a model schema against the JSON Schema 2020-12 meta-schema; returns ajv's complaints. */
export function checkModelSchema(schema: object): string | undefined {
  const ajv = new Ajv2020(OPTIONS);
  ajv.addKeyword({ keyword: "x-expected", schemaType: "string" });
  return ajv.validateSchema(schema) === true ? undefined : ajv.errorsText(ajv.errors);
}

/** Where each error puts the data wrong: the key for a missing or ill-named one; none for an unknown key. */
function brokenPathsOf(errors: readonly ErrorObject[]): DataPath[] {
  const paths: DataPath[] = [];
  for (const e of errors) {
    const path = toPath(e.instancePath);
    const p = e.params as Record<string, unknown>;
    // An unknown key breaks nothing; a failed `if` is told by its `then` branch's own errors.
    if (e.keyword === "additionalProperties" || e.keyword === "if") continue;
    if (e.keyword === "required") paths.push([...path, String(p.missingProperty)]);
    else if (e.propertyName !== undefined) paths.push([...path, e.propertyName]);
    else if (e.keyword === "propertyNames") paths.push([...path, String(p.propertyName)]);
    else paths.push(path);
  }
  return paths;
}

/** Keeps the most useful error per place and words it for the user. */
function explain(errors: readonly ErrorObject[], source: ModelSource): Diagnostic[] {
  // A failed anyOf says "expected ..." for its place; its branches' errors there and below
  // are noise. ajv reports the outermost anyOf of a place last.
  const anyOfAt = new Map<string, ErrorObject>();
  for (const e of errors) if (e.keyword === "anyOf") anyOfAt.set(e.instancePath, e);
  const covered = (e: ErrorObject): boolean =>
    [...anyOfAt.entries()].some(
      ([at, a]) => a !== e && (e.instancePath === at || e.instancePath.startsWith(`${at}/`)),
    );
  const kept = errors.filter((e) => e.keyword !== "if" && !covered(e) && e.propertyName === undefined);
  const slips = findMisspellings(kept);
  const out = new Map<string, Diagnostic>();
  const add = ({ at, message }: { at: SourcePosition; message: string }) => {
    const id = `${at.line}:${at.column}:${message}`;
    if (!out.has(id)) out.set(id, error(at, message));
  };
  for (const e of kept) {
    // A required key written misspelt is reported once, as the unknown key with the key meant.
    if (e.keyword === "required" && slips.misspelt(e.instancePath, String(e.params.missingProperty)))
      continue;
    add(describe(e, toPath(e.instancePath), source, slips));
  }
  for (const slip of slips.unreported) {
    const path = toPath(slip.instancePath);
    add(unknownKey(path, slip.written, slip.meant, source));
  }
  return [...out.values()];
}

/** `unknown key "nmae" in product; did you mean "name"?`, at the key. */
function unknownKey(path: DataPath, key: string, meant: string | undefined, source: ModelSource) {
  return {
    at: source.positionOf([...path, key], { key: true }),
    message: `unknown key ${quote(key)} in ${path.length === 0 ? "the file" : showPath(path)}${meant === undefined ? "" : `; did you mean ${quote(meant)}?`}`,
  };
}

function describe(e: ErrorObject, path: DataPath, source: ModelSource, slips: Misspellings) {
  const where = path.length === 0 ? "the file" : showPath(path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(p.additionalProperty);
      return unknownKey(path, key, slips.meant(e.instancePath, key), source);
    }
    case "required":
      return {
        at: source.positionOf(path),
        message: `missing required key "${String(p.missingProperty)}" in ${where}`,
      };
    case "anyOf":
      return {
        at: source.positionOf(path),
        message: `${where} must be ${expected(e)}${found(e, path, source)}`,
      };
    case "type":
      return {
        at: source.positionOf(path),
        message: `${where} must be ${article(String(p.type))}${found(e, path, source)}`,
      };
    case "enum":
      return {
        at: source.positionOf(path),
        message: `${where} must be one of ${(p.allowedValues as unknown[]).map(String).join(", ")}${found(e, path, source)}`,
      };
    case "const":
      return {
        at: source.positionOf(path),
        message: `${where} must be ${JSON.stringify(p.allowedValue)}${found(e, path, source)}`,
      };
    case "pattern":
      return {
        at: source.positionOf(path),
        message: `${where} ${patternHint(path)}${found(e, path, source)}`,
      };
    case "propertyNames":
      return {
        at: source.positionOf([...path, String(p.propertyName)], { key: true }),
        message: `key ${quote(String(p.propertyName))} in ${where} is not allowed: ${propertyNameHint(path)}`,
      };
    case "maximum":
    case "minimum":
      return {
        at: source.positionOf(path),
        message: `${where} must be at ${e.keyword === "maximum" ? "most" : "least"} ${String(p.limit)}${found(e, path, source)}`,
      };
    default:
      return { at: source.positionOf(path), message: `${where} ${e.message ?? "is invalid"}` };
  }
}

/** ` (found -4.99)`: the offending scalar as written, so `.nan`, `""` or `-1` are named; empty for maps and lists. */
function found(e: ErrorObject, path: DataPath, source: ModelSource): string {
  const value: unknown = e.data;
  if (typeof value === "string") {
    return ` (found ${quote(value.length > 40 ? `${value.slice(0, 37)}...` : value)})`;
  }
  if (value === null) return " (found no value)";
  if (typeof value === "number" || typeof value === "boolean") {
    return ` (found ${source.scalarText(path) ?? String(value)})`;
  }
  return "";
}

function expected(e: ErrorObject): string {
  const schema = e.parentSchema as { readonly "x-expected"?: string } | undefined;
  return schema?.["x-expected"] ?? "of another form";
}

function article(type: string): string {
  const words: Record<string, string> = {
    object: "a map",
    array: "a list",
    string: "a string",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
  };
  return type
    .split(",")
    .map((t) => words[t] ?? t)
    .join(" or ");
}

function patternHint(path: DataPath): string {
  const last = String(path[path.length - 1] ?? "");
  if (last === "eventName") return "must be 1 to 100 letters, digits, _ . : or -";
  if (last === "valueKey") return "must be 1 to 100 letters, digits, _ . or -";
  if (last === "code" && path.includes("promotionCodes"))
    return "must be 1 to 500 letters, digits and dashes, like WELCOME20";
  if (last === "expiresAt") return "must be a timestamp with its offset, like 2027-06-30T23:59:59Z";
  if (last === "id" || typeof path[path.length - 2] === "number" || last === "meter")
    return "must be lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters";
  if (last === "currency" || path.includes("currencyOptions"))
    return "must be a three-letter ISO 4217 code like eur";
  if (last === "taxCode") return "must be a Stripe tax code like txcd_10000000";
  return "must be a non-negative decimal like 4.99";
}

function propertyNameHint(path: DataPath): string {
  return path[path.length - 1] === "configuration"
    ? "configuration keys are 1 to 28 letters, digits, _ . or -"
    : "currency keys are three-letter ISO 4217 codes like eur";
}

/** `/components/0/amount` to `["components", 0, "amount"]`. */
function toPath(pointer: string): DataPath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `["components", 1, "amount"]` as `components[1].amount`. */
export function showPath(path: DataPath): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
