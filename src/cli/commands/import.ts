/** `pricing import`: rebuild a lost state by adopting the managed objects found in the Stripe account. */
import { guardWrite } from "../../app/guard.js";
import { importState } from "../../app/import.js";
import { loadState } from "../../app/workspace.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import type { Command } from "../context.js";
import { loadModelsOrReport } from "../report.js";

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
    const ws = ctx.workspace;
    if (ws.backend !== "stripe")
      throw new PricingError("import reads a Stripe account: add --backend stripe");
    const models = loadModelsOrReport(ctx);
    if (!models) return 1;
    const existing = loadState(ws);
    if (existing.objects.length > 0) {
      throw new PricingError(
        `${ws.state} already records ${existing.objects.length} objects: import only builds a fresh state (move it away first)`,
      );
    }
    const guard = await guardWrite(ws, ctx.args["no-commit"] !== true);
    try {
      const { revision, count } = await importState(ws, guard.repo, existing, models);
      ctx.stdout.write(
        `Imported ${count} managed object${count === 1 ? "" : "s"} into ${ws.state} as ${revision}.\n`,
      );
      return 0;
    } finally {
      guard.lock.release();
    }
  },
};
