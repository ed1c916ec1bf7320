/** `pricing impact`: what each usage profile pays before and after the pending changes. */
import { reconcile } from "../../app/reconcile.js";
import { reviewPlan } from "../../app/review.js";
import { PricingError, unreachable } from "../../core/diagnostics/errors.js";
import { stableStringify } from "../../core/json/json.js";
import { impactJson, impactMarkdown, impactText } from "../../core/render/impact.js";
import type { Command } from "../context.js";
import { loadModelsOrReport, scopeOf } from "../report.js";

/** The impact command. */
export const impactCommand: Command = {
  name: "impact",
  summary: "show what each usage profile pays before and after the pending changes",
  usage: "pricing impact [--model-id ID]... [--all]",
  description:
    "Plans as `pricing plan` does, then computes, for every model whose prices or discount change, the bill of\n" +
    "each usage profile (profiles/*.yaml, or the folder named in pricing.config.yaml) per billing period and\n" +
    "currency, before and after: graduated and volume tiers, flat tier fees, included units, seats and\n" +
    "discounts (first bill and steady state), exact to the minor unit, each invoice line rounded half up as\n" +
    "Stripe does. With --all, every model's bills, changed or not. Writes nothing. Exit 0, or 1 on error (an\n" +
    "invalid model or profile).",
  formats: ["text", "markdown", "json"],
  options: [
    { name: "model-id", type: "string", multiple: true, value: "ID", help: "limit to this model" },
    { name: "all", type: "boolean", help: "every model's bills, not only those whose prices change" },
  ],
  positionals: [],
  async run(ctx) {
    const models = loadModelsOrReport(ctx);
    if (!models) return 1;
    const scope = scopeOf(ctx);
    const { plan, state } = await reconcile(ctx.workspace, { models, ...(scope ? { scope } : {}) });
    const { impact } = reviewPlan(ctx.workspace, plan, state, models, [], {
      allModels: ctx.args.all === true,
    });
    if (!impact)
      throw new PricingError(
        "no usage profiles: add one per customer type under profiles/ (or the folder pricing.config.yaml names); see docs/impact.md",
      );
    switch (ctx.options.format) {
      case "json":
        ctx.stdout.write(stableStringify(impactJson(impact)));
        break;
      case "markdown":
        ctx.stdout.write(`${impactMarkdown(impact).join("\n")}\n`);
        break;
      case "text":
        ctx.stdout.write(`${impactText(impact).join("\n")}\n`);
        break;
      default:
        return unreachable(ctx.options.format);
    }
    return 0;
  },
};
