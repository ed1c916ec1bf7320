/**
 * `pricing watch`'s engine: watches the models folder (chokidar), gathers saves for a short
 * quiet spell (debounce), re-reads only the files that changed into a per-file cache, rebuilds
 * and re-checks the catalog from memory and hands it to a callback, one batch at a time.
 * Must not plan, apply or print: the caller decides what a new catalog means (see
 * `src/cli/commands/watch.ts`).
 */
import { join, relative, sep } from "node:path";
import { watch as chokidarWatch } from "chokidar";
import type { Catalog } from "../../core/model/catalog.js";
import type { SchemaValidator } from "../../core/model/schema.js";
import { entryExists, linkBoundary, readModelSource, scanModelFiles } from "../files/models.js";
import { SourceCache, type SourceReader } from "./cache.js";

/** How long the folder must be quiet before a batch of changes is checked. */
export const DEFAULT_DEBOUNCE_MS = 100;

const MODEL_FILE = /\.ya?ml$/i;

/** What to watch and what to do with each new catalog. */
export interface WatchOptions {
  readonly cwd: string;
  /** The models folder, relative to `cwd`. */
  readonly dir: string;
  readonly validate: SchemaValidator;
  /** Reads one file (relative to `cwd`); `readModelSource` by default. */
  readonly read?: SourceReader;
  readonly debounceMs?: number;
  /**
   * Called with the catalog after the first full read (`changed` empty) and after every
   * settled batch of changes; never twice at once, in order.
   */
  readonly onCatalog: (catalog: Catalog, changed: readonly string[]) => Promise<void>;
  /** A failure of `onCatalog` or of the file watcher; watching goes on. */
  readonly onError: (e: unknown) => void;
}

/** A running watch. */
export interface ModelWatcher {
  /** Stops watching; resolves when the batch in progress, if any, is done. */
  close(): Promise<void>;
}

/** Reads every model once, reports the first catalog, then watches for changes. */
export async function watchModels(options: WatchOptions): Promise<ModelWatcher> {
  const { cwd, dir, validate, onCatalog, onError } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  // Files the link policy refuses are read too, so that the reader reports them.
  const scan = scanModelFiles(dir, cwd);
  const initial = [...new Set([...scan.files, ...scan.problems.map((p) => p.file)])].filter((f) =>
    MODEL_FILE.test(f),
  );
  const boundary = linkBoundary(dir, cwd);
  const cache = new SourceCache(options.read ?? ((file) => readModelSource(file, cwd, boundary)));
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const run = (changed: readonly string[]): void => {
    queue = queue.then(async () => {
      if (closed) return;
      try {
        for (const file of changed) cache.refresh(file, entryExists(join(cwd, file)));
        await onCatalog(cache.catalog(validate), changed);
      } catch (e) {
        onError(e);
      }
    });
  };
  const flush = (): void => {
    timer = undefined;
    const changed = [...pending].sort();
    pending.clear();
    if (changed.length > 0) run(changed);
  };
  const touched = (files: readonly string[]): void => {
    if (closed || files.length === 0) return;
    for (const f of files) pending.add(f);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const toFile = (path: string): string => relative(cwd, path).split(sep).join("/");

  const watcher = chokidarWatch(join(cwd, dir), {
    ignoreInitial: true,
    ignored: (path, stats) => stats?.isFile() === true && !MODEL_FILE.test(path),
  });
  watcher.on("all", (event, path) => {
    if (event === "unlinkDir") touched(cache.files().filter((f) => f.startsWith(`${toFile(path)}/`)));
    else if ((event === "add" || event === "change" || event === "unlink") && MODEL_FILE.test(path))
      touched([toFile(path)]);
  });
  watcher.on("error", onError);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));

  for (const file of initial) cache.refresh(file, true);
  queue = queue.then(async () => {
    try {
      await onCatalog(cache.catalog(validate), []);
    } catch (e) {
      onError(e);
    }
  });

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      pending.clear();
      await watcher.close();
      await queue;
    },
  };
}
