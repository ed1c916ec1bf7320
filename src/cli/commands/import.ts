/** `pricing import`: rebuild a lost state by adopting the managed objects found in the Stripe account. */

import { guardWrite } from "../../app/guard.js";
import { loadModelsOrReport, loadState, openBackend, withLineage } from "../../app/workspace.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { emptyState, sortObjects } from "../../core/state/types.js";
import { desiredObjects } from "../../core/stripe/desired.js";
import { writeState } from "../../edge/files/state-file.js";
import { TRAILER_REVISION } from "../../edge/git/repo.js";
import type { Command } from "../context.js";

/** The import command. */
export const importCommand: Command = {
  name: "import",
  summary: "(stripe backend) adopt the managed objects of the account into a fresh state",
  usage: "pricing import --backend stripe [--no-commit] [--allow-live]",
  description:
    "Lists the Stripe account and writes a new state file holding every object that carries the tool's metadata\n" +
    "(pricing_managed_by), plus the meters whose event names the models use. Use it when the state file was lost\n" +
    "or for a new checkout of an existing account; nothing in Stripe is changed. Refuses to overwrite a state that\n" +
    "already records objects. A live-mode key with --allow-live makes a live account's state. Exit 0, 1.",
  options: [{ name: "no-commit", type: "boolean", help: "write the state but make no git commit" }],
  positionals: [],
  async run(ctx) {
    if (ctx.options.backend !== "stripe")
      throw new PricingError("import reads a Stripe account: add --backend stripe");
    const models = loadModelsOrReport(ctx);
    if (!models) return 1;
    const existing = loadState(ctx);
    if (existing.objects.length > 0) {
      throw new PricingError(
        `${ctx.options.state} already records ${existing.objects.length} objects: import only builds a fresh state (move it away first)`,
      );
    }
    const commit = ctx.args["no-commit"] !== true;
    const guard = await guardWrite(ctx, commit);
    try {
      const mode = /^(sk|rk)_live_/.test(ctx.env.STRIPE_API_KEY ?? "") ? "live" : "test";
      const fresh = emptyState("", "stripe", { mode });
      const backend = await openBackend(ctx, fresh, guard.repo, desiredObjects(models));
      const refreshed = await backend.refresh(fresh);
      const revision = guard.repo ? await guard.repo.nextRevision(existing.revision) : "stripe-rev-0001";
      const state = withLineage({
        ...refreshed,
        serial: existing.serial + 1,
        revision,
        objects: sortObjects(refreshed.objects),
      });
      writeState(ctx.options.state, ctx.cwd, state);
      const count = state.objects.length;
      if (guard.repo) {
        const message = `pricing: import ${count} objects as ${revision}\n\nAdopted from the Stripe account.\n\n${TRAILER_REVISION}: ${revision}\n`;
        await guard.repo.commit([ctx.options.state], message);
      }
      ctx.stdout.write(
        `Imported ${count} managed object${count === 1 ? "" : "s"} into ${ctx.options.state} as ${revision}.\n`,
      );
      return 0;
    } finally {
      guard.lock.release();
    }
  },
};
