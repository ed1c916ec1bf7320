/** The command table, in the order `pricing help` lists them. */
import type { Command, RawCommand } from "../context.js";
import { applyCommand } from "./apply.js";
import { commentCommand } from "./comment.js";
import { completionCommand } from "./completion.js";
import { driftCommand } from "./drift.js";
import { emulatorCommand } from "./emulator.js";
import { fmtCommand } from "./fmt.js";
import { historyCommand } from "./history.js";
import { impactCommand } from "./impact.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { planCommand } from "./plan.js";
import { recoverCommand } from "./recover.js";
import { rollbackCommand } from "./rollback.js";
import { validateCommand } from "./validate.js";
import { watchCommand } from "./watch.js";

/** Every `pricing` command. */
export const commands: readonly (Command | RawCommand)[] = [
  initCommand,
  validateCommand,
  fmtCommand,
  planCommand,
  impactCommand,
  applyCommand,
  driftCommand,
  rollbackCommand,
  recoverCommand,
  historyCommand,
  importCommand,
  emulatorCommand,
  watchCommand,
  commentCommand,
  completionCommand,
];
