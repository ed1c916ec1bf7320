/**
 * `pricing fmt` at the IO edge: reads every model file the loader would read (same link policy),
 * computes its canonical text with the pure formatter, and rewrites the files that differ (each
 * atomically: a temp file beside the real file, renamed over it, its mode kept).
 */
import { chmodSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Diagnostic, error } from "../../core/diagnostics/diagnostic.js";
import { canonicalModel } from "../../core/model/canonical.js";
import { MAX_MODEL_BYTES } from "../../core/model/limits.js";
import { scanModelFiles } from "./models.js";

/** What formatting the models folder found (and did, when asked to write). */
export interface FormatOutcome {
  /** Files whose text is not canonical (rewritten unless only checking), relative to `cwd`, sorted. */
  readonly unformatted: readonly string[];
  /** Files that could not be formatted: refused by the link policy, unreadable, or not parsing. */
  readonly problems: readonly Diagnostic[];
}

/** Formats every model under `dir`; with `write: false` only tells which files would change. */
export function formatModels(dir: string, cwd: string, options: { readonly write: boolean }): FormatOutcome {
  const { files, problems: refused } = scanModelFiles(dir, cwd);
  const problems: Diagnostic[] = [...refused];
  const unformatted: string[] = [];
  for (const file of files) {
    let real: string;
    let bytes: Buffer;
    try {
      real = realpathSync(resolve(cwd, file));
      if (statSync(real).size > MAX_MODEL_BYTES) {
        problems.push(error({ file, line: 1, column: 1 }, `a model may be at most ${MAX_MODEL_BYTES} bytes`));
        continue;
      }
      bytes = readFileSync(real);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      problems.push(error({ file, line: 1, column: 1 }, `cannot read file: ${code}`));
      continue;
    }
    const canonical = canonicalModel(file, bytes);
    if (canonical.kind === "invalid") {
      problems.push(...canonical.diagnostics);
      continue;
    }
    if (Buffer.from(canonical.text, "utf8").equals(bytes)) continue;
    unformatted.push(file);
    if (options.write) writeAtomically(real, canonical.text);
  }
  return { unformatted, problems };
}

function writeAtomically(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.fmt-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    chmodSync(temp, statSync(path).mode & 0o7777);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
