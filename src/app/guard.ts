/**
 * Preconditions of every writing command, checked before the first write: a git repository,
 * the apply lock, a committed state file (or one an interrupted apply left, for the command to
 * recover: `recover.ts`) and committed models.
 */

import { CONFIG_FILE } from "../core/config/config.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { acquireLock, type Lock } from "../edge/files/lock.js";
import { Repo } from "../edge/git/repo.js";
import { checkState } from "./recover.js";
import type { Workspace } from "./workspace.js";

/** What a writing command holds while it runs. */
export interface WriteGuard {
  readonly repo: Repo | undefined;
  readonly lock: Lock;
  /** HEAD when the command started: the commit the models come from. */
  readonly head: string | undefined;
  /** The revision of an interrupted apply the state file holds (only with `recover`): record it first. */
  readonly interrupted?: string;
}

/** What a writing command accepts besides a committed state. */
export interface GuardOptions {
  /** The command records an interrupted apply's revision first (apply, recover); others refuse it. */
  readonly recover?: boolean;
}

/** Takes the lock; when committing, also opens the repository and checks the state and models are committed. */
export async function guardWrite(
  ws: Workspace,
  commit: boolean,
  options: GuardOptions = {},
): Promise<WriteGuard> {
  const repo = commit ? await Repo.open(ws.cwd) : undefined;
  const lock = acquireLock(ws.state, ws.cwd);
  let interrupted: string | undefined;
  try {
    // With --no-commit the state is expected to drift from git: each run builds on the last one.
    if (repo && commit) {
      const state = await checkState(ws, repo);
      if (state.status === "edited") throw new PricingError(state.refusal);
      if (state.status === "interrupted") {
        if (!options.recover)
          throw new PricingError(
            `${ws.state} has uncommitted changes: ${state.revision} of an interrupted apply; run \`pricing recover\` (or \`pricing apply\`) to record it first`,
          );
        interrupted = state.revision;
      }
      // An interrupted first apply may have named the catalog in the config: the recovery commits it.
      const dirtyConfig = interrupted ? [] : await repo.dirty([CONFIG_FILE]);
      if (dirtyConfig.length > 0) {
        throw new PricingError(
          `${CONFIG_FILE} has uncommitted changes: commit them first (it names the catalog and the policy a revision is published under), or use --no-commit`,
        );
      }
      if (!repo.holds(ws.models))
        throw new PricingError(
          `${ws.models} is outside the repository at ${repo.root}: a revision records models committed beside its state; move them into it, or use --no-commit`,
        );
      const dirtyModels = await repo.dirty([ws.models]);
      if (dirtyModels.length > 0) {
        throw new PricingError(
          `${ws.models} has uncommitted changes (${dirtyModels.slice(0, 3).join(", ")}${dirtyModels.length > 3 ? ", ..." : ""}): commit them first, so the revision records the models it was built from (or use --no-commit)`,
        );
      }
    }
    return {
      repo,
      lock,
      head: repo ? await repo.head() : undefined,
      ...(interrupted ? { interrupted } : {}),
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
