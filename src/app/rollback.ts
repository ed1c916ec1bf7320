/**
 * What rollback needs from history: the model files a revision published, read and validated
 * from git without touching the work tree, checked to reproduce exactly what that revision
 * recorded, and putting them back into the models folder.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Diagnostic, hasErrors } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { buildCatalog } from "../core/model/catalog.js";
import { type ModelSource, parseModelSource } from "../core/model/source.js";
import type { PricingModel } from "../core/model/types.js";
import { makePlan } from "../core/plan/plan.js";
import type { State } from "../core/state/types.js";
import { desiredObjects, stampCatalog } from "../core/stripe/desired.js";
import { findModelFiles, modelSchemaValidator } from "../edge/files/models.js";
import { parseState } from "../edge/files/state-file.js";
import { blobId } from "../edge/git/blob.js";
import type { Repo, RevisionEntry } from "../edge/git/repo.js";
import type { Sources } from "./sources.js";
import type { Workspace } from "./workspace.js";

/** The models of one revision. */
export interface RevisionModels {
  /** The commit the models were read from (the revision's models commit, or its own). */
  readonly source: string;
  readonly models: readonly PricingModel[];
  /** Every model file to restore, by path, as bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The sources the rollback's revision records: those files with their blob ids. */
  readonly sources: Sources;
  /** The revision's id and its state as committed: what the models must reproduce (`refuseInexact`). */
  readonly target: string;
  readonly published: State;
}

/**
 * Finds a revision in the history and reads the model files it published: the files its
 * state records as sources (from the blobs, wherever the models commit is), and for models it
 * has objects of but no recorded source (states older than sources, imports), the files of
 * its models commit. Throws a PricingError naming the latest revisions when there is no such
 * revision; carrying the diagnostics when its models do not validate with this version of the
 * tool. Whether the files reproduce the revision is `refuseInexact`'s to check.
 */
export async function revisionModels(ws: Workspace, repo: Repo, target: string): Promise<RevisionModels> {
  const revisions = await repo.revisions();
  const entry = revisions.find((r) => r.revision === target);
  if (!entry) {
    const known = revisions
      .slice(0, 5)
      .map((r) => r.revision)
      .join(", ");
    throw new PricingError(
      `no revision ${target} in this repository's history${known ? ` (latest: ${known})` : ""}`,
    );
  }
  const published = await revisionState(ws, repo, entry);
  const source = entry.modelsCommit ?? entry.commit;
  const texts = await publishedFiles(ws, repo, published, source, target);
  const files = new Map<string, Uint8Array>();
  const sources: ModelSource[] = [];
  const problems: Diagnostic[] = [];
  for (const [file, text] of texts) {
    const bytes = new TextEncoder().encode(text);
    files.set(file, bytes);
    const parsed = parseModelSource(file, bytes);
    if ("data" in parsed) sources.push(parsed);
    else problems.push(...parsed);
  }
  const built = buildCatalog(sources, modelSchemaValidator(), problems);
  if (hasErrors(built.diagnostics)) {
    throw new PricingError(
      `the models of ${target} do not validate with this version of the tool; nothing was written`,
      built.diagnostics,
    );
  }
  const wanted = new Set(modelsOf(published));
  const models = built.models.filter((m) => wanted.has(m.id) || published.sources[m.id] !== undefined);
  const refs: Record<string, { file: string; blob: string }> = {};
  for (const m of models) refs[m.id] = { file: m.file, blob: blobId(files.get(m.file) ?? new Uint8Array()) };
  const kept = new Set(models.map((m) => m.file));
  for (const file of files.keys()) if (!kept.has(file)) files.delete(file);
  return { source, models, files, sources: refs, target, published };
}

/** The state file as the revision's commit recorded it. */
async function revisionState(ws: Workspace, repo: Repo, entry: RevisionEntry): Promise<State> {
  const text = await repo.show(entry.commit, ws.state);
  if (text === undefined)
    throw new PricingError(`${entry.revision}'s commit ${entry.commit.slice(0, 12)} holds no ${ws.state}`);
  return parseState(text, `${ws.state}@${entry.revision}`);
}

/** Model ids the revision has active objects of. */
function modelsOf(state: State): string[] {
  return [...new Set(state.objects.filter((o) => o.active).map((o) => o.model as string))];
}

/** The files to read, by path: the recorded sources' blobs, then the models commit's files for the rest. */
async function publishedFiles(
  ws: Workspace,
  repo: Repo,
  published: State,
  commit: string,
  target: string,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const [id, ref] of Object.entries(published.sources)) {
    const text = await repo.blob(ref.blob);
    if (text === undefined)
      throw new PricingError(
        `${target} was built from ${ref.file} (model ${id}, blob ${ref.blob.slice(0, 12)}), which this repository no longer holds; nothing was written`,
      );
    texts.set(ref.file, text);
  }
  const recorded = new Set(texts.keys());
  for (const file of await repo.filesAt(commit, ws.models)) {
    if (!/\.ya?ml$/i.test(file) || recorded.has(file)) continue;
    const text = await repo.show(commit, file);
    if (text !== undefined) texts.set(file, text);
  }
  return texts;
}

/**
 * Refuses when the restored models, stamped with `catalog`, do not reproduce the revision:
 * planned against the revision's own state, they must change nothing. Throws a PricingError
 * naming the objects (a revision recorded part way, a format 1 `--model-id` revision, or a
 * mapping that changed); call it before any write.
 */
export function refuseInexact(restored: RevisionModels, catalog: string): void {
  const { published, models, target } = restored;
  const state: State = {
    ...published,
    objects:
      published.catalog === null ? published.objects.map((o) => stampCatalog(o, catalog)) : published.objects,
  };
  const plan = makePlan({ desired: desiredObjects(models, catalog), state, baseDigest: "" });
  const differ = plan.operations.filter((op) => op.action !== "noop");
  const first = differ[0];
  if (!first) return;
  throw new PricingError(
    `${target} cannot be restored exactly: the model files it records do not reproduce what it published (${differ.length} object${differ.length === 1 ? "" : "s"} would differ, e.g. ${first.action} ${first.type} ${first.key}); it was recorded part way (an interrupted or failed apply), before revisions recorded their model files, or by a version of the tool that mapped models differently. Nothing was written: roll back to another revision (pricing history lists them)`,
  );
}

/** Makes the models folder hold exactly a revision's model files. */
export function restoreModels(ws: Workspace, restored: RevisionModels): void {
  for (const file of findModelFiles(ws.models, ws.cwd))
    if (!restored.files.has(file)) rmSync(join(ws.cwd, file));
  for (const [file, bytes] of restored.files) {
    mkdirSync(dirname(join(ws.cwd, file)), { recursive: true });
    writeFileSync(join(ws.cwd, file), bytes);
  }
}
