/** Escaping per context: what each helper guarantees, on the inputs that used to break out. */
import { describe, expect, it } from "vitest";
import { fencedBlock, htmlText, markdownCode, markdownText, oneLine } from "./escape.js";

describe("oneLine", () => {
  it("leaves ordinary text, unicode included, as it is", () => {
    expect(oneLine("flat-899-eur-monthly/base")).toBe("flat-899-eur-monthly/base");
    expect(oneLine("Heimladen · 💶 ünd `x` | <b>")).toBe("Heimladen · 💶 ünd `x` | <b>");
  });

  it("quotes text with a line break, control, separator or bidi character, all escaped", () => {
    expect(oneLine("a\nb")).toBe('"a\\nb"');
    expect(oneLine("a\r::error::x")).toBe('"a\\r::error::x"');
    expect(oneLine("\x1b[2Jx")).toBe('"\\u001b[2Jx"');
    expect(oneLine("a\u2028b\u0085c\u202ed")).toBe('"a\\u2028b\\u0085c\\u202ed"');
    expect(oneLine("lone \ud800")).toBe('"lone \\ud800"');
    expect(oneLine("tab\there")).toBe('"tab\\there"');
  });

  it("quotes text that would start a workflow command at the start of a log line", () => {
    expect(oneLine("::error file=a::x")).toBe('"::error file=a::x"');
    expect(oneLine("  ::warning::x")).toBe('"  ::warning::x"');
    expect(oneLine(":")).toBe('":"');
    expect(oneLine("##[error]x")).toBe('"##\\u005berror]x"');
    expect(oneLine("a ##[add-mask]b")).toBe('"a ##\\u005badd-mask]b"');
    expect(oneLine("a::b")).toBe("a::b");
  });
});

describe("markdownText", () => {
  it("backslash-escapes what has a meaning inside a line, not intraword underscores", () => {
    expect(markdownText("unit_amount cannot change")).toBe("unit_amount cannot change");
    expect(markdownText("a | b *c* _d_ [e](f) ![g](h) <!-- & ~~i~~ $j$ `k` \\")).toBe(
      "a \\| b \\*c\\* \\_d\\_ \\[e\\](f) \\!\\[g\\](h) \\<\\!-- \\& \\~\\~i\\~\\~ \\$j\\$ \\`k\\` \\\\",
    );
  });

  it("breaks @mentions, which would notify a GitHub user or team, and leaves e-mail addresses", () => {
    expect(markdownText("Ping @octocat and @acme/billing")).toBe(
      "Ping @\u200boctocat and @\u200bacme/billing",
    );
    expect(markdownText("ada@example.com")).toBe("ada@example.com");
  });

  it("keeps a backslash before a pipe from splitting a table cell", () => {
    expect(markdownText("a\\|b")).toBe("a\\\\\\|b");
  });

  it("puts a line break on the same line, quoted", () => {
    expect(markdownText("a\n# b")).toBe('"a\\\\n# b"');
  });
});

describe("markdownCode", () => {
  it("uses more backticks than the longest run inside, padded when needed", () => {
    expect(markdownCode("m/base")).toBe("`m/base`");
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("```")).toBe("```` ``` ````");
    expect(markdownCode("`x")).toBe("`` `x ``");
    expect(markdownCode("")).toBe("` `");
    expect(markdownCode("  ")).toBe("`  `");
    expect(markdownCode(" a")).toBe("`  a `");
  });

  it("escapes pipes (and so backslashes) only in a table", () => {
    expect(markdownCode("a|b")).toBe("`a|b`");
    expect(markdownCode("a|b", { inTable: true })).toBe("`a\\|b`");
    expect(markdownCode("a\\|b", { inTable: true })).toBe("`a\\\\\\|b`");
  });
});

describe("htmlText", () => {
  it("writes markup characters as entities, on one line", () => {
    expect(htmlText(`</summary></details><a href="x">'&`)).toBe(
      "&lt;/summary&gt;&lt;/details&gt;&lt;a href=&quot;x&quot;&gt;&apos;&amp;",
    );
    expect(htmlText("a\n\nb")).toBe("&quot;a\\n\\nb&quot;");
  });
});

describe("fencedBlock", () => {
  it("uses a fence longer than any run of backticks inside, and one line per line", () => {
    expect(fencedBlock("diff", ["+ a: 1"])).toEqual(["```diff", "+ a: 1", "```"]);
    expect(fencedBlock("diff", ["+ a: ````", "- b"])).toEqual(["`````diff", "+ a: ````", "- b", "`````"]);
    expect(fencedBlock("diff", ["+ a\n```\nb\rc"])).toEqual([
      "````diff",
      "+ a\\u000a```\\u000ab\\u000dc",
      "````",
    ]);
  });
});
