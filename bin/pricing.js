#!/usr/bin/env node
// The `pricing` command: a thin launcher for the compiled CLI (built by `npm run build`, run by `npm ci`).
import { quietWhenReaderGoes } from "../dist/src/cli/broken-pipe.js";
import { main } from "../dist/src/cli/main.js";

// `pricing plan | head`: when the reader goes, the rest of the output is dropped without a stack
// trace, and a long-running command (watch) stops as on Ctrl-C.
const outputGone = quietWhenReaderGoes(process.stdout);
void quietWhenReaderGoes(process.stderr);

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  outputGone,
  // Someone can answer a confirmation only on a terminal.
  ...(process.stdin.isTTY ? { ask: askAtTerminal } : {}),
});

// The question goes where the plan went: stdout on a terminal, else stderr (`apply > out.txt`).
// Ctrl+C or Ctrl+D at the question is a "no", never a crash.
async function askAtTerminal(question) {
  const { createInterface } = await import("node:readline/promises");
  const output = process.stdout.isTTY ? process.stdout : process.stderr;
  const rl = createInterface({ input: process.stdin, output });
  try {
    return await rl.question(question);
  } catch {
    output.write("\n");
    return "";
  } finally {
    rl.close();
  }
}
