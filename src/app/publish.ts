/**
 * Publishing a plan: execute it on the backend, write the state, commit the revision. Shared
 * by apply and rollback. Everything that can fail is checked by the caller before this runs;
 * a backend failure part way still records what was done.
 */

import type { CommandContext } from "../cli/context.js";
import { ApplyStoppedError, executePlan } from "../core/apply/execute.js";
import { PricingError } from "../core/diagnostics/errors.js";
import type { Plan } from "../core/plan/types.js";
import { summaryLine } from "../core/render/format.js";
import type { State } from "../core/state/types.js";
import type { Backend } from "../edge/backend/backend.js";
import { writeState } from "../edge/files/state-file.js";
import {
  formatRevision,
  type Repo,
  revisionNumber,
  TRAILER_MODELS,
  TRAILER_REVISION,
} from "../edge/git/repo.js";
import { withLineage } from "./workspace.js";

/** Least time between two state checkpoints during a Stripe apply. */
const CHECKPOINT_MS = 250;

/** How to publish. */
export interface PublishRequest {
  readonly plan: Plan;
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
}

/** Executes, records and commits; returns the new revision id. */
export async function publish(ctx: CommandContext, req: PublishRequest): Promise<string> {
  const { plan, state, backend, repo } = req;
  const revision = repo
    ? await repo.nextRevision(state.revision)
    : formatRevision(revisionNumber(state.revision ?? "") + 1);
  const total = plan.operations.filter((op) => op.action !== "noop").length;
  const progress = total >= 20 && ctx.stderr.isTTY === true;
  const seal = (s: State): State => withLineage({ ...s, serial: state.serial + 1, revision });
  let result: State;
  // Checkpoints of a Stripe apply, at most a few a second: what a crash loses between two of
  // them is adopted back by its metadata on the next run, so they bound re-work, not safety.
  let checkpointed = performance.now();
  try {
    result = await executePlan(plan, state, backend.executorFor(plan), async (done, all, _op, partial) => {
      if (backend.name === "stripe" && performance.now() - checkpointed >= CHECKPOINT_MS) {
        writeState(ctx.options.state, ctx.cwd, seal(partial()));
        checkpointed = performance.now();
      }
      if (progress) ctx.stderr.write(`\r  ${done}/${all} operations`);
    });
  } catch (e) {
    if (!(e instanceof ApplyStoppedError)) throw e;
    if (e.done > 0) {
      writeState(ctx.options.state, ctx.cwd, seal(e.state));
      const commit = repo
        ? await commitRevision(ctx, req, revision, `partial: ${e.done} of ${e.total} operations`)
        : undefined;
      ctx.stderr.write(
        `recorded the ${e.done} completed operations as ${revision}${commit ? ` (${commit.slice(0, 12)})` : ""}\n`,
      );
    }
    throw new PricingError(`apply ${e.message}; re-run apply to continue`);
  }
  if (progress) ctx.stderr.write("\n");
  writeState(ctx.options.state, ctx.cwd, seal(result));
  req.beforeCommit?.();
  const commit = repo ? await commitRevision(ctx, req, revision, summaryLine(plan)) : undefined;
  ctx.stdout.write(
    `Published ${revision}: ${summaryLine(plan).replace(/^Plan: /, "")}${commit ? ` Committed ${commit.slice(0, 12)}.` : ""}\n`,
  );
  return revision;
}

async function commitRevision(
  ctx: CommandContext,
  req: PublishRequest,
  revision: string,
  body: string,
): Promise<string | undefined> {
  if (!req.repo) return undefined;
  const trailers = [
    `${TRAILER_REVISION}: ${revision}`,
    ...(req.modelsCommit ? [`${TRAILER_MODELS}: ${req.modelsCommit}`] : []),
  ];
  const message = `${req.subject(revision)}\n\n${body}\n\n${trailers.join("\n")}\n`;
  return req.repo.commit([ctx.options.state, ...(req.extraPaths ?? [])], message);
}
