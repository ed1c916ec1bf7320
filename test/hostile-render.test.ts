/**
 * Hostile content never changes the structure of what CI shows: random strings made of the
 * pieces that break markdown, HTML, code fences, terminals and workflow commands (backticks,
 * pipes, `<!--`, `-->`, `</details>`, line breaks, CR, `::`, `%`, unicode, control characters)
 * go into every field of a plan and of diagnostics that a model or state file controls. The
 * comment is parsed with markdown-it (CommonMark plus GitHub's tables) and compared with the same
 * plan rendered with harmless values: same blocks (headings, tables and their rows and cells,
 * `<details>`, fences and their line count), same summary line, the marker the only HTML comment
 * and first, nothing inline but text and code. Every annotation and text line stays one line.
 */
import fc from "fast-check";
import MarkdownIt, { type Token } from "markdown-it";

import { describe, expect, it } from "vitest";
import type { LogicalKey } from "../src/core/artifacts/artifacts.js";
import type { Diagnostic } from "../src/core/diagnostics/diagnostic.js";
import { formatDiagnostic } from "../src/core/diagnostics/diagnostic.js";
import { componentChanges } from "../src/core/impact/changes.js";
import { computeImpact, type Impact, type ImpactRow, type ImpactSkip } from "../src/core/impact/impact.js";
import type { Json, JsonObject } from "../src/core/json/json.js";
import type { ModelId } from "../src/core/model/types.js";
import type { Currency } from "../src/core/money/currency.js";
import { ACTIONS, type Action, type Operation, type Plan } from "../src/core/plan/types.js";
import type { Why } from "../src/core/plan/why.js";
import { evaluatePolicy, type PolicyResult } from "../src/core/policy/policy.js";
import { renderDiagnosticsMarkdown } from "../src/core/render/diagnostics-markdown.js";
import { summaryLine } from "../src/core/render/format.js";
import { renderPlanJson } from "../src/core/render/json.js";
import { renderPlanMarkdown } from "../src/core/render/markdown.js";
import { renderPlanText } from "../src/core/render/text.js";
import type { StripeId } from "../src/core/state/types.js";
import type { Fidelity } from "../src/core/stripe/desired-object.js";
import type { ObjectType } from "../src/core/stripe/registry.js";
import { annotation } from "../src/edge/github/annotations.js";
import { PLAN_MARKER, stickyBody } from "../src/edge/github/body.js";
import { planOf } from "./helpers/plans.js";

const RUNS = 300;
const md = new MarkdownIt({ html: true });

const PIECES = [
  "`",
  "```",
  "````",
  "~~~",
  "|",
  "\\",
  "\\|",
  "<!--",
  "-->",
  "</details>",
  "<details>",
  "</summary>",
  "</code>",
  "<script>",
  PLAN_MARKER,
  "\n",
  "\r",
  "\r\n",
  "\n\n",
  "::",
  "::error file=a.yaml,line=1::spoofed",
  "##[error]spoofed",
  "##[add-mask]",
  "%",
  "%0A",
  ",",
  ":",
  "#",
  "### ",
  "**No changes.**",
  "**",
  "_",
  "*",
  "[x](https://evil.test)",
  "![i](x)",
  "<https://evil.test>",
  "&",
  "&lt;",
  "$",
  "~~",
  "---",
  "|---|",
  "- ",
  "1. ",
  "> ",
  "    ",
  "\t",
  "\u2028",
  "\u0085",
  "\u202e",
  "\ufeff",
  "\x1b[2J",
  "\0",
  "\x7f",
  "💶",
  "\ud800",
  "é",
  "x",
  " ",
] as const;

/** A string assembled from the pieces above and arbitrary code units. */
const hostile: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 4 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(""));

const json: fc.Arbitrary<Json> = fc.oneof(
  hostile,
  fc.integer(),
  fc.dictionary(hostile, hostile, { maxKeys: 2 }) as fc.Arbitrary<JsonObject>,
  fc.array(hostile, { maxLength: 2 }),
);

/** An operation whose every string comes from `text` (the action and fidelity shape sections). */
function operationArb(text: fc.Arbitrary<string>, value: fc.Arbitrary<Json>): fc.Arbitrary<Operation> {
  return fc.record({
    action: fc.constantFrom<Action>(...ACTIONS),
    key: text.map((s) => s as LogicalKey),
    type: text.map((s) => s as ObjectType),
    model: text.map((s) => s as ModelId),
    fidelity: fc.constantFrom<Fidelity>("exact", "approximate", "unsupported"),
    reason: text,
    // The parts of a reason the models and the state control: field names, ids, event names.
    why: fc.option(
      text.map(
        (s): Why => ({
          code: "immutable-changed",
          type: "billing_meter",
          fields: [s],
          id: s as StripeId,
        }),
      ),
      { nil: undefined },
    ),
    id: text.map((s) => s as StripeId),
    changes: fc.array(
      fc.oneof(
        fc.record({ path: text, after: value }),
        fc.record({ path: text, before: value }),
        fc.record({ path: text, before: value, after: value }),
      ),
      { maxLength: 3 },
    ),
  });
}

interface Shape {
  readonly operations: readonly Pick<Operation, "action" | "fidelity">[];
  readonly changeCounts: readonly number[];
}

/** A plan and the same plan with every string harmless. */
const plans: fc.Arbitrary<{ readonly plan: Plan; readonly reference: Plan }> = fc
  .record({
    ops: fc.array(operationArb(hostile, json), { maxLength: 5 }),
    base: fc.option(hostile),
    scope: fc.option(fc.array(hostile, { minLength: 1, maxLength: 2 })),
    backend: hostile,
  })
  .map(({ ops, base, scope, backend }) => {
    const plan = planOf(ops, {
      baseRevision: base,
      scope,
      backend: backend as Plan["backend"],
    });
    const shape: Shape = { operations: ops, changeCounts: ops.map((o) => o.changes.length) };
    return { plan, reference: harmless(plan, shape) };
  });

function harmless(plan: Plan, shape: Shape): Plan {
  // The comment has a section per model and a diff line per side of a change: keep which
  // operations share a model, and which sides each change has.
  const models = [...new Set(plan.operations.map((op) => op.model))];
  const ops = plan.operations.map(
    (op, i): Operation => ({
      action: op.action,
      key: `m/k${i}` as LogicalKey,
      type: "price",
      model: `m${models.indexOf(op.model)}` as ModelId,
      fidelity: op.fidelity,
      reason: "r",
      ...(op.why === undefined ? {} : { why: { code: "archived-match" } as const }),
      id: `price_${i}` as StripeId,
      changes: Array.from({ length: shape.changeCounts[i] ?? 0 }, (_, j) => {
        const c = op.changes[j];
        return {
          path: `f${j}`,
          ...(c?.before !== undefined ? { before: 1 } : {}),
          ...(c?.after !== undefined || c?.before === undefined ? { after: 2 } : {}),
        };
      }),
    }),
  );
  return planOf(ops, {
    baseRevision: plan.baseRevision === null ? null : "stripe-rev-0001",
    scope: plan.scope === null ? null : plan.scope.map((_, i) => `m${i}`),
  });
}

/** The block structure: every token but inline content, fences with their line count. */
function blocks(tokens: readonly Token[]): string[] {
  return tokens
    .filter((t) => t.type !== "inline")
    .map((t) => {
      if (t.type === "fence") return `fence:${t.info}:${t.content.split("\n").length}`;
      if (t.type === "html_block") return `html:${htmlShape(t.content)}`;
      return `${t.type}:${t.tag}`;
    });
}

/**
 * An HTML block line by line (one block runs to the next blank line, so `</details>` and the
 * next `<details>` share one): the marker, `<details>`, a one-line `<summary>`, `</details>`.
 */
function htmlShape(content: string): string {
  return content
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => {
      if (line === PLAN_MARKER) return "marker";
      if (line === "<details>" || line === "</details>") return line;
      if (/^<summary>[^<>]*( <code>[^<>]*<\/code>)?[^<>]*<\/summary>$/.test(line)) return "summary";
      return `unexpected ${JSON.stringify(line)}`;
    })
    .join(",");
}

/** What inline content holds, beyond text and code: nothing, but for the summary in bold. */
function inlineKinds(tokens: readonly Token[]): string[] {
  const kinds = new Set<string>();
  for (const t of tokens.filter((t) => t.type === "inline"))
    for (const c of t.children ?? []) if (c.type !== "text" && c.type !== "code_inline") kinds.add(c.type);
  return [...kinds].sort();
}

function htmlComments(tokens: readonly Token[]): string[] {
  const found: string[] = [];
  for (const t of tokens) {
    if (t.type === "html_block" && t.content.includes("<!--")) found.push(t.content);
    for (const c of t.children ?? []) if (c.type === "html_inline") found.push(c.content);
  }
  return found;
}

describe("a plan comment with hostile content", () => {
  it("keeps the structure of the same plan with harmless content", () => {
    fc.assert(
      fc.property(plans, ({ plan, reference }) => {
        const { body, truncated } = stickyBody(renderPlanMarkdown(plan), { name: "pricing-plan" });
        expect(truncated).toBe(false);
        const expected = stickyBody(renderPlanMarkdown(reference), { name: "pricing-plan" }).body;
        const tokens = md.parse(body, {});
        const wanted = md.parse(expected, {});
        expect(body.startsWith(`${PLAN_MARKER}\n### Pricing plan\n\n**${summaryLine(plan)}**\n`)).toBe(true);
        expect(blocks(tokens)).toEqual(blocks(wanted));
        expect(htmlComments(tokens)).toEqual([`${PLAN_MARKER}\n`]);
        expect(inlineKinds(tokens)).toEqual(inlineKinds(wanted));
        expect(tokens.filter((t) => t.type === "heading_open").length).toBe(
          wanted.filter((t) => t.type === "heading_open").length,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("shortened to fit a comment, still closes its blocks before the note", () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 400, max: 2500 }), ({ plan }, limit) => {
        const { body, truncated } = stickyBody(renderPlanMarkdown(plan), { name: "pricing-plan" }, limit);
        expect(body.length).toBeLessThanOrEqual(limit);
        const tokens = md.parse(body, {});
        const shapes = blocks(tokens).join(" ");
        expect(shapes).not.toContain("unexpected");
        expect(htmlComments(tokens)).toEqual([`${PLAN_MARKER}\n`]);
        const opened = (shapes.match(/<details>/g) ?? []).length;
        const closed = (shapes.match(/<\/details>/g) ?? []).length;
        if (!truncated) return;
        expect(closed).toBe(opened);
        // The note is a block quote of its own, after a rule: not swallowed by a fence or HTML.
        expect(blocks(tokens).slice(-5)).toEqual([
          "hr:hr",
          "blockquote_open:blockquote",
          "paragraph_open:p",
          "paragraph_close:p",
          "blockquote_close:blockquote",
        ]);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps every line of the text plan its own, with no escape sequence or workflow command", () => {
    fc.assert(
      fc.property(plans, ({ plan, reference }) => {
        const text = renderPlanText(plan, { color: false });
        expect(text.split("\n").length).toBe(renderPlanText(reference).split("\n").length);
        expect(text).not.toMatch(/^\s*::|##\[/m);
        for (const c of ["\r", "\x1b", "\0", "\u2028", "\u202e"]) expect(text).not.toContain(c);
      }),
      { numRuns: RUNS },
    );
  });
});

const diagnostics: fc.Arbitrary<Diagnostic[]> = fc.array(
  fc.record({
    file: hostile,
    line: fc.nat(10_000),
    column: fc.nat(500),
    severity: fc.constantFrom<Diagnostic["severity"]>("error", "warning"),
    message: hostile,
  }),
  { minLength: 1, maxLength: 5 },
);

describe("invalid-model diagnostics with hostile file names and messages", () => {
  it("keep the invalid-models comment's structure", () => {
    fc.assert(
      fc.property(diagnostics, (list) => {
        const reference = list.map((d, i) => ({ ...d, file: `models/${i}.yaml`, message: "m" }));
        const { body } = stickyBody(renderDiagnosticsMarkdown(list), { name: "pricing-plan" });
        const tokens = md.parse(body, {});
        const wanted = md.parse(stickyBody(renderDiagnosticsMarkdown(reference), { name: "p" }).body, {});
        expect(blocks(tokens)).toEqual(blocks(wanted));
        expect(htmlComments(tokens)).toEqual([`${PLAN_MARKER}\n`]);
        expect(inlineKinds(tokens)).toEqual(inlineKinds(wanted));
      }),
      { numRuns: RUNS },
    );
  });

  it("are each one annotation line that reads back as the file and message given", () => {
    fc.assert(
      fc.property(diagnostics, (list) => {
        for (const d of list) {
          const line = annotation(d);
          expect(line).not.toMatch(/[\r\n]/);
          const m = /^::(error|warning) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$/s.exec(line);
          expect(m, line).not.toBeNull();
          expect(m?.[1]).toBe(d.severity);
          expect(unescapeProperty(m?.[2] ?? "")).toBe(d.file);
          expect(unescapeData(m?.[6] ?? "")).toBe(d.message);
          expect(formatDiagnostic(d)).not.toMatch(/[\r\n]|^\s*::|##\[/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** The runner's unescaping of a workflow command's message (actions/runner ActionCommand). */
function unescapeData(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

/** The runner's unescaping of a property value. */
function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");
}

/** Impact rows and policy findings whose every name comes from `text` (profiles and models are PR-editable). */
function reviewArb(text: fc.Arbitrary<string>) {
  const bill = fc.option(
    fc.record({
      first: fc.bigInt({ min: 0n, max: 10n ** 9n }),
      steady: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    }),
    { nil: undefined },
  );
  return fc.record({
    rows: fc.array(
      fc.record({
        model: text,
        profile: text,
        currency: fc.constantFrom("eur", "jpy", "kwd") as fc.Arbitrary<Currency>,
        period: fc.constantFrom("month", "year"),
        before: bill,
        after: bill,
      }),
      { maxLength: 6 },
    ),
    skipped: fc.array(fc.record({ model: text, reason: text }), { maxLength: 2 }),
    findings: fc.array(
      fc.record({
        id: text,
        rule: fc.constant("max-increase" as const),
        status: fc.constantFrom("passed" as const, "violated" as const, "approved" as const),
        reasons: fc.array(text, { minLength: 1, maxLength: 2 }),
        unlessLabel: text,
      }),
      { maxLength: 3 },
    ),
  });
}

describe("the impact table, charts and policy lines with hostile names", () => {
  it("keep the structure of the same review with harmless names", () => {
    fc.assert(
      fc.property(reviewArb(hostile), (r) => {
        const rows = r.rows as ImpactRow[];
        const models = [...new Set(rows.map((x) => `${x.model}\u0000${x.currency}`))];
        const harmlessRows = rows.map((x) => ({
          ...x,
          model: `n${models.indexOf(`${x.model}\u0000${x.currency}`)}`,
          profile: "p",
        }));
        const impact = (list: ImpactRow[], skipped: ImpactSkip[]): Impact => ({
          models: [],
          rows: list,
          skipped,
          unused: [],
        });
        const policy = (harmless: boolean): PolicyResult => ({
          findings: r.findings.map((f) =>
            harmless ? { ...f, id: "i", reasons: f.reasons.map(() => "r"), unlessLabel: "l" } : f,
          ),
        });
        const plan = planOf([]);
        const body = stickyBody(
          renderPlanMarkdown(plan, { impact: impact(rows, r.skipped), policy: policy(false) }),
          { name: "pricing-plan" },
        ).body;
        const reference = stickyBody(
          renderPlanMarkdown(plan, {
            impact: impact(
              harmlessRows,
              r.skipped.map(() => ({ model: "m", reason: "r" })),
            ),
            policy: policy(true),
          }),
          { name: "pricing-plan" },
        ).body;
        const tokens = md.parse(body, {});
        const wanted = md.parse(reference, {});
        expect(blocks(tokens)).toEqual(blocks(wanted));
        expect(htmlComments(tokens)).toEqual([`${PLAN_MARKER}\n`]);
        expect(inlineKinds(tokens)).toEqual(inlineKinds(wanted));
        // A chart's strings hold no quote, bracket or line break a name brought in.
        for (const t of tokens.filter((x) => x.type === "fence" && x.info === "mermaid"))
          for (const line of t.content.split("\n").slice(1))
            expect(line).toMatch(
              /^( {4}(title "[^"\n]*"|x-axis \[("[^"\n\]]*"(, )?)*\]|y-axis "[A-Z]{3}"|bar \[[0-9., ]*\]))?$/,
            );
      }),
      { numRuns: RUNS },
    );
  });
});

/** Stripe-shaped fields with arbitrary values where amounts, tiers, currencies and intervals go. */
const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    "eur",
    "jpy",
    "kwd",
    "usd",
    "EUR",
    "",
    "1e3",
    "-1",
    "0.0000000000001",
    "12.5",
    "inf",
    "graduated",
    "volume",
    "tiered",
    "metered",
    "month",
    "year",
    "forever",
    "repeating",
  ),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  hostile,
);
const stripeFields: fc.Arbitrary<JsonObject> = fc.letrec<{ f: JsonObject; v: Json }>((tie) => ({
  f: fc.dictionary(
    fc.constantFrom(
      "currency",
      "unit_amount",
      "unit_amount_decimal",
      "tiers",
      "tiers_mode",
      "billing_scheme",
      "recurring",
      "currency_options",
      "percent_off",
      "amount_off",
      "duration",
      "duration_in_months",
      "flat_amount",
      "up_to",
      "interval",
      "interval_count",
      "usage_type",
      "meter",
      "eur",
      "jpy",
      "usd",
      "name",
      "unit_label",
    ),
    tie("v"),
    { maxKeys: 6 },
  ) as fc.Arbitrary<JsonObject>,
  v: fc.oneof({ depthSize: "small" }, oddValue, tie("f"), fc.array(tie("f"), { maxLength: 3 })),
})).f;

describe("renderers and the calculator with any Stripe-shaped fields (a state file is PR-editable)", () => {
  it("never throw, whatever amounts, tiers or currencies the fields hold", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom("price", "coupon", "product", "billing_meter"),
            before: stripeFields,
            after: stripeFields,
            action: fc.constantFrom<Action>("replace", "update", "create", "archive"),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (list) => {
          const ops = list.map(
            (x, i): Operation => ({
              action: x.action,
              key: `m/c${i}` as LogicalKey,
              type: x.type as ObjectType,
              model: "m" as ModelId,
              fidelity: "exact",
              reason: "r",
              id: `id_${i}` as StripeId,
              changes: [],
              ...(x.action === "archive" ? {} : { fields: x.after as never }),
            }),
          );
          const state = {
            formatVersion: 2 as const,
            catalog: null,
            sources: {},
            lineage: "l",
            serial: 1,
            revision: "stripe-rev-0001",
            backend: "shadow" as const,
            account: { mode: "shadow" as const },
            objects: list.map((x, i) => ({
              key: `m/c${i}` as LogicalKey,
              type: x.type as ObjectType,
              id: `id_${i}` as StripeId,
              active: true,
              model: "m" as ModelId,
              fidelity: "exact" as const,
              reason: "r",
              fields: x.before,
            })),
          };
          const plan = planOf(ops);
          const profiles = [
            {
              name: "p",
              file: "p.yaml",
              usage: { energy: 7n },
              seats: {},
              positions: {},
              seatPositions: {},
              modelPositions: [],
            },
          ];
          const impact = computeImpact(plan, state, profiles);
          renderPlanMarkdown(plan, { state, impact });
          renderPlanText(plan, {}, { state, impact });
          renderPlanJson(plan, { state, impact });
          const rules = [
            {
              rule: "max-increase" as const,
              id: "a",
              percent: { units: 15n, scale: 0 },
              at: { file: "c", line: 1, column: 1 },
            },
            { rule: "no-currency-removed" as const, id: "b", at: { file: "c", line: 1, column: 1 } },
          ];
          evaluatePolicy(rules, plan, componentChanges(plan, state), impact, []);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? RUNS) },
    );
  });
});
