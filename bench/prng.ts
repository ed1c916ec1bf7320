/**
 * A small seeded pseudo-random number generator for the benchmark fixtures.
 *
 * Deterministic by construction: the same seed yields the same sequence on every platform, so
 * generated catalogs are byte-identical across runs. Not cryptographic, and never `Math.random`.
 */

/** A seeded source of pseudo-random values; every method advances the same sequence. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive; `min <= max` must hold. */
  int(min: number, max: number): number;
  /** `true` with probability `p` (0..1). */
  chance(p: number): boolean;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element of a non-empty list, chosen with the given relative weights (same length). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A new generator seeded from this one, so a sub-task can draw without shifting later draws. */
  fork(): Prng;
}

/**
 * Create a mulberry32 generator: a 32-bit state, a period of 2^32, and good enough statistics for
 * picking fixture shapes.
 *
 * @param seed any number; it is reduced to an unsigned 32-bit integer.
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throw new RangeError(`prng.int: invalid range [${min}, ${max}]`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError("prng.pick: empty list");
    return items[Math.floor(next() * items.length)] as T;
  };

  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError("prng.weighted: items and weights must be non-empty and of equal length");
    }
    const total = weights.reduce((sum, w) => sum + w, 0);
    let roll = next() * total;
    for (let i = 0; i < items.length; i++) {
      roll -= weights[i] as number;
      if (roll < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  };

  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted,
    fork: () => createPrng(Math.floor(next() * 4294967296)),
  };
}
