/** `pricing fmt [--check]`: rewrite the models in one canonical style, keeping comments. */
import { formatDiagnostic } from "../../core/diagnostics/diagnostic.js";
import { formatModels } from "../../edge/files/model-format.js";
import type { Command } from "../context.js";

/** The fmt command. */
export const fmtCommand: Command = {
  name: "fmt",
  summary: "rewrite the models in one canonical style, keeping comments (--check: only list them)",
  usage: "pricing fmt [--check] [--models DIR]",
  description:
    "Rewrites every model file under the models folder in one canonical style, as `terraform fmt` does: two-space\n" +
    "indentation, list items indented under their key, one space after `:` and `-`, plain scalars where YAML\n" +
    "reads them back the same and double quotes elsewhere. Comments, blank lines, key order and flow or block\n" +
    "shape are kept, and numbers keep their text exactly (4.90 stays 4.90); what a model says never changes.\n" +
    "Prints each file it rewrote. With --check, writes nothing and lists the files that are not formatted.\n" +
    "A file that does not parse is reported and left alone. Exit 0, or 1 when --check found unformatted\n" +
    "files or a file could not be formatted.",
  options: [
    { name: "check", type: "boolean", help: "write nothing; list unformatted files and exit 1 if any" },
  ],
  offline: true,
  positionals: [],
  async run(ctx) {
    const check = ctx.args.check === true;
    const outcome = formatModels(ctx.options.models, ctx.cwd, { write: !check });
    for (const file of outcome.unformatted) ctx.stdout.write(`${file}\n`);
    for (const d of outcome.problems) ctx.stderr.write(`${formatDiagnostic(d)}\n`);
    const n = outcome.unformatted.length;
    if (check && n > 0)
      ctx.stderr.write(
        `error: ${n} model file${n === 1 ? " is" : "s are"} not formatted; run \`pricing fmt\`\n`,
      );
    const bad = new Set(outcome.problems.map((d) => d.file)).size;
    if (bad > 0)
      ctx.stderr.write(
        `error: ${bad} file${bad === 1 ? "" : "s"} could not be formatted (\`pricing validate\` tells more)\n`,
      );
    return (check && n > 0) || bad > 0 ? 1 : 0;
  },
};
