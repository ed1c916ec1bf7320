import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../core/diagnostics/diagnostic.js";
import { MAX_MODEL_BYTES } from "../../core/model/source.js";
import { loadCatalog, readModelSource } from "./models.js";

const MODEL = (id: string) => `apiVersion: pricing/v1
kind: PricingModel
id: ${id}
product:
  name: Basic
currency: eur
components:
  - { id: base, type: flat, amount: 4.99, interval: month }
`;

let base: string;
/** A repository (with `.git`) holding `models/`, inside a folder that also holds files outside it. */
let repo: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "pricing-links-"));
  repo = join(base, "repo");
  mkdirSync(join(repo, ".git"), { recursive: true });
  mkdirSync(join(repo, "models"));
  writeFileSync(join(repo, "models", "a.yaml"), MODEL("a"));
  writeFileSync(join(base, "secret.yaml"), "password: hunter2\n");
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

/** `file:line:col error message` of every diagnostic, and the valid model ids. */
function validate(): { readonly errors: string[]; readonly ids: string[] } {
  const catalog = loadCatalog("models", repo);
  return { errors: catalog.diagnostics.map(formatDiagnostic), ids: catalog.models.map((m) => m.id) };
}

/** The messages of reading one file that must be refused. */
function messages(file: string): string[] {
  const read = readModelSource(file, repo);
  if ("data" in read) throw new Error(`${file} was read`);
  return read.map((d) => d.message);
}

describe("links and special files under models/", () => {
  it("refuses a link to a device file without reading it", () => {
    symlinkSync("/dev/zero", join(repo, "models", "zero.yaml"));
    const started = performance.now();
    expect(validate()).toEqual({
      errors: [
        "models/zero.yaml:1:1 error symbolic link leads outside the repository holding the models folder; links must stay inside it",
      ],
      ids: ["a"],
    });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("never opens a FIFO for a blocking read, linked or not", () => {
    execFileSync("mkfifo", [join(repo, "models", "pipe.yaml")]);
    execFileSync("mkfifo", [join(repo, "fifo")]);
    symlinkSync("../fifo", join(repo, "models", "linked-pipe.yaml"));
    expect(validate().errors).toEqual([
      "models/linked-pipe.yaml:1:1 error symbolic link leads to a device, FIFO or socket: a model is a plain file",
      "models/pipe.yaml:1:1 error not a regular file (a device, FIFO or socket): a model is a plain file",
    ]);
    // Read directly (as watch does after a save), it is refused too.
    expect(messages("models/pipe.yaml")).toEqual([
      "not a regular file (a device, FIFO or socket): a model is a plain file",
    ]);
  });

  it("terminates on links back to the folder itself, reporting each", () => {
    symlinkSync(".", join(repo, "models", "self"));
    symlinkSync(".", join(repo, "models", "again"));
    symlinkSync("..", join(repo, "models", "up"));
    expect(validate()).toEqual({
      errors: [
        "models/again:1:1 error symbolic link leads to a folder already read (a cycle or a second copy of the models)",
        "models/self:1:1 error symbolic link leads to a folder already read (a cycle or a second copy of the models)",
        "models/up:1:1 error symbolic link leads to a folder already read (a cycle or a second copy of the models)",
      ],
      ids: ["a"],
    });
  });

  it("reports a link that loops on itself or leads nowhere", () => {
    symlinkSync("loop.yaml", join(repo, "models", "loop.yaml"));
    symlinkSync("missing.yaml", join(repo, "models", "dangling.yaml"));
    expect(validate().errors).toEqual([
      "models/dangling.yaml:1:1 error symbolic link leads nowhere (ENOENT)",
      "models/loop.yaml:1:1 error symbolic link loops back on itself",
    ]);
  });

  it("never reads a file outside the repository into a diagnostic", () => {
    symlinkSync(join(base, "secret.yaml"), join(repo, "models", "secret.yaml"));
    mkdirSync(join(base, "elsewhere"));
    writeFileSync(join(base, "elsewhere", "x.yaml"), "password: hunter2\n");
    symlinkSync(join(base, "elsewhere"), join(repo, "models", "elsewhere"));
    const { errors } = validate();
    expect(errors.join("\n")).not.toContain("hunter2");
    expect(errors.join("\n")).not.toContain("password");
    expect(errors).toEqual([
      "models/elsewhere:1:1 error symbolic link leads outside the repository holding the models folder; links must stay inside it",
      "models/secret.yaml:1:1 error symbolic link leads outside the repository holding the models folder; links must stay inside it",
    ]);
    expect(messages("models/secret.yaml")).toEqual([
      "symbolic link leads outside the repository holding the models folder; links must stay inside it",
    ]);
  });

  it("follows links that stay inside the repository, once", () => {
    mkdirSync(join(repo, "shared"));
    writeFileSync(join(repo, "shared", "b.yaml"), MODEL("b"));
    symlinkSync("../shared", join(repo, "models", "shared"));
    symlinkSync("../shared/b.yaml", join(repo, "models", "c.yml"));
    const { errors, ids } = validate();
    // The same file through two links is two files with one id: the ordinary duplicate-id error.
    expect(ids).toEqual(["a", "b"]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^models\/shared\/b\.yaml:3:5 error model id "b" is already used by models\/c\.yml:3:5$/,
      ),
    ]);
  });

  it("reads at most one byte past the size cap", () => {
    writeFileSync(join(repo, "models", "big.yaml"), `a: 1\n${"#".repeat(MAX_MODEL_BYTES * 3)}\n`);
    expect(validate().errors).toEqual([
      `models/big.yaml:1:1 error file is ${MAX_MODEL_BYTES * 3 + 6} bytes; a model may be at most ${MAX_MODEL_BYTES} bytes`,
    ]);
  });
});
