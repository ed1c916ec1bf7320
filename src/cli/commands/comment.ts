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
    "pricing comment --body-file FILE|- [--pr N] [--artifact NAME] [--dry-run]\n" +
    "       pricing comment --annotations FILE|-",
  description:
    "Posts FILE (a plan from `pricing plan --format markdown`) as the pull request's plan comment, or edits the\n" +
    "comment already there: it is found by the hidden marker <!-- adaptive-pricing:plan -->, so each push updates\n" +
    "one comment. Longer than GitHub's 65,536 characters, the plan is cut with a note naming the artifact that\n" +
    "holds it whole. Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL (default https://api.github.com) and\n" +
    "the pull request from --pr or the event at GITHUB_EVENT_PATH. The token is never printed.\n" +
    "With --annotations FILE, posts nothing: prints the diagnostics of `pricing validate --format json` in FILE\n" +
    "as ::error file=F,line=L,col=C::MSG workflow annotations and exits 1 when any is an error.\n" +
    "Exit 0 done, 1 error.",
  options: [
    { name: "body-file", type: "string", value: "FILE", help: "the comment text; - reads standard input" },
    { name: "pr", type: "string", value: "N", help: "pull request number (default: from GITHUB_EVENT_PATH)" },
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
    const result = await upsertStickyComment(target(ctx), sticky.body);
    const where = `${ctx.env.GITHUB_REPOSITORY}#${prNumber(ctx)}`;
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
  return {
    apiUrl: ctx.env.GITHUB_API_URL || DEFAULT_API_URL,
    repository: checkRepository(repository),
    pr: prNumber(ctx),
    token,
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
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = ctx.env;
  if (!GITHUB_RUN_ID || !GITHUB_REPOSITORY) return { name };
  const server = (GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return { name, runUrl: `${server}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` };
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
