/**
 * What rollback needs from history: the models a revision was built from, read and validated
 * from git without touching the work tree, and putting them back into the models folder.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Diagnostic, hasErrors } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import { buildCatalog } from "../core/model/catalog.js";
import { type ModelSource, parseModelSource } from "../core/model/source.js";
import type { PricingModel } from "../core/model/types.js";
import { findModelFiles, modelSchemaValidator } from "../edge/files/models.js";
import type { Repo } from "../edge/git/repo.js";
import type { Workspace } from "./workspace.js";

/** The models of one revision. */
export interface RevisionModels {
  /** The commit the models were read from (the revision's models commit, or its own). */
  readonly source: string;
  readonly models: readonly PricingModel[];
  /** Every model file of that commit, by path, as bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/**
 * Finds a revision in the history and reads its models. Throws a PricingError naming the
 * latest revisions when there is no such revision, or carrying the diagnostics when its
 * models do not validate with this version of the tool.
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
  const source = entry.modelsCommit ?? entry.commit;
  const files = new Map<string, Uint8Array>();
  const sources: ModelSource[] = [];
  const problems: Diagnostic[] = [];
  for (const file of await repo.filesAt(source, ws.models)) {
    if (!/\.ya?ml$/i.test(file)) continue;
    const bytes = new TextEncoder().encode((await repo.show(source, file)) ?? "");
    files.set(file, bytes);
    const parsed = parseModelSource(file, bytes);
    if ("data" in parsed) sources.push(parsed);
    else problems.push(...parsed);
  }
  const catalog = buildCatalog(sources, modelSchemaValidator(), problems);
  if (hasErrors(catalog.diagnostics)) {
    throw new PricingError(
      `the models of ${target} do not validate with this version of the tool; nothing was written`,
      catalog.diagnostics,
    );
  }
  return { source, models: catalog.models, files };
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
