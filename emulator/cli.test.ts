import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseEmulatorArgs, runEmulatorCli } from "./cli.js";

function capture(): { readonly stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream, text: () => text };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error("timed out");
}

describe("emulator CLI", () => {
  it("parses flags with defaults", () => {
    expect(parseEmulatorArgs([]).emulator).toMatchObject({
      port: 12111,
      host: "127.0.0.1",
      faultRate: 0,
      seed: 1,
    });
    const parsed = parseEmulatorArgs([
      "--port=0",
      "--rate-limit",
      "5",
      "--fault-rate",
      "0.25",
      "--fault-mode",
      "after",
      "--seed",
      "9",
    ]);
    expect(parsed.emulator).toMatchObject({
      port: 0,
      rateLimit: 5,
      faultRate: 0.25,
      faultMode: "after",
      seed: 9,
    });
  });

  it("exits 2 on a bad argument", async () => {
    const out = capture();
    expect(await runEmulatorCli(["--fault-rate", "2"], out.stream)).toBe(2);
    expect(out.text()).toMatch(/invalid value for --fault-rate: 2/);
    expect(await runEmulatorCli(["--bogus"], out.stream)).toBe(2);
    expect(out.text()).toMatch(/unknown argument: --bogus/);
  });

  it("prints the listening line, serves requests, logs them, and stops on abort", async () => {
    const out = capture();
    const stop = new AbortController();
    const done = runEmulatorCli(["--port", "0"], out.stream, { signal: stop.signal });
    await waitFor(() => out.text().includes("listening"));
    const match = /^Stripe emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(out.text());
    expect(match).not.toBeNull();
    const response = await fetch(`${match?.[1]}/v1/products`, {
      headers: { Authorization: "Bearer sk_test_cli" },
    });
    expect(response.status).toBe(200);
    await waitFor(() => out.text().includes("GET /v1/products -> 200"));
    stop.abort();
    expect(await done).toBe(0);
    await expect(fetch(`${match?.[1]}/v1/products`)).rejects.toThrow();
  });
});
