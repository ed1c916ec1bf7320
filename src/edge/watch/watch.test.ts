/**
 * `pricing watch` on a real temp folder: files are written, the output is read back by polling
 * (generous time-outs, no assertion on timing). Also the engine alone, to see that a save
 * re-reads only the file saved, and the terminal screen.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import type { Catalog } from "../../core/model/catalog.js";
import { CLEAR_SCREEN, renderFrame } from "../../core/render/watch-screen.js";
import { modelSchemaValidator, readModelSource } from "../files/models.js";
import { watchModels } from "./watch.js";

const exampleModels = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "models");
const FLAT = "models/flat-899-eur-monthly.yaml";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pricing-watch-"));
  cpSync(exampleModels, join(dir, "models"), { recursive: true });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Polls until `check` holds; fails with `describe()` after a generous time. */
async function waitFor(check: () => boolean, describe: () => string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting; got:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A `pricing watch` running in-process, its output so far, and a way to stop it. */
interface Session {
  readonly output: () => string;
  /** The output after the last occurrence of `marker` (empty when it never appeared). */
  readonly after: (marker: string) => string;
  readonly waitFor: (pattern: RegExp, since?: string) => Promise<void>;
  readonly stop: () => Promise<number>;
}

function startWatch(argv: readonly string[], cwd: string): Session {
  let out = "";
  let stop: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const write = (s: string): boolean => {
    out += s;
    return true;
  };
  const done = main(["watch", ...argv], { stdout: { write }, stderr: { write }, env: {}, cwd, stopSignal });
  const after = (marker: string): string => {
    const at = out.lastIndexOf(marker);
    return at < 0 ? "" : out.slice(at);
  };
  return {
    output: () => out,
    after,
    waitFor: (pattern, since) =>
      waitFor(
        () => pattern.test(since === undefined ? out : after(since)),
        () => out,
      ),
    stop: async () => {
      stop();
      return done;
    },
  };
}

function edit(file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe("pricing watch", () => {
  it("shows the plan, then the errors of a broken file, then the plan again when it is fixed", async () => {
    const watch = startWatch([], dir);
    await watch.waitFor(/^==> 7 models valid · Plan: 39 to create, .*\n/m);
    expect(watch.output()).toContain("+ create product flat-899-eur-monthly");

    writeFileSync(join(dir, "models/broken.yaml"), "apiVersion: pricing/v1\nkind: PricingModel\nid: [\n");
    await watch.waitFor(/^==> 1 error in the models: nothing planned\n/m);
    const errors = watch.after("==> 1 error in the models");
    expect(errors).toContain("changed: models/broken.yaml\n");
    expect(errors).toMatch(/^models\/broken\.yaml:\d+:\d+ error /m);

    unlinkSync(join(dir, "models/broken.yaml"));
    await watch.waitFor(/^==> 7 models valid · Plan: 39 to create/m, "==> 1 error in the models");
    expect(await watch.stop()).toBe(0);
  });

  it("with --apply, publishes each valid change to the shadow backend, and rolls back by reactivating", async () => {
    const watch = startWatch(["--apply"], dir);
    await watch.waitFor(/^==> 7 models valid · published stripe-rev-0001 to the shadow backend\n/m);
    const first = JSON.parse(readFileSync(join(dir, "state/stripe.json"), "utf8")) as { revision: string };
    expect(first.revision).toBe("stripe-rev-0001");

    edit(FLAT, "amount: 8.99", "amount: 9.49");
    await watch.waitFor(/^==> 7 models valid · published stripe-rev-0002 /m);
    const second = watch.after("published stripe-rev-0002");
    expect(second).toContain(`changed: ${FLAT}\n`);
    expect(second).toContain("EUR: €8.99 / month incl. tax -> €9.49 / month incl. tax  +€0.50 (+5.6%)");
    expect(second).toContain("Published stripe-rev-0002: 0 to create, 0 to update, 1 to replace");

    edit(FLAT, "amount: 9.49", "amount: 8.99");
    await watch.waitFor(/^==> 7 models valid · published stripe-rev-0003 /m);
    expect(watch.after("published stripe-rev-0003")).toContain("0 to replace, 0 to archive, 1 to reactivate");
    expect(await watch.stop()).toBe(0);

    const state = JSON.parse(readFileSync(join(dir, "state/stripe.json"), "utf8")) as {
      revision: string;
      objects: readonly { key: string; active: boolean }[];
    };
    expect(state.revision).toBe("stripe-rev-0003");
    const flatPrices = state.objects.filter((o) => o.key === "flat-899-eur-monthly/base");
    expect(flatPrices.map((o) => o.active).sort()).toEqual([false, true]);
  });

  it("keeps watching when a check fails, and says why", async () => {
    writeFileSync(join(dir, "state.json"), "");
    const watch = startWatch(["--state", "state.json"], dir);
    await watch.waitFor(/^==> error\nerror: .*state\.json/m);
    unlinkSync(join(dir, "state.json"));
    edit(FLAT, "name: Home Charging Flat", "name: Home Charging Flat Plus");
    await watch.waitFor(/^==> 7 models valid · Plan: 39 to create/m, "==> error");
    expect(await watch.stop()).toBe(0);
  });

  it("refuses --apply on the stripe backend", async () => {
    let err = "";
    const code = await main(["watch", "--apply", "--backend", "stripe"], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: dir,
      stopSignal: Promise.resolve(),
    });
    expect(code).toBe(1);
    expect(err).toMatch(/^error: watch --apply publishes on every save, so only to the shadow backend/);
  });

  it("fails at once without a models folder", async () => {
    let err = "";
    const code = await main(["watch", "--models", "nowhere"], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: dir,
      stopSignal: new Promise(() => undefined),
    });
    expect(code).toBe(1);
    expect(err).toMatch(/^error: cannot read the models folder nowhere/);
  });
});

describe("watchModels", () => {
  it("re-reads only the files that changed, and forgets removed ones", async () => {
    const reads: string[] = [];
    const catalogs: { readonly catalog: Catalog; readonly changed: readonly string[] }[] = [];
    const errors: unknown[] = [];
    const watcher = await watchModels({
      cwd: dir,
      dir: "models",
      validate: modelSchemaValidator(),
      read: (file) => {
        reads.push(file);
        return readModelSource(file, dir);
      },
      onCatalog: async (catalog, changed) => {
        catalogs.push({ catalog, changed });
      },
      onError: (e) => errors.push(e),
    });
    try {
      await waitFor(
        () => catalogs.length === 1,
        () => JSON.stringify(catalogs.map((c) => c.changed)),
      );
      expect(reads).toHaveLength(7);
      expect(catalogs[0]?.catalog.models).toHaveLength(7);
      reads.length = 0;

      edit(FLAT, "name: Home Charging Flat", "name: Home Charging Flat Plus");
      await waitFor(
        () =>
          catalogs.some((c) => c.catalog.models.some((m) => m.product.name === "Home Charging Flat Plus")),
        () => JSON.stringify(reads),
      );
      expect(new Set(reads)).toEqual(new Set([FLAT]));

      reads.length = 0;
      unlinkSync(join(dir, "models/payg-kwh.yaml"));
      await waitFor(
        () => catalogs.at(-1)?.catalog.models.length === 6,
        () => JSON.stringify(catalogs.map((c) => c.changed)),
      );
      expect(reads).toEqual([]);
      expect(catalogs.at(-1)?.changed).toEqual(["models/payg-kwh.yaml"]);
      expect(errors).toEqual([]);
    } finally {
      await watcher.close();
    }
  });
});

describe("watchModels on hostile files", () => {
  it("reports an unclosed deep list and a link out of the repository at once, with every other file", async () => {
    const catalogs: Catalog[] = [];
    const errors: unknown[] = [];
    const watcher = await watchModels({
      cwd: dir,
      dir: "models",
      validate: modelSchemaValidator(),
      onCatalog: async (catalog) => {
        catalogs.push(catalog);
      },
      onError: (e) => errors.push(e),
    });
    try {
      await waitFor(
        () => catalogs.length === 1,
        () => String(catalogs.length),
      );
      const started = Date.now();
      writeFileSync(join(dir, "models/deep.yaml"), `a: ${"[".repeat(100_000)}\n`);
      symlinkSync("/dev/zero", join(dir, "models/zero.yaml"));
      await waitFor(
        () => (catalogs.at(-1)?.diagnostics.length ?? 0) >= 2,
        () => JSON.stringify(catalogs.at(-1)?.diagnostics),
      );
      // Seconds, not minutes: the parse is bounded by the nesting cap.
      expect(Date.now() - started).toBeLessThan(10_000);
      const last = catalogs.at(-1);
      expect(last?.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
        "models/deep.yaml:1:67 lists and maps nest deeper than 64 levels here; a model needs far fewer",
        "models/zero.yaml:1:1 symbolic link leads outside the repository holding the models folder; links must stay inside it",
      ]);
      expect(last?.models).toHaveLength(7);
      expect(errors).toEqual([]);
    } finally {
      await watcher.close();
    }
  });
});

describe("renderFrame", () => {
  const frame = { title: "6 models valid · No changes.", changed: ["models/a.yaml"], body: "No changes.\n" };

  it("redraws a terminal screen with a header free of times", () => {
    expect(renderFrame(frame, { tty: true, dir: "models", apply: false })).toBe(
      `${CLEAR_SCREEN}pricing watch · models · validate and plan on every save · Ctrl-C to stop\n\n` +
        "6 models valid · No changes.\nchanged: models/a.yaml\n\nNo changes.\n",
    );
  });

  it("writes plain blocks elsewhere", () => {
    expect(renderFrame(frame, { tty: false, dir: "models", apply: true })).toBe(
      "==> 6 models valid · No changes.\nchanged: models/a.yaml\nNo changes.\n\n",
    );
  });

  it("shows a changed file whose name holds a line break or an escape sequence on one line", () => {
    const hostile = { ...frame, changed: ["models/a\n\x1b[2J.yaml"] };
    expect(renderFrame(hostile, { tty: false, dir: "models", apply: false })).toBe(
      '==> 6 models valid · No changes.\nchanged: "models/a\\n\\u001b[2J.yaml"\nNo changes.\n\n',
    );
  });
});
