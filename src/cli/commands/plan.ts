/** `pricing plan`: the operations that would take the backend to the models, with fidelity. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { reconcile, unrecorded } from "../../app/reconcile.js";
import { interruptedNotice, pendingInterrupted } from "../../app/recover.js";
import { reviewPlan } from "../../app/review.js";
import { reviewSubscribers } from "../../app/subscribers.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { applicable, hasChanges } from "../../core/plan/types.js";
import { policyFails, shownReasons } from "../../core/policy/policy.js";
import { oneLine } from "../../core/render/escape.js";
import { renderPlanJson } from "../../core/render/json.js";
import type { Command } from "../context.js";
import { loadModelsOrReport, renderPlan, scopeOf } from "../report.js";

/** The plan command. */
export const planCommand: Command = {
  name: "plan",
  summary: "show what apply would change, with the fidelity of every mapping",
  usage: "pricing plan [--model-id ID]... [--out FILE] [--detailed-exitcode] [--label NAME]...",
  description:
    "Compares the desired Stripe objects of the models with the state (refreshed from the backend) and prints\n" +
    "the operations: create, update, replace, archive, reactivate. Every object is marked exact, approximate or\n" +
    "unsupported with its reason. A plan Stripe would refuse (an event name a meter already holds, a lookup key\n" +
    "a price the tool does not manage holds, a field over Stripe's length) is shown with its fix and exits 1.\n" +
    "With usage profiles (profiles/*.yaml) it shows what each profile pays before and after; with policy rules\n" +
    "in pricing.config.yaml it judges the plan, and a violated rule (not approved by a --label) exits 1.\n" +
    "For each price it replaces or archives, it counts the active and trialing subscriptions on it (stripe\n" +
    "backend) and their monthly revenue, kept on the old price and on the new one.\n" +
    "Writes nothing but --out. Exit 0, or 2 with --detailed-exitcode when there are changes; 1 on error.",
  formats: ["text", "markdown", "json"],
  options: [
    { name: "model-id", type: "string", multiple: true, value: "ID", help: "limit the plan to this model" },
    {
      name: "out",
      type: "string",
      value: "FILE",
      help: "also save the plan as JSON, for `apply --plan FILE`",
    },
    { name: "detailed-exitcode", type: "boolean", help: "exit 2 when the plan has changes" },
    {
      name: "label",
      type: "string",
      multiple: true,
      value: "NAME",
      help: "a label of the pull request, for policy rules approved by a label",
    },
  ],
  positionals: [],
  async run(ctx) {
    const models = loadModelsOrReport(ctx);
    if (!models) return 1;
    const scope = scopeOf(ctx);
    const reconciled = await reconcile(ctx.workspace, {
      models,
      ...(scope ? { scope } : {}),
    });
    const { plan, state, stored, backend } = reconciled;
    const interrupted = await pendingInterrupted(ctx.workspace, stored);
    if (interrupted) ctx.stderr.write(`note: ${interruptedNotice(ctx.workspace, interrupted)}\n`);
    else if (!hasChanges(plan) && unrecorded(reconciled))
      ctx.stderr.write(
        `note: the backend holds objects of an interrupted apply that ${ctx.workspace.state} does not record: the next \`pricing apply\` records them, changing nothing on the backend\n`,
      );
    const labels = Array.isArray(ctx.args.label) ? ctx.args.label.map(String) : [];
    const { impact, policy } = reviewPlan(ctx.workspace, plan, state, models, labels);
    const subscribers = await reviewSubscribers(plan, state, backend);
    const context = { state, impact, policy, ...(subscribers ? { subscribers } : {}) };
    const out = ctx.args.out;
    if (typeof out === "string") {
      try {
        writeFileSync(resolve(ctx.cwd, out), renderPlanJson(plan, context));
      } catch (e) {
        throw new PricingError(
          `cannot write the plan to ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
      }
    }
    ctx.stdout.write(renderPlan(ctx, plan, context));
    if (policyFails(policy)) {
      for (const f of policy.findings.filter((x) => x.status === "violated"))
        ctx.stderr.write(`error: policy rule ${f.id} is violated: ${oneLine(shownReasons(f).join("; "))}\n`);
      return 1;
    }
    if (!applicable(plan)) return 1;
    return ctx.args["detailed-exitcode"] === true && hasChanges(plan) ? 2 : 0;
  },
};
