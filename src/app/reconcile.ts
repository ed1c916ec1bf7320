/**
 * The reconcile pipeline, in one place: models → desired objects → the state refreshed from
 * the backend and adopted → the plan. Every command that plans (plan, apply, rollback, watch)
 * calls it; none assembles these steps itself.
 */

import { CONFIG_FILE } from "../core/config/config.js";
import { PricingError, StalePlanError } from "../core/diagnostics/errors.js";
import { stableStringify } from "../core/json/json.js";
import type { PricingModel } from "../core/model/types.js";
import { type Adopted, adoptObserved } from "../core/plan/adopt.js";
import { makePlan } from "../core/plan/plan.js";
import type { Plan } from "../core/plan/types.js";
import type { State } from "../core/state/types.js";
import { desiredObjects } from "../core/stripe/desired.js";
import type { DesiredObject } from "../core/stripe/registry.js";
import type { Backend } from "../edge/backend/backend.js";
import { desiredDigest } from "../edge/files/models-digest.js";
import { stateDigest } from "../edge/files/state-digest.js";
import { type CatalogName, catalogName } from "./catalog.js";
import { loadState, openBackend, type Workspace } from "./workspace.js";

/** What to reconcile. */
export interface ReconcileRequest {
  /** The valid models to plan for. */
  readonly models: readonly PricingModel[];
  /** Limit to these model ids (`--model-id`); every one must be a model or in the state. */
  readonly scope?: readonly string[];
  /** A plan saved by `plan --out`, to check against the refreshed state and use instead of a new one. */
  readonly saved?: { readonly plan: Plan; readonly file: string };
}

/** The outcome: the plan, the state it was made against and the backend that would carry it out. */
export interface Reconciliation {
  readonly plan: Plan;
  /** The catalog planned for: its objects carry its name, other catalogs' objects were left alone. */
  readonly catalog: CatalogName;
  /** The state as the backend holds it (refreshed and adopted): what the plan starts from. */
  readonly state: State;
  readonly backend: Backend;
  /** The state file as read, before the refresh. */
  readonly stored: State;
}

/** Runs the pipeline: reads the state, refreshes it from the backend, adopts, plans. */
export async function reconcile(ws: Workspace, request: ReconcileRequest): Promise<Reconciliation> {
  const stored = loadState(ws);
  const catalog = catalogName(ws, stored);
  const scope =
    request.scope && request.scope.length > 0
      ? checkScope(ws, request.scope, request.models, stored)
      : undefined;
  const backend = await openBackend(ws, stored);
  const desired = desiredObjects(request.models, catalog.name);
  const adopted = adoptObserved(await backend.refresh(stored), desired, catalog.name);
  refuseTakenCatalog(ws, stored, adopted, catalog.name);
  const { state, unmanaged, byEventName, owners } = adopted;
  const baseDigest = stateDigest(state);
  const fresh = (planScope: readonly string[] | undefined) =>
    makePlan({
      desired,
      state,
      baseDigest,
      modelsDigest: desiredDigest(inScope(desired, planScope)),
      unmanaged,
      byEventName,
      ...(owners ? { owners } : {}),
      ...(planScope ? { scope: planScope } : {}),
    });
  if (request.saved) {
    const { plan, file } = request.saved;
    if (plan.baseDigest !== baseDigest || plan.backend !== backend.name) {
      throw new StalePlanError(
        `the saved plan ${file} was made against ${plan.baseRevision ?? "an empty state"}, but the state or what the backend holds has moved since (the state is now at ${stored.revision ?? "no revision"}): make a new plan`,
      );
    }
    const again = fresh(plan.scope ?? undefined);
    if (plan.modelsDigest !== again.modelsDigest) {
      throw new StalePlanError(
        `the saved plan ${file} was made from other models than ${ws.models} holds now (they changed since \`plan --out\`), and a revision records the models it published: make a new plan`,
      );
    }
    // Same state, same models: the plan made now is the one saved, operation for operation. A
    // saved plan edited by hand (or by anything between plan and apply) is not carried out.
    if (operationsText(plan) !== operationsText(again)) {
      throw new PricingError(
        `the saved plan ${file} does not hold the operations its state and models give (was it edited?); nothing was written: make a new plan with \`pricing plan --out\``,
      );
    }
    return { plan, catalog, state, backend, stored };
  }
  const plan = fresh(scope);
  return { plan, catalog, state, backend, stored };
}

/** A plan's operations as canonical text, without the display-only reasons (`why`). */
function operationsText(plan: Plan): string {
  return stableStringify(plan.operations.map(({ why: _why, ...op }) => op));
}

function inScope(
  desired: readonly DesiredObject[],
  scope: readonly string[] | undefined,
): readonly DesiredObject[] {
  if (!scope) return desired;
  const ids = new Set(scope);
  return desired.filter((d) => ids.has(d.model));
}

/**
 * Before its first publish, a state whose backend already holds objects of its catalog (by
 * metadata) is refused: another repository publishes under the same name, and adopting its
 * objects would archive them. A first apply that was interrupted left a checkpoint (a state
 * with a lineage), so it is not refused.
 */
function refuseTakenCatalog(ws: Workspace, stored: State, adopted: Adopted, catalog: string): void {
  if (stored.lineage !== "") return;
  const claimed = adopted.state.objects.filter((o) => !adopted.byEventName.has(o.id));
  const first = claimed[0];
  if (!first) return;
  throw new PricingError(
    `the account already holds ${claimed.length} object${claimed.length === 1 ? "" : "s"} of the catalog "${catalog}" (e.g. ${first.type} ${first.id}) that ${ws.state} never recorded: another repository publishes under this name. Give this repository a catalog name of its own (\`catalog:\` in ${CONFIG_FILE}), or take those objects over with \`pricing import\``,
  );
}

function checkScope(
  ws: Workspace,
  ids: readonly string[],
  models: readonly PricingModel[],
  state: State,
): readonly string[] {
  const known = new Set<string>([...models.map((m) => m.id), ...state.objects.map((o) => o.model)]);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new PricingError(`--model-id ${unknown.join(", ")}: no such model in ${ws.models} or the state`);
  return ids;
}

/**
 * The state file records less than the backend holds of the tool's objects (an apply was
 * interrupted between its writes and its commit): publishing even an empty plan records them.
 * Hashes both states, so it is asked only when the plan has nothing else to do.
 */
export function unrecorded(r: Reconciliation): boolean {
  return stateDigest(r.state) !== stateDigest(r.stored);
}
