import { describe, expect, it } from "vitest";
import { main } from "./main.js";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: "/nonexistent-pricing-cwd",
  });
  return { code, stdout, stderr };
}

describe("the CLI's arguments", () => {
  it("lists every command in help, and each command has its own help", async () => {
    const help = await run("help");
    expect(help.code).toBe(0);
    for (const name of [
      "validate",
      "plan",
      "apply",
      "drift",
      "rollback",
      "recover",
      "history",
      "watch",
      "import",
      "emulator",
      "comment",
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
      const own = await run(name, "--help");
      expect(own.code, name).toBe(0);
      expect(own.stdout, name).toMatch(new RegExp(`^Usage: pricing ${name}`));
    }
  });

  it("hands `pricing emulator` its raw arguments: its help and its usage errors come from the emulator", async () => {
    const own = await run("emulator", "--help");
    expect(own.stdout).toMatch(/^Usage: pricing emulator \[--port N\].*\[--fault-mode MODE\]/);
    expect(own.stdout).toMatch(/^ {2}--rate-limit N/m);
    expect((await run("help", "emulator")).stdout).toBe(own.stdout);
    const bad = await run("emulator", "--fault-rate=2");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^invalid value for --fault-rate: 2\nusage: pricing emulator /);
  });

  it.each([
    [["plan", "--bogus"], "error: unknown option --bogus\n  usage: pricing plan"],
    [["plan", "--out"], "error: --out needs a value\n"],
    [["rollback", "a", "b"], 'error: unexpected argument "b"\n'],
    [["plan", "--format", "xml"], 'error: --format must be one of text, markdown, json, not "xml"\n'],
    [["nope"], 'error: unknown command "nope"'],
  ])("refuses %j in one clear line with the usage, exit 1", async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(message)).toBe(true);
  });
});
