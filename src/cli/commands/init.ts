/** `pricing init`: scaffold a pricing repository in the working directory. */
import { initRepository } from "../../app/init.js";
import type { Command } from "../context.js";

/** The init command. */
export const initCommand: Command = {
  name: "init",
  summary: "scaffold a pricing repository here: config with the catalog name, an example model and profile",
  usage: "pricing init [--catalog NAME]",
  description:
    "Writes pricing.config.yaml (naming the catalog: --catalog, or this folder's name), models/example-monthly.yaml,\n" +
    "profiles/typical.yaml and .gitignore, each YAML file associated with the installed tool's JSON Schema for\n" +
    "editor completion. Never overwrites: when any of them exists, nothing is written. Then `git init`, commit,\n" +
    "and `pricing plan`. Exit 0 written, 1 error.",
  options: [
    {
      name: "catalog",
      type: "string",
      value: "NAME",
      help: "the catalog's name (default: the folder's name)",
    },
  ],
  positionals: [],
  async run(ctx) {
    const name = typeof ctx.args.catalog === "string" ? ctx.args.catalog : undefined;
    const { catalog, files } = initRepository(ctx.cwd, name);
    ctx.stdout.write(
      `Initialized the catalog "${catalog}":\n${files.map((f) => `  ${f}\n`).join("")}Next: git init (if this is not a repository yet), commit, then \`pricing plan\`.\n`,
    );
    return 0;
  },
};
