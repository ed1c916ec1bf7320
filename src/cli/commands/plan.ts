/** `pricing plan`: the operations that would take the backend to the models, with fidelity. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadModelsOrReport, loadState, openBackend, scopeOf } from "../../app/workspace.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { makePlan } from "../../core/plan/plan.js";
import { hasChanges, type Plan } from "../../core/plan/types.js";
import { renderPlanJson } from "../../core/render/json.js";
import { renderPlanMarkdown } from "../../core/render/markdown.js";
import { renderPlanText } from "../../core/render/text.js";
import { desiredObjects } from "../../core/stripe/desired.js";
import type { Command, CommandContext } from "../context.js";

/** Renders a plan in the command's --format. */
export function renderPlan(ctx: CommandContext, plan: Plan): string {
  switch (ctx.options.format) {
    case "json":
      return renderPlanJson(plan);
    case "markdown":
      return renderPlanMarkdown(plan);
    case "text":
      return renderPlanText(plan, { color: ctx.options.color });
  }
}

/** Builds the plan for the current models and state (refreshed from the backend). */
export async function currentPlan(ctx: CommandContext): Promise<Plan | undefined> {
  const models = loadModelsOrReport(ctx);
  if (!models) return undefined;
  const state = loadState(ctx);
  const desired = desiredObjects(models);
  // A plan only refreshes; the repository (for drift on the shadow backend) is not needed.
  const backend = await openBackend(ctx, state, undefined, desired);
  const refreshed = await backend.refresh(state);
  const scope = scopeOf(ctx, models, state);
  return makePlan({ desired, state: refreshed, ...(scope ? { scope } : {}) });
}

/** The plan command. */
export const planCommand: Command = {
  name: "plan",
  summary: "show what apply would change, with the fidelity of every mapping",
  usage: "pricing plan [--model-id ID]... [--out FILE] [--detailed-exitcode]",
  description:
    "Compares the desired Stripe objects of the models with the state (refreshed from the backend) and prints\n" +
    "the operations: create, update, replace, archive, reactivate. Every object is marked exact, approximate or\n" +
    "unsupported with its reason. Writes nothing but --out. Exit 0, or 2 with --detailed-exitcode when there\n" +
    "are changes; 1 on error.",
  options: [
    { name: "model-id", type: "string", multiple: true, value: "ID", help: "limit the plan to this model" },
    {
      name: "out",
      type: "string",
      value: "FILE",
      help: "also save the plan as JSON, for `apply --plan FILE`",
    },
    { name: "detailed-exitcode", type: "boolean", help: "exit 2 when the plan has changes" },
  ],
  positionals: [],
  async run(ctx) {
    const plan = await currentPlan(ctx);
    if (!plan) return 1;
    const out = ctx.args.out;
    if (typeof out === "string") {
      try {
        writeFileSync(resolve(ctx.cwd, out), renderPlanJson(plan));
      } catch (e) {
        throw new PricingError(
          `cannot write the plan to ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
      }
    }
    ctx.stdout.write(renderPlan(ctx, plan));
    return ctx.args["detailed-exitcode"] === true && hasChanges(plan) ? 2 : 0;
  },
};
