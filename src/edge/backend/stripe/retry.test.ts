import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { retryable, retryingSender } from "./retry.js";

const error = (statusCode: number, headers: Record<string, string> = {}, type = "api_error") =>
  Stripe.errors.StripeError.generate({ type, message: `status ${statusCode}`, statusCode, headers } as never);

function harness(failures: unknown[]) {
  let takes = 0;
  const delays: number[] = [];
  const send = retryingSender(
    { take: async () => void takes++ },
    3,
    500,
    async (ms) => void delays.push(ms),
    () => 1,
  );
  let calls = 0;
  const call = async () => {
    const failure = failures[calls++];
    if (failure) throw failure;
    return "ok";
  };
  return { send, call, stats: () => ({ takes, delays, calls }) };
}

describe("retryingSender", () => {
  it("retries a rate-limit 429 that carries no Stripe-Should-Retry, each attempt through the limiter", async () => {
    const h = harness([error(429, {}, "rate_limit_error"), error(429, {}, "rate_limit_error")]);
    await expect(h.send(h.call)).resolves.toBe("ok");
    expect(h.stats()).toEqual({ takes: 3, delays: [500, 1000], calls: 3 });
  });

  it("gives up after the bound with the last error", async () => {
    const h = harness([error(503), error(503), error(503), error(503), error(503)]);
    await expect(h.send(h.call)).rejects.toThrow("status 503");
    expect(h.stats().calls).toBe(4);
  });

  it("never retries what Stripe says not to, nor a request error", async () => {
    const noRetry = harness([error(500, { "stripe-should-retry": "false" })]);
    await expect(noRetry.send(noRetry.call)).rejects.toThrow();
    expect(noRetry.stats().calls).toBe(1);
    const invalid = harness([error(400, {}, "invalid_request_error")]);
    await expect(invalid.send(invalid.call)).rejects.toThrow();
    expect(invalid.stats().calls).toBe(1);
  });

  it("classifies failures", () => {
    expect(retryable(error(409))).toBe(true);
    expect(retryable(error(400, { "stripe-should-retry": "true" }))).toBe(true);
    expect(retryable(error(404, {}, "invalid_request_error"))).toBe(false);
    expect(retryable(new Error("not Stripe"))).toBe(false);
  });
});
