/** `pricing recover`: record the revision an interrupted apply wrote to the state file but never committed. */
import { guardWrite } from "../../app/guard.js";
import { recoverInterrupted } from "../../app/recover.js";
import type { Command } from "../context.js";
import { loadModelsOrReport, recoveredLine } from "../report.js";

/** The recover command. */
export const recoverCommand: Command = {
  name: "recover",
  summary: "record the revision an interrupted apply left uncommitted in the state file",
  usage: "pricing recover",
  description:
    "An apply killed (or crashed) after writing the state file and before its commit leaves the state file\n" +
    "modified, or untracked on a first apply. recover tells that from a hand edit by its content (a valid state of\n" +
    "the same lineage, a higher serial, a revision id no commit carries), reconciles it with the backend (objects\n" +
    "the interrupted run made after its last checkpoint are adopted by their metadata, meters by event name) and\n" +
    "commits it as that revision. It writes nothing to the backend and publishes nothing more: `pricing apply`\n" +
    "does the same first, then publishes what is left. A hand-edited state is refused with the command that\n" +
    "restores it.\n" +
    "Exit 0 recorded or nothing to recover, 1 error.",
  options: [],
  positionals: [],
  async run(ctx) {
    const models = loadModelsOrReport(ctx);
    if (!models) return 1;
    const guard = await guardWrite(ctx.workspace, true, { recover: true });
    try {
      const recovered = await recoverInterrupted(ctx.workspace, guard, models);
      ctx.stdout.write(
        recovered
          ? recoveredLine(ctx, recovered)
          : `Nothing to recover: ${ctx.workspace.state} is committed as it is.\n`,
      );
      return 0;
    } finally {
      guard.lock.release();
    }
  },
};
