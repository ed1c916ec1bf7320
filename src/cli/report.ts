/**
 * What several commands print alike: model diagnostics, a plan in the chosen format, the
 * line a publish ends with, and progress on a terminal. CLI layer: writes to the command's streams.
 */

import type { Published } from "../app/publish.js";
import type { Recovered } from "../app/recover.js";
import { loadModels } from "../app/workspace.js";
import { formatDiagnostic, hasErrors } from "../core/diagnostics/diagnostic.js";
import { unreachable } from "../core/diagnostics/errors.js";
import { stableStringify } from "../core/json/json.js";
import type { PricingModel } from "../core/model/types.js";
import type { Plan } from "../core/plan/types.js";
import { summaryLine } from "../core/render/format.js";
import { renderPlanJson } from "../core/render/json.js";
import { type PlanContext, renderPlanMarkdown } from "../core/render/markdown.js";
import { renderPlanText } from "../core/render/text.js";
import type { CommandContext } from "./context.js";

/** The valid models, or undefined after reporting every diagnostic on stderr. */
export function loadModelsOrReport(ctx: CommandContext): readonly PricingModel[] | undefined {
  const catalog = loadModels(ctx.workspace);
  if (!hasErrors(catalog.diagnostics)) return catalog.models;
  for (const d of catalog.diagnostics) ctx.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = catalog.diagnostics.filter((d) => d.severity === "error").length;
  ctx.stderr.write(`error: ${errors} error${errors === 1 ? "" : "s"} in the models; nothing was written\n`);
  return undefined;
}

/** The repeated `--model-id` values, or undefined for the whole catalog. */
export function scopeOf(ctx: CommandContext): readonly string[] | undefined {
  const ids = ctx.args["model-id"];
  return Array.isArray(ids) && ids.length > 0 ? ids.map(String) : undefined;
}

/** Renders a plan in the command's --format; the context adds money before, impact and policy. */
export function renderPlan(ctx: CommandContext, plan: Plan, context: PlanContext = {}): string {
  switch (ctx.options.format) {
    case "json":
      return renderPlanJson(plan, context);
    case "markdown":
      return renderPlanMarkdown(plan, context);
    case "text":
      return renderPlanText(plan, { color: ctx.options.color }, context);
    default:
      return unreachable(ctx.options.format);
  }
}

/** `Published stripe-rev-0003: 1 to create, ... Committed abc.` */
export function publishedLine(plan: Plan, published: Published): string {
  const commit = published.commit ? ` Committed ${published.commit.slice(0, 12)}.` : "";
  return `Published ${published.revision}: ${summaryLine(plan).replace(/^Plan: /, "")}${commit}\n`;
}

/** `Recovered stripe-rev-0005 ...`: what recording an interrupted apply's revision did. */
export function recoveredLine(ctx: CommandContext, recovered: Recovered): string {
  const commit = recovered.commit ? ` Committed ${recovered.commit.slice(0, 12)}.` : "";
  return `Recovered ${recovered.revision} of an interrupted apply: recorded ${ctx.workspace.state} as reconciled with the backend.${commit}\n`;
}

/** What a writing command (apply, rollback) ended with. */
export type OutcomeKind = "published" | "recorded" | "unchanged";

/**
 * The last word of apply or rollback in the command's --format: the sentence `text` as it is, or
 * in JSON the outcome, the revision made (null when none), its commit and the plan's summary.
 */
export function renderOutcome(
  ctx: CommandContext,
  text: string,
  kind: OutcomeKind,
  plan: Plan,
  published?: Published,
): string {
  if (ctx.options.format !== "json") return text;
  return stableStringify({
    formatVersion: 1,
    outcome: kind,
    baseRevision: plan.baseRevision,
    revision: published?.revision ?? null,
    commit: published?.commit ?? null,
    summary: plan.summary,
  });
}

/** Publish callbacks that show progress on a terminal (20 operations or more) and notices on stderr. */
export function publishFeedback(ctx: CommandContext, plan: Plan) {
  const total = plan.operations.filter((op) => op.action !== "noop").length;
  const progress = total >= 20 && ctx.stderr.isTTY === true;
  return {
    onProgress: (done: number, all: number) => {
      if (!progress) return;
      ctx.stderr.write(`\r  ${done}/${all} operations`);
      if (done === all) ctx.stderr.write("\n");
    },
    notice: (line: string) => {
      ctx.stderr.write(`${line}\n`);
    },
  };
}
