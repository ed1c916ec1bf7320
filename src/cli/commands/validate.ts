/** `pricing validate`: load and check every model, report every error with its position. */
import { reviewFileDiagnostics } from "../../app/review.js";
import { formatDiagnostic, hasErrors, sortDiagnostics } from "../../core/diagnostics/diagnostic.js";
import { renderDiagnosticsMarkdown } from "../../core/render/diagnostics-markdown.js";
import { loadCatalog } from "../../edge/files/models.js";
import type { Command } from "../context.js";

/** The validate command. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check every model (schema and semantics); errors as file:line:col",
  usage: "pricing validate [--models DIR] [--format text|markdown|json]",
  description:
    "Loads every *.yaml/*.yml under the models folder, validates it against schemas/pricing-model.schema.json\n" +
    "and the rules the schema cannot express, and reports every problem of every file in one run.\n" +
    "--format markdown prints the report CI posts on a pull request instead of a plan.\n" +
    "Also checks pricing.config.yaml and the usage profiles (profiles/*.yaml) when the models are valid.\n" +
    "Exit 0 when all models are valid, 1 otherwise.",
  formats: ["text", "markdown", "json"],
  options: [],
  offline: true,
  positionals: [],
  async run(ctx) {
    const models = loadCatalog(ctx.options.models, ctx.cwd);
    // The config and profiles are checked against valid models only (their meters are what profiles name).
    const extra = hasErrors(models.diagnostics) ? [] : reviewFileDiagnostics(ctx.workspace, models.models);
    const catalog = {
      models: models.models,
      diagnostics: extra.length > 0 ? sortDiagnostics([...models.diagnostics, ...extra]) : models.diagnostics,
    };
    const failed = hasErrors(catalog.diagnostics);
    if (ctx.options.format === "json") {
      const body = {
        valid: !failed,
        models: catalog.models.map((m) => ({ id: m.id, file: m.file })),
        diagnostics: catalog.diagnostics,
      };
      ctx.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else if (ctx.options.format === "markdown") {
      ctx.stdout.write(renderDiagnosticsMarkdown(catalog.diagnostics));
    } else {
      for (const d of catalog.diagnostics) ctx.stdout.write(`${formatDiagnostic(d)}\n`);
      const errors = catalog.diagnostics.filter((d) => d.severity === "error").length;
      ctx.stdout.write(
        failed
          ? `${errors} error${errors === 1 ? "" : "s"} in ${new Set(catalog.diagnostics.map((d) => d.file)).size} file(s)\n`
          : `${catalog.models.length} model${catalog.models.length === 1 ? "" : "s"} valid\n`,
      );
    }
    return failed ? 1 : 0;
  },
};
