/**
 * Publishing a plan: execute it on the backend, write the state, commit the revision. Shared
 * by apply, rollback and watch. Everything that can fail is checked before this runs; a
 * backend failure part way still records what was done.
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { ApplyStoppedError, executePlan } from "../core/apply/execute.js";
import { CONFIG_FILE } from "../core/config/config.js";
import { PricingError } from "../core/diagnostics/errors.js";
import type { Plan } from "../core/plan/types.js";
import { summaryLine } from "../core/render/format.js";
import { describeProblem } from "../core/render/problem.js";
import type { State } from "../core/state/types.js";
import type { Backend } from "../edge/backend/backend.js";
import { crashPoint } from "../edge/crash-point.js";
import { writeState } from "../edge/files/state-file.js";
import type { Repo } from "../edge/git/repo.js";
import { type CatalogName, writeCatalogName } from "./catalog.js";
import { nextRevision, recordRevision, sealState } from "./revision.js";
import type { Sources } from "./sources.js";
import { type Workspace, withLineage } from "./workspace.js";

/** Least time between two state checkpoints during a Stripe apply. */
const CHECKPOINT_MS = 250;

/** How to publish. */
export interface PublishRequest {
  readonly plan: Plan;
  /** The state the plan was made against (as `reconcile` returns it). */
  readonly state: State;
  readonly backend: Backend;
  /** The repository to commit in; undefined with --no-commit. */
  readonly repo: Repo | undefined;
  /** Subject line of the commit, given the new revision id. */
  readonly subject: (revision: string) => string;
  /** The commit the models come from (a trailer). */
  readonly modelsCommit: string | undefined;
  /** Extra paths the commit carries (rollback's restored models). */
  readonly extraPaths?: readonly string[];
  /** Runs after the backend writes and before the commit (rollback writes the models here). */
  readonly beforeCommit?: () => void;
  /** Progress (operations done of all), after each one. */
  readonly onProgress?: (done: number, total: number) => void;
  /** A line for the operator that is not the result (what a stopped apply recorded). */
  readonly notice?: (line: string) => void;
  /** Archiving more than half of the published products is allowed (`--allow-mass-archive`). */
  readonly allowMassArchive?: boolean;
  /** The catalog the plan's objects are stamped with (the reconciliation's); named in the config if it is not yet. */
  readonly catalog: CatalogName;
  /** The model sources the revision records when every operation is carried out (see `sources.ts`). */
  readonly sources: Sources;
}

/** A published revision. */
export interface Published {
  readonly revision: string;
  /** The revision's commit, unless published without one. */
  readonly commit: string | undefined;
}

/** Executes, records and commits. Throws a PricingError when the backend stopped part way. */
export async function publish(ws: Workspace, req: PublishRequest): Promise<Published> {
  const { plan, backend, repo } = req;
  refuseProblems(plan);
  if (!req.allowMassArchive) refuseMassArchive(plan, req.state);
  const state = withLineage(req.state);
  const revision = await nextRevision(repo, state);
  // Until every operation is done the revision keeps its base's sources: a model half
  // published was built from neither file.
  const seal = (s: State, sources = state.sources): State =>
    sealState(s, state, { revision, catalog: req.catalog.name, sources });
  let result: State;
  // Checkpoints of a Stripe apply, at most a few a second: what a crash loses between two of
  // them is adopted back by its metadata on the next run, so they bound re-work, not safety.
  // A first apply checkpoints before its first write: the state's lineage then tells its
  // interrupted objects from another repository's under the same catalog name.
  const first = backend.name === "stripe" && req.state.lineage === "";
  if (first) writeState(ws.state, ws.cwd, seal(state));
  let checkpointed = performance.now();
  try {
    result = await executePlan(plan, state, backend.executorFor(plan), async (done, all, _op, partial) => {
      crashPoint("after-step");
      if (backend.name === "stripe" && performance.now() - checkpointed >= CHECKPOINT_MS) {
        writeState(ws.state, ws.cwd, seal(partial()));
        checkpointed = performance.now();
      }
      req.onProgress?.(done, all);
    });
  } catch (e) {
    if (!(e instanceof ApplyStoppedError)) throw e;
    if (e.done > 0) {
      const made = await record(
        ws,
        req,
        revision,
        seal(e.state),
        `partial: ${e.done} of ${e.total} operations`,
      );
      req.notice?.(
        `recorded the ${e.done} completed operations as ${revision}${made ? ` (${made.slice(0, 12)})` : ""}`,
      );
    } else if (first) rmSync(resolve(ws.cwd, ws.state), { force: true });
    throw new PricingError(`apply ${e.message}; re-run apply to continue`);
  }
  req.beforeCommit?.();
  return {
    revision,
    commit: await record(
      ws,
      req,
      revision,
      seal(result, req.sources),
      `${summaryLine(plan)}${scopeLine(plan)}`,
    ),
  };
}

/** The commit body's line naming the models a `--model-id` plan was limited to (history reads it). */
function scopeLine(plan: Plan): string {
  return plan.scope ? `\nScope: ${plan.scope.join(", ")}` : "";
}

/**
 * A plan that shrinks the catalog by more than half of its published products (all of them,
 * from an empty or mistyped `--models` folder) is refused unless asked for: it stops those sales
 * at once. Renamed models (archived and created) do not shrink it.
 */
export function refuseMassArchive(plan: Plan, state: State): void {
  const published = state.objects.filter((o) => o.type === "product" && o.active).length;
  const products = (action: string) =>
    plan.operations.filter((op) => op.type === "product" && op.action === action).length;
  const archived = products("archive");
  if (archived === 0 || (archived - products("create")) * 2 <= published) return;
  throw new PricingError(
    `this plan archives ${archived} of the ${published} published products${archived === published ? " (all of them)" : ""}; nothing was written: check the models folder, or pass --allow-mass-archive if that is the intent`,
  );
}

/** A plan with problems is never carried out: nothing is written. */
export function refuseProblems(plan: Plan): void {
  const problems = plan.problems ?? [];
  if (problems.length === 0) return;
  throw new PricingError(
    `this plan cannot be applied on Stripe; nothing was written: ${problems.map(describeProblem).join("; ")}`,
  );
}

async function record(
  ws: Workspace,
  req: PublishRequest,
  revision: string,
  state: State,
  body: string,
): Promise<string | undefined> {
  const named = req.catalog.configured ? [] : [writeCatalogName(ws, req.catalog.name)];
  if (named.length > 0)
    req.notice?.(`named this catalog "${req.catalog.name}" in ${named[0]} (every managed object carries it)`);
  return recordRevision(ws, req.repo, state, {
    revision,
    subject: req.subject(revision),
    body,
    modelsCommit: req.modelsCommit,
    extraPaths: [...named, ...(req.extraPaths ?? [])],
  });
}

/**
 * Records the state an interrupted apply left, reconciled with the backend (`recover.ts`), as
 * the revision that apply had begun and never committed (its id is `state.revision`). Nothing is
 * written to the backend.
 */
export function recordInterrupted(
  ws: Workspace,
  repo: Repo,
  state: State,
  modelsCommit: string | undefined,
  catalog: CatalogName,
): Promise<string | undefined> {
  const revision = state.revision ?? "";
  // The interrupted first apply named the catalog in the config, or is killed before it could.
  if (!catalog.configured) writeCatalogName(ws, catalog.name);
  return recordRevision(
    ws,
    repo,
    { ...state, catalog: catalog.name },
    {
      extraPaths: existsSync(resolve(ws.cwd, CONFIG_FILE)) ? [CONFIG_FILE] : [],
      revision,
      subject: `pricing: record ${revision} (interrupted apply)`,
      body: `Recovered: an apply was interrupted after it wrote ${revision} to ${ws.state} and before it committed it.\nThis is that state reconciled with the backend; nothing was written to the backend.`,
      modelsCommit,
    },
  );
}
