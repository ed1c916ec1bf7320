import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { emulatorHelp, parseEmulatorArgs, runEmulatorCli } from "./cli.js";

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
    expect(parseEmulatorArgs(["--fault-mode=rate_limit"]).emulator.faultMode).toBe("rate_limit");
  });

  it("exits 2 on a bad argument, naming the program in the usage line", async () => {
    const out = capture();
    expect(await runEmulatorCli(["--fault-rate", "2"], out.stream)).toBe(2);
    expect(out.text()).toMatch(/invalid value for --fault-rate: 2\nusage: emulator \[--port N\]/);
    expect(await runEmulatorCli(["--bogus"], out.stream, { program: "pricing emulator" })).toBe(2);
    expect(out.text()).toMatch(/unknown argument: --bogus\nusage: pricing emulator \[--port N\]/);
    expect(await runEmulatorCli(["--port"], out.stream)).toBe(2);
    expect(out.text()).toMatch(/--port needs a value/);
    expect(await runEmulatorCli(["--quiet=yes"], out.stream)).toBe(2);
    expect(out.text()).toMatch(/--quiet takes no value/);
  });

  it("prints its help, listing every flag once, under the caller's program name", async () => {
    const out = capture();
    expect(await runEmulatorCli(["--help"], out.stream, { program: "pricing emulator" })).toBe(0);
    expect(out.text()).toBe(emulatorHelp("pricing emulator"));
    expect(out.text()).toMatch(/^Usage: pricing emulator \[--port N\] \[--host HOST\]/);
    for (const flag of ["port", "host", "rate-limit", "fault-rate", "fault-mode", "seed", "quiet", "help"]) {
      expect(out.text().match(new RegExp(`^  --${flag}\\b`, "gm")), flag).toHaveLength(1);
    }
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

  it("runs on its own: its entry compiles without the product and serves until SIGTERM", async () => {
    const out = mkdtempSync(join(tmpdir(), "emulator-entry-"));
    try {
      const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
      const compile = spawn(
        process.execPath,
        [
          tsc,
          ...["--outDir", out, "--rootDir", import.meta.dirname, "--module", "NodeNext"],
          ...[
            "--moduleResolution",
            "NodeNext",
            "--target",
            "ES2022",
            "--types",
            "node",
            "--skipLibCheck",
            "--strict",
          ],
          join(import.meta.dirname, "main.ts"),
        ],
        { stdio: "inherit" },
      );
      expect(await new Promise((r) => compile.on("exit", r))).toBe(0);
      const child = spawn(process.execPath, [join(out, "main.js"), "--port", "0"], { cwd: out });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
      });
      await waitFor(() => text.includes("listening"));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      const response = await fetch(`${url}/v1/products`, { headers: { Authorization: "Bearer sk_test_x" } });
      expect(response.status).toBe(200);
      child.kill("SIGTERM");
      expect(await new Promise((r) => child.on("exit", r))).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
