/** Counts the requests an emulator received, by method and path, for tests. */

/** Which requests to count: a method and/or a path pattern. */
export interface CountFilter {
  readonly method?: string;
  readonly path?: RegExp;
}

/** The log of requests received since the last reset. */
export class RequestCounter {
  private readonly seen: { readonly method: string; readonly path: string }[] = [];

  /** Notes one request. */
  record(method: string, path: string): void {
    this.seen.push({ method, path });
  }

  /** How many requests match `filter` (all of them without one). */
  count(filter: CountFilter = {}): number {
    return this.seen.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (filter.path === undefined ||
          new RegExp(filter.path.source, filter.path.flags.replace("g", "")).test(r.path)),
    ).length;
  }

  /** Starts counting from zero. */
  reset(): void {
    this.seen.length = 0;
  }
}
