import { describe, expect, it } from "vitest";
import { quote } from "./quote.js";

describe("quote", () => {
  it("writes control, invisible and lone-surrogate characters as escapes", () => {
    expect(quote("a\u001b[31mb")).toBe('"a\\u001b[31mb"');
    expect(quote("x\u007f\u0085\u200e\u2028\u202e")).toBe('"x\\u007f\\u0085\\u200e\\u2028\\u202e"');
    expect(quote("half \ud800")).toBe('"half \\ud800"');
    expect(quote('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it("keeps printable text, paired surrogates included, as it is", () => {
    expect(quote("Café ⚡ 🚗")).toBe('"Café ⚡ 🚗"');
  });
});
