import { describe, expect, it } from "vitest";
import { operation, planOf } from "../../../test/helpers/plans.js";
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { StripeId } from "../state/types.js";
import { renderPlanMarkdown } from "./markdown.js";

describe("renderPlanMarkdown", () => {
  it("escapes pipes and newlines in table cells and keeps values inside the diff fence", () => {
    const op = operation("replace", {
      id: "price_1" as StripeId,
      why: { code: "immutable-changed", type: "price", fields: ["a | b\nc"], id: "price_1" as StripeId },
      fidelity: "approximate",
      reason: "x | y",
      changes: [{ path: "nickname", before: "a ``` b", after: "c | d\ne" }],
    });
    const md = renderPlanMarkdown(planOf([op]));
    expect(md).toContain(
      "| replace | price | `m/base` | approximate | a \\| b c cannot change in place: create a new price and archive price_1 |",
    );
    expect(md).toContain("| `m/base` | price | approximate | x \\| y |");
    // The value stays on one line inside the fence (JSON escapes the newline).
    expect(md).toContain('```diff\n! nickname: "a ``` b" -> "c | d\\ne"\n```\n');
  });

  it("escapes HTML in summaries and backticks in code spans", () => {
    const op = operation("create", {
      key: "m/<b>&`x`" as LogicalKey,
      changes: [{ path: "a", after: 1 }],
    });
    const md = renderPlanMarkdown(planOf([op]));
    expect(md).toContain("<summary>create price <code>m/&lt;b&gt;&amp;`x`</code> (1 field)</summary>");
    expect(md).toContain("| create | price | `m/<b>&'x'` | exact |  |");
  });

  it("names the base, backend and scope, and ends with the unchanged count", () => {
    const md = renderPlanMarkdown(
      planOf([operation("noop"), operation("noop")], { scope: ["m", "n"], baseRevision: null }),
    );
    expect(md).toBe(
      "### Pricing plan\n\n**No changes.**\n\nBase: empty state · backend: `shadow` · models: `m`, `n`\n\n2 objects unchanged.\n",
    );
  });
});
