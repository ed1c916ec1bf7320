/** `pricing rollback stripe-rev-NNNN`: make the catalog what it was at a revision, as a new revision. */

import { guardWrite } from "../../app/guard.js";
import { publish } from "../../app/publish.js";
import { reconcile } from "../../app/reconcile.js";
import { refuseInexact, restoreModels, revisionModels } from "../../app/rollback.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { applicable, hasChanges } from "../../core/plan/types.js";
import { Repo } from "../../edge/git/repo.js";
import { AUTO_APPROVE, approved } from "../confirm.js";
import type { Command } from "../context.js";
import { loadModelsOrReport, publishedLine, publishFeedback, renderOutcome, renderPlan } from "../report.js";

/** The rollback command. */
export const rollbackCommand: Command = {
  name: "rollback",
  summary: "make the catalog what it was at a revision (models and objects), as a new revision",
  usage: "pricing rollback stripe-rev-NNNN [--dry-run]",
  description:
    "Restores the models folder to the model files the revision published (recorded in its state, so a\n" +
    "--model-id or saved-plan apply is restored as applied) and publishes them: archived prices and other objects\n" +
    "of that revision are reactivated (not duplicated), newer ones archived. Refused, with nothing written, when\n" +
    "those files do not reproduce exactly what the revision published. Models and state are committed together\n" +
    "as a new revision; history is never rewritten. --dry-run prints the plan in any --format; the rollback\n" +
    "itself prints text or, with --format json, its outcome as apply does. Exit 0 done, 1 error.",
  formats: ["text", "markdown", "json"],
  options: [
    AUTO_APPROVE,
    { name: "dry-run", type: "boolean", help: "print the plan of the rollback and write nothing" },
    {
      name: "allow-mass-archive",
      type: "boolean",
      help: "allow a rollback that archives more than half of the published products",
    },
  ],
  positionals: ["revision"],
  async run(ctx) {
    const target = ctx.positionals[0];
    if (!target)
      throw new PricingError("name the revision to roll back to, e.g. `pricing rollback stripe-rev-0001`");
    if (ctx.options.format === "markdown" && ctx.args["dry-run"] !== true)
      throw new PricingError(
        "--format markdown shows the plan of a rollback with --dry-run; the rollback itself prints text or json",
      );
    if (!loadModelsOrReport(ctx)) return 1;
    const ws = ctx.workspace;
    if (ctx.args["dry-run"] === true) {
      const restored = await revisionModels(ws, await Repo.open(ws.cwd), target);
      const { plan, catalog } = await reconcile(ws, { models: restored.models });
      refuseInexact(restored, catalog.name);
      ctx.stdout.write(renderPlan(ctx, plan));
      return applicable(plan) ? 0 : 1;
    }
    const guard = await guardWrite(ws, true);
    try {
      const repo = guard.repo as Repo;
      const restored = await revisionModels(ws, repo, target);
      const reconciled = await reconcile(ws, { models: restored.models });
      refuseInexact(restored, reconciled.catalog.name);
      const { plan, state, backend } = reconciled;
      if (!hasChanges(plan)) {
        restoreModels(ws, restored);
        const moved = await repo.dirty([ws.models]);
        if (moved.length > 0)
          await repo.commit(
            [ws.models],
            `pricing: restore the models of ${target}\n\nThe published objects already match ${target}.\n`,
          );
        ctx.stdout.write(
          renderOutcome(
            ctx,
            `No changes: the backend already matches ${target}.${moved.length > 0 ? " Restored its models." : ""}\n`,
            "unchanged",
            plan,
          ),
        );
        return 0;
      }
      if (!(await approved(ctx, plan))) return 1;
      const published = await publish(ws, {
        plan,
        state,
        backend,
        repo,
        modelsCommit: restored.source,
        subject: (revision) => `pricing: rollback to ${target} as ${revision}`,
        extraPaths: [ws.models],
        beforeCommit: () => restoreModels(ws, restored),
        allowMassArchive: ctx.args["allow-mass-archive"] === true,
        catalog: reconciled.catalog,
        sources: restored.sources,
        ...publishFeedback(ctx, plan),
      });
      ctx.stdout.write(renderOutcome(ctx, publishedLine(plan, published), "published", plan, published));
      return 0;
    } finally {
      guard.lock.release();
    }
  },
};
