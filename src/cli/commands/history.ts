/** `pricing history`: the published revisions, newest first. */
import { stableStringify } from "../../core/json/json.js";
import { oneLine } from "../../core/render/escape.js";
import { Repo } from "../../edge/git/repo.js";
import type { Command } from "../context.js";

/** The history command. */
export const historyCommand: Command = {
  name: "history",
  summary: "list the published revisions, newest first",
  usage: "pricing history [--format text|json]",
  description:
    "Lists the revisions recorded in git (commits with a Pricing-Revision trailer), newest first: when, who,\n" +
    "what each did (created, updated, replaced, archived, reactivated; partial when an apply stopped part way)\n" +
    "and the models commit it was built from. --format json gives the same as data. Exit 0.",
  formats: ["text", "json"],
  options: [],
  offline: true,
  positionals: [],
  async run(ctx) {
    const repo = await Repo.open(ctx.cwd);
    const revisions = await repo.revisions();
    if (ctx.options.format === "json") {
      ctx.stdout.write(stableStringify({ revisions }));
      return 0;
    }
    if (revisions.length === 0) {
      ctx.stdout.write("No revisions yet: `pricing apply` publishes the first.\n");
      return 0;
    }
    for (const r of revisions) {
      const did = r.counts
        ? Object.entries(r.counts)
            .filter(([, n]) => n > 0)
            .map(([action, n]) => `${n} ${action}`)
            .join(", ")
        : "";
      const partial =
        (r.partial ? ` (partial: ${r.partial.done} of ${r.partial.total} operations)` : "") +
        (r.scope ? ` (only ${r.scope.map(oneLine).join(", ")})` : "");
      ctx.stdout.write(
        `${r.revision}  ${r.date.slice(0, 19).replace("T", " ")}  ${r.commit.slice(0, 12)}  ${oneLine(r.author)}  ${oneLine(r.subject)}${did ? ` · ${did}` : ""}${partial}${r.modelsCommit ? ` · models ${r.modelsCommit.slice(0, 12)}` : ""}\n`,
      );
    }
    return 0;
  },
};
