/**
 * Crash consistency. An apply killed after it wrote the state file (the shadow backend's one
 * write, or a Stripe checkpoint) and before its commit leaves the state file dirty: modified, or
 * untracked on a first apply. The file's content tells that from a hand edit, with no marker
 * file: it is an *interrupted revision* when it is a valid state of the committed state's lineage
 * (or there is no committed state), with a higher serial, whose revision id no commit in the
 * history carries. Anything else is a hand edit, refused with a fix that works.
 *
 * Recovery (`pricing recover`, and `pricing apply` before it plans) reconciles that state with
 * the backend (the refresh adopts, by metadata or event name, what the interrupted run did after
 * its last checkpoint) and commits the result as the very revision the interrupted apply had
 * begun. It writes nothing to the backend.
 */

import { PricingError } from "../core/diagnostics/errors.js";
import type { PricingModel } from "../core/model/types.js";
import type { State } from "../core/state/types.js";
import { parseState, readState } from "../edge/files/state-file.js";
import { Repo } from "../edge/git/repo.js";
import type { WriteGuard } from "./guard.js";
import { recordInterrupted } from "./publish.js";
import { reconcile } from "./reconcile.js";
import type { Workspace } from "./workspace.js";

/** What the state file is, compared with HEAD. */
export type StateCheck =
  | { readonly status: "committed" }
  /** It holds this revision of an interrupted apply, not yet committed. */
  | { readonly status: "interrupted"; readonly revision: string }
  /** It was changed by hand (or is not a state at all): `refusal` says how to put it right. */
  | { readonly status: "edited"; readonly refusal: string };

/** Whether the state file is committed as it is, holds an interrupted revision, or was edited. */
export async function checkState(ws: Workspace, repo: Repo): Promise<StateCheck> {
  const lockName = `${ws.state.split("/").pop() ?? ""}.lock`;
  if ((await repo.dirty([ws.state], [lockName])).length === 0) return { status: "committed" };
  const committedText = await repo.show("HEAD", ws.state);
  const working = quietly(() => readState(ws.state, ws.cwd));
  const committed =
    committedText === undefined ? undefined : quietly(() => parseState(committedText, ws.state));
  if (
    working?.revision &&
    (committedText === undefined ||
      (committed !== undefined &&
        working.lineage === committed.lineage &&
        working.serial > committed.serial)) &&
    working.serial > 0 &&
    !(await repo.revisions()).some((r) => r.revision === working.revision)
  ) {
    return { status: "interrupted", revision: working.revision };
  }
  if (committedText !== undefined) {
    return {
      status: "edited",
      refusal: `${ws.state} has uncommitted changes that no interrupted apply explains (a hand edit?): restore it (\`git checkout HEAD -- ${ws.state}\`) or commit it, then run the command again`,
    };
  }
  const unstage = (await repo.inIndex(ws.state)) ? `git rm --cached --quiet ${ws.state} && ` : "";
  return {
    status: "edited",
    refusal: `${ws.state} has uncommitted changes: it is in no commit and holds no interrupted apply's state; delete it (\`${unstage}rm ${ws.state}\`) to start from an empty state, or commit it, then run the command again`,
  };
}

/**
 * The revision of an interrupted apply the state file holds, for a notice (`plan`); undefined
 * when there is none or no repository to tell.
 */
export async function pendingInterrupted(ws: Workspace, stored: State): Promise<string | undefined> {
  if (stored.serial === 0) return undefined;
  try {
    const check = await checkState(ws, await Repo.open(ws.cwd));
    return check.status === "interrupted" ? check.revision : undefined;
  } catch {
    return undefined;
  }
}

/** The one-line notice that the state file holds an interrupted apply's revision. */
export function interruptedNotice(ws: Workspace, revision: string): string {
  return `${ws.state} holds ${revision} of an interrupted apply, not yet committed: the next \`pricing apply\` (or \`pricing recover\`) records it`;
}

/** What a recovery recorded. */
export interface Recovered {
  readonly revision: string;
  /** The commit that recorded it. */
  readonly commit: string | undefined;
}

/**
 * Records the interrupted revision the write guard found, if any: the state file refreshed from
 * the backend and adopted, committed under the revision id the interrupted apply gave it.
 * Undefined when there is none to record.
 */
export async function recoverInterrupted(
  ws: Workspace,
  guard: WriteGuard,
  models: readonly PricingModel[],
): Promise<Recovered | undefined> {
  const { repo, interrupted: revision, head: modelsCommit } = guard;
  if (!repo || !revision) return undefined;
  const { state, catalog } = await reconcile(ws, { models });
  if (state.revision !== revision)
    throw new PricingError(`${ws.state} changed while recovering ${revision}: run the command again`);
  return { revision, commit: await recordInterrupted(ws, repo, state, modelsCommit, catalog) };
}

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
