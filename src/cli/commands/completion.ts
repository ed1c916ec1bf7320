/** `pricing completion bash|zsh`: a shell completion script built from the command table. */
import { PricingError } from "../../core/diagnostics/errors.js";
import { bashCompletion } from "../completion/bash.js";
import { completedCommands } from "../completion/spec.js";
import { zshCompletion } from "../completion/zsh.js";
import type { Command } from "../context.js";

const SHELLS = { bash: bashCompletion, zsh: zshCompletion } as const;

/** The completion command. */
export const completionCommand: Command = {
  name: "completion",
  summary: "print a shell completion script (bash or zsh) for pricing's commands and options",
  usage: "pricing completion bash|zsh",
  description:
    "Prints a completion script for the shell: commands, each command's options, --format values it prints,\n" +
    "backends, files and folders. Load it in the current shell with `source <(pricing completion bash)`, or\n" +
    "install it: `pricing completion bash > ~/.local/share/bash-completion/completions/pricing`, or for zsh\n" +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS template
    '`pricing completion zsh > "${fpath[1]}/_pricing"`. Exit 0, or 1 for another shell.',
  options: [],
  offline: true,
  positionals: ["shell"],
  async run(ctx) {
    const shell = ctx.positionals[0];
    if (shell !== "bash" && shell !== "zsh")
      throw new PricingError(
        `name the shell: \`pricing completion bash\` or \`pricing completion zsh\`${shell ? `, not "${shell}"` : ""}`,
      );
    // The table is read when the command runs: it holds this command too.
    const { commands } = await import("./index.js");
    ctx.stdout.write(SHELLS[shell](completedCommands(commands)));
    return 0;
  },
};
