/**
 * `pricing watch [--apply]`: re-validates and re-plans on every save under the models folder;
 * with --apply, publishes each valid change to the shadow backend (state written, no commit).
 */

import { publish } from "../../app/publish.js";
import { reconcile } from "../../app/reconcile.js";
import { sourcesAfter } from "../../app/sources.js";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../../core/diagnostics/diagnostic.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import type { Catalog } from "../../core/model/catalog.js";
import { hasChanges } from "../../core/plan/types.js";
import { summaryLine } from "../../core/render/format.js";
import { diagnosticsFrame, type Frame, failureFrame, renderFrame } from "../../core/render/watch-screen.js";
import { acquireLock } from "../../edge/files/lock.js";
import { modelSchemaValidator } from "../../edge/files/models.js";
import { watchModels } from "../../edge/watch/watch.js";
import type { Command, CommandContext } from "../context.js";
import { publishedLine, renderPlan } from "../report.js";

/** The watch command. */
export const watchCommand: Command = {
  name: "watch",
  summary: "re-validate and re-plan on every save under models/ (--apply: publish to the shadow backend)",
  usage: "pricing watch [--apply]",
  description:
    "Checks the models once, then again on every save under the models folder (saves within 100 ms are taken\n" +
    "together; only the files that changed are read again) and shows the errors or the plan. On a terminal the\n" +
    "screen is redrawn in place; otherwise each check is a block opened by a `==>` line. With --apply, each valid\n" +
    "change is published to the shadow backend as `apply --no-commit` would: the state file is written, no commit\n" +
    "is made (restore it with git, or publish for real with `pricing apply`). Runs until Ctrl-C.",
  formats: ["text", "markdown", "json"],
  options: [
    {
      name: "apply",
      type: "boolean",
      help: "publish every valid change to the shadow backend (state only, no commit)",
    },
  ],
  positionals: [],
  async run(ctx) {
    const apply = ctx.args.apply === true;
    if (apply && ctx.options.backend !== "shadow") {
      throw new PricingError(
        "watch --apply publishes on every save, so only to the shadow backend: drop --apply or use --backend shadow",
      );
    }
    const screen = { tty: ctx.stdout.isTTY === true, dir: ctx.options.models, apply };
    const show = (frame: Frame): void => {
      ctx.stdout.write(renderFrame(frame, screen));
    };
    const watcher = await watchModels({
      cwd: ctx.cwd,
      dir: ctx.options.models,
      validate: modelSchemaValidator(),
      onCatalog: async (catalog, changed) => show(await check(ctx, catalog, changed, apply)),
      onError: (e) => show(failureFrame(messageOf(e), [])),
    });
    await stopRequested(ctx);
    await watcher.close();
    return 0;
  },
};

/** Plans (and with --apply publishes) a valid catalog; the errors of an invalid one. */
async function check(
  ctx: CommandContext,
  catalog: Catalog,
  changed: readonly string[],
  apply: boolean,
): Promise<Frame> {
  if (hasErrors(catalog.diagnostics)) return diagnosticsFrame(catalog.diagnostics, changed);
  try {
    const lock = apply ? acquireLock(ctx.workspace.state, ctx.cwd) : undefined;
    try {
      const reconciled = await reconcile(ctx.workspace, { models: catalog.models });
      const { plan, state, backend } = reconciled;
      const valid = `${catalog.models.length} model${catalog.models.length === 1 ? "" : "s"} valid`;
      const body = warnings(catalog.diagnostics) + renderPlan(ctx, plan);
      if (!apply || !hasChanges(plan)) return { title: `${valid} · ${summaryLine(plan)}`, changed, body };
      const published = await publish(ctx.workspace, {
        plan,
        state,
        backend,
        repo: undefined,
        modelsCommit: undefined,
        subject: (r) => `pricing: publish ${r}`,
        catalog: reconciled.catalog,
        sources: sourcesAfter(ctx.workspace, reconciled, catalog.models),
      });
      return {
        title: `${valid} · published ${published.revision} to the shadow backend`,
        changed,
        body: body + publishedLine(plan, published),
      };
    } finally {
      lock?.release();
    }
  } catch (e) {
    return failureFrame(messageOf(e), changed);
  }
}

function warnings(diagnostics: readonly Diagnostic[]): string {
  const list = diagnostics.filter((d) => d.severity === "warning");
  return list.length === 0 ? "" : `${list.map((d) => `${formatDiagnostic(d)}\n`).join("")}\n`;
}

/**
 * Resolves on the context's stop signal (SIGINT/SIGTERM when it has none), or when the output's
 * reader has gone: nobody sees the frames any more.
 */
function stopRequested(ctx: CommandContext): Promise<void> {
  const asked =
    ctx.stopSignal ??
    new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  return ctx.outputGone ? Promise.race([asked, ctx.outputGone]) : asked;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
