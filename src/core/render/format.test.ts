import { describe, expect, it } from "vitest";
import { operation, planOf } from "../../../test/helpers/plans.js";
import { showChange, showValue, summaryLine } from "./format.js";

describe("summaryLine", () => {
  it("says No changes. when only noops remain", () => {
    expect(summaryLine(planOf([]))).toBe("No changes.");
    expect(summaryLine(planOf([operation("noop"), operation("noop")]))).toBe("No changes.");
  });

  it("counts every action but noop, in the contract's order", () => {
    const plan = planOf([
      operation("create"),
      operation("create"),
      operation("update"),
      operation("replace"),
      operation("archive"),
      operation("reactivate"),
      operation("reactivate"),
      operation("noop"),
    ]);
    expect(summaryLine(plan)).toBe(
      "Plan: 2 to create, 1 to update, 1 to replace, 1 to archive, 2 to reactivate.",
    );
  });

  it("an archive alone is a change", () => {
    expect(summaryLine(planOf([operation("archive")]))).toBe(
      "Plan: 0 to create, 0 to update, 0 to replace, 1 to archive, 0 to reactivate.",
    );
  });
});

describe("showValue and showChange", () => {
  it("shows JSON with sorted keys and references as ids known after apply", () => {
    expect(showValue({ b: 1, a: [2, "x"] })).toBe('{"a":[2,"x"],"b":1}');
    expect(showValue("$ref:m#meter:energy")).toBe("(id of m#meter:energy, known after apply)");
    expect(showValue(undefined)).toBe("(none)");
  });

  it("shows additions, removals and changes", () => {
    expect(showChange({ path: "a", after: 1 })).toBe("a: 1");
    expect(showChange({ path: "a", before: 1 })).toBe("a: 1 -> (removed)");
    expect(showChange({ path: "a.b", before: "x", after: "y" })).toBe('a.b: "x" -> "y"');
  });
});
