/**
 * Revisions as git commits, at the IO edge (simple-git): each publish is one commit touching
 * the state with a `Pricing-Revision` trailer; history and rollback read them back. History
 * is never rewritten.
 */
import { type SimpleGit, simpleGit } from "simple-git";
import { PricingError } from "../../core/diagnostics/errors.js";

/** The trailer naming a commit's revision. */
export const TRAILER_REVISION = "Pricing-Revision";
/** The trailer naming the commit whose models a revision was built from. */
export const TRAILER_MODELS = "Pricing-Models-Commit";

/** One published revision. */
export interface RevisionEntry {
  readonly revision: string;
  readonly commit: string;
  readonly date: string;
  readonly subject: string;
  readonly modelsCommit?: string;
}

/** A git work tree the tool publishes into. */
export class Repo {
  private constructor(
    private readonly git: SimpleGit,
    /** Absolute path of the work tree's top. */
    readonly root: string,
  ) {}

  /** Opens the repository that holds `cwd`; a one-line error when there is none. */
  static async open(cwd: string): Promise<Repo> {
    const git = simpleGit({ baseDir: cwd });
    let root: string;
    try {
      root = (await git.revparse(["--show-toplevel"])).trim();
    } catch {
      throw new PricingError(
        `${cwd} is not inside a git repository: run \`git init\` (revisions are git commits), or pass --no-commit`,
      );
    }
    return new Repo(simpleGit({ baseDir: cwd }), root);
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
    const status = await this.git.raw(["status", "--porcelain", "--untracked-files=all", "--", ...paths]);
    return status
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => l.slice(3))
      .filter((p) => !ignore.some((i) => p === i || p.endsWith(`/${i}`)));
  }

  /** Every revision in the history of HEAD, newest first. */
  async revisions(): Promise<RevisionEntry[]> {
    if (!(await this.head())) return [];
    const sep = "\x1f";
    const out = await this.git.raw([
      "log",
      `--grep=^${TRAILER_REVISION}: `,
      `--format=%H${sep}%cI${sep}%s${sep}%(trailers:key=${TRAILER_REVISION},valueonly,separator=,)${sep}%(trailers:key=${TRAILER_MODELS},valueonly,separator=,)`,
      "HEAD",
    ]);
    const entries: RevisionEntry[] = [];
    for (const line of out.split("\n")) {
      const [commit, date, subject, revision, models] = line.split(sep);
      if (!commit || !revision?.trim()) continue;
      entries.push({
        revision: revision.trim(),
        commit,
        date: date ?? "",
        subject: subject ?? "",
        ...(models?.trim() ? { modelsCommit: models.trim() } : {}),
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

  /** Paths of the files under `dir` at a commit. */
  async filesAt(commit: string, dir: string): Promise<string[]> {
    const out = await this.git.raw(["ls-tree", "-r", "--name-only", commit, "--", dir]);
    return out.split("\n").filter((l) => l !== "");
  }

  /** Commits exactly `paths` (additions, changes and deletions) with a message. */
  async commit(paths: readonly string[], message: string): Promise<string> {
    await this.git.raw(["add", "--all", "--", ...paths]);
    const configured = (await this.git.raw(["config", "--get", "user.email"]).catch(() => "")).trim() !== "";
    const identity = configured
      ? []
      : ["-c", "user.name=adaptive-pricing", "-c", "user.email=adaptive-pricing@localhost"];
    await this.git.raw([...identity, "commit", "--quiet", "--no-verify", "-m", message, "--", ...paths]);
    return (await this.git.revparse(["HEAD"])).trim();
  }
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
