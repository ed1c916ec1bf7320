/** `pricing drift`: the state against what the backend really holds. */

import { catalogName } from "../../app/catalog.js";
import { loadState, openBackend } from "../../app/workspace.js";
import { findDrift } from "../../core/drift/drift.js";
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from "../../core/render/drift.js";
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
  formats: ["text", "markdown", "json"],
  options: [{ name: "detailed-exitcode", type: "boolean", help: "exit 2 when drift is found" }],
  positionals: [],
  async run(ctx) {
    const state = loadState(ctx.workspace);
    const repo = await Repo.open(ctx.cwd).catch(() => undefined);
    const backend = await openBackend(ctx.workspace, state, repo);
    const observed = await backend.observe(state, catalogName(ctx.workspace, state).name);
    const findings = findDrift(state.objects, observed.state.objects, observed.unmanaged);
    const report = { revision: state.revision, backend: backend.name, findings };
    const render = { json: renderDriftJson, markdown: renderDriftMarkdown, text: renderDriftText };
    ctx.stdout.write(render[ctx.options.format](report));
    return ctx.args["detailed-exitcode"] === true && findings.length > 0 ? 2 : 0;
  },
};
