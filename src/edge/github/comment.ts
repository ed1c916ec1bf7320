/**
 * GitHub at the IO edge: the sticky pull-request comment, kept up to date through the REST API
 * with the global `fetch`. One comment per pull request, found by its hidden marker *and* its
 * author (the token's own user), and edited in place on every push; never a new comment per
 * push. Anyone can write the marker into a comment of their own: such a comment is never
 * taken for ours (editing it would fail with 403 and the real plan would never show). The
 * token goes only into the
 * `Authorization` header: it is never part of a URL, a message or an error.
 *
 * Also here: reading the pull-request number from the Actions event payload. This folder must
 * not render plans or touch the models; it posts what it is given.
 */
import { PricingError } from "../../core/diagnostics/errors.js";
import { PLAN_MARKER } from "./body.js";

/** The default REST API base (GitHub.com); Enterprise Server sets `GITHUB_API_URL`. */
export const DEFAULT_API_URL = "https://api.github.com";

/** Page size of the comment listing (GitHub's maximum). */
const PER_PAGE = 100;
/** Pages read at most (10,000 comments) before giving up the search. */
const MAX_PAGES = 100;

/**
 * The login GitHub gives the comments made with an Actions `GITHUB_TOKEN`. Such an installation
 * token cannot read `GET /user` (403 "Resource not accessible by integration"), so this is who
 * it is; a personal token's user comes from `GET /user`.
 */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

/** Which pull request, where, and as whom. */
export interface PullRequestTarget {
  /** REST API base, without a trailing slash, e.g. `https://api.github.com`. */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly pr: number;
  readonly token: string;
  /**
   * The login whose comment is the sticky one: by default the token's user (`GET /user`), or
   * `github-actions[bot]` for an installation token. A GitHub App's token posts as
   * `<app-slug>[bot]`, which its installation token cannot look up: pass it here.
   */
  readonly author?: string;
}

/** What an upsert did. */
export interface UpsertResult {
  readonly action: "created" | "updated";
  readonly id: number;
  /** The comment's web address, when the API returned one. */
  readonly url?: string;
}

/** The `fetch` the client uses (injectable for tests; the global one by default). */
export type Fetch = typeof fetch;

/** A request to the GitHub API failed: the message names the call and the answer, on one line. */
export class GitHubApiError extends PricingError {
  override readonly name = "GitHubApiError";
}

/** One issue comment, as far as the upsert needs it. */
interface IssueComment {
  readonly id: number;
  readonly body: string;
  readonly user: { readonly login: string } | null;
  readonly html_url?: string;
}

/**
 * Finds the pull request's comment that starts with `marker` and was written by the token's
 * own user (reading every page of comments) and edits it to `body`, or posts `body` as a new
 * comment when there is none.
 */
export async function upsertStickyComment(
  target: PullRequestTarget,
  body: string,
  marker: string = PLAN_MARKER,
  fetchImpl: Fetch = fetch,
): Promise<UpsertResult> {
  const client = new GitHubClient(target, fetchImpl);
  const repo = repoPath(target.repository);
  const author = target.author ?? (await client.tokenUser());
  const existing = await client.findComment(`${repo}/issues/${target.pr}/comments`, marker, author);
  if (existing) {
    const updated = await client.send("PATCH", `${repo}/issues/comments/${existing.id}`, { body });
    return { action: "updated", ...commentRef(updated, existing.id) };
  }
  const created = await client.send("POST", `${repo}/issues/${target.pr}/comments`, { body });
  return { action: "created", ...commentRef(created, undefined) };
}

/**
 * The head commit of a pull request (`GET /repos/{owner}/{name}/pulls/{n}`), to check that a
 * plan made for one commit is not posted once the pull request has moved on.
 */
export async function pullRequestHead(target: PullRequestTarget, fetchImpl: Fetch = fetch): Promise<string> {
  const client = new GitHubClient(target, fetchImpl);
  const path = `${repoPath(target.repository)}/pulls/${target.pr}`;
  const answer = await client.send("GET", path);
  const head = isRecord(answer) && isRecord(answer.head) ? answer.head.sha : undefined;
  if (typeof head !== "string")
    throw new GitHubApiError(`GitHub API GET ${path}: no head commit in the answer`);
  return head;
}

/**
 * The pull-request number of an Actions event payload (the file at `GITHUB_EVENT_PATH`):
 * `pull_request.number`, the top-level `number`, or `issue.number`; undefined when none is there.
 */
export function pullRequestNumberOf(payload: unknown): number | undefined {
  if (!isRecord(payload)) return undefined;
  const pr = isRecord(payload.pull_request) ? payload.pull_request.number : undefined;
  const issue = isRecord(payload.issue) ? payload.issue.number : undefined;
  for (const candidate of [pr, payload.number, issue]) {
    if (typeof candidate === "number" && Number.isInteger(candidate) && candidate > 0) return candidate;
  }
  return undefined;
}

/** Checks `owner/name`, so it can go into a path. */
export function checkRepository(repository: string): string {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new PricingError(`GITHUB_REPOSITORY must be "owner/name", not "${repository}"`);
  }
  return repository;
}

function repoPath(repository: string): string {
  const [owner = "", name = ""] = checkRepository(repository).split("/");
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

function commentRef(answer: unknown, fallbackId: number | undefined): { id: number; url?: string } {
  const id = isRecord(answer) && typeof answer.id === "number" ? answer.id : fallbackId;
  if (id === undefined) throw new GitHubApiError("GitHub API answered without a comment id");
  const url = isRecord(answer) && typeof answer.html_url === "string" ? answer.html_url : undefined;
  return url ? { id, url } : { id };
}

/** A minimal REST client: JSON in, JSON out, one-line errors, the token never shown. */
class GitHubClient {
  private readonly base: string;
  constructor(
    private readonly target: PullRequestTarget,
    private readonly fetchImpl: Fetch,
  ) {
    this.base = target.apiUrl.replace(/\/+$/, "");
  }

  /**
   * The login of the token's user: `GET /user`, or for an installation token, which may not
   * read it (403), the Actions bot.
   */
  async tokenUser(): Promise<string> {
    const answer = await this.send("GET", "/user", undefined, [403]);
    if (answer instanceof ErrorAnswer) {
      if (/not accessible by integration/i.test(answer.message)) return ACTIONS_BOT_LOGIN;
      throw new GitHubApiError(
        this.redact(
          `GitHub API GET /user answered 403: ${answer.message} (cannot tell which comment is ours: pass --author LOGIN)`,
        ),
      );
    }
    if (isRecord(answer) && typeof answer.login === "string" && answer.login !== "") return answer.login;
    throw new GitHubApiError("GitHub API GET /user answered without a login");
  }

  /**
   * The first comment (oldest first) by `author` whose body starts with `marker`, reading page
   * after page. Logins compare without case, as GitHub's do.
   */
  async findComment(path: string, marker: string, author: string): Promise<IssueComment | undefined> {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.send("GET", `${path}?per_page=${PER_PAGE}&page=${page}`);
      if (!Array.isArray(answer))
        throw new GitHubApiError(`GitHub API GET ${path}: expected a list of comments`);
      const comments = answer.filter(isIssueComment);
      const found = comments.find(
        (c) => c.user?.login.toLowerCase() === author.toLowerCase() && c.body.startsWith(marker),
      );
      if (found) return found;
      if (answer.length < PER_PAGE) return undefined;
    }
    return undefined;
  }

  /**
   * Sends one request; resolves to the parsed JSON answer (undefined when empty), or to an
   * {@link ErrorAnswer} when the answer's status is one of `tolerated`.
   */
  async send(
    method: "GET" | "POST" | "PATCH",
    path: string,
    json?: unknown,
    tolerated: readonly number[] = [],
  ): Promise<unknown> {
    const shown = `${method} ${path.replace(/\?.*$/, "")}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: {
          Accept: "application/vnd.github+json",
          Authorization: `Bearer ${this.target.token}`,
          "User-Agent": "adaptive-pricing",
          "X-GitHub-Api-Version": "2022-11-28",
          ...(json === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    } catch (e) {
      throw new GitHubApiError(
        this.redact(`cannot reach the GitHub API at ${this.base} (${shown}): ${cause(e)}`),
      );
    }
    const text = await response.text();
    if (tolerated.includes(response.status)) return new ErrorAnswer(response.status, apiMessage(text));
    if (!response.ok) {
      const detail = apiMessage(text);
      throw new GitHubApiError(
        this.redact(
          `GitHub API ${shown} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${detail ? `: ${detail}` : ""}${hint(response.status)}`,
        ),
      );
    }
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new GitHubApiError(
        `GitHub API ${shown} answered ${response.status} with a body that is not JSON`,
      );
    }
  }

  private redact(message: string): string {
    const token = this.target.token;
    return token === "" ? message : message.split(token).join("***");
  }
}

/** What {@link GitHubClient.send} resolves to for a tolerated error status. */
class ErrorAnswer {
  constructor(
    readonly status: number,
    /** GitHub's `message`, on one line. */
    readonly message: string,
  ) {}
}

function hint(status: number): string {
  if (status === 401) return " (is GITHUB_TOKEN valid?)";
  if (status === 403 || status === 404)
    return " (does the token have pull-requests: write? pull requests from forks get a read-only token)";
  return "";
}

/** The `message` of a GitHub error answer, or the start of the text, on one line. */
function apiMessage(text: string): string {
  let message = text;
  try {
    const data = JSON.parse(text) as unknown;
    if (isRecord(data) && typeof data.message === "string") message = data.message;
  } catch {
    // not JSON: show the text itself
  }
  const line = message.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function cause(e: unknown): string {
  if (e instanceof Error) {
    const inner = (e as Error & { cause?: unknown }).cause;
    if (inner instanceof Error) return (inner as NodeJS.ErrnoException).code ?? inner.message;
    return e.message;
  }
  return String(e);
}

function isIssueComment(v: unknown): v is IssueComment {
  return (
    isRecord(v) &&
    typeof v.id === "number" &&
    typeof v.body === "string" &&
    (v.user === null || (isRecord(v.user) && typeof v.user.login === "string"))
  );
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
