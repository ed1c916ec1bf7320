/**
 * The catalog: every model of a repository, checked as a whole (ids unique across files,
 * meter event names unique across the catalog). Pure: takes parsed sources, returns values.
 */
import {
  compareText,
  type Diagnostic,
  error,
  type SourcePosition,
  sortDiagnostics,
} from "../diagnostics/diagnostic.js";
import { brokenParts } from "./broken-parts.js";
import { buildModel } from "./build.js";
import { QuickPathMismatch } from "./quick-source.js";
import type { SchemaValidator } from "./schema.js";
import { describeFailure, type ModelSource } from "./source.js";
import type { PricingModel } from "./types.js";

/** The outcome of loading a catalog: the valid models (sorted by id) and every diagnostic. */
export interface Catalog {
  readonly models: readonly PricingModel[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Validates parsed sources (schema, semantics, cross-file rules) into a catalog. `sources` may
 * be a lazy iterable: each source is used once, in order, and not kept (only the positions
 * later diagnostics may name), so a loader can parse file by file. `parseProblems` is read
 * after the sources are exhausted, so such a loader may still be adding to it while iterating.
 */
export function buildCatalog(
  sources: Iterable<ModelSource>,
  validate: SchemaValidator,
  parseProblems: readonly Diagnostic[] = [],
): Catalog {
  const diagnostics: Diagnostic[] = [];
  const models: PricingModel[] = [];
  /** Where each model id was first declared (computed only if a duplicate names it). */
  const byId = new Map<string, () => SourcePosition>();
  /** Where each meter event name was first declared, and by which model. */
  const byEvent = new Map<string, { at: () => SourcePosition; model: string }>();
  /** Where each promotion code (lowercase) was first declared, and by which model. */
  const byCode = new Map<string, { at: () => SourcePosition; model: string }>();
  const where = (at: () => SourcePosition) => {
    const p = at();
    return `${p.file}:${p.line}:${p.column}`;
  };
  for (const first of sources) {
    let source = first;
    let checked: Checked;
    try {
      checked = check(source, validate);
      // Diagnostics are always worded and placed from the precise parse.
      if (checked.problems.length > 0 && source.precise() !== source) {
        source = source.precise();
        checked = check(source, validate);
      }
    } catch (e) {
      // One file's failure must never hide the other files' diagnostics.
      diagnostics.push(...failed(first.file, e));
      continue;
    }
    diagnostics.push(...checked.problems);
    if (checked.schemaFailed) continue;
    const { model } = checked;
    const id = String((source.data as { id: unknown }).id);
    const firstId = byId.get(id);
    if (firstId) {
      diagnostics.push(
        error(source.positionOf(["id"]), `model id "${id}" is already used by ${where(firstId)}`),
      );
      continue;
    }
    byId.set(id, source.deferPosition(["id"]));
    if (!model) continue;
    model.meters.forEach((meter, i) => {
      const seen = byEvent.get(meter.eventName);
      if (seen) {
        diagnostics.push(
          error(
            source.positionOf(["meters", i, "eventName"]),
            `meter event name "${meter.eventName}" is already used by model ${seen.model} (${where(seen.at)}); event names are unique across the catalog`,
          ),
        );
      } else
        byEvent.set(meter.eventName, {
          at: source.deferPosition(["meters", i, "eventName"]),
          model: model.id,
        });
    });
    model.components.forEach((c, i) => {
      if (c.type !== "discount") return;
      c.promotionCodes.forEach((p, j) => {
        const path = ["components", i, "promotionCodes", j, "code"];
        const seen = byCode.get(p.code.toLowerCase());
        if (seen) {
          diagnostics.push(
            error(
              source.positionOf(path),
              `promotion code "${p.code}" is already used by model ${seen.model} (${where(seen.at)}); codes are unique regardless of case across the catalog`,
            ),
          );
        } else if (!seen)
          byCode.set(p.code.toLowerCase(), { at: source.deferPosition(path), model: model.id });
      });
    });
    models.push(model);
  }
  diagnostics.push(...parseProblems);
  models.sort((a, b) => compareText(a.id, b.id));
  return { models, diagnostics: sortDiagnostics(diagnostics) };
}

/** The diagnostics of a file whose check threw: the precise parse's, or a positioned bug report. */
function failed(file: string, e: unknown): readonly Diagnostic[] {
  if (e instanceof QuickPathMismatch) return e.diagnostics;
  return [
    error(
      { file, line: 1, column: 1 },
      `could not check this file (${describeFailure(e)}); this is a bug, please report it`,
    ),
  ];
}

type Checked = ReturnType<typeof checkNow>;

/** Results per validator and source: a source is immutable, so watch re-checks only what changed. */
const checkedBy = new WeakMap<SchemaValidator, WeakMap<ModelSource, Checked>>();

/** Schema, then semantic checks of one file (remembered for the same source object). */
function check(source: ModelSource, validate: SchemaValidator): Checked {
  let cache = checkedBy.get(validate);
  if (!cache) {
    cache = new WeakMap();
    checkedBy.set(validate, cache);
  }
  let result = cache.get(source);
  if (!result) {
    result = checkNow(source, validate);
    cache.set(source, result);
  }
  return result;
}

function checkNow(source: ModelSource, validate: SchemaValidator) {
  const schemaProblems = validate(source);
  if (schemaProblems.length > 0) {
    // Every other part is still checked: a schema error in one part hides nothing elsewhere.
    const semantic = schemaProblems.broken
      ? buildModel(source, brokenParts(schemaProblems.broken))
      : undefined;
    const problems: readonly Diagnostic[] = [...schemaProblems, ...(semantic?.diagnostics ?? [])];
    return { problems, schemaFailed: true, model: undefined };
  }
  const { model, diagnostics } = buildModel(source);
  return { problems: diagnostics, schemaFailed: false, model };
}
