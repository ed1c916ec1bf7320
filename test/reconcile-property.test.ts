/**
 * Reconcile invariants for generated catalogs and edit sequences (fast-check):
 * - after a publish, planning the same models again plans nothing;
 * - every state has no duplicate (type, id), at most one active object per (type, key), and
 *   at most one price holding a lookup key;
 * - rolling back to any earlier revision (its models planned against the latest state and
 *   executed) gives exactly that revision's active objects: same ids, same fields;
 * - a publish limited to some models leaves every other model's objects as they were;
 * - the state and the plan serialize to the same bytes whatever the input order.
 * Catalogs come from bench/generate.ts (seeded, valid models) plus meter edits made here.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCatalog, mutateCatalog } from "../bench/generate.js";
import { renderPlanJson } from "../src/core/render/json.js";
import { type State, type StateObject, serializeState } from "../src/core/state/types.js";
import { parseState } from "../src/edge/files/state-file.js";
import { freshState, type ModelFile, modelsFromFiles, planFor, publishModels } from "./helpers/pipeline.js";

/** One edit of a catalog version. */
type Step =
  | { readonly kind: "mutate"; readonly seed: number; readonly fraction: number }
  | { readonly kind: "toggle"; readonly index: number }
  | { readonly kind: "meter"; readonly index: number; readonly rename: boolean }
  | { readonly kind: "revert"; readonly to: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("mutate" as const),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    fraction: fc.constantFrom(0.3, 0.6, 1),
  }),
  fc.record({ kind: fc.constant("toggle" as const), index: fc.nat({ max: 20 }) }),
  fc.record({ kind: fc.constant("meter" as const), index: fc.nat({ max: 20 }), rename: fc.boolean() }),
  fc.record({ kind: fc.constant("revert" as const), to: fc.nat({ max: 20 }) }),
);

const historyArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  count: fc.integer({ min: 1, max: 5 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 4 }),
});

type Version = ReadonlyMap<string, string>;

/** Edits a meter of one file: its display name (an update) or its aggregation (a new meter). */
function editMeter(text: string, rename: boolean): string {
  if (rename) return text.replace(/displayName: (.*)$/m, (_, name: string) => `displayName: ${name} v2`);
  return text.replace(
    /aggregation: (sum|last)$/m,
    (_, a: string) => `aggregation: ${a === "sum" ? "last" : "sum"}`,
  );
}

/** Every catalog version of a history: the generated catalog, then one version per step. */
function versions(seed: number, count: number, steps: readonly Step[]): Version[] {
  const pool = generateCatalog({ count: count + 2, seed });
  const first: Version = new Map(pool.slice(0, count).map((f) => [f.path, f.text]));
  const out: Version[] = [first];
  for (const step of steps) {
    const current = out.at(-1) as Version;
    const next = new Map(current);
    switch (step.kind) {
      case "mutate": {
        const files = [...current].map(([path, text]) => ({ path, text }));
        for (const f of mutateCatalog(files, { seed: step.seed, fraction: step.fraction }))
          next.set(f.path, f.text);
        break;
      }
      case "toggle": {
        const f = pool[step.index % pool.length] as ModelFile;
        if (next.has(f.path) && next.size > 1) next.delete(f.path);
        else next.set(f.path, f.text);
        break;
      }
      case "meter": {
        const paths = [...next.keys()].sort();
        const path = paths[step.index % paths.length] as string;
        next.set(path, editMeter(next.get(path) as string, step.rename));
        break;
      }
      case "revert":
        out.push(out[step.to % out.length] as Version);
        continue;
    }
    out.push(next);
  }
  return out;
}

const filesOf = (v: Version): ModelFile[] => [...v].map(([path, text]) => ({ path, text }));

/** The checks every state must pass. */
function expectWellFormed(state: State): void {
  const ids = state.objects.map((o) => `${o.type}:${o.id}`);
  expect(new Set(ids).size, "no duplicate (type, id)").toBe(ids.length);
  const active = state.objects.filter((o) => o.active).map((o) => `${o.type}:${o.key}`);
  expect(new Set(active).size, "at most one active object per (type, key)").toBe(active.length);
  const lookupKeys = state.objects.flatMap((o) =>
    o.type === "price" && typeof o.fields.lookup_key === "string" ? [o.fields.lookup_key] : [],
  );
  expect(new Set(lookupKeys).size, "a lookup key belongs to one price").toBe(lookupKeys.length);
  const text = serializeState(state);
  expect(serializeState(parseState(text, "state.json")), "state round-trips through its file").toBe(text);
}

/** Active objects, by (type, id), in a stable order. */
function activeObjects(state: State): StateObject[] {
  return state.objects
    .filter((o) => o.active)
    .sort((a, b) => (`${a.type}:${a.id}` < `${b.type}:${b.id}` ? -1 : 1));
}

const nonNoop = (state: State, files: readonly ModelFile[]) =>
  planFor(modelsFromFiles(files), state).operations.filter((op) => op.action !== "noop");

describe("reconcile properties", () => {
  it("converges, keeps states well formed, and rolls back to any revision exactly", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ seed, count, steps }) => {
        const history = versions(seed, count, steps);
        let state = freshState();
        const published: State[] = [];
        for (const version of history) {
          state = (await publishModels(modelsFromFiles(filesOf(version)), state)).state;
          expectWellFormed(state);
          expect(nonNoop(state, filesOf(version))).toEqual([]);
          published.push(state);
        }
        const latest = state;
        for (const [k, version] of history.entries()) {
          const rolled = (await publishModels(modelsFromFiles(filesOf(version)), latest)).state;
          expectWellFormed(rolled);
          expect(activeObjects(rolled)).toEqual(activeObjects(published[k] as State));
          expect(nonNoop(rolled, filesOf(version))).toEqual([]);
        }
      }),
      {
        numRuns: 40,
        // Found by this property: a price archived with its model keeps its lookup key until
        // the model comes back and an older price is reactivated with the key.
        examples: [
          [
            {
              seed: 0,
              count: 4,
              steps: [
                { kind: "mutate", seed: 119737, fraction: 1 },
                { kind: "toggle", index: 0 },
                { kind: "meter", index: 0, rename: false },
              ],
            },
          ],
        ],
      },
    );
  });

  it("a publish limited to some models leaves the others' objects as they were", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.nat(),
        async (seed, count, mutateSeed, pick) => {
          const before = generateCatalog({ count, seed });
          const after = mutateCatalog(before, { seed: mutateSeed, fraction: 1 }).slice(1);
          const start = (await publishModels(modelsFromFiles(before), freshState())).state;
          const models = modelsFromFiles(after);
          const scope = [(models[pick % models.length]?.id ?? "") as string];
          const { state } = await publishModels(models, start, scope);
          expectWellFormed(state);
          const others = (s: State) =>
            s.objects
              .filter((o) => !scope.includes(o.model))
              .map((o) => JSON.stringify(o))
              .sort();
          expect(others(state)).toEqual(others(start));
          // The scoped models converged.
          expect(planFor(models, state, scope).operations.filter((op) => op.action !== "noop")).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("serializes states and plans to the same bytes whatever the input order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (seed, count, mutateSeed) => {
          const files = generateCatalog({ count, seed });
          const { state } = await publishModels(modelsFromFiles(files), freshState());
          const shuffled: State = { ...state, objects: [...state.objects].reverse() };
          expect(serializeState(shuffled)).toBe(serializeState(state));
          const edited = mutateCatalog(files, { seed: mutateSeed, fraction: 0.5 });
          const models = modelsFromFiles(edited);
          const plan = renderPlanJson(planFor(models, state));
          expect(renderPlanJson(planFor([...models].reverse(), shuffled))).toBe(plan);
          expect(renderPlanJson(planFor(modelsFromFiles([...edited].reverse()), state))).toBe(plan);
        },
      ),
      { numRuns: 30 },
    );
  });
});
