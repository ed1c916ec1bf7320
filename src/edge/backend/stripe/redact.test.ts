import { describe, expect, it } from "vitest";
import { redact } from "./redact.js";

describe("redact", () => {
  it("removes the configured key and anything shaped like a Stripe key", () => {
    const message = "failed with sk_test_abc123def and rk_live_zzzz9999 using sk_test_abc123def";
    const out = redact(message, "sk_test_abc123def");
    expect(out).not.toContain("abc123def");
    expect(out).not.toContain("zzzz9999");
    expect(out).toBe("failed with [redacted] and rk_live_[redacted] using [redacted]");
  });
});
