#!/usr/bin/env node
/**
 * The emulator's own entry, usable without the pricing tool:
 * `node dist/emulator/main.js --port 12111` (after `npm run build`). The only place in
 * `emulator/` that touches `process` streams and the exit code.
 */
import { runEmulatorCli } from "./cli.js";

process.exitCode = await runEmulatorCli(process.argv.slice(2), process.stdout, {
  stderr: process.stderr,
  program: "node dist/emulator/main.js",
});
