/**
 * The watch figure: time to re-plan after one saved file, in-process, with every other file's
 * parsed source held in memory. It times the pieces `pricing watch` runs on a save: read and
 * parse the one file, build the catalog from the cached sources, map to desired objects, plan.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareText, type Diagnostic, hasErrors } from "../src/core/diagnostics/diagnostic.js";
import { buildCatalog, type Catalog } from "../src/core/model/catalog.js";
import type { ModelSource } from "../src/core/model/source.js";
import { makePlan } from "../src/core/plan/plan.js";
import { hasChanges } from "../src/core/plan/types.js";
import type { State } from "../src/core/state/types.js";
import { desiredObjects } from "../src/core/stripe/desired.js";
import { findModelFiles, modelSchemaValidator, readModelSource } from "../src/edge/files/models.js";
import { stateDigest } from "../src/edge/files/state-digest.js";
import { type GeneratedFile, mutateCatalog } from "./generate.js";
import { median } from "./measure.js";

/** Medians (ms) of the whole re-plan and of each piece, over `runs` saves. */
export interface WatchFigure {
  readonly runs: number;
  readonly total: number;
  readonly parse: number;
  readonly catalog: number;
  readonly desired: number;
  readonly plan: number;
  /** The first full check (every file read and parsed, then planned), as the watcher starts. */
  readonly initial: number;
}

/**
 * Saves `runs` different files of the repo one after another (each a realistic edit) and times
 * the re-plan after each. `files` are the generated files under `<repo>/models`.
 */
export function measureWatch(
  repo: string,
  files: readonly GeneratedFile[],
  state: State,
  runs: number,
): WatchFigure {
  const validate = modelSchemaValidator();
  const cache = new Map<string, ModelSource | readonly Diagnostic[]>();
  /** The catalog of every cached file, in path order, as the watcher builds it. */
  const catalogOf = (): Catalog => {
    const sources: ModelSource[] = [];
    const problems: Diagnostic[] = [];
    for (const file of [...cache.keys()].sort(compareText)) {
      const entry = cache.get(file);
      if (entry === undefined) continue;
      if ("data" in entry) sources.push(entry);
      else problems.push(...entry);
    }
    return buildCatalog(sources, validate, problems);
  };

  const startAll = performance.now();
  for (const file of findModelFiles("models", repo)) cache.set(file, readModelSource(file, repo));
  makePlan({ desired: desiredObjects(catalogOf().models, "bench"), state, baseDigest: stateDigest(state) });
  const initial = performance.now() - startAll;

  const samples = {
    total: [] as number[],
    parse: [] as number[],
    catalog: [] as number[],
    desired: [] as number[],
    plan: [] as number[],
  };
  for (let i = 0; i < runs; i++) {
    const original = files[(i * 97 + 13) % files.length] as GeneratedFile;
    const [edited] = mutateCatalog([original], { seed: i + 1, fraction: 1 });
    const rel = `models/${original.path}`;
    writeFileSync(join(repo, rel), (edited ?? original).text);

    const t0 = performance.now();
    cache.set(rel, readModelSource(rel, repo));
    const t1 = performance.now();
    const catalog = catalogOf();
    const t2 = performance.now();
    const desired = desiredObjects(catalog.models, "bench");
    const t3 = performance.now();
    const plan = makePlan({ desired, state, baseDigest: stateDigest(state) });
    const t4 = performance.now();
    if (hasErrors(catalog.diagnostics) || !hasChanges(plan)) {
      throw new Error("watch bench: the edited catalog did not plan");
    }
    samples.total.push(t4 - t0);
    samples.parse.push(t1 - t0);
    samples.catalog.push(t2 - t1);
    samples.desired.push(t3 - t2);
    samples.plan.push(t4 - t3);
  }
  return {
    runs,
    total: median(samples.total),
    parse: median(samples.parse),
    catalog: median(samples.catalog),
    desired: median(samples.desired),
    plan: median(samples.plan),
    initial,
  };
}
