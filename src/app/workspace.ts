/**
 * The workspace every operation runs in: the working directory, where the models and the
 * state live, which backend to use and the environment it reads its key from. Built by the
 * CLI from its options; the app layer never sees the CLI's streams or flags.
 */
import { randomUUID } from "node:crypto";
import { PricingError } from "../core/diagnostics/errors.js";
import type { Catalog } from "../core/model/catalog.js";
import { emptyState, type State } from "../core/state/types.js";
import type { Backend } from "../edge/backend/backend.js";
import { shadowBackend } from "../edge/backend/shadow.js";
import { loadCatalog } from "../edge/files/models.js";
import { parseState, readState } from "../edge/files/state-file.js";
import type { Repo } from "../edge/git/repo.js";

/** The backends of the contract. */
export type BackendName = "shadow" | "stripe";

/** Where and how an operation runs. */
export interface Workspace {
  readonly cwd: string;
  /** The models folder, relative to `cwd` (or absolute). */
  readonly models: string;
  /** The state file, relative to `cwd` (or absolute). */
  readonly state: string;
  readonly backend: BackendName;
  /** The environment (`STRIPE_API_KEY`, `STRIPE_API_BASE`, limits). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A live-mode key may be used (`--allow-live`). */
  readonly allowLive: boolean;
}

/** Every model under the workspace's models folder, with every diagnostic. */
export function loadModels(ws: Workspace): Catalog {
  return loadCatalog(ws.models, ws.cwd);
}

/** The state file, or an empty state (no lineage yet) before the first publish. */
export function loadState(ws: Workspace): State {
  return readState(ws.state, ws.cwd) ?? emptyState("", ws.backend);
}

/** Gives a fresh state its lineage on first write. */
export function withLineage(state: State): State {
  return state.lineage ? state : { ...state, lineage: randomUUID() };
}

/**
 * The workspace's backend. The shadow backend's account is the state as committed at its
 * revision, read through `repo` (drift only; without it the state is its own account).
 */
export async function openBackend(ws: Workspace, state: State, repo?: Repo): Promise<Backend> {
  if (state.backend !== ws.backend && state.serial > 0) {
    throw new PricingError(
      `${ws.state} records objects of the ${state.backend} backend; use --backend ${state.backend} or another --state file`,
    );
  }
  if (ws.backend === "stripe") {
    const { stripeBackend } = await import("../edge/backend/stripe/backend.js");
    const { stripeSettings } = await import("../edge/backend/stripe/settings.js");
    return stripeBackend(stripeSettings(ws.env, state, ws.allowLive, ws.state));
  }
  return shadowBackend(async (s) => {
    if (!repo || !s.revision) return undefined;
    const entry = (await repo.revisions()).find((r) => r.revision === s.revision);
    const text = entry ? await repo.show(entry.commit, ws.state) : undefined;
    return text === undefined ? undefined : parseState(text, `${ws.state}@${s.revision}`);
  });
}
