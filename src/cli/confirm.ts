/**
 * Terraform's convention for commands that change the backend: on a terminal, show the plan
 * and proceed only when the person types `yes`; `--auto-approve`, CI (`CI=true`) or no one to
 * ask (no terminal on stdin) skip the question.
 */
import type { Plan } from "../core/plan/types.js";
import type { CommandContext } from "./context.js";
import { renderPlan } from "./report.js";

/** True to go ahead: approved, or nothing to ask. Writes the plan and the question first. */
export async function approved(ctx: CommandContext, plan: Plan): Promise<boolean> {
  const ask = ctx.ask;
  // A saved plan was reviewed when it was saved (`plan --out`), as Terraform applies one unasked.
  const saved = typeof ctx.args.plan === "string";
  // Whether someone can answer is a matter of stdin (Terraform's rule): `apply | tee log` and
  // `apply > out.txt` ask too, the plan and question then on stderr so the output stays clean.
  if (saved || ctx.args["auto-approve"] === true || ctx.env.CI === "true" || !ask) return true;
  // A person reads the plan before answering: JSON output is for what comes after.
  const shown =
    ctx.options.format === "json" ? { ...ctx, options: { ...ctx.options, format: "text" as const } } : ctx;
  (ctx.stdout.isTTY === true ? ctx.stdout : ctx.stderr).write(renderPlan(shown, plan));
  const answer = await ask(
    "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
  );
  if (answer.trim() === "yes") return true;
  ctx.stderr.write("error: cancelled; nothing was written\n");
  return false;
}

/** The option that skips the question. */
export const AUTO_APPROVE = {
  name: "auto-approve",
  type: "boolean",
  help: "skip the confirmation a terminal gets (CI and non-interactive runs never ask)",
} as const;
