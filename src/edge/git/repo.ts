/**
 * Revisions as git commits, at the IO edge (simple-git): each publish is one commit touching
 * the state with a `Pricing-Revision` trailer; history and rollback read them back. History
 * is never rewritten.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type SimpleGit, simpleGit } from "simple-git";
import { PricingError } from "../../core/diagnostics/errors.js";
import { crashPoint } from "../crash-point.js";

/**
 * The only environment variables git is started with. Everything else (STRIPE_API_KEY, tokens,
 * passwords) stays out of git's environment, so neither git nor simple-git's `DEBUG` output,
 * which prints the environment of every spawn, can show a secret.
 */
const GIT_ENV_ALLOWED = new Set(
  [
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "TMP",
    "TEMP",
    "TERM",
    "XDG_CONFIG_HOME",
    "SSH_AUTH_SOCK",
    "GNUPGHOME",
    "SYSTEMROOT",
    "USERPROFILE",
    "APPDATA",
    "LOCALAPPDATA",
    "HOMEDRIVE",
    "HOMEPATH",
    "COMSPEC",
    "PATHEXT",
  ].map((n) => n.toLowerCase()),
);

/** The environment git runs with: the allowed names (and locale `LC_*`) of `env`, nothing else. */
export function gitEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (value !== undefined && (GIT_ENV_ALLOWED.has(lower) || lower.startsWith("lc_"))) out[name] = value;
  }
  return out;
}

/** How long a write waits in total for another git process's `index.lock` (PRICING_GIT_LOCK_WAIT_MS overrides). */
const INDEX_LOCK_WAIT_MS = 5_000;

/** Whether git failed because another git process holds a lock file of the repository. */
function isGitLockBusy(e: unknown): boolean {
  return heldLockFile(e) !== undefined;
}

/** Git's own reason for a failure, in one line. */
function gitProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line =
    message.split("\n").find((l) => /^(fatal|error): /.test(l.trim())) ?? message.split("\n")[0] ?? "";
  return line.trim().replace(/^(fatal|error): /, "");
}

/** The lock file (index.lock, or a ref's .lock) another git process holds, from git's message. */
function heldLockFile(e: unknown): string | undefined {
  const message = e instanceof Error ? e.message : String(e);
  return /Unable to create '([^']*\.lock)': File exists/.exec(message)?.[1];
}

function gitClient(cwd: string): SimpleGit {
  return simpleGit({ baseDir: cwd }).env(gitEnvironment(process.env));
}

/** The trailer naming a commit's revision. */
export const TRAILER_REVISION = "Pricing-Revision";
/** The trailer naming the commit whose models a revision was built from. */
export const TRAILER_MODELS = "Pricing-Models-Commit";

/** One published revision. */
export interface RevisionEntry {
  readonly revision: string;
  readonly commit: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
  /** Who made the commit (the CI bot, or the person who ran `pricing apply`). */
  readonly author: string;
  readonly subject: string;
  readonly modelsCommit?: string;
  /** What the revision did, per action, from its commit message; absent for an import or a recording. */
  readonly counts?: Readonly<Record<"create" | "update" | "replace" | "archive" | "reactivate", number>>;
  /** Set when an apply stopped part way and recorded what it had done. */
  readonly partial?: { readonly done: number; readonly total: number };
  /** The model ids an `apply --model-id` was limited to (the others kept what they had). */
  readonly scope?: readonly string[];
}

/** A git work tree the tool publishes into. */
export class Repo {
  private constructor(
    private readonly git: SimpleGit,
    /** Absolute path of the work tree's top. */
    readonly root: string,
    /** The folder paths given to this repository are relative to. */
    private readonly cwd: string,
  ) {}

  /** Opens the repository that holds `cwd`; a one-line error when there is none. */
  static async open(cwd: string): Promise<Repo> {
    const git = gitClient(cwd);
    let root: string;
    try {
      root = (await git.revparse(["--show-toplevel"])).trim();
    } catch {
      throw new PricingError(
        `${cwd} is not inside a git repository: run \`git init\` (revisions are git commits), or pass --no-commit`,
      );
    }
    return new Repo(gitClient(cwd), root, cwd);
  }

  /** The HEAD commit, or undefined in a repository without commits. */
  async head(): Promise<string | undefined> {
    try {
      return (await this.git.revparse(["HEAD"])).trim();
    } catch {
      return undefined;
    }
  }

  /** Paths under `paths` with uncommitted changes (staged, unstaged or untracked), minus `ignore`. */
  async dirty(paths: readonly string[], ignore: readonly string[] = []): Promise<string[]> {
    // Ignored files count too: a model git ignores would be published yet be in no revision.
    const status = await this.git.raw([
      "status",
      "--porcelain",
      "--untracked-files=all",
      "--ignored=matching",
      "--",
      ...paths,
    ]);
    return status
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.slice(3))
      .filter((p) => !ignore.some((i) => p === i || p.endsWith(`/${i}`)));
  }

  /** Whether `path` is in the index (staged or committed), as `git ls-files` lists it. */
  async inIndex(path: string): Promise<boolean> {
    return (await this.git.raw(["ls-files", "--", path])).trim() !== "";
  }

  /** Every revision in the history of HEAD, newest first. */
  async revisions(): Promise<RevisionEntry[]> {
    if (!(await this.head())) return [];
    const sep = "\x1f";
    const end = "\x1e";
    const out = await this.git.raw([
      "log",
      `--grep=^${TRAILER_REVISION}: `,
      `--format=%H${sep}%cI${sep}%s${sep}%(trailers:key=${TRAILER_REVISION},valueonly,separator=,)${sep}%(trailers:key=${TRAILER_MODELS},valueonly,separator=,)${sep}%an${sep}%b${end}`,
      "HEAD",
    ]);
    const entries: RevisionEntry[] = [];
    for (const record of out.split(end)) {
      const [commit, date, subject, revision, models, author, body] = record.replace(/^\n/, "").split(sep);
      if (!commit || !revision?.trim()) continue;
      const plan =
        /^Plan: (\d+) to create, (\d+) to update, (\d+) to replace, (\d+) to archive, (\d+) to reactivate\.$/m.exec(
          body ?? "",
        );
      const partial = /^partial: (\d+) of (\d+) operations$/m.exec(body ?? "");
      const scope = /^Scope: (.+)$/m.exec(body ?? "");
      entries.push({
        revision: revision.trim(),
        commit,
        date: date ?? "",
        author: author ?? "",
        subject: subject ?? "",
        ...(models?.trim() ? { modelsCommit: models.trim() } : {}),
        ...(plan
          ? {
              counts: {
                create: Number(plan[1]),
                update: Number(plan[2]),
                replace: Number(plan[3]),
                archive: Number(plan[4]),
                reactivate: Number(plan[5]),
              },
            }
          : {}),
        ...(partial ? { partial: { done: Number(partial[1]), total: Number(partial[2]) } } : {}),
        ...(scope?.[1] ? { scope: scope[1].split(", ") } : {}),
      });
    }
    return entries;
  }

  /** The next revision id: one above every revision ever recorded here or in the state. */
  async nextRevision(stateRevision: string | null): Promise<string> {
    const numbers = (await this.revisions()).map((r) => revisionNumber(r.revision));
    if (stateRevision) numbers.push(revisionNumber(stateRevision));
    return formatRevision(Math.max(0, ...numbers) + 1);
  }

  /** A file's content at a commit, or undefined when it is not there. */
  async show(commit: string, path: string): Promise<string | undefined> {
    try {
      return await this.git.show([`${commit}:./${path}`]);
    } catch {
      return undefined;
    }
  }

  /** The bytes of a blob by its id (as text), or undefined when the repository does not hold it. */
  async blob(id: string): Promise<string | undefined> {
    try {
      return await this.git.raw(["cat-file", "blob", id]);
    } catch {
      return undefined;
    }
  }

  /** True when `path` (relative to the working directory, or absolute) is inside the repository, links followed. */
  holds(path: string): boolean {
    // Symbolic links are followed: a linked folder outside the repository is outside it.
    const full = resolve(this.cwd, path);
    const rel = relative(realpathSync(this.root), existsSync(full) ? realpathSync(full) : full);
    return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
  }

  /** Paths of the files under `dir` at a commit. */
  async filesAt(commit: string, dir: string): Promise<string[]> {
    const out = await this.git.raw(["ls-tree", "-r", "--name-only", commit, "--", dir]);
    return out.split("\n").filter((l) => l !== "");
  }

  /**
   * Commits exactly `paths` (additions, changes and deletions) with a message. When another git
   * process holds the repository's `index.lock` (or a ref's lock), each step is retried for a
   * few seconds. If the commit still fails (the lock stays, a full disk under .git, ...), the
   * files under `paths` are put back as they are at HEAD in the work tree, the index is reset
   * for them when it can be, and a PricingError says what happened: the work tree then
   * matches git, as if the command had not run. A file of `keepNew` that HEAD does not hold (a
   * first revision's state) is kept: on the Stripe backend it is the only record of what was
   * created, and the next apply records it as an interrupted revision.
   */
  async commit(paths: readonly string[], message: string, keepNew: readonly string[] = []): Promise<string> {
    const configured = (await this.git.raw(["config", "--get", "user.email"]).catch(() => "")).trim() !== "";
    const identity = configured
      ? []
      : ["-c", "user.name=adaptive-pricing", "-c", "user.email=adaptive-pricing@localhost"];
    let staged = false;
    try {
      await this.whenIndexFree(() => this.git.raw(["add", "--all", "--", ...paths]));
      staged = true;
      crashPoint("after-git-add");
      await this.whenIndexFree(() =>
        this.git.raw([...identity, "commit", "--quiet", "--no-verify", "-m", message, "--", ...paths]),
      );
    } catch (e) {
      const held = heldLockFile(e);
      const lockFile = held ? relative(this.cwd, resolve(this.cwd, held)) : "";
      const cause = held
        ? `another git process holds ${lockFile} (an editor, an IDE or another git command)`
        : `git could not commit (${gitProblem(e)})`;
      const list = paths.join(", ");
      const kept = new Set(
        keepNew.map((p) => relative(this.root, resolve(this.cwd, p)).split("\\").join("/")),
      );
      const left: string[] = [];
      const back = await this.restoreFromHead(paths, kept, left).then(
        () => true,
        () => false,
      );
      const unstaged =
        !staged ||
        (await this.git.raw(["reset", "--quiet", "--", ...paths]).then(
          () => true,
          () => false,
        ));
      // A git killed mid-write leaves its lock file behind for good: say how to tell and what to do.
      const after = held
        ? `when it has finished, run the command again (if no git process is running, a killed one left it: delete ${lockFile})`
        : "fix the cause and run the command again";
      const keeps =
        left.length > 0
          ? ` (${left.join(", ")}, which HEAD does not hold, keeps what was applied: the next apply or \`pricing recover\` records it)`
          : "";
      throw new PricingError(
        `${cause}: nothing was committed${back ? ` and ${list} ${paths.length === 1 ? "is" : "are"} back as at HEAD${keeps}` : `, and ${list} could not be put back as at HEAD (\`git checkout HEAD -- ${paths.join(" ")}\` does it)`}; ${after}${unstaged ? "" : ` (first \`git restore --staged ${paths.join(" ")}\`: the new content is still staged)`}`,
      );
    }
    crashPoint("after-commit");
    return (await this.git.revparse(["HEAD"])).trim();
  }

  /** Runs a git write, retrying with backoff while another git process holds a lock file. */
  private async whenIndexFree<T>(step: () => Promise<T>): Promise<T> {
    const budget = Number(process.env.PRICING_GIT_LOCK_WAIT_MS ?? INDEX_LOCK_WAIT_MS);
    const started = Date.now();
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        return await step();
      } catch (e) {
        if (!isGitLockBusy(e) || Date.now() - started + delay > budget) throw e;
        await sleep(delay);
      }
    }
  }

  /** Puts the files under `paths` back as at HEAD in the work tree only (no index write, no lock needed). */
  private async restoreFromHead(
    paths: readonly string[],
    kept: ReadonlySet<string> = new Set(),
    left: string[] = [],
  ): Promise<void> {
    const head = await this.head();
    const listed = head
      ? await this.git.raw(["ls-tree", "-r", "--name-only", "--full-name", "-z", head, "--", ...paths])
      : "";
    const atHead = new Set(listed.split("\0").filter((p) => p !== ""));
    for (const p of paths) {
      for (const file of filesUnder(resolve(this.cwd, p))) {
        const rel = relative(this.root, file).split("\\").join("/");
        if (atHead.has(rel)) continue;
        if (kept.has(rel)) left.push(relative(this.cwd, file));
        else rmSync(file, { force: true });
      }
    }
    for (const rel of atHead) {
      const content = await this.git.binaryCatFile(["blob", `${head}:${rel}`]);
      const target = resolve(this.root, rel);
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, content);
      renameSync(temp, target);
    }
  }
}

/** Every file under `path` (itself when it is a file); none when it does not exist. */
function filesUnder(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [];
  }
  if (!isDir) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** `stripe-rev-0007` to 7. */
export function revisionNumber(revision: string): number {
  const match = /^stripe-rev-(\d+)$/.exec(revision);
  return match ? Number(match[1]) : 0;
}

/** 7 to `stripe-rev-0007`. */
export function formatRevision(n: number): string {
  return `stripe-rev-${String(n).padStart(4, "0")}`;
}
