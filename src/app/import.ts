/** Import: a fresh state adopting the account's managed objects, recorded as a revision like any other. */
import type { PricingModel } from "../core/model/types.js";
import { adoptObserved } from "../core/plan/adopt.js";
import { emptyState, type State, sortObjects } from "../core/state/types.js";
import { desiredObjects } from "../core/stripe/desired.js";
import type { Repo } from "../edge/git/repo.js";
import { catalogName, writeCatalogName } from "./catalog.js";
import { nextRevision, recordRevision, sealState } from "./revision.js";
import { openBackend, type Workspace } from "./workspace.js";

/** What an import recorded. */
export interface Imported {
  readonly revision: string;
  /** How many objects the new state holds. */
  readonly count: number;
}

/**
 * Reads the account into a fresh state (objects carrying the catalog's metadata, and the meters
 * whose event names `models` use; other catalogs' objects are left alone) and records it as the next revision after `existing`.
 */
export async function importState(
  ws: Workspace,
  repo: Repo | undefined,
  existing: State,
  models: readonly PricingModel[],
): Promise<Imported> {
  const mode = /^(sk|rk)_live_/.test(ws.env.STRIPE_API_KEY ?? "") ? "live" : "test";
  const fresh = emptyState("", "stripe", { mode });
  const backend = await openBackend(ws, fresh);
  const catalog = catalogName(ws, existing);
  const { name } = catalog;
  const adopted = adoptObserved(await backend.refresh(fresh), desiredObjects(models, name), name).state;
  const revision = await nextRevision(repo, existing);
  // The account's objects were built from no file the repository records: sources stay empty.
  const state = sealState({ ...adopted, objects: sortObjects(adopted.objects) }, existing, {
    revision,
    catalog: name,
    sources: {},
  });
  await recordRevision(ws, repo, state, {
    revision,
    subject: `pricing: import ${state.objects.length} objects as ${revision}`,
    body: `Adopted the objects of the catalog "${name}" from the Stripe account.`,
    extraPaths: catalog.configured ? [] : [writeCatalogName(ws, name)],
  });
  return { revision, count: state.objects.length };
}
