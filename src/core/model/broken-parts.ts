/**
 * The parts of a model the schema found broken, so that the semantic checks still run on every
 * other part: a `percentOff: 120` in one component must not hide a missing meter in another, or
 * an empty metadata value. A part is as fine-grained as the checks are: a top-level key, a
 * meter, a component. Pure.
 */
import type { DataPath } from "./source.js";

/** Where the schema found problems. */
export interface BrokenParts {
  /** True when any part is broken: the model is not built, only checked. */
  readonly any: boolean;
  /** True when a problem lies at `path`, inside it, or at a place holding it. */
  within(path: DataPath): boolean;
  /** True when a problem lies at `path` or at a place holding it (not only inside it). */
  at(path: DataPath): boolean;
}

/** No part broken. */
export const NOTHING_BROKEN: BrokenParts = { any: false, within: () => false, at: () => false };

/** The broken parts, from the data paths of the schema's problems. */
export function brokenParts(paths: readonly DataPath[]): BrokenParts {
  const startsWith = (path: DataPath, prefix: DataPath) =>
    prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
  return {
    any: paths.length > 0,
    within: (path) => paths.some((p) => startsWith(p, path) || startsWith(path, p)),
    at: (path) => paths.some((p) => startsWith(path, p)),
  };
}
