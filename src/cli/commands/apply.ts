/** `pricing apply`: execute the plan on the backend, write the state, commit the revision. */
import { guardWrite } from "../../app/guard.js";
import { publish } from "../../app/publish.js";
import { reconcile, unrecorded } from "../../app/reconcile.js";
import { recoverInterrupted } from "../../app/recover.js";
import { sourcesAfter } from "../../app/sources.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { hasChanges } from "../../core/plan/types.js";
import { readSavedPlan } from "../../edge/files/saved-plan.js";
import { AUTO_APPROVE, approved } from "../confirm.js";
import type { Command } from "../context.js";
import {
  loadModelsOrReport,
  publishedLine,
  publishFeedback,
  recoveredLine,
  renderOutcome,
  scopeOf,
} from "../report.js";

/** The apply command. */
export const applyCommand: Command = {
  name: "apply",
  summary: "execute the plan on the backend, write state/, commit the revision",
  usage: "pricing apply [--model-id ID]... [--plan FILE] [--no-commit] [--format text|json]",
  description:
    "Plans (or reads a plan saved by `plan --out`), executes it on the backend, writes the state file and commits\n" +
    "it as the next revision (stripe-rev-NNNN) with a Pricing-Revision trailer. Nothing is written when a model\n" +
    "is invalid, the state or models have uncommitted changes, another apply holds the lock, or a saved plan's\n" +
    "state moved. A repeated apply with nothing to do writes nothing. When the state file holds the revision of\n" +
    "an apply that was interrupted before its commit (killed, a crash), it first records that revision as\n" +
    "`pricing recover` does, then plans and publishes what is left. --format json prints the outcome, the\n" +
    "revision and commit made, and the plan's summary as one JSON object. Exit 0 done or nothing to do, 1 error.",
  formats: ["text", "json"],
  options: [
    AUTO_APPROVE,
    { name: "model-id", type: "string", multiple: true, value: "ID", help: "limit the apply to this model" },
    {
      name: "plan",
      type: "string",
      value: "FILE",
      help: "apply exactly this saved plan (refused if the state moved)",
    },
    { name: "no-commit", type: "boolean", help: "write the state but make no git commit" },
    {
      name: "allow-mass-archive",
      type: "boolean",
      help: "allow a plan that archives more than half of the published products",
    },
  ],
  positionals: [],
  async run(ctx) {
    const models = loadModelsOrReport(ctx);
    if (!models) return 1;
    const file = ctx.args.plan;
    const scope = scopeOf(ctx);
    if (typeof file === "string" && scope)
      throw new PricingError("--plan applies a saved plan as it is: drop --model-id");
    const guard = await guardWrite(ctx.workspace, ctx.args["no-commit"] !== true, { recover: true });
    try {
      const recovered = await recoverInterrupted(ctx.workspace, guard, models);
      // JSON output stays one object: the recovery is told on stderr then.
      if (recovered)
        (ctx.options.format === "json" ? ctx.stderr : ctx.stdout).write(recoveredLine(ctx, recovered));
      const reconciled = await reconcile(ctx.workspace, {
        models,
        ...(scope ? { scope } : {}),
        ...(typeof file === "string" ? { saved: { plan: readSavedPlan(file, ctx.cwd), file } } : {}),
      });
      const { plan, state, backend } = reconciled;
      if (!hasChanges(plan) && !unrecorded(reconciled)) {
        ctx.stdout.write(
          renderOutcome(ctx, "No changes. The backend already matches the models.\n", "unchanged", plan),
        );
        return 0;
      }
      if (!(await approved(ctx, plan))) return 1;
      const published = await publish(ctx.workspace, {
        plan,
        state,
        backend,
        repo: guard.repo,
        modelsCommit: guard.head,
        subject: (revision) => `pricing: ${hasChanges(plan) ? "publish" : "record"} ${revision}`,
        allowMassArchive: ctx.args["allow-mass-archive"] === true,
        catalog: reconciled.catalog,
        sources: sourcesAfter(ctx.workspace, reconciled, models),
        ...publishFeedback(ctx, plan),
      });
      const text = hasChanges(plan)
        ? publishedLine(plan, published)
        : `Recorded ${published.revision}: the backend held objects of an interrupted apply that ${ctx.workspace.state} did not record; nothing was changed on the backend.${published.commit ? ` Committed ${published.commit.slice(0, 12)}.` : ""}\n`;
      ctx.stdout.write(
        renderOutcome(ctx, text, hasChanges(plan) ? "published" : "recorded", plan, published),
      );
      return 0;
    } finally {
      guard.lock.release();
    }
  },
};
