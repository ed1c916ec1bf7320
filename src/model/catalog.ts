/**
 * The catalog: every model of a repository, checked as a whole (ids unique across files,
 * meter event names unique across the catalog). Pure: takes parsed sources, returns values.
 */
import { type Diagnostic, error, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { buildModel } from "./build.js";
import type { SchemaValidator } from "./schema.js";
import type { ModelSource } from "./source.js";
import type { PricingModel } from "./types.js";

/** The outcome of loading a catalog: the valid models (sorted by id) and every diagnostic. */
export interface Catalog {
  readonly models: readonly PricingModel[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates parsed sources (schema, semantics, cross-file rules) into a catalog. */
export function buildCatalog(
  sources: readonly ModelSource[],
  validate: SchemaValidator,
  parseProblems: readonly Diagnostic[] = [],
): Catalog {
  const diagnostics: Diagnostic[] = [...parseProblems];
  const models: PricingModel[] = [];
  const byId = new Map<string, ModelSource>();
  const byEvent = new Map<string, { source: ModelSource; model: string; index: number }>();
  for (const source of sources) {
    const schemaProblems = validate(source);
    if (schemaProblems.length > 0) {
      diagnostics.push(...schemaProblems);
      continue;
    }
    const { model, diagnostics: semantic } = buildModel(source);
    diagnostics.push(...semantic);
    const id = String((source.data as { id: unknown }).id);
    const first = byId.get(id);
    if (first) {
      const at = first.positionOf(["id"]);
      diagnostics.push(
        error(
          source.positionOf(["id"]),
          `model id "${id}" is already used by ${at.file}:${at.line}:${at.column}`,
        ),
      );
      continue;
    }
    byId.set(id, source);
    if (!model) continue;
    model.meters.forEach((meter, i) => {
      const seen = byEvent.get(meter.eventName);
      if (seen) {
        const at = seen.source.positionOf(["meters", seen.index, "eventName"]);
        diagnostics.push(
          error(
            source.positionOf(["meters", i, "eventName"]),
            `meter event name "${meter.eventName}" is already used by model ${seen.model} (${at.file}:${at.line}:${at.column}); event names are unique across the catalog`,
          ),
        );
      } else byEvent.set(meter.eventName, { source, model: model.id, index: i });
    });
    models.push(model);
  }
  models.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { models, diagnostics: sortDiagnostics(diagnostics) };
}
