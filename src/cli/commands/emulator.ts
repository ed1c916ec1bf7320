/** `pricing emulator`: a local stateful server speaking Stripe's HTTP API for the catalog objects. */
import type { Command } from "../context.js";

const FLAGS = ["port", "host", "rate-limit", "fault-rate", "fault-mode", "seed"] as const;

/** The emulator command. */
export const emulatorCommand: Command = {
  name: "emulator",
  summary: "run a local server speaking Stripe's API (products, prices, meters, coupons)",
  usage:
    "pricing emulator [--port 12111] [--host 127.0.0.1] [--rate-limit N] [--fault-rate F] [--fault-mode before|after] [--seed S] [--quiet]",
  description:
    "Runs a stateful, in-memory Stripe API server for trying the whole flow offline: point the stripe backend at it\n" +
    "with STRIPE_API_BASE=http://127.0.0.1:12111 and any test key (STRIPE_API_KEY=sk_test_local). Follows Stripe's\n" +
    "rules for immutable fields, lookup keys, idempotency keys, pagination and errors; --rate-limit and --fault-rate\n" +
    "inject 429s and 500s. Runs until stopped (Ctrl-C).",
  options: [
    { name: "port", type: "string", value: "N", help: "port to listen on (default 12111)" },
    { name: "host", type: "string", value: "HOST", help: "address to bind (default 127.0.0.1)" },
    { name: "rate-limit", type: "string", value: "N", help: "answer 429 above N requests per second" },
    {
      name: "fault-rate",
      type: "string",
      value: "F",
      help: "answer this fraction of requests with a 500 or 429 (0..1)",
    },
    {
      name: "fault-mode",
      type: "string",
      value: "MODE",
      help: "before: fail without executing; after: execute, then fail",
    },
    { name: "seed", type: "string", value: "S", help: "seed of the fault injection (default 1)" },
    { name: "quiet", type: "boolean", help: "do not log each request" },
  ],
  positionals: [],
  async run(ctx) {
    const argv: string[] = [];
    for (const flag of FLAGS) {
      const value = ctx.args[flag];
      if (typeof value === "string") argv.push(`--${flag}`, value);
    }
    if (ctx.args.quiet === true) argv.push("--quiet");
    const controller = new AbortController();
    void ctx.stopSignal?.then(() => controller.abort());
    const { runEmulatorCli } = await import("../../../emulator/index.js");
    const out = ctx.stdout as unknown as NodeJS.WritableStream;
    return runEmulatorCli(argv, out, {
      stderr: ctx.stderr as unknown as NodeJS.WritableStream,
      ...(ctx.stopSignal ? { signal: controller.signal } : {}),
    });
  },
};
