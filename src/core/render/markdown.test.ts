import { describe, expect, it } from "vitest";
import { operation, planOf } from "../../../test/helpers/plans.js";
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { StripeId } from "../state/types.js";
import { renderPlanMarkdown } from "./markdown.js";

describe("renderPlanMarkdown", () => {
  it("escapes pipes and line breaks in table cells and keeps values inside the diff fence", () => {
    const op = operation("replace", {
      id: "price_1" as StripeId,
      why: { code: "immutable-changed", type: "price", fields: ["a | b\nc"], id: "price_1" as StripeId },
      fidelity: "approximate",
      reason: "x | y",
      changes: [{ path: "nickname", before: "a ``` b", after: "c | d\ne" }],
    });
    const md = renderPlanMarkdown(planOf([op]));
    // A value with a line break is shown quoted, on one line, and its pipe cannot split the row.
    expect(md).toContain(
      '| price replaced (a new price; the old one is archived) | `m/base` | `price_1` | "a \\| b\\\\nc cannot change in place: create a new price and archive price_1" |',
    );
    expect(md).toContain("- Note on `m/base`: approximate in Stripe: x \\| y.");
    // The fence is longer than any run of backticks inside it; before and after are - and + lines.
    expect(md).toContain(
      '````diff\n@@ replace price m/base (price_1) @@\n- nickname: "a ``` b"\n+ nickname: "c | d\\ne"\n````\n',
    );
  });

  it("escapes HTML in summaries and lengthens code spans around backticks", () => {
    const op = operation("create", {
      key: "m/<b>&`x`" as LogicalKey,
      changes: [{ path: "a", after: 1 }],
    });
    const md = renderPlanMarkdown(planOf([op]));
    expect(md).toContain("<summary>Stripe steps and field changes (1)</summary>");
    expect(md).toContain("| price created | `` m/<b>&`x` `` | new |  |");
  });

  it("names the base, backend and scope, and ends with the unchanged count", () => {
    const md = renderPlanMarkdown(
      planOf([operation("noop"), operation("noop")], { scope: ["m", "n"], baseRevision: null }),
    );
    expect(md).toBe(
      "### Pricing plan\n\n**No changes.**\n\nBase: empty state · backend: `shadow` · models: `m`, `n`\n\n2 objects unchanged.\n",
    );
  });

  it("a metadata key cannot close the diff fence and fake the summary (the attack of issue 12)", () => {
    // Validate accepted this key when the issue was filed; the renderer must not rely on it failing.
    const key = "x\n```\n</details>\n\n**No changes.**\n<!--";
    const op = operation("create", {
      key: "m" as LogicalKey,
      type: "product",
      changes: [
        { path: `metadata.${key}`, after: "y" },
        { path: "name", after: key },
      ],
    });
    const md = renderPlanMarkdown(planOf([op, operation("create")]));
    expect(md.match(/^\*\*.*\*\*$/gm)).toEqual([
      "**Plan: 2 to create, 0 to update, 0 to replace, 0 to archive, 0 to reactivate.**",
    ]);
    expect(md).not.toMatch(/^<!--/m);
    expect(md).not.toMatch(/^<\/details>\n\n\*\*No changes/m);
    // The key is there, its path quoted on one line, in a fence longer than its backticks.
    expect(md).toContain(
      `\n\`\`\`\`diff\n@@ create product m @@\n+ ${JSON.stringify(`metadata.${key}`)}: "y"\n+ name: ${JSON.stringify(key)}\n`,
    );
  });
});
