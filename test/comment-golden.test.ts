/**
 * Golden plan comments: what a pull request shows a reviewer, byte for byte. Each
 * `test/fixtures/comment/<case>/` holds `history/NN/models/` (published in order to build the
 * state, as in the golden plans), `models/` (the pull request's models), `profiles/`,
 * `pricing.config.yaml`, an optional `labels.json` (the pull request's labels) and an optional
 * `subscribers.json` (the subscription items a Stripe backend would list on the prices the plan
 * replaces or archives, each naming its price by logical key; without it the plan is the shadow
 * backend's, which counts none); `expected.md`
 * is the sticky comment's body and `expected.json` the JSON plan. One more case, `many-models`,
 * is generated here: 400 models whose fees all rise, past GitHub's comment limit.
 * `UPDATE_GOLDEN=1 npx vitest run test/comment-golden.test.ts` rewrites the expected files:
 * read each one as the pricing manager who reviews the pull request would.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { readProfiles, readRepositoryConfig } from "../src/app/review.js";
import { reviewSubscribers } from "../src/app/subscribers.js";
import { componentChanges } from "../src/core/impact/changes.js";
import { computeImpact } from "../src/core/impact/impact.js";
import type { ObservedSubscribers, SubscriberLine } from "../src/core/impact/subscribers.js";
import type { PricingModel } from "../src/core/model/types.js";
import { evaluatePolicy, policyFails } from "../src/core/policy/policy.js";
import { renderPlanJson } from "../src/core/render/json.js";
import { renderPlanMarkdown } from "../src/core/render/markdown.js";
import type { State } from "../src/core/state/types.js";
import { COMMENT_LIMIT, stickyBody } from "../src/edge/github/body.js";
import { freshState, modelsFromDir, modelsFromFiles, planFor, publishModels } from "./helpers/pipeline.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = join(here, "fixtures", "comment");
const update = process.env.UPDATE_GOLDEN === "1";

function golden(dir: string, name: string, actual: string): void {
  const file = join(dir, name);
  if (update) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

const planSchema = new Ajv2020({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync(join(here, "..", "schemas", "plan.schema.json"), "utf8")) as object,
);

/** The case's subscribers (`subscribers.json`, prices by logical key), or none as on the shadow backend. */
function observedSubscribers(dir: string, state: State): ObservedSubscribers {
  const file = join(dir, "subscribers.json");
  if (!existsSync(file)) return { counted: false, why: "shadow" };
  const lines = JSON.parse(readFileSync(file, "utf8")) as (Omit<SubscriberLine, "price"> & { key: string })[];
  return {
    counted: true,
    lines: lines.map(({ key, ...line }) => {
      const price = state.objects.find((o) => o.type === "price" && o.key === key && o.active);
      if (!price) throw new Error(`subscribers.json: no active price ${key} in the state`);
      return { ...line, price: price.id };
    }),
  };
}

/** The comment and JSON plan for models against a state, with the case's profiles, config, labels and subscribers. */
async function review(dir: string, models: readonly PricingModel[], state: State, labels: readonly string[]) {
  const ws = {
    cwd: dir,
    models: "models",
    state: "state.json",
    backend: "shadow" as const,
    env: {},
    allowLive: false,
  };
  const config = readRepositoryConfig(ws);
  const profiles = readProfiles(ws, config, models, state);
  const plan = planFor(models, state);
  const impact = computeImpact(plan, state, profiles);
  const policy = evaluatePolicy(config.policy, plan, componentChanges(plan, state), impact, labels);
  const observed = observedSubscribers(dir, state);
  const subscribers = await reviewSubscribers(plan, state, { subscribers: async () => observed });
  const context = { state, impact, policy, ...(subscribers ? { subscribers } : {}) };
  return {
    plan,
    policy,
    comment: stickyBody(renderPlanMarkdown(plan, context), { name: "pricing-plan" }),
    json: renderPlanJson(plan, context),
  };
}

async function stateOf(dir: string): Promise<State> {
  let state = freshState();
  const history = join(dir, "history");
  for (const step of readdirSync(history).sort())
    state = (await publishModels(modelsFromDir(join(history, step)), state)).state;
  return state;
}

const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(corpus, e.name, "history")))
  .map((e) => e.name)
  .sort();

/** What each case must show, independent of the golden files. */
const EXPECTED: Readonly<Record<string, { readonly fails: boolean; readonly contains: readonly string[] }>> =
  {
    "fee-raise": {
      fails: true,
      contains: [
        "| `base` | price | EUR | €4.99 / month | €5.99 / month | +€1.00 (+20.0%) |",
        "big-increase",
        "commuter",
      ],
    },
    "tier-change": { fails: false, contains: ["approved by the label", "tiers, EUR"] },
    "added-currency": { fails: false, contains: ["now offered in GBP", "£"] },
    "jpy-model": { fails: false, contains: ["¥1,080 / month", "¥33.25 per kWh"] },
    "removed-model": { fails: true, contains: ["no-model-removed", "no longer offered"] },
    subscribers: {
      // USD is dropped: the currency rule fails, and the table shows who pays in it today.
      fails: true,
      contains: [
        "#### Subscribers on replaced and archived prices",
        "| EUR | 3 | 1 | €95.00 / month | €105.00 / month (+€10.00, +10.5%) |",
        "| USD | 2 | 0 | \\$40.00 / month | not offered in USD |",
        "| EUR | 1 | 0 | 1 usage-based | usage-based |",
      ],
    },
    "many-models": { fails: false, contains: ["What customers pay", "```mermaid", "shortened here"] },
  };

describe("golden plan comments", () => {
  it("covers the issue's cases", () => {
    expect([...cases, "many-models"].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cases)("%s", async (name) => {
    const dir = join(corpus, name);
    const labelsFile = join(dir, "labels.json");
    const labels = existsSync(labelsFile) ? (JSON.parse(readFileSync(labelsFile, "utf8")) as string[]) : [];
    const { comment, json, policy } = await review(dir, modelsFromDir(dir), await stateOf(dir), labels);
    golden(dir, "expected.md", comment.body);
    golden(dir, "expected.json", json);
    const want = EXPECTED[name];
    expect(policyFails(policy)).toBe(want?.fails);
    for (const s of want?.contains ?? []) expect(comment.body).toContain(s);
    expect(planSchema(JSON.parse(json)), JSON.stringify(planSchema.errors)).toBe(true);
  });

  it("many-models: past the comment limit, keeps the summary, the impact table and the chart", async () => {
    const dir = join(corpus, "many-models");
    const model = (i: number, fee: string) => ({
      path: `m${String(i).padStart(3, "0")}.yaml`,
      text: [
        "apiVersion: pricing/v1",
        "kind: PricingModel",
        `id: charging-plan-${String(i).padStart(3, "0")}`,
        "product:",
        `  name: Charging plan ${i}`,
        "  unitLabel: kWh",
        "currency: eur",
        "meters:",
        `  - { id: energy, eventName: plan_${i}_energy_kwh, displayName: Energy, aggregation: sum, valueKey: kwh }`,
        "components:",
        `  - { id: base, type: flat, amount: ${fee}, interval: month }`,
        "  - { id: energy, type: metered, meter: energy, unitAmount: 0.35, interval: month }",
        "",
      ].join("\n"),
    });
    const count = 400;
    const before = modelsFromFiles(Array.from({ length: count }, (_, i) => model(i, "9.99")));
    const after = modelsFromFiles(Array.from({ length: count }, (_, i) => model(i, "10.99")));
    const state = (await publishModels(before, freshState())).state;
    const { comment, json } = await review(dir, after, state, []);
    expect(comment.truncated).toBe(true);
    expect(comment.body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    golden(dir, "expected.md", comment.body);
    for (const s of EXPECTED["many-models"]?.contains ?? []) expect(comment.body).toContain(s);
    expect(comment.body).toContain(
      "**Plan: 0 to create, 0 to update, 400 to replace, 0 to archive, 0 to reactivate.**",
    );
    expect(planSchema(JSON.parse(json)), JSON.stringify(planSchema.errors)).toBe(true);
  });
});
