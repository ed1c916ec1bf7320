/**
 * `pricing comment` against a fake GitHub API on a loopback port: the sticky comment is created
 * once, then found by its marker and its author, the token's own user (on any page), and
 * edited; anyone else's comment carrying the marker is left alone; long plans are cut with a
 * note; API failures end in one clear line and exit 1, never showing the token.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS_BOT, type FakeGitHub, startFakeGitHub } from "../../../test/helpers/github.js";
import { main } from "../../cli/main.js";
import { COMMENT_LIMIT, PLAN_MARKER } from "./body.js";

const REPO = "acme/pricing";
const TOKEN = "ghs_secret_token_value";
const PLAN =
  "### Pricing plan\n\n**Plan: 0 to create, 0 to update, 1 to replace, 0 to archive, 0 to reactivate.**\n";

let github: FakeGitHub;
let dir: string;

beforeEach(async () => {
  github = await startFakeGitHub(REPO, TOKEN);
  dir = mkdtempSync(join(tmpdir(), "pricing-comment-"));
  writeFileSync(join(dir, "plan.md"), PLAN);
});

afterEach(async () => {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(["comment", ...argv], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO, ...env },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

describe("pricing comment", () => {
  it("creates the comment, with the marker, when the pull request has none", async () => {
    github.seed(7, "LGTM");
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created the plan comment on acme\/pricing#7: https:\/\/github\.test\//);
    const posts = github.requests.filter((q) => q.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe("/repos/acme/pricing/issues/7/comments");
    expect(github.comments.map((c) => c.body)).toEqual(["LGTM", `${PLAN_MARKER}\n${PLAN}`]);
  });

  it("sends the token as a bearer Authorization header on every request, and never prints it", async () => {
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(github.requests.length).toBeGreaterThanOrEqual(2);
    for (const q of github.requests) {
      expect(q.authorization).toBe(`Bearer ${TOKEN}`);
      expect(q.url).not.toContain(TOKEN);
    }
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it("edits the marked comment instead of adding one, and leaves the others alone", async () => {
    github.seed(7, "first review");
    const sticky = github.seed(7, `${PLAN_MARKER}\nold plan\n`);
    github.seed(7, "another review");
    github.seed(8, `${PLAN_MARKER}\nthe plan of another pull request\n`);
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Updated the plan comment on acme/pricing#7");
    expect(github.requests.filter((q) => q.method === "POST")).toHaveLength(0);
    const patches = github.requests.filter((q) => q.method === "PATCH");
    expect(patches.map((q) => q.url)).toEqual([`/repos/acme/pricing/issues/comments/${sticky.id}`]);
    expect(github.comments.map((c) => c.body)).toEqual([
      "first review",
      `${PLAN_MARKER}\n${PLAN}`,
      "another review",
      `${PLAN_MARKER}\nthe plan of another pull request\n`,
    ]);
  });

  it("finds the marked comment on the second page of 100", async () => {
    for (let i = 0; i < 100; i++) github.seed(7, `comment ${i}`);
    const sticky = github.seed(7, `${PLAN_MARKER}\nold plan\n`);
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.code).toBe(0);
    const gets = github.requests.filter((q) => q.method === "GET").map((q) => q.url);
    expect(gets).toEqual([
      "/user",
      "/repos/acme/pricing/issues/7/comments?per_page=100&page=1",
      "/repos/acme/pricing/issues/7/comments?per_page=100&page=2",
    ]);
    expect(github.comments.find((c) => c.id === sticky.id)?.body).toBe(`${PLAN_MARKER}\n${PLAN}`);
    expect(github.comments).toHaveLength(101);
  });

  it("never takes a pull request author's comment carrying the marker for its own", async () => {
    const spoof = `${PLAN_MARKER}\n### Pricing plan\n\n**No changes.**\n`;
    github.seed(7, spoof, "mallory");
    github.seed(7, `quoting: ${PLAN_MARKER}`, "mallory");
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Created the plan comment");
    expect(github.requests.filter((q) => q.method === "PATCH")).toHaveLength(0);
    expect(github.comments.map((c) => [c.author, c.body])).toEqual([
      ["mallory", spoof],
      ["mallory", `quoting: ${PLAN_MARKER}`],
      [ACTIONS_BOT, `${PLAN_MARKER}\n${PLAN}`],
    ]);
    // The next push edits the bot's comment, still not the spoof.
    writeFileSync(join(dir, "plan.md"), "second plan\n");
    expect((await run(["--body-file", "plan.md", "--pr", "7"])).code).toBe(0);
    expect(github.comments.map((c) => c.body)).toEqual([
      spoof,
      `quoting: ${PLAN_MARKER}`,
      `${PLAN_MARKER}\nsecond plan\n`,
    ]);
  });

  it("asks GitHub who a personal token is, and edits only that user's comment", async () => {
    github.userLogin = "Pricing-Bot";
    github.seed(7, `${PLAN_MARKER}\nby the Actions bot\n`, ACTIONS_BOT);
    const mine = github.seed(7, `${PLAN_MARKER}\nold plan\n`, "pricing-bot");
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.code).toBe(0);
    expect(github.requests[0]?.url).toBe("/user");
    expect(github.requests.filter((q) => q.method === "PATCH").map((q) => q.url)).toEqual([
      `/repos/acme/pricing/issues/comments/${mine.id}`,
    ]);
    expect(github.comments[0]?.body).toBe(`${PLAN_MARKER}\nby the Actions bot\n`);
  });

  it("does not guess whose comment is ours when GET /user is refused for another reason", async () => {
    github.userForbidden =
      "Although you appear to have the correct authorization credentials, SAML SSO is enforced";
    github.seed(7, `${PLAN_MARKER}\nold plan\n`);
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: GitHub API GET \/user answered 403: .*SAML SSO.* pass --author LOGIN\)\n$/,
    );
    expect(github.requests.map((q) => q.url)).toEqual(["/user"]);
  });

  it("takes the author from --author (a GitHub App's bot) without asking", async () => {
    github.userLogin = "my-app[bot]";
    const mine = github.seed(7, `${PLAN_MARKER}\nold plan\n`, "my-app[bot]");
    const r = await run(["--body-file", "plan.md", "--pr", "7", "--author", "my-app[bot]"]);
    expect(r.code).toBe(0);
    expect(github.requests.map((q) => q.url)).not.toContain("/user");
    expect(github.comments.find((c) => c.id === mine.id)?.body).toBe(`${PLAN_MARKER}\n${PLAN}`);
    const bad = await run(["--body-file", "plan.md", "--pr", "7", "--author", "a b"]);
    expect(bad.stderr).toMatch(/^error: --author must be a GitHub login/);
  });

  it("with --head-sha, posts only while the pull request's head is that commit", async () => {
    const old = "a".repeat(40);
    const now = "b".repeat(40);
    github.heads.set(7, now);
    const stale = await run(["--body-file", "plan.md", "--pr", "7", "--head-sha", old]);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toBe(
      "Not posted: acme/pricing#7 has moved on to bbbbbbbbbbbb since this plan of aaaaaaaaaaaa; its own run posts its plan.\n",
    );
    expect(github.comments).toHaveLength(0);
    const current = await run(["--body-file", "plan.md", "--pr", "7", "--head-sha", now]);
    expect(current.code).toBe(0);
    expect(github.comments.map((c) => c.body)).toEqual([`${PLAN_MARKER}\n${PLAN}`]);
    const bad = await run(["--body-file", "plan.md", "--pr", "7", "--head-sha", "main"]);
    expect(bad.stderr).toMatch(/^error: --head-sha must be a full commit id/);
  });

  it("names the run given by --run-id as the one holding the artifact", async () => {
    writeFileSync(join(dir, "plan.md"), "x\n".repeat(40_000));
    const r = await run(["--body-file", "plan.md", "--pr", "7", "--run-id", "99"], {
      GITHUB_RUN_ID: "4242",
      GITHUB_SERVER_URL: "https://github.com",
    });
    expect(r.code).toBe(0);
    expect(github.comments[0]?.body).toContain(
      "[this workflow run](https://github.com/acme/pricing/actions/runs/99)",
    );
  });

  it("keeps one comment over several pushes", async () => {
    for (const plan of ["first plan\n", "second plan\n", "third plan\n"]) {
      writeFileSync(join(dir, "plan.md"), plan);
      expect((await run(["--body-file", "plan.md", "--pr", "7"])).code).toBe(0);
    }
    expect(github.comments.map((c) => c.body)).toEqual([`${PLAN_MARKER}\nthird plan\n`]);
  });

  it("reads the pull request number from the event payload", async () => {
    writeFileSync(join(dir, "event.json"), JSON.stringify({ number: 12, pull_request: { number: 12 } }));
    const r = await run(["--body-file", "plan.md"], { GITHUB_EVENT_PATH: join(dir, "event.json") });
    expect(r.code).toBe(0);
    expect(github.comments.map((c) => c.issue)).toEqual([12]);
  });

  it("shortens a plan over 65,536 characters, closes its code block and points at the artifact", async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `! unit_amount: ${i} -> ${i + 1}`);
    const long = `### Pricing plan\n\n<details>\n<summary>replace</summary>\n\n\`\`\`diff\n${rows.join("\n")}\n\`\`\`\n\n</details>\n`;
    expect(long.length).toBeGreaterThan(COMMENT_LIMIT);
    writeFileSync(join(dir, "plan.md"), long);
    const r = await run(["--body-file", "plan.md", "--pr", "7", "--artifact", "pricing-plan"], {
      GITHUB_RUN_ID: "4242",
      GITHUB_SERVER_URL: "https://github.com",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("shortened");
    const body = github.comments[0]?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 1000);
    expect(body.startsWith(`${PLAN_MARKER}\n### Pricing plan\n`)).toBe(true);
    expect(body).toContain(
      "The whole plan is the `pricing-plan` artifact of [this workflow run](https://github.com/acme/pricing/actions/runs/4242).",
    );
    expect(body.match(/^```/gm)).toHaveLength(2);
    expect(body).toMatch(/\n```\n\n<\/details>\n\n---\n/);
    expect(body).not.toContain("! unit_amount: 3999 -> 4000");
  });

  it("prints the body without calling the API with --dry-run", async () => {
    const r = await run(["--body-file", "plan.md", "--dry-run"], { GITHUB_TOKEN: "" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${PLAN_MARKER}\n${PLAN}`);
    expect(github.requests).toHaveLength(0);
  });

  it("ends in one clear line and exit 1 when the API refuses", async () => {
    github.failWith = { status: 403, message: `Resource not accessible by integration ${TOKEN}` };
    const r = await run(["--body-file", "plan.md", "--pr", "7"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).toMatch(
      /^error: GitHub API GET \/repos\/acme\/pricing\/issues\/7\/comments answered 403 Forbidden: Resource not accessible by integration \*\*\* \(/,
    );
    expect(r.stderr).not.toContain(TOKEN);
  });

  it("names a bad token as such", async () => {
    const r = await run(["--body-file", "plan.md", "--pr", "7"], { GITHUB_TOKEN: "wrong" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/answered 401 Unauthorized: Bad credentials \(is GITHUB_TOKEN valid\?\)\n$/);
    expect(github.comments).toHaveLength(0);
  });

  it("ends in one clear line when the API cannot be reached", async () => {
    const url = github.url;
    await github.close();
    const r = await run(["--body-file", "plan.md", "--pr", "7"], { GITHUB_API_URL: url });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot reach the GitHub API at ${url} (GET /user): ECONNREFUSED\n`);
    github = await startFakeGitHub(REPO, TOKEN);
  });

  it.each([
    [["--body-file", "plan.md", "--pr", "7"], { GITHUB_TOKEN: "" }, /^error: GITHUB_TOKEN is not set/],
    [
      ["--body-file", "plan.md", "--pr", "7"],
      { GITHUB_REPOSITORY: "" },
      /^error: GITHUB_REPOSITORY is not set/,
    ],
    [["--body-file", "plan.md", "--pr", "x"], {}, /^error: --pr must be a pull request number, not "x"/],
    [["--body-file", "plan.md"], {}, /^error: no pull request: pass --pr N/],
    [["--body-file", "missing.md", "--pr", "7"], {}, /^error: cannot read missing\.md: ENOENT/],
    [["--pr", "7"], {}, /^error: --body-file FILE/],
  ] as const)("refuses %j with %j before any request", async (argv, env, message) => {
    const r = await run(argv, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(github.requests).toHaveLength(0);
  });
});

describe("pricing comment --annotations", () => {
  it("turns validate's JSON into workflow annotations and exits 1 on errors", async () => {
    const validate = {
      valid: false,
      models: [],
      diagnostics: [
        {
          file: "models/a.yaml",
          line: 3,
          column: 7,
          severity: "error",
          message: 'amount must be a number: found "8,99"\n100% wrong',
        },
        { file: "models/b.yaml", line: 1, column: 1, severity: "warning", message: "unused" },
      ],
    };
    writeFileSync(join(dir, "validate.json"), JSON.stringify(validate));
    const r = await run(["--annotations", "validate.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '::error file=models/a.yaml,line=3,col=7,title=pricing validate::amount must be a number: found "8,99"%0A100%25 wrong\n' +
        "::warning file=models/b.yaml,line=1,col=1,title=pricing validate::unused\n",
    );
    expect(github.requests).toHaveLength(0);
  });

  it("prints nothing and exits 0 for valid models", async () => {
    writeFileSync(join(dir, "validate.json"), JSON.stringify({ valid: true, models: [], diagnostics: [] }));
    const r = await run(["--annotations", "validate.json"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("refuses input that is not validate's JSON", async () => {
    writeFileSync(join(dir, "validate.json"), "models/a.yaml:3:7 error nope\n");
    const r = await run(["--annotations", "validate.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: validate\.json is not the JSON of `pricing validate --format json`/);
  });
});
