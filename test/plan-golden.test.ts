/**
 * Golden plans: each `test/fixtures/plan/<case>/` holds `models/` (the input), an optional
 * `state.json` (the starting state; absent = empty), an optional `scope.json` (the model ids
 * of `--model-id`), and `expected.txt`, `expected.md`, `expected.json`: the text (no colour),
 * markdown and JSON renderings of the plan, compared byte for byte.
 *
 * A case with `history/NN/models/` builds its `state.json` by publishing each history step in
 * order with the real pipeline (plan, shadow executor); the test checks the committed
 * state.json is exactly that. `UPDATE_GOLDEN=1 npx vitest run test/plan-golden.test.ts`
 * rewrites state.json and the expected files (read every one before committing it).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { executePlan } from "../src/core/apply/execute.js";
import type { Action, Plan } from "../src/core/plan/types.js";
import { renderPlanJson } from "../src/core/render/json.js";
import { renderPlanMarkdown } from "../src/core/render/markdown.js";
import { renderPlanText } from "../src/core/render/text.js";
import { type State, serializeState } from "../src/core/state/types.js";
import { shadowExecutor } from "../src/edge/backend/shadow.js";
import { parseState } from "../src/edge/files/state-file.js";
import { freshState, modelsFromDir, planFor, publishModels } from "./helpers/pipeline.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = join(here, "fixtures", "plan");
const update = process.env.UPDATE_GOLDEN === "1";
/** `schemas/plan.schema.json`: every JSON plan the cases produce must validate against it. */
const planSchema = new Ajv2020({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync(join(here, "..", "schemas", "plan.schema.json"), "utf8")) as object,
);

/** What each case must plan, independent of the golden files (so a bad regeneration still fails). */
const EXPECTED_SUMMARY: Readonly<Record<string, Partial<Record<Action, number>>>> = {
  "new-catalog": { create: 31 },
  "price-change": { replace: 1, noop: 2 },
  "meter-rename": { update: 1, noop: 2 },
  "meter-aggregation-change": { replace: 2, noop: 1 },
  "discount-change": { replace: 1, noop: 2 },
  "model-removal": { archive: 9, noop: 2 },
  rollback: { reactivate: 3, noop: 1 },
  "unsupported-only": { create: 5 },
  scoped: { update: 1, replace: 1 },
  "multi-currency": { update: 2, replace: 1, noop: 2 },
  "tax-behavior": { update: 1, replace: 2, noop: 2 },
  "package-pricing": { create: 2, update: 1, replace: 1, noop: 1 },
  "default-price": { update: 1, replace: 1, archive: 2, noop: 4 },
  "marketing-features": { update: 1, noop: 1 },
  "promotion-codes": { create: 1, replace: 1, archive: 1, noop: 3 },
};

const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The starting state of a case: built from its history, or read from state.json, or empty. */
async function startingState(dir: string): Promise<State> {
  const file = join(dir, "state.json");
  const historyDir = join(dir, "history");
  if (existsSync(historyDir)) {
    let state = freshState();
    for (const step of readdirSync(historyDir).sort())
      state = (await publishModels(modelsFromDir(join(historyDir, step)), state)).state;
    if (update) writeFileSync(file, serializeState(state));
    expect(readFileSync(file, "utf8"), "state.json is what publishing history/ gives").toBe(
      serializeState(state),
    );
  }
  if (!existsSync(file)) return freshState();
  return parseState(readFileSync(file, "utf8"), "state.json");
}

function scopeOf(dir: string): readonly string[] | undefined {
  const file = join(dir, "scope.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : undefined;
}

function golden(dir: string, name: string, actual: string): void {
  const file = join(dir, name);
  if (update) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

function counts(plan: Plan): Partial<Record<Action, number>> {
  return Object.fromEntries(Object.entries(plan.summary).filter(([, n]) => n > 0));
}

describe("golden plans", () => {
  it("covers every required case", () => {
    expect(cases).toEqual(Object.keys(EXPECTED_SUMMARY).sort());
  });

  it.each(cases)("%s", async (name) => {
    const dir = join(corpus, name);
    const state = await startingState(dir);
    const scope = scopeOf(dir);
    const plan = planFor(modelsFromDir(dir), state, scope);
    expect(counts(plan)).toEqual(EXPECTED_SUMMARY[name]);
    golden(dir, "expected.txt", renderPlanText(plan, { color: false }, { state }));
    golden(dir, "expected.md", renderPlanMarkdown(plan, { state }));
    const json = renderPlanJson(plan, { state });
    golden(dir, "expected.json", json);
    expect(planSchema(JSON.parse(json)), JSON.stringify(planSchema.errors)).toBe(true);

    // Applying the plan converges: the same models then plan nothing.
    const after = await executePlan(plan, state, shadowExecutor);
    const again = planFor(modelsFromDir(dir), after, scope);
    expect(again.operations.filter((op) => op.action !== "noop")).toEqual([]);
  });
});

describe("golden plan details", () => {
  const load = async (name: string) => {
    const dir = join(corpus, name);
    const state = await startingState(dir);
    const plan = planFor(modelsFromDir(dir), state, scopeOf(dir));
    return { state, plan, after: await executePlan(plan, state, shadowExecutor) };
  };

  it("rollback reactivates the archived objects and moves the lookup key back", async () => {
    const { state, plan, after } = await load("rollback");
    const price = plan.operations.find((op) => op.key === "payg-kwh/activation");
    expect(price?.action).toBe("reactivate");
    const revived = after.objects.filter((o) => o.key === "payg-kwh/activation");
    const active = revived.filter((o) => o.active);
    expect(active).toHaveLength(1);
    expect(active[0]?.id).toBe(price?.id);
    expect(active[0]?.fields.lookup_key).toBe("payg-kwh/activation");
    // The price it took over from is archived and no longer holds the key.
    const retired = revived.find((o) => o.id === price?.replaces);
    expect(retired?.active).toBe(false);
    expect(retired?.fields.lookup_key).toBeUndefined();
    // Nothing new: the same objects, only their active flags and lookup keys moved.
    expect(after.objects.map((o) => `${o.type}:${o.id}`).sort()).toEqual(
      state.objects.map((o) => `${o.type}:${o.id}`).sort(),
    );
  });

  it("scoped plans leave other models alone, even a removed one", async () => {
    const { plan } = await load("scoped");
    expect(new Set(plan.operations.map((op) => op.model))).toEqual(new Set(["x"]));
    expect(plan.scope).toEqual(["x"]);
  });

  it("model removal archives every object of the model and touches no other", async () => {
    const { state, plan } = await load("model-removal");
    const archived = plan.operations.filter((op) => op.action === "archive");
    const removed = state.objects.filter((o) => o.model === "ev-plus-monthly");
    expect(archived.map((op) => op.id).sort()).toEqual(removed.map((o) => o.id).sort());
    expect(new Set(archived.map((op) => op.type))).toEqual(
      new Set(["product", "billing_meter", "price", "coupon", "metadata_binding"]),
    );
    // Dependants go before what they depend on: the product is archived last.
    expect(archived.at(-1)?.type).toBe("product");
  });

  it("marks the unsupported components as such, never dropping one", async () => {
    const { plan } = await load("unsupported-only");
    const unsupported = plan.operations.filter((op) => op.fidelity === "unsupported");
    expect(unsupported.map((op) => op.key).sort()).toEqual([
      "allowance-only/floor",
      "allowance-only/free-sessions",
      "allowance-only/prepaid",
    ]);
    expect(unsupported.every((op) => op.type === "metadata_binding")).toBe(true);
  });
});
