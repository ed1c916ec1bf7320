/**
 * The reconcile pipeline driven in memory, for tests: model text to validated models, a plan
 * against a state, and a publish on the shadow executor (the same steps `pricing apply` takes,
 * without the file, lock or git). Deterministic: a fixed lineage, revisions counted from 1.
 */

import { executePlan } from "../../src/core/apply/execute.js";
import { formatDiagnostic, hasErrors } from "../../src/core/diagnostics/diagnostic.js";
import { buildCatalog } from "../../src/core/model/catalog.js";
import { type ModelSource, parseModelSource } from "../../src/core/model/source.js";
import type { PricingModel } from "../../src/core/model/types.js";
import { makePlan } from "../../src/core/plan/plan.js";
import type { Plan } from "../../src/core/plan/types.js";
import { emptyState, type State } from "../../src/core/state/types.js";
import { desiredObjects } from "../../src/core/stripe/desired.js";
import { shadowExecutor } from "../../src/edge/backend/shadow.js";
import { loadCatalog, modelSchemaValidator } from "../../src/edge/files/models.js";
import { stateDigest } from "../../src/edge/files/state-digest.js";
import { formatRevision, revisionNumber } from "../../src/edge/git/repo.js";

/** The catalog name the pipeline helpers stamp. */
export const TEST_CATALOG = "test";

/** The lineage of every state a test builds, so digests and golden files are stable. */
export const TEST_LINEAGE = "00000000-0000-4000-8000-000000000000";

/** An empty shadow state with the test lineage. */
export function freshState(): State {
  return emptyState(TEST_LINEAGE);
}

/** One model file held in memory. */
export interface ModelFile {
  readonly path: string;
  readonly text: string;
}

/** Validates model files held in memory; throws with every diagnostic when one is invalid. */
export function modelsFromFiles(files: readonly ModelFile[]): readonly PricingModel[] {
  const sources: ModelSource[] = [];
  const problems = [];
  for (const f of files) {
    const parsed = parseModelSource(`models/${f.path}`, new TextEncoder().encode(f.text));
    if ("data" in parsed) sources.push(parsed);
    else problems.push(...parsed);
  }
  const catalog = buildCatalog(sources, modelSchemaValidator(), problems);
  if (hasErrors(catalog.diagnostics))
    throw new Error(`invalid test models:\n${catalog.diagnostics.map(formatDiagnostic).join("\n")}`);
  return catalog.models;
}

/** Loads `dir/models` from disk; throws with every diagnostic when one is invalid. */
export function modelsFromDir(dir: string): readonly PricingModel[] {
  const catalog = loadCatalog("models", dir);
  if (hasErrors(catalog.diagnostics))
    throw new Error(`invalid models in ${dir}:\n${catalog.diagnostics.map(formatDiagnostic).join("\n")}`);
  return catalog.models;
}

/** The plan taking `state` to `models` (optionally limited to some model ids). */
export function planFor(models: readonly PricingModel[], state: State, scope?: readonly string[]): Plan {
  return makePlan({
    desired: desiredObjects(models, TEST_CATALOG),
    state,
    baseDigest: stateDigest(state),
    ...(scope ? { scope } : {}),
  });
}

/** What one publish did: the plan it carried out and the state after it. */
export interface Published {
  readonly plan: Plan;
  readonly state: State;
}

/**
 * Plans and executes on the shadow executor, then seals the state as the CLI does: serial + 1
 * the next revision and the catalog. A plan without changes leaves the state as it was.
 */
export async function publishModels(
  models: readonly PricingModel[],
  state: State,
  scope?: readonly string[],
): Promise<Published> {
  const plan = planFor(models, state, scope);
  if (!plan.operations.some((op) => op.action !== "noop")) return { plan, state };
  const after = await executePlan(plan, state, shadowExecutor);
  return {
    plan,
    state: {
      ...after,
      serial: state.serial + 1,
      revision: formatRevision(revisionNumber(state.revision ?? "") + 1),
      catalog: TEST_CATALOG,
    },
  };
}
