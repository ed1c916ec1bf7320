/**
 * The model sources a revision records: per model id, the file and git blob its published
 * objects were built from. A full publish records every model's current file; a `--model-id`
 * publish changes only its models' entries, so the others keep the files of the revisions
 * that published them; a publish stopped part way changes none.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { PricingModel } from "../core/model/types.js";
import type { ModelSourceRef, State } from "../core/state/types.js";
import { blobId } from "../edge/git/blob.js";
import type { Reconciliation } from "./reconcile.js";
import type { Workspace } from "./workspace.js";

/** A revision's sources, by model id. */
export type Sources = State["sources"];

/** The files `models` were read from, with their blob ids (read again from disk). */
export function modelSources(ws: Workspace, models: readonly PricingModel[]): Sources {
  const out: Record<string, ModelSourceRef> = {};
  for (const m of models) out[m.id] = { file: m.file, blob: blobId(readFileSync(resolve(ws.cwd, m.file))) };
  return out;
}

/** What a complete publish of `current` (limited to `scope`, or all) makes of `base`'s sources. */
export function publishedSources(base: Sources, current: Sources, scope: readonly string[] | null): Sources {
  if (scope === null) return current;
  const out: Record<string, ModelSourceRef> = { ...base };
  for (const id of scope) {
    const ref = current[id];
    if (ref) out[id] = ref;
    else delete out[id];
  }
  return out;
}

/** The sources the revision records when the reconciled plan is carried out in full. */
export function sourcesAfter(ws: Workspace, r: Reconciliation, models: readonly PricingModel[]): Sources {
  const scope = r.plan.scope;
  const ids = scope ? new Set(scope) : undefined;
  const current = modelSources(
    ws,
    models.filter((m) => !ids || ids.has(m.id)),
  );
  return publishedSources(r.stored.sources, current, scope);
}
