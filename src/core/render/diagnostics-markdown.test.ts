import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnosticsMarkdown } from "./diagnostics-markdown.js";

const at = { line: 3, column: 7, severity: "error" } as const;

describe("renderDiagnosticsMarkdown", () => {
  it("lists every diagnostic in a table under a fixed heading and summary", () => {
    const md = renderDiagnosticsMarkdown([
      { ...at, file: "models/a.yaml", message: "amount 8.999 has more decimals than eur allows (2)" },
      { ...at, file: "models/b.yaml", line: 1, column: 1, severity: "warning", message: "unused" },
    ]);
    expect(md).toBe(
      [
        "### Pricing plan",
        "",
        "**The models are invalid: no plan.** Each error is annotated on its line under _Files changed_.",
        "",
        "1 error in 2 files.",
        "",
        "| File | Line | Column | Severity | Message |",
        "|---|---|---|---|---|",
        "| `models/a.yaml` | 3 | 7 | error | amount 8.999 has more decimals than eur allows (2) |",
        "| `models/b.yaml` | 1 | 1 | warning | unused |",
        "",
      ].join("\n"),
    );
  });

  it("keeps file names and unknown keys with line breaks, pipes and fences inside their cell", () => {
    const file = "models/x\n```\n| a | b |\n<!--.yaml";
    const diagnostics: Diagnostic[] = [
      { ...at, file, message: 'unknown key "k\n```\n</details>\n\n**No changes.**"' },
    ];
    const md = renderDiagnosticsMarkdown(diagnostics);
    const lines = md.split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[8]).toMatch(/^\| `.*` \| 3 \| 7 \| error \| .* \|$/);
    expect(md).not.toMatch(/^(```|<!--|\*\*No)/m);
  });
});

describe("formatDiagnostic", () => {
  it("is one line whatever the file name and message hold", () => {
    const line = formatDiagnostic({
      ...at,
      file: "models/a\n::error file=x::spoof.yaml",
      message: "unknown key\r\n::warning::spoof",
    });
    expect(line).toBe(
      '"models/a\\n::error file=x::spoof.yaml":3:7 error "unknown key\\r\\n::warning::spoof"',
    );
  });
});
