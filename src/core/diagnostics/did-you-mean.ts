/**
 * "Did you mean": the known word closest to a misspelt one (a command, an option, a model key),
 * when it is close enough to be a slip of the keyboard rather than another word. Pure.
 */
import { distance } from "fastest-levenshtein";

/**
 * Edits a word of this length may be away from a known word and still be taken for a slip:
 * one for words of up to three characters, two up to eight, a quarter of the length beyond.
 */
function tolerance(length: number): number {
  if (length <= 3) return 1;
  if (length <= 8) return 2;
  return Math.floor(length / 4);
}

/**
 * The candidate closest to `word` by edit distance (case ignored), if within the tolerance of the
 * longer of the two; ties go to the first candidate in the order given. A candidate equal to
 * `word` is no suggestion.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d <= tolerance(Math.max(word.length, candidate.length)) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
