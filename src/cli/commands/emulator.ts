/**
 * `pricing emulator`: a local stateful server speaking Stripe's HTTP API for the catalog objects.
 * The emulator's own CLI (`emulator/cli.ts`) parses the arguments and writes the help; this only
 * adapts the streams and the stop signal.
 */
import type { RawCommand } from "../context.js";

/** The emulator command. */
export const emulatorCommand: RawCommand = {
  name: "emulator",
  summary: "run a local server speaking Stripe's API (products, prices, meters, coupons)",
  raw: true,
  async run(argv, io) {
    const controller = new AbortController();
    void io.stopSignal?.then(() => controller.abort());
    const { runEmulatorCli } = await import("../../../emulator/index.js");
    return runEmulatorCli(argv, io.stdout as unknown as NodeJS.WritableStream, {
      stderr: io.stderr as unknown as NodeJS.WritableStream,
      program: "pricing emulator",
      ...(io.stopSignal ? { signal: controller.signal } : {}),
    });
  },
};
