/**
 * `pricing completion bash|zsh` through the real CLI: the bash script is loaded into a real bash
 * and its completion function asked what follows a partly typed command line; the zsh script is
 * checked for every command, option and value the table holds (and by `zsh -n` where zsh is).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../src/cli/commands/index.js";
import { pricing, removeDir, tempDir } from "./helpers/cli.js";

let dir = "";
let bash = "";
let zsh = "";

beforeAll(async () => {
  dir = tempDir("completion");
  mkdirSync(join(dir, "models"));
  mkdirSync(join(dir, "state"));
  writeFileSync(join(dir, "state", "stripe.json"), "{}\n");
  const b = await pricing(dir, "completion", "bash");
  const z = await pricing(dir, "completion", "zsh");
  expect(b.code).toBe(0);
  expect(z.code).toBe(0);
  bash = join(dir, "pricing.bash");
  zsh = z.stdout;
  writeFileSync(bash, b.stdout);
});

afterAll(() => removeDir(dir));

/** What bash offers for `line` (the cursor at its end), one word a line, sorted. */
function complete(line: string): string[] {
  const words = line.split(" ");
  const script = [
    `source ${JSON.stringify(bash)}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_pricing",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS template
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  return execFileSync("bash", ["-c", script], { cwd: dir, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .sort();
}

describe("bash completion", () => {
  it.each([
    ["pricing pl", ["plan"]],
    ["pricing c", ["comment", "completion"]],
    ["pricing apply --fo", ["--format"]],
    ["pricing apply --format ", ["json", "text"]],
    ["pricing plan --format m", ["markdown"]],
    ["pricing plan --backend ", ["shadow", "stripe"]],
    ["pricing plan --mod", ["--model-id", "--models"]],
    ["pricing plan --models ", ["models", "state"]],
    ["pricing plan --state state/", ["state/stripe.json"]],
    ["pricing history -", expect.arrayContaining(["-h", "--help", "--format", "--no-color"])],
    ["pricing help hi", ["history"]],
    ["pricing completion ", []],
  ])("%j", (line, expected) => {
    expect(complete(line)).toEqual(expected);
  });

  it("offers every command, and every option of each", () => {
    expect(complete("pricing ")).toEqual([...commands.map((c) => c.name), "help"].sort());
    for (const c of commands) {
      if ("raw" in c) continue;
      const offered = complete(`pricing ${c.name} --`);
      for (const o of c.options) expect(offered, c.name).toContain(`--${o.name}`);
    }
  });
});

describe("zsh completion", () => {
  it("is a #compdef function naming every command with its summary and every option", () => {
    expect(zsh.startsWith("#compdef pricing\n")).toBe(true);
    for (const c of commands) {
      expect(zsh).toContain(`    '${c.name}:`);
      if ("raw" in c) continue;
      for (const o of c.options)
        expect(zsh, `${c.name} --${o.name}`).toMatch(new RegExp(`'\\*?--${o.name}\\[`));
    }
    expect(zsh).toContain("'--format[text (default) or json]:FORMAT:(text json)'");
    expect(zsh).toContain("'(-h --help)'{-h,--help}'[show help for the command]'");
    // Help text with brackets or colons is escaped inside the spec.
    expect(zsh).toContain("(default\\: models)");
  });

  it("parses as zsh where zsh is installed", () => {
    let hasZsh = true;
    try {
      execFileSync("zsh", ["-c", "true"]);
    } catch {
      hasZsh = false;
    }
    if (hasZsh) {
      const file = join(dir, "_pricing");
      writeFileSync(file, zsh);
      expect(() => execFileSync("zsh", ["-n", file])).not.toThrow();
    }
  });

  it("refuses another shell, naming the two", async () => {
    const run = await pricing(dir, "completion", "fish");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: name the shell: `pricing completion bash` or `pricing completion zsh`, not "fish"\n',
    );
  });
});
