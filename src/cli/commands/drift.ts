/** `pricing drift`: the state against what the backend really holds. */

import { loadState, openBackend } from "../../app/workspace.js";
import { findDrift } from "../../core/drift/drift.js";
import { stableStringify } from "../../core/json/json.js";
import { markdownCode, markdownText, oneLine } from "../../core/render/escape.js";
import { showChange } from "../../core/render/format.js";
import { Repo } from "../../edge/git/repo.js";
import type { Command } from "../context.js";

/** The drift command. */
export const driftCommand: Command = {
  name: "drift",
  summary: "compare the state with what the backend really holds",
  usage: "pricing drift [--detailed-exitcode]",
  description:
    "Reads what the backend holds for every managed object and reports divergences from the state with field-level\n" +
    "detail: changed fields, archived or reactivated objects, missing objects, unmanaged objects. On the shadow\n" +
    "backend this finds hand edits of the state file since its last revision. `pricing plan` shows how the next\n" +
    "apply converges them. Exit 0, or 2 with --detailed-exitcode when there is drift; 1 on error.",
  options: [{ name: "detailed-exitcode", type: "boolean", help: "exit 2 when drift is found" }],
  positionals: [],
  async run(ctx) {
    const state = loadState(ctx.workspace);
    const repo = await Repo.open(ctx.cwd).catch(() => undefined);
    const backend = await openBackend(ctx.workspace, state, repo);
    const observed = await backend.observe(state);
    const findings = findDrift(state.objects, observed.state.objects, observed.unmanaged);
    if (ctx.options.format === "json") {
      ctx.stdout.write(
        stableStringify({
          revision: state.revision,
          backend: backend.name,
          drift: findings.length > 0,
          findings,
        }),
      );
    } else if (ctx.options.format === "markdown") {
      ctx.stdout.write(
        `### Pricing drift\n\n**${findings.length === 0 ? "No drift." : `${findings.length} finding(s).`}**\n`,
      );
      if (findings.length > 0) {
        ctx.stdout.write("\n| Kind | Type | Key | Id | Detail |\n|---|---|---|---|---|\n");
        for (const f of findings) {
          // The state file is edited by hand too: every part escaped for its cell.
          const detail = [f.message, ...f.changes.map((c) => showChange(c, { explicit: true }))]
            .map(markdownText)
            .join("<br>");
          const code = (s: string) => markdownCode(s, { inTable: true });
          ctx.stdout.write(
            `| ${f.kind} | ${markdownText(f.type)} | ${code(f.key)} | ${code(f.id)} | ${detail} |\n`,
          );
        }
      }
    } else {
      for (const f of findings) {
        ctx.stdout.write(
          `${f.kind.padEnd(9)} ${oneLine(f.type)} ${oneLine(f.key)} (${oneLine(f.id)}): ${oneLine(f.message)}\n`,
        );
        for (const c of f.changes) ctx.stdout.write(`    ${showChange(c, { explicit: true })}\n`);
      }
      ctx.stdout.write(
        findings.length === 0
          ? `No drift: the ${backend.name} backend matches ${state.revision ?? "the empty state"}.\n`
          : `Drift: ${findings.length} finding${findings.length === 1 ? "" : "s"}. Run \`pricing plan\` to see how apply converges them.\n`,
      );
    }
    return ctx.args["detailed-exitcode"] === true && findings.length > 0 ? 2 : 0;
  },
};
