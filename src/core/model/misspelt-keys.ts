/**
 * Misspelt model keys. ajv reports `nmae: Basic` twice: an unknown key `nmae` and a missing
 * required key `name`. This pairs the two into one finding with the key meant, and finds the
 * key meant by any other unknown key among the keys its place allows. Pure.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { closestMatch } from "../diagnostics/did-you-mean.js";

/** What the schema says about the keys of the map a key error is about. */
interface MapSchema {
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
}

/** The misspellings found in a set of ajv errors. */
export interface Misspellings {
  /** The key meant by `written` in the map at `instancePath`, if it looks like a slip. */
  meant(instancePath: string, written: string): string | undefined;
  /** True when the missing required key `key` at `instancePath` was written misspelt instead. */
  misspelt(instancePath: string, key: string): boolean;
  /**
   * Misspelt keys the schema did not itself call unknown (a map whose schema is decided by a key
   * that is the one misspelt, like a component's `type`): each still needs its own finding.
   */
  readonly unreported: readonly {
    readonly instancePath: string;
    readonly written: string;
    readonly meant: string;
  }[];
}

/** Pairs unknown keys with the required keys they were meant to be, per map. */
export function findMisspellings(errors: readonly ErrorObject[]): Misspellings {
  const places = new Map<
    string,
    { unknown: Set<string>; missing: Set<string>; strays: Set<string>; data: unknown; schema: MapSchema }
  >();
  const place = (e: ErrorObject) => {
    let p = places.get(e.instancePath);
    if (!p) {
      p = { unknown: new Set(), missing: new Set(), strays: new Set(), data: e.data, schema: {} };
      places.set(e.instancePath, p);
    }
    return p;
  };
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === "additionalProperties") {
      const p = place(e);
      p.unknown.add(String(params.additionalProperty));
      p.schema = (e.parentSchema ?? {}) as MapSchema;
    } else if (e.keyword === "required") {
      const p = place(e);
      p.missing.add(String(params.missingProperty));
      const schema = (e.parentSchema ?? {}) as MapSchema;
      // Keys this map schema does not know: a slip, or a key of a schema the slip kept from applying.
      if (e.data !== null && typeof e.data === "object" && !Array.isArray(e.data)) {
        const known = new Set([...Object.keys(schema.properties ?? {}), ...(schema.required ?? [])]);
        for (const key of Object.keys(e.data)) if (!known.has(key)) p.strays.add(key);
      }
    }
  }
  const meant = new Map<string, string>();
  const taken = new Set<string>();
  const unreported: { instancePath: string; written: string; meant: string }[] = [];
  const id = (at: string, key: string) => `${at}\u0000${key}`;
  for (const [at, p] of places) {
    const present = new Set(p.data !== null && typeof p.data === "object" ? Object.keys(p.data) : []);
    for (const written of new Set([...p.unknown, ...p.strays])) {
      const missing = [...p.missing].filter((m) => !taken.has(id(at, m)));
      const required = closestMatch(written, missing);
      if (required !== undefined) {
        taken.add(id(at, required));
        meant.set(id(at, written), required);
        if (!p.unknown.has(written)) unreported.push({ instancePath: at, written, meant: required });
        continue;
      }
      if (!p.unknown.has(written)) continue;
      const allowed = Object.keys(p.schema.properties ?? {}).filter((k) => !present.has(k));
      const optional = closestMatch(written, allowed);
      if (optional !== undefined) meant.set(id(at, written), optional);
    }
  }
  return {
    meant: (at, written) => meant.get(id(at, written)),
    misspelt: (at, key) => taken.has(id(at, key)),
    unreported,
  };
}
