/**
 * Stripe list responses: `{object: "list", data, has_more, url}`, newest first, with `limit`
 * (1..100, default 10) and the `starting_after` / `ending_before` cursors.
 */
import { invalidParam, noSuch } from "./errors.js";
import type { FormObject } from "./form.js";
import { getInt, getString } from "./params.js";

/** A list response body. */
export interface ListBody<T> {
  readonly object: "list";
  readonly data: readonly T[];
  readonly has_more: boolean;
  readonly url: string;
}

/** The pagination part of a list request. */
export interface PageRequest {
  readonly limit: number;
  readonly startingAfter: string | undefined;
  readonly endingBefore: string | undefined;
}

/** Reads and checks `limit`, `starting_after` and `ending_before`. */
export function readPage(params: FormObject): PageRequest {
  const limit = getInt(params.limit) ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidParam(
      "This value must be greater than or equal to 1 and less than or equal to 100.",
      "limit",
    );
  }
  const startingAfter = getString(params.starting_after);
  const endingBefore = getString(params.ending_before);
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidParam(
      "You may only specify one of these parameters: ending_before, starting_after.",
      "ending_before",
    );
  }
  return { limit, startingAfter, endingBefore };
}

/**
 * One page of `ordered` (newest first) among the items passing `keep`. A cursor names any
 * object of the resource, even one the filters exclude; an unknown cursor is `resource_missing`.
 */
export function paginate<T extends { readonly id: string }>(
  ordered: readonly T[],
  keep: (item: T) => boolean,
  page: PageRequest,
  url: string,
  objectName: string,
): ListBody<T> {
  const cursor = page.startingAfter ?? page.endingBefore;
  let candidates: readonly T[] = ordered;
  if (cursor !== undefined) {
    const at = ordered.findIndex((item) => item.id === cursor);
    if (at < 0)
      throw noSuch(objectName, cursor, page.startingAfter !== undefined ? "starting_after" : "ending_before");
    candidates = page.startingAfter !== undefined ? ordered.slice(at + 1) : ordered.slice(0, at);
  }
  const matching = candidates.filter(keep);
  if (page.endingBefore !== undefined) {
    const start = Math.max(0, matching.length - page.limit);
    return { object: "list", data: matching.slice(start), has_more: start > 0, url };
  }
  return { object: "list", data: matching.slice(0, page.limit), has_more: matching.length > page.limit, url };
}
