/**
 * A fake of the few GitHub REST endpoints `pricing comment` uses (who the token is, a pull
 * request's head, list, create and edit issue comments), on a loopback port, for tests: it
 * records every request and keeps comments in memory. Not used by the tool itself.
 *
 * Like GitHub: `GET /user` answers 403 "Resource not accessible by integration" for an
 * installation token (the Actions `GITHUB_TOKEN`, whose comments are by `github-actions[bot]`),
 * and the token's user for a personal token (`userLogin` set); comments carry their author as
 * `user.login`; only a comment's author may edit it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/repos/o/r/issues/5/comments?per_page=100&page=1`. */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** The login GitHub shows for comments made with an Actions `GITHUB_TOKEN`. */
export const ACTIONS_BOT = "github-actions[bot]";

/** A stored issue comment. */
export interface FakeComment {
  readonly id: number;
  readonly issue: number;
  /** `user.login` of the comment. */
  readonly author: string;
  body: string;
}

/** A running fake. */
export interface FakeGitHub {
  /** `http://127.0.0.1:PORT`, for `GITHUB_API_URL`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly comments: FakeComment[];
  /** The token the fake accepts; any other answers 401. */
  readonly token: string;
  /** When set, every request answers this status with a GitHub-style error message. */
  failWith: { readonly status: number; readonly message: string } | undefined;
  /** The token's user for a personal token; undefined: an installation token (`GITHUB_TOKEN`). */
  userLogin: string | undefined;
  /** What `GET /user` answers with 403 when `userLogin` is undefined (GitHub's words by default). */
  userForbidden: string;
  /** Head commit of each pull request, for `GET /repos/{repo}/pulls/{n}`. */
  readonly heads: Map<number, string>;
  /** Adds a comment, as if `author` (by default the Actions bot) had posted it. */
  seed(issue: number, body: string, author?: string): FakeComment;
  close(): Promise<void>;
}

/** Starts a fake GitHub API for `repository` on 127.0.0.1, port 0. */
export async function startFakeGitHub(repository: string, token = "ghs_test_token"): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const comments: FakeComment[] = [];
  let nextId = 1000;
  const prefix = `/repos/${repository}/issues/`;
  const fake: FakeGitHub = {
    url: "",
    requests,
    comments,
    token,
    failWith: undefined,
    userLogin: undefined,
    userForbidden: "Resource not accessible by integration",
    heads: new Map(),
    seed(issue, body, author = ACTIONS_BOT) {
      const comment = { id: nextId++, issue, author, body };
      comments.push(comment);
      return comment;
    },
    close: async () => undefined,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = req.url ?? "/";
    requests.push({ method: req.method ?? "", url, authorization: req.headers.authorization, body });
    const send = (status: number, data: unknown): void => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(data));
    };
    if (fake.failWith) return send(fake.failWith.status, { message: fake.failWith.message });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: "Bad credentials" });
    const { pathname, searchParams } = new URL(url, "http://fake");
    const view = (c: FakeComment) => ({
      id: c.id,
      body: c.body,
      user: { login: c.author, type: c.author.endsWith("[bot]") ? "Bot" : "User" },
      html_url: `https://github.test/${repository}/pull/${c.issue}#issuecomment-${c.id}`,
    });
    const me = fake.userLogin ?? ACTIONS_BOT;
    if (pathname === "/user" && req.method === "GET") {
      if (fake.userLogin === undefined)
        return send(403, {
          message: fake.userForbidden,
          documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
          status: "403",
        });
      return send(200, { login: fake.userLogin, type: "User" });
    }
    const pull = new RegExp(`^/repos/${repository}/pulls/(\\d+)$`).exec(pathname);
    if (pull && req.method === "GET") {
      const sha = fake.heads.get(Number(pull[1]));
      if (sha === undefined) return send(404, { message: "Not Found" });
      return send(200, { number: Number(pull[1]), state: "open", head: { sha } });
    }
    if (!pathname.startsWith(prefix)) return send(404, { message: "Not Found" });
    const rest = pathname.slice(prefix.length);
    const list = /^(\d+)\/comments$/.exec(rest);
    const edit = /^comments\/(\d+)$/.exec(rest);
    if (list && req.method === "GET") {
      const perPage = Number(searchParams.get("per_page") ?? "30");
      const page = Number(searchParams.get("page") ?? "1");
      const all = comments.filter((c) => c.issue === Number(list[1]));
      return send(200, all.slice((page - 1) * perPage, page * perPage).map(view));
    }
    if (list && req.method === "POST") {
      return send(201, view(fake.seed(Number(list[1]), (JSON.parse(body) as { body: string }).body, me)));
    }
    if (edit && req.method === "PATCH") {
      const comment = comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return send(404, { message: "Not Found" });
      // GitHub: an integration may not edit someone else's comment.
      if (comment.author.toLowerCase() !== me.toLowerCase())
        return send(403, { message: "Resource not accessible by integration" });
      comment.body = (JSON.parse(body) as { body: string }).body;
      return send(200, view(comment));
    }
    return send(404, { message: "Not Found" });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(JSON.stringify({ message: e instanceof Error ? e.message : String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
