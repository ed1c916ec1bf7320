/**
 * Usage profiles: a named customer's quantities per meter per month ("home light: 120 kWh, 8
 * sessions") and seats per licensed component, kept in the repo under `profiles/` and read from
 * YAML with positions. Pure: takes parsed sources and the models, returns profiles or diagnostics.
 */
import { compareText, type Diagnostic, error, type SourcePosition } from "../diagnostics/diagnostic.js";
import type { SchemaValidator } from "../model/schema.js";
import type { ModelSource } from "../model/source.js";
import type { PricingModel } from "../model/types.js";

/** One usage profile, validated. Quantities are whole units per month. */
export interface UsageProfile {
  readonly name: string;
  readonly file: string;
  readonly description?: string;
  /** Quantity per meter per month; keys are a model's meter id or its event name. */
  readonly usage: Readonly<Record<string, bigint>>;
  /** Quantity (seats) per licensed component id; a component not named is billed for 1. */
  readonly seats: Readonly<Record<string, bigint>>;
  /** Only these models, when given; otherwise every model whose meters the profile names. */
  readonly models?: readonly string[];
  /** Where each usage key is written, for diagnostics about it. */
  readonly positions: Readonly<Record<string, SourcePosition>>;
  /** Where each `seats` key and each `models` entry is written. */
  readonly seatPositions: Readonly<Record<string, SourcePosition>>;
  readonly modelPositions: readonly SourcePosition[];
}

/** The profiles of a repository (sorted by name) and every problem found in them. */
export interface ProfileSet {
  readonly profiles: readonly UsageProfile[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates parsed profile sources against the profile schema; names must be unique. */
export function buildProfiles(
  sources: readonly ModelSource[],
  validate: SchemaValidator,
  problems: readonly Diagnostic[] = [],
): ProfileSet {
  const diagnostics: Diagnostic[] = [...problems];
  const profiles: UsageProfile[] = [];
  const byName = new Map<string, SourcePosition>();
  for (const first of sources) {
    const source = first.precise();
    const found = validate(source);
    if (found.length > 0) {
      diagnostics.push(...found);
      continue;
    }
    const data = source.data as {
      name: string;
      description?: string;
      usage: Record<string, number>;
      seats?: Record<string, number>;
      models?: string[];
    };
    // The schema checked a whole number; its text may still be written `1e3` or `0x10`.
    const whole = (path: (string | number)[]) => {
      const text = source.scalarText(path) ?? "0";
      return /^\d+$/.test(text) ? BigInt(text) : BigInt(Number(text));
    };
    const seen = byName.get(data.name);
    if (seen) {
      diagnostics.push(
        error(
          source.positionOf(["name"]),
          `profile name "${data.name}" is already used by ${seen.file}:${seen.line}:${seen.column}`,
        ),
      );
      continue;
    }
    byName.set(data.name, source.positionOf(["name"]));
    profiles.push({
      name: data.name,
      file: source.file,
      ...(data.description !== undefined ? { description: data.description } : {}),
      usage: Object.fromEntries(Object.keys(data.usage).map((k) => [k, whole(["usage", k])])),
      seats: Object.fromEntries(Object.keys(data.seats ?? {}).map((k) => [k, whole(["seats", k])])),
      ...(data.models ? { models: data.models } : {}),
      positions: Object.fromEntries(
        Object.keys(data.usage).map((k) => [k, source.positionOf(["usage", k], { key: true })]),
      ),
      seatPositions: Object.fromEntries(
        Object.keys(data.seats ?? {}).map((k) => [k, source.positionOf(["seats", k], { key: true })]),
      ),
      modelPositions: (data.models ?? []).map((_m, i) => source.positionOf(["models", i])),
    });
  }
  profiles.sort((a, b) => compareText(a.name, b.name));
  return { profiles, diagnostics };
}

/**
 * Errors for a profile naming what no model has: a meter (by id or event name), a component
 * in `seats`, a model in `models`. A typo there would silently bill the wrong quantity.
 */
export function checkProfiles(
  profiles: readonly UsageProfile[],
  models: readonly PricingModel[],
  /** Names known besides the models' (meters, components and ids of models being removed). */
  alsoKnown: readonly string[] = [],
): Diagnostic[] {
  const meters = new Set<string>(alsoKnown);
  const components = new Set<string>(alsoKnown);
  const ids = new Set<string>(alsoKnown);
  for (const m of models) {
    ids.add(m.id);
    for (const meter of m.meters) meters.add(meter.id).add(meter.eventName);
    for (const c of m.components) if (c.type === "flat") components.add(c.id);
  }
  const out: Diagnostic[] = [];
  for (const p of profiles) {
    const at = (pos: SourcePosition | undefined) => pos ?? { file: p.file, line: 1, column: 1 };
    for (const key of Object.keys(p.seats))
      if (!components.has(key))
        out.push(
          error(
            at(p.seatPositions[key]),
            `profile "${p.name}" gives seats for "${key}", which is no flat component of any model`,
          ),
        );
    (p.models ?? []).forEach((id, i) => {
      if (!ids.has(id))
        // A warning: one profile set may serve several catalogs. Shown by validate, never silent.
        out.push({
          ...error(
            at(p.modelPositions[i]),
            `profile "${p.name}" names the model "${id}", which does not exist`,
          ),
          severity: "warning",
        });
    });
    for (const key of Object.keys(p.usage))
      if (!meters.has(key))
        out.push(
          error(
            p.positions[key] ?? { file: p.file, line: 1, column: 1 },
            `profile "${p.name}" names the meter "${key}", which no model has (use a meter's id or its eventName)`,
          ),
        );
  }
  return out;
}
