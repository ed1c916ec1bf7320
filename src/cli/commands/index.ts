/** The command table, in the order `pricing help` lists them. */
import type { Command } from "../context.js";
import { validateCommand } from "./validate.js";

/** Every `pricing` command. */
export const commands: readonly Command[] = [validateCommand];
