import { describe, expect, it } from "vitest";
import { operation, planOf } from "../../../test/helpers/plans.js";
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { StripeId } from "../state/types.js";
import { renderPlanText } from "./text.js";

const plan = planOf([
  operation("update", {
    id: "price_1" as StripeId,
    changes: [{ path: "nickname", before: "a", after: "b" }],
  }),
  operation("noop"),
]);

describe("renderPlanText", () => {
  it("has no escape codes without colour", () => {
    const text = renderPlanText(plan);
    expect(text).not.toContain("\x1b[");
    expect(text).toBe(
      [
        "Plan against stripe-rev-0001 on the shadow backend",
        "",
        "  ~ update price m/base (price_1)  [exact]",
        '      nickname: "a" -> "b"',
        "1 object unchanged.",
        "",
        "Plan: 0 to create, 1 to update, 0 to replace, 0 to archive, 0 to reactivate.",
        "",
      ].join("\n"),
    );
  });

  it("colours only the operation heads and the unchanged count when asked", () => {
    const text = renderPlanText(plan, { color: true });
    expect(text).toContain("\x1b[33m  ~ update price m/base (price_1)\x1b[0m  [exact]");
    expect(text).toContain("\x1b[2m1 object unchanged.\x1b[0m");
    const plain = ["\x1b[0m", "\x1b[2m", "\x1b[33m"].reduce((t, code) => t.replaceAll(code, ""), text);
    expect(plain).toBe(renderPlanText(plan));
  });

  it("lists the mappings that are not exact, but not for archives", () => {
    const text = renderPlanText(
      planOf([
        operation("create", { fidelity: "unsupported", reason: "nothing to bill" }),
        operation("archive", { fidelity: "approximate", reason: "gone", id: "price_2" as StripeId }),
      ]),
    );
    expect(text).toContain(
      "Changed mappings that are not exact:\n  unsupported m/base (price): nothing to bill\n",
    );
    expect(text).not.toContain("approximate m/base");
  });

  it("keeps every value from the models or the state on its own line, escape sequences shown", () => {
    const hostile = "k\n::error file=x::spoofed\r\x1b[2J";
    const text = renderPlanText(
      planOf([
        operation("update", {
          key: hostile as LogicalKey,
          id: "price_1\nfake" as StripeId,
          why: {
            code: "immutable-changed",
            type: "billing_meter",
            fields: [hostile],
            id: "mtr_1" as StripeId,
          },
          fidelity: "approximate",
          reason: hostile,
          changes: [{ path: `metadata.${hostile}`, before: "a", after: hostile }],
        }),
      ]),
    );
    expect(text).not.toMatch(/^::/m);
    expect(text).not.toContain("\x1b");
    expect(text).not.toContain("\r");
    expect(text.split("\n")).toHaveLength(12);
    expect(text).toContain(`~ update price ${JSON.stringify(hostile)}`);
  });
});
