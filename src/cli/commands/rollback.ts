/** `pricing rollback stripe-rev-NNNN`: make the catalog what it was at a revision, as a new revision. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { guardWrite } from "../../app/guard.js";
import { publish } from "../../app/publish.js";
import { loadModelsOrReport, loadState, openBackend } from "../../app/workspace.js";
import { formatDiagnostic, hasErrors } from "../../core/diagnostics/diagnostic.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { buildCatalog } from "../../core/model/catalog.js";
import { type ModelSource, parseModelSource } from "../../core/model/source.js";
import { makePlan } from "../../core/plan/plan.js";
import { hasChanges } from "../../core/plan/types.js";
import { desiredObjects } from "../../core/stripe/desired.js";
import { findModelFiles, modelSchemaValidator } from "../../edge/files/models.js";
import type { Repo } from "../../edge/git/repo.js";
import type { Command, CommandContext } from "../context.js";

/** The rollback command. */
export const rollbackCommand: Command = {
  name: "rollback",
  summary: "make the catalog what it was at a revision (models and objects), as a new revision",
  usage: "pricing rollback stripe-rev-NNNN",
  description:
    "Restores the models folder to what the revision was built from and publishes it: archived prices and other\n" +
    "objects of that revision are reactivated (not duplicated), newer ones archived. Models and state are\n" +
    "committed together as a new revision; history is never rewritten. Exit 0 done, 1 error.",
  options: [],
  positionals: ["revision"],
  async run(ctx) {
    const target = ctx.positionals[0];
    if (!target)
      throw new PricingError("name the revision to roll back to, e.g. `pricing rollback stripe-rev-0001`");
    if (!loadModelsOrReport(ctx)) return 1;
    const guard = await guardWrite(ctx, true);
    try {
      const repo = guard.repo as Repo;
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
      const restored = await modelsAt(ctx, repo, source, target);
      const state = loadState(ctx);
      const desired = desiredObjects(restored.models);
      const backend = await openBackend(ctx, state, repo, desired);
      const refreshed = await backend.refresh(state);
      const plan = makePlan({ desired, state: refreshed });
      const current = findModelFiles(ctx.options.models, ctx.cwd);
      const writeModels = () => {
        for (const file of current) if (!restored.files.has(file)) rmSync(join(ctx.cwd, file));
        for (const [file, bytes] of restored.files) {
          mkdirSync(dirname(join(ctx.cwd, file)), { recursive: true });
          writeFileSync(join(ctx.cwd, file), bytes);
        }
      };
      if (!hasChanges(plan)) {
        writeModels();
        const moved = await repo.dirty([ctx.options.models]);
        if (moved.length > 0)
          await repo.commit(
            [ctx.options.models],
            `pricing: restore the models of ${target}\n\nThe published objects already match ${target}.\n`,
          );
        ctx.stdout.write(
          `No changes: the backend already matches ${target}.${moved.length > 0 ? " Restored its models." : ""}\n`,
        );
        return 0;
      }
      await publish(ctx, {
        plan,
        state: refreshed,
        backend,
        repo,
        modelsCommit: source,
        subject: (revision) => `pricing: rollback to ${target} as ${revision}`,
        extraPaths: [ctx.options.models],
        beforeCommit: writeModels,
      });
      return 0;
    } finally {
      guard.lock.release();
    }
  },
};

/** Reads and validates the models of a commit without touching the work tree. */
async function modelsAt(ctx: CommandContext, repo: Repo, commit: string, target: string) {
  const files = new Map<string, Uint8Array>();
  const sources: ModelSource[] = [];
  const problems = [];
  for (const file of await repo.filesAt(commit, ctx.options.models)) {
    if (!/\.ya?ml$/i.test(file)) continue;
    const text = (await repo.show(commit, file)) ?? "";
    const bytes = new TextEncoder().encode(text);
    files.set(file, bytes);
    const parsed = parseModelSource(file, bytes);
    if ("data" in parsed) sources.push(parsed);
    else problems.push(...parsed);
  }
  const catalog = buildCatalog(sources, modelSchemaValidator(), problems);
  if (hasErrors(catalog.diagnostics)) {
    for (const d of catalog.diagnostics) ctx.stderr.write(`${formatDiagnostic(d)}\n`);
    throw new PricingError(
      `the models of ${target} do not validate with this version of the tool; nothing was written`,
    );
  }
  return { models: catalog.models, files };
}
