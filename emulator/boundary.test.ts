/**
 * The emulator stands alone: no file under `emulator/` imports from the product (`src/`), and
 * its non-test files import only `node:` built-ins and each other, so it can ship on its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const HERE = import.meta.dirname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of `text`: static and dynamic imports, re-exports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns)
    for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m[1] ?? "");
  return found;
}

describe("the emulator's import boundary", () => {
  const all = files(HERE);

  it("finds the files and their imports", () => {
    expect(all.length).toBeGreaterThan(20);
    const sample = [
      "import a from './a.js';",
      "export {",
      "  b,",
      '} from "../src/b.js";',
      'await import("x");',
    ];
    expect(specifiers(sample.join("\n"))).toEqual(["./a.js", "../src/b.js", "x"]);
  });

  it.each(all.map((f) => [relative(ROOT, f), f]))("%s imports nothing from src/", (_name, file) => {
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const target = relative(ROOT, resolve(dirname(file), spec));
      expect(target.split(/[\\/]/)[0], `${spec} in ${file}`).not.toBe("src");
    }
  });

  it.each(all.filter((f) => !f.endsWith(".test.ts")).map((f) => [relative(ROOT, f), f]))(
    "%s (shipped) imports only node: built-ins and emulator/",
    (_name, file) => {
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        if (spec.startsWith("node:")) continue;
        expect(spec, file).toMatch(/^\./);
        expect(relative(HERE, resolve(dirname(file), spec)), `${spec} in ${file}`).not.toMatch(/^\.\./);
      }
    },
  );
});
