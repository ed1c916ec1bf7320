/** The sticky comment body: marker first, cut to the limit at a line, blocks closed, note last. */
import { describe, expect, it } from "vitest";
import { PLAN_MARKER, stickyBody } from "./body.js";

const artifact = { name: "pricing-plan" } as const;

describe("stickyBody", () => {
  it("puts the marker first and leaves a short plan whole", () => {
    expect(stickyBody("plan", artifact)).toEqual({
      body: `${PLAN_MARKER}\nplan\n`,
      truncated: false,
      originalLength: 4,
    });
  });

  it("does not add the marker twice", () => {
    expect(stickyBody(`${PLAN_MARKER}\nplan\n`, artifact).body).toBe(`${PLAN_MARKER}\nplan\n`);
  });

  it("cuts at a line break and stays within the limit", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n");
    const { body, truncated } = stickyBody(text, artifact, 600);
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(600);
    const kept = body.slice(PLAN_MARKER.length + 1, body.indexOf("\n---\n"));
    expect(kept).toMatch(/^(line \d+\n)+$/);
    expect(body).toContain("this workflow run.");
  });

  it("never splits a surrogate pair when there is no line to cut at", () => {
    const text = "💶".repeat(1000);
    const { body } = stickyBody(text, artifact, 700);
    expect(body.length).toBeLessThanOrEqual(700);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("ends on a whole model section when the cut would split one", () => {
    const section = (i: number) => `#### \`m${i}\`\n\n| a | b |\n|---|---|\n${"| x | y |\n".repeat(20)}`;
    const text = `### Pricing plan\n\n${Array.from({ length: 30 }, (_, i) => section(i)).join("\n")}`;
    const { body, truncated } = stickyBody(text, artifact, 2000);
    expect(truncated).toBe(true);
    const kept = body.slice(0, body.indexOf("\n---\n"));
    // The last section kept is whole: it ends with its table's last row.
    expect(kept.trimEnd().endsWith("| x | y |")).toBe(true);
    const last = kept.slice(kept.lastIndexOf("#### "));
    expect(last.split("\n").filter((l) => l === "| x | y |")).toHaveLength(20);
  });

  it("closes a <details> block left open by the cut", () => {
    const text = `<details>\n<summary>s</summary>\n\n${"x\n".repeat(500)}</details>\n`;
    const { body } = stickyBody(text, artifact, 500);
    expect(body.length).toBeLessThanOrEqual(500);
    expect(body).toMatch(/x\n\n<\/details>\n\n---\n/);
  });

  it("closes a longer fence with as many backticks, so the note is not inside the code", () => {
    const rows = Array.from({ length: 200 }, (_, i) => `+ "k${i}": "a \`\`\` b"`);
    const text = `<details>\n<summary>s</summary>\n\n\`\`\`\`diff\n${rows.join("\n")}\n\`\`\`\`\n\n</details>\n`;
    const { body, truncated } = stickyBody(text, artifact, 1500);
    expect(truncated).toBe(true);
    expect(body).toMatch(/\n````\n\n<\/details>\n\n---\n/);
  });
});
