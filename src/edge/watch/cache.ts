/**
 * The watcher's memory of the models folder: every file's parsed source (or its parse
 * diagnostics), so a save re-reads only the files that changed and the catalog is rebuilt
 * from memory. Reads through the injected reader; checks nothing itself.
 */
import { compareText, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { buildCatalog, type Catalog } from "../../core/model/catalog.js";
import type { SchemaValidator } from "../../core/model/schema.js";
import type { ModelSource } from "../../core/model/source.js";

/** Reads and parses one model file (relative to the working directory). */
export type SourceReader = (file: string) => ModelSource | readonly Diagnostic[];

/** Parsed sources by file, refreshed file by file. */
export class SourceCache {
  private readonly entries = new Map<string, ModelSource | readonly Diagnostic[]>();

  constructor(private readonly read: SourceReader) {}

  /** Reads `file` again, or forgets it when `exists` is false. */
  refresh(file: string, exists: boolean): void {
    if (exists) this.entries.set(file, this.read(file));
    else this.entries.delete(file);
  }

  /** Forgets every file under `dir/` (a removed folder); returns them. */
  forgetUnder(dir: string): readonly string[] {
    const gone = [...this.entries.keys()].filter((f) => f.startsWith(`${dir}/`));
    for (const f of gone) this.entries.delete(f);
    return gone;
  }

  /** The files held, sorted. */
  files(): readonly string[] {
    return [...this.entries.keys()].sort(compareText);
  }

  /** The catalog of every file held, checked as a whole. */
  catalog(validate: SchemaValidator): Catalog {
    const sources: ModelSource[] = [];
    const problems: Diagnostic[] = [];
    for (const file of this.files()) {
      const entry = this.entries.get(file);
      if (entry === undefined) continue;
      if ("data" in entry) sources.push(entry);
      else problems.push(...entry);
    }
    return buildCatalog(sources, validate, problems);
  }
}
