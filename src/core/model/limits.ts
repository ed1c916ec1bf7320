/**
 * The loader's bounds: what no model file may exceed, so that any file, however hostile, is
 * read in bounded time and memory. One place, shared by both parse paths. Pure constants.
 */

/** Files above this size are refused before parsing (a model is a few kilobytes). */
export const MAX_MODEL_BYTES = 1024 * 1024;

/**
 * Deepest nesting of lists and maps a model may have (a real model needs about 6). Parsers
 * recurse per level; without a cap, a few hundred brackets exhaust the stack.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * YAML tokens (keys, values, indicators, line breaks) a file may hold: a large real model has a
 * few thousand. Bounds the time any file takes, whatever its shape.
 */
export const MAX_YAML_TOKENS = 50_000;
