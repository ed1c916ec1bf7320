/**
 * What several commands share: loading the models (reporting their errors), the state and
 * the backend, from the global options. CLI layer: may write to the command's streams.
 */
import { randomUUID } from "node:crypto";
import type { CommandContext } from "../cli/context.js";
import { formatDiagnostic, hasErrors } from "../core/diagnostics/diagnostic.js";
import { PricingError } from "../core/diagnostics/errors.js";
import type { PricingModel } from "../core/model/types.js";
import { emptyState, type State } from "../core/state/types.js";
import type { DesiredObject } from "../core/stripe/types.js";
import type { Backend } from "../edge/backend/backend.js";
import { shadowBackend } from "../edge/backend/shadow.js";
import { loadCatalog } from "../edge/files/models.js";
import { parseState, readState } from "../edge/files/state-file.js";
import type { Repo } from "../edge/git/repo.js";

/** The valid models, or undefined after reporting every diagnostic on stderr. */
export function loadModelsOrReport(ctx: CommandContext): readonly PricingModel[] | undefined {
  const catalog = loadCatalog(ctx.options.models, ctx.cwd);
  if (!hasErrors(catalog.diagnostics)) return catalog.models;
  for (const d of catalog.diagnostics) ctx.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = catalog.diagnostics.filter((d) => d.severity === "error").length;
  ctx.stderr.write(`error: ${errors} error${errors === 1 ? "" : "s"} in the models; nothing was written\n`);
  return undefined;
}

/** The state file, or an empty state (no lineage yet) before the first publish. */
export function loadState(ctx: CommandContext): State {
  return readState(ctx.options.state, ctx.cwd) ?? emptyState("", ctx.options.backend);
}

/** Gives a fresh state its lineage on first write. */
export function withLineage(state: State): State {
  return state.lineage ? state : { ...state, lineage: randomUUID() };
}

/** The backend named by --backend. */
export async function openBackend(
  ctx: CommandContext,
  state: State,
  repo: Repo | undefined,
  desired: readonly DesiredObject[] = [],
): Promise<Backend> {
  if (state.backend !== ctx.options.backend && state.serial > 0) {
    throw new PricingError(
      `${ctx.options.state} records objects of the ${state.backend} backend; use --backend ${state.backend} or another --state file`,
    );
  }
  if (ctx.options.backend === "stripe") {
    const { stripeBackend } = await import("../edge/backend/stripe/backend.js");
    const { stripeSettings } = await import("../edge/backend/stripe/settings.js");
    return stripeBackend(
      stripeSettings(ctx.env, state, ctx.args["allow-live"] === true, ctx.options.state),
      desired,
    );
  }
  return shadowBackend(async (s) => {
    if (!repo || !s.revision) return undefined;
    const entry = (await repo.revisions()).find((r) => r.revision === s.revision);
    const text = entry ? await repo.show(entry.commit, ctx.options.state) : undefined;
    return text === undefined ? undefined : parseState(text, `${ctx.options.state}@${s.revision}`);
  });
}

/** The repeated `--model-id` values, or undefined for the whole catalog. */
export function scopeOf(
  ctx: CommandContext,
  models: readonly PricingModel[],
  state: State,
): readonly string[] | undefined {
  const ids = ctx.args["model-id"];
  if (!Array.isArray(ids) || ids.length === 0) return undefined;
  const known = new Set([
    ...models.map((m) => m.id as string),
    ...state.objects.map((o) => o.model as string),
  ]);
  const unknown = ids.map(String).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new PricingError(
      `--model-id ${unknown.join(", ")}: no such model in ${ctx.options.models} or the state`,
    );
  return ids.map(String);
}
