/**
 * `pricing comment`: posts or updates the one sticky plan comment of a pull request (CI), or,
 * with `--annotations`, turns `pricing validate --format json` into GitHub workflow annotations.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { PricingError } from "../../core/diagnostics/errors.js";
import { parseValidateOutput, toAnnotations } from "../../edge/github/annotations.js";
import { type ArtifactHint, stickyBody } from "../../edge/github/body.js";
import {
  checkRepository,
  DEFAULT_API_URL,
  type PullRequestTarget,
  pullRequestHead,
  pullRequestNumberOf,
  upsertStickyComment,
} from "../../edge/github/comment.js";
import type { Command, CommandContext } from "../context.js";

/** The artifact the workflow uploads the whole plan as, named in the note of a shortened comment. */
export const DEFAULT_ARTIFACT = "pricing-plan";

/** The comment command. */
export const commentCommand: Command = {
  name: "comment",
  summary: "CI: post or update the sticky plan comment of a pull request; --annotations for validate",
  usage:
    "pricing comment --body-file FILE|- [--pr N] [--head-sha SHA] [--artifact NAME] [--run-id N] [--author LOGIN] [--dry-run]\n" +
    "       pricing comment --annotations FILE|-",
  description:
    "Posts FILE (a plan from `pricing plan --format markdown`) as the pull request's plan comment, or edits the\n" +
    "comment already there: the one that starts with the hidden marker <!-- adaptive-pricing:plan --> AND was\n" +
    "written by the token's own user (GET /user; github-actions[bot] for the Actions GITHUB_TOKEN; --author for a\n" +
    "GitHub App), so each push updates one comment and nobody else's comment is ever taken for it. With\n" +
    "--head-sha, posts nothing when the pull request's head is no longer that commit (a newer run will).\n" +
    "Longer than GitHub's 65,536 characters, the plan is cut with a note naming the artifact that holds it whole\n" +
    "(in the run --run-id, default GITHUB_RUN_ID). Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL (default\n" +
    "https://api.github.com) and the pull request from --pr or the event at GITHUB_EVENT_PATH. The token is never\n" +
    "printed.\n" +
    "With --annotations FILE, posts nothing: prints the diagnostics of `pricing validate --format json` in FILE\n" +
    "as ::error file=F,line=L,col=C::MSG workflow annotations and exits 1 when any is an error.\n" +
    "Exit 0 done, 1 error.",
  options: [
    { name: "body-file", type: "string", value: "FILE", help: "the comment text; - reads standard input" },
    { name: "pr", type: "string", value: "N", help: "pull request number (default: from GITHUB_EVENT_PATH)" },
    {
      name: "head-sha",
      type: "string",
      value: "SHA",
      help: "the commit the plan was made for: post nothing if the pull request has moved on",
    },
    {
      name: "run-id",
      type: "string",
      value: "N",
      help: "the workflow run holding the artifact (default: GITHUB_RUN_ID)",
    },
    {
      name: "author",
      type: "string",
      value: "LOGIN",
      help: "the login the token comments as (default: GET /user, or github-actions[bot])",
    },
    {
      name: "artifact",
      type: "string",
      value: "NAME",
      help: `artifact holding the whole plan, named when the comment is cut (default: ${DEFAULT_ARTIFACT})`,
    },
    { name: "dry-run", type: "boolean", help: "print the comment body instead of posting it" },
    {
      name: "annotations",
      type: "string",
      value: "FILE",
      help: "print `pricing validate --format json` diagnostics (FILE or -) as workflow annotations",
    },
  ],
  offline: true,
  positionals: [],
  async run(ctx) {
    const annotations = ctx.args.annotations;
    if (typeof annotations === "string") {
      if (typeof ctx.args["body-file"] === "string")
        throw new PricingError("--annotations prints annotations and posts nothing: drop --body-file");
      const found = toAnnotations(
        parseValidateOutput(
          await readInput(ctx, annotations),
          annotations === "-" ? "standard input" : annotations,
        ),
      );
      ctx.stdout.write(found.text);
      return found.errors > 0 ? 1 : 0;
    }
    const bodyFile = ctx.args["body-file"];
    if (typeof bodyFile !== "string")
      throw new PricingError("--body-file FILE (or - for standard input) is required");
    const artifact = artifactHint(ctx);
    const sticky = stickyBody(await readInput(ctx, bodyFile), artifact);
    if (ctx.args["dry-run"] === true) {
      ctx.stdout.write(sticky.body);
      return 0;
    }
    const pr = target(ctx);
    const where = `${ctx.env.GITHUB_REPOSITORY}#${pr.pr}`;
    const headSha = ctx.args["head-sha"];
    if (typeof headSha === "string") {
      if (!/^[0-9a-f]{40}$/.test(headSha))
        throw new PricingError(`--head-sha must be a full commit id (40 hex digits), not "${headSha}"`);
      const head = await pullRequestHead(pr);
      if (head !== headSha) {
        ctx.stdout.write(
          `Not posted: ${where} has moved on to ${head.slice(0, 12)} since this plan of ${headSha.slice(0, 12)}; its own run posts its plan.\n`,
        );
        return 0;
      }
    }
    const result = await upsertStickyComment(pr, sticky.body);
    ctx.stdout.write(
      `${result.action === "created" ? "Created" : "Updated"} the plan comment on ${where}${result.url ? `: ${result.url}` : ""}\n`,
    );
    if (sticky.truncated) {
      ctx.stdout.write(
        `The plan (${sticky.originalLength} characters) was shortened to fit; the whole plan is the ${artifact.name} artifact.\n`,
      );
    }
    return 0;
  },
};

/** Everything the API call needs, from the environment and --pr; a clear message for what is missing. */
function target(ctx: CommandContext): PullRequestTarget {
  const token = ctx.env.GITHUB_TOKEN;
  if (!token)
    throw new PricingError("GITHUB_TOKEN is not set (in a workflow, pass the job token through env)");
  const repository = ctx.env.GITHUB_REPOSITORY;
  if (!repository) throw new PricingError("GITHUB_REPOSITORY is not set (owner/name of the repository)");
  const author = ctx.args.author;
  if (typeof author === "string" && !/^[A-Za-z0-9-]+(\[bot\])?$/.test(author))
    throw new PricingError(`--author must be a GitHub login, e.g. my-app[bot], not "${author}"`);
  return {
    apiUrl: ctx.env.GITHUB_API_URL || DEFAULT_API_URL,
    repository: checkRepository(repository),
    pr: prNumber(ctx),
    token,
    ...(typeof author === "string" ? { author } : {}),
  };
}

function prNumber(ctx: CommandContext): number {
  const given = ctx.args.pr;
  if (typeof given === "string") {
    if (!/^[1-9]\d{0,9}$/.test(given))
      throw new PricingError(`--pr must be a pull request number, not "${given}"`);
    return Number(given);
  }
  const eventPath = ctx.env.GITHUB_EVENT_PATH;
  if (!eventPath)
    throw new PricingError(
      "no pull request: pass --pr N or run in a pull_request workflow (GITHUB_EVENT_PATH)",
    );
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(resolve(ctx, eventPath), "utf8"));
  } catch (e) {
    throw new PricingError(
      `cannot read the event payload ${eventPath}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`,
    );
  }
  const n = pullRequestNumberOf(payload);
  if (n === undefined)
    throw new PricingError(`the event at ${eventPath} is not about a pull request: pass --pr N`);
  return n;
}

function artifactHint(ctx: CommandContext): ArtifactHint {
  const name = typeof ctx.args.artifact === "string" ? ctx.args.artifact : DEFAULT_ARTIFACT;
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY } = ctx.env;
  const given = ctx.args["run-id"];
  if (typeof given === "string" && !/^[1-9]\d{0,19}$/.test(given))
    throw new PricingError(`--run-id must be a workflow run id, not "${given}"`);
  const runId = typeof given === "string" ? given : ctx.env.GITHUB_RUN_ID;
  if (!runId || !/^\d+$/.test(runId) || !GITHUB_REPOSITORY) return { name };
  const server = (GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return { name, runUrl: `${server}/${GITHUB_REPOSITORY}/actions/runs/${runId}` };
}

/** A file's text (relative to the working directory), or standard input for `-`. */
async function readInput(ctx: CommandContext, file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return readFileSync(resolve(ctx, file), "utf8");
  } catch (e) {
    throw new PricingError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function resolve(ctx: CommandContext, file: string): string {
  return isAbsolute(file) ? file : join(ctx.cwd, file);
}
