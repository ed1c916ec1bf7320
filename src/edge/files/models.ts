/**
 * The loader, at the IO edge: finds every model file under a folder, reads it, and hands the
 * bytes to the pure parser and checks. Paths in diagnostics are relative to `cwd`.
 *
 * Links and special files under the models folder (the policy, documented in the README):
 * - a symbolic link is followed only when its target lies inside the repository that holds the
 *   models folder (the nearest folder above it with `.git`, or the models folder itself when
 *   there is none), so no file outside it is ever read into a diagnostic;
 * - a linked folder is read once: a link back into the models folder, or into a folder already
 *   read, is a cycle (or a second copy) and is refused;
 * - only regular files are read: device files, FIFOs and sockets are refused without opening
 *   them for a blocking read, and a file is read up to one byte past the size cap, never whole.
 * Each refusal is an error at `file:1:1`, reported with every other diagnostic.
 */
import {
  closeSync,
  constants,
  type Dirent,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { error } from "../../core/diagnostics/diagnostic.js";
import { PricingError } from "../../core/diagnostics/errors.js";
import { buildCatalog, type Catalog } from "../../core/model/catalog.js";
import { compileModelSchema, type SchemaValidator } from "../../core/model/schema.js";
import { MAX_MODEL_BYTES, type ModelSource, parseModelSource } from "../../core/model/source.js";
import { schemaPath } from "./package-root.js";

let validator: SchemaValidator | undefined;

const MODEL_FILE = /\.ya?ml$/i;

/** The compiled model schema, built once per process. */
export function modelSchemaValidator(): SchemaValidator {
  validator ??= compileModelSchema(JSON.parse(readFileSync(schemaPath("pricing-model"), "utf8")) as object);
  return validator;
}

/** The model files under a folder, and the entries refused by the link policy. */
export interface ModelFiles {
  /** Paths relative to `cwd`, sorted. */
  readonly files: readonly string[];
  /** One error per refused link or special file, at `file:1:1`. */
  readonly problems: readonly Diagnostic[];
}

/**
 * The folder links may lead into: the repository holding `dir` (the nearest folder at or above
 * it with a `.git` entry), or `dir` itself outside any repository. A real path.
 */
export function linkBoundary(dir: string, cwd: string): string {
  const start = realpathSync(resolve(cwd, dir));
  for (let at = start; ; at = dirname(at)) {
    if (existsSync(join(at, ".git"))) return at;
    if (dirname(at) === at) return start;
  }
}

/** True when `path` is `folder` or lies inside it (both real paths). */
function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return (
    rel === "" ||
    (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

/**
 * Every `*.yaml` / `*.yml` file under `dir`, sorted, as paths relative to `cwd`, following the
 * link policy above; refused entries come back as problems.
 */
export function scanModelFiles(dir: string, cwd: string): ModelFiles {
  const root = resolve(cwd, dir);
  let realRoot: string;
  try {
    if (!statSync(root).isDirectory()) throw new PricingError(`${dir} is not a folder`);
    realRoot = realpathSync(root);
  } catch (e) {
    if (e instanceof PricingError) throw e;
    throw new PricingError(
      `cannot read the models folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  const boundary = linkBoundary(dir, cwd);
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  const show = (path: string) => relative(cwd, path).split(sep).join("/");
  const refuse = (path: string, message: string) =>
    problems.push(error({ file: show(path), line: 1, column: 1 }, message));
  /** Real paths of the folders read (or queued), so a linked folder is read at most once. */
  const seen = new Set<string>([realRoot]);
  // Folders to read: the path as written (for file names) and its real path (for the policy).
  const queue: string[] = [root];
  while (queue.length > 0) {
    const folder = queue.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      if (folder === root) {
        throw new PricingError(
          `cannot read the models folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
      }
      refuse(folder, `cannot read this folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const model = MODEL_FILE.test(entry.name);
      if (entry.isDirectory()) {
        queue.push(path);
        continue;
      }
      if (entry.isFile()) {
        if (model) files.push(show(path));
        continue;
      }
      if (!entry.isSymbolicLink()) {
        if (model) refuse(path, "not a regular file (a device, FIFO or socket): a model is a plain file");
        continue;
      }
      // A symbolic link: where does it really lead?
      let target: string;
      try {
        target = realpathSync(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (model || code === "ELOOP")
          refuse(
            path,
            code === "ELOOP"
              ? "symbolic link loops back on itself"
              : `symbolic link leads nowhere (${code ?? String(e)})`,
          );
        continue;
      }
      let isFolder: boolean;
      let isRegular: boolean;
      try {
        const stats = statSync(target);
        isFolder = stats.isDirectory();
        isRegular = stats.isFile();
      } catch (e) {
        if (model)
          refuse(path, `cannot read the link's target: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        continue;
      }
      if (!isFolder && !model) continue;
      if (!inside(target, boundary)) {
        refuse(
          path,
          "symbolic link leads outside the repository holding the models folder; links must stay inside it",
        );
        continue;
      }
      if (isFolder) {
        if ([...seen].some((s) => inside(target, s) || inside(s, target))) {
          refuse(
            path,
            "symbolic link leads to a folder already read (a cycle or a second copy of the models)",
          );
          continue;
        }
        seen.add(target);
        queue.push(path);
        continue;
      }
      if (!isRegular) {
        refuse(path, "symbolic link leads to a device, FIFO or socket: a model is a plain file");
        continue;
      }
      files.push(show(path));
    }
  }
  return { files: files.sort(), problems };
}

/** Every `*.yaml` / `*.yml` file under `dir` the link policy lets through, sorted, relative to `cwd`. */
export function findModelFiles(dir: string, cwd: string): string[] {
  return [...scanModelFiles(dir, cwd).files];
}

/**
 * Parses one file's bytes, or returns its diagnostics. `boundary` (a real path, see
 * {@link linkBoundary}) is the folder the file must really lie in; by default the repository
 * holding `cwd`. Reads at most one byte past the size cap and never opens a special file.
 */
export function readModelSource(
  file: string,
  cwd: string,
  boundary: string = linkBoundary(".", cwd),
): ModelSource | readonly Diagnostic[] {
  const at = { file, line: 1, column: 1 };
  let bytes: Uint8Array;
  try {
    const real = realpathSync(resolve(cwd, file));
    if (!inside(real, boundary)) {
      return [
        error(
          at,
          "symbolic link leads outside the repository holding the models folder; links must stay inside it",
        ),
      ];
    }
    const read = readCapped(real, MAX_MODEL_BYTES + 1);
    if (read.kind === "special")
      return [error(at, "not a regular file (a device, FIFO or socket): a model is a plain file")];
    if (read.bytes.byteLength > MAX_MODEL_BYTES) {
      return [
        error(
          at,
          `file is ${Math.max(read.size, read.bytes.byteLength)} bytes; a model may be at most ${MAX_MODEL_BYTES} bytes`,
        ),
      ];
    }
    bytes = read.bytes;
  } catch (e) {
    return [error(at, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)];
  }
  return parseModelSource(file, bytes);
}

/**
 * Reads at most `limit` bytes of a regular file. Opened non-blocking, so a FIFO cannot stall
 * the open, and checked with fstat on the open descriptor before any read.
 */
function readCapped(
  path: string,
  limit: number,
):
  | { readonly kind: "special" }
  | { readonly kind: "file"; readonly bytes: Uint8Array; readonly size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: "special" };
    // The size is only a hint (a file may grow while read): read in chunks up to the limit.
    const chunks: Buffer[] = [];
    let length = 0;
    while (length < limit) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
    }
    return { kind: "file", bytes: Buffer.concat(chunks, length), size: stats.size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads and checks every model under `dir` (relative to `cwd`). Files are parsed one at a time
 * as the catalog is built, so each parsed YAML document is garbage as soon as its model is
 * checked: memory stays flat in the catalog size instead of holding every document at once.
 */
export function loadCatalog(dir: string, cwd: string): Catalog {
  const { files, problems: refused } = scanModelFiles(dir, cwd);
  const boundary = linkBoundary(dir, cwd);
  const problems: Diagnostic[] = [...refused];
  function* sources(): Generator<ModelSource> {
    for (const file of files) {
      const parsed = readModelSource(file, cwd, boundary);
      if ("data" in parsed) yield parsed;
      else problems.push(...parsed);
    }
  }
  return buildCatalog(sources(), modelSchemaValidator(), problems);
}

/** True when something exists at `path` (a link counts, wherever it leads). */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
