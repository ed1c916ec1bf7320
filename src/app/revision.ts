/**
 * Every revision write, in one place: the next revision id, the state file sealed with it, and
 * the git commit carrying the `Pricing-Revision` trailer (and the models commit it was built
 * from). Publish, rollback and import all record revisions through here.
 */
import type { State } from "../core/state/types.js";
import { writeState } from "../edge/files/state-file.js";
import {
  formatRevision,
  type Repo,
  revisionNumber,
  TRAILER_MODELS,
  TRAILER_REVISION,
} from "../edge/git/repo.js";
import { type Workspace, withLineage } from "./workspace.js";

/** The id the next revision gets: one above every revision in the history and the state. */
export async function nextRevision(repo: Repo | undefined, state: State): Promise<string> {
  return repo ? repo.nextRevision(state.revision) : formatRevision(revisionNumber(state.revision ?? "") + 1);
}

/** What a revision stamps on the state it records. */
export interface Seal {
  readonly revision: string;
  /** The catalog the objects belong to. */
  readonly catalog: string;
  /** The model sources the revision's objects were built from (see `sources.ts`); the state's own when absent. */
  readonly sources?: State["sources"];
}

/**
 * The state as a revision records it: the next serial after `base`, the revision id, the
 * catalog and sources, and `base`'s lineage (a new one for the first revision).
 */
export function sealState(state: State, base: State, seal: Seal): State {
  return withLineage({
    ...state,
    lineage: base.lineage,
    serial: base.serial + 1,
    revision: seal.revision,
    catalog: seal.catalog,
    sources: seal.sources ?? state.sources,
  });
}

/** How a revision is committed. */
export interface RevisionCommit {
  readonly revision: string;
  readonly subject: string;
  /** The commit message's body (a summary of what the revision did). */
  readonly body: string;
  /** The commit the models come from (a trailer), when known. */
  readonly modelsCommit?: string | undefined;
  /** Paths the commit carries besides the state file (rollback's restored models). */
  readonly extraPaths?: readonly string[];
}

/** Writes the sealed state and, with a repository, commits it; returns the commit, if any. */
export async function recordRevision(
  ws: Workspace,
  repo: Repo | undefined,
  state: State,
  commit: RevisionCommit,
): Promise<string | undefined> {
  writeState(ws.state, ws.cwd, state);
  if (!repo) return undefined;
  const trailers = [
    `${TRAILER_REVISION}: ${commit.revision}`,
    ...(commit.modelsCommit ? [`${TRAILER_MODELS}: ${commit.modelsCommit}`] : []),
  ];
  const message = `${commit.subject}\n\n${commit.body}\n\n${trailers.join("\n")}\n`;
  // A first revision's state is kept if the commit fails: the next apply records it.
  return repo.commit([ws.state, ...(commit.extraPaths ?? [])], message, [ws.state]);
}
