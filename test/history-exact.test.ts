/**
 * Exact history (issue 11): a revision records the model files it published, so rollback
 * restores what was applied (not what the models commit held); a saved plan binds the models
 * as well as the state; a state of format 1 migrates on read. Through the real CLI (in-process)
 * on the shadow backend, and a randomized sequence of partial applies, saved-plan applies,
 * reverts and rollbacks.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseState } from "../src/edge/files/state-file.js";
import { git, pricingInProcess as pricing, removeDir, tempDir, tempRepo } from "./helpers/cli.js";

const STATE = "state/stripe.json";
const FLAT = "models/flat-899-eur-monthly.yaml";
const PAYG = "models/payg-kwh.yaml";
const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) removeDir(dir);
});

function repo(): string {
  const dir = tempRepo("history");
  made.push(dir);
  return dir;
}

/** Replaces the first plain `amount:` of a model file and commits it; returns the commit. */
function setAmount(dir: string, file: string, amount: string): string {
  const text = readFileSync(join(dir, file), "utf8");
  writeFileSync(join(dir, file), text.replace(/^(\s+amount: )\d+(\.\d+)?$/m, `$1${amount}`));
  git(dir, "commit", "-qam", `${file}: ${amount}`);
  return git(dir, "rev-parse", "HEAD");
}

/** The active objects of a state text, by type and key, with their fields: what a catalog sells. */
function activeCatalog(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of parseState(text, STATE).objects) if (o.active) out[`${o.type} ${o.key}`] = o.fields;
  return out;
}

/** The state committed with a revision. */
function stateAt(dir: string, revision: string): string {
  const commit = git(dir, "log", "--format=%H", `--grep=Pricing-Revision: ${revision}$`, "-n", "1");
  return git(dir, "show", `${commit}:${STATE}`);
}

async function ok(dir: string, ...args: string[]): Promise<string> {
  const run = await pricing(dir, ...args);
  expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

describe("exact history", () => {
  it("a saved plan is refused once the models it was made from moved, and nothing is written", async () => {
    const dir = repo();
    await ok(dir, "apply");
    setAmount(dir, FLAT, "9.49");
    const saved = join(dir, "..", `${made.length}-p.json`);
    made.push(saved);
    await ok(dir, "plan", "--out", saved);
    expect(JSON.parse(readFileSync(saved, "utf8")).modelsDigest).toMatch(/^[0-9a-f]{64}$/);
    setAmount(dir, FLAT, "9.99");
    const head = git(dir, "rev-parse", "HEAD");
    const stale = await pricing(dir, "apply", "--plan", saved);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^error: the saved plan .*p\.json was made from other models than models holds now \(they changed since `plan --out`\)/,
    );
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    // A saved plan edited by hand is not carried out: its operations are what its state and models give.
    setAmount(dir, FLAT, "9.49");
    await ok(dir, "plan", "--out", saved);
    writeFileSync(saved, readFileSync(saved, "utf8").replace('"unit_amount": 949', '"unit_amount": 9999'));
    const before = git(dir, "rev-parse", "HEAD");
    const edited = await pricing(dir, "apply", "--plan", saved);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(
      /^error: the saved plan .*p\.json does not hold the operations its state and models give \(was it edited\?\); nothing was written/,
    );
    expect(git(dir, "rev-parse", "HEAD")).toBe(before);
    // A comment is not a change of what the models ask for: the plan still applies.
    await ok(dir, "plan", "--out", saved);
    writeFileSync(join(dir, FLAT), `# reviewed\n${readFileSync(join(dir, FLAT), "utf8")}`);
    git(dir, "commit", "-qam", "a comment");
    expect(await ok(dir, "apply", "--plan", saved)).toMatch(
      /^Published stripe-rev-0002: 0 to create, 0 to update, 1 to replace/,
    );
  });

  it("rollback to a --model-id revision publishes what it applied, not its models commit", async () => {
    const dir = repo();
    await ok(dir, "apply");
    setAmount(dir, FLAT, "9.49");
    const paygChange = setAmount(dir, PAYG, "12.00");
    // Only the flat model is applied: the revision publishes PAYG's price as it was.
    await ok(dir, "apply", "--model-id", "flat-899-eur-monthly");
    const rev2 = stateAt(dir, "stripe-rev-0002");
    const history = JSON.parse(await ok(dir, "history", "--format", "json")).revisions;
    expect(history.find((r: { revision: string }) => r.revision === "stripe-rev-0002").scope).toEqual([
      "flat-899-eur-monthly",
    ]);
    expect(await ok(dir, "history")).toMatch(/stripe-rev-0002 .* \(only flat-899-eur-monthly\)/);
    const recorded = parseState(rev2, STATE).sources;
    expect(recorded["flat-899-eur-monthly"]?.blob).toBe(git(dir, "rev-parse", `HEAD:${FLAT}`));
    expect(recorded["payg-kwh"]?.blob).toBe(git(dir, "rev-parse", `HEAD~3:${PAYG}`));
    git(dir, "revert", "--no-edit", paygChange);
    setAmount(dir, FLAT, "9.99");
    await ok(dir, "apply");
    // The models commit of stripe-rev-0002 holds PAYG at 12.00, which it never published.
    const rolled = await ok(dir, "rollback", "stripe-rev-0002");
    expect(rolled).toMatch(/^Published stripe-rev-0004: /);
    expect(activeCatalog(readFileSync(join(dir, STATE), "utf8"))).toEqual(activeCatalog(rev2));
    expect(readFileSync(join(dir, PAYG), "utf8")).toMatch(/^\s+amount: 9\.00$/m);
    expect(readFileSync(join(dir, FLAT), "utf8")).toMatch(/^\s+amount: 9\.49$/m);
    expect((await pricing(dir, "plan", "--detailed-exitcode")).code).toBe(0);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("rollback refuses a revision whose files do not reproduce it, before any write", async () => {
    const dir = repo();
    await ok(dir, "apply");
    // A state of format 1 records no model files: a --model-id revision made by the previous
    // format cannot be told from its models commit, which holds a change it never published.
    setAmount(dir, FLAT, "9.49");
    setAmount(dir, PAYG, "12.00");
    await ok(dir, "apply", "--model-id", "flat-899-eur-monthly");
    const state = JSON.parse(readFileSync(join(dir, STATE), "utf8"));
    const { catalog: _c, sources: _s, ...v1 } = state;
    writeFileSync(join(dir, STATE), `${JSON.stringify({ ...v1, formatVersion: 1 }, null, 2)}\n`);
    git(dir, "commit", "-q", "--amend", "-a", "--no-edit");
    await ok(dir, "apply");
    const head = git(dir, "rev-parse", "HEAD");
    const refused = await pricing(dir, "rollback", "stripe-rev-0002");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: stripe-rev-0002 cannot be restored exactly: the model files it records do not reproduce what it published \(1 object would differ, e\.g\. replace price payg-kwh\/\w+\)/,
    );
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("a state of format 1 migrates on read: the next apply only stamps the catalog", async () => {
    const dir = repo();
    await ok(dir, "apply");
    const state = JSON.parse(readFileSync(join(dir, STATE), "utf8"));
    const { catalog: _c, sources: _s, ...rest } = state;
    const unstamp = (fields: Record<string, unknown>) => {
      const { pricing_catalog: _p, ...metadata } = (fields.metadata ?? {}) as Record<string, string>;
      return fields.metadata && _p ? { ...fields, metadata } : fields;
    };
    const v1 = {
      ...rest,
      formatVersion: 1,
      objects: rest.objects.map((o: { fields: Record<string, unknown> }) => ({
        ...o,
        fields: unstamp(o.fields),
      })),
    };
    writeFileSync(join(dir, STATE), `${JSON.stringify(v1, null, 2)}\n`);
    git(dir, "commit", "-qam", "a state written by the previous format");
    const plan = JSON.parse(await ok(dir, "plan", "--format", "json"));
    const stamped = rest.objects.filter((o: { fields: { metadata?: Record<string, string> } }) =>
      Boolean(o.fields.metadata?.pricing_catalog),
    ).length;
    expect(stamped).toBeGreaterThan(10);
    expect(plan.summary).toEqual({
      create: 0,
      update: stamped,
      replace: 0,
      archive: 0,
      reactivate: 0,
      noop: rest.objects.length - stamped,
    });
    for (const op of plan.operations.filter((o: { action: string }) => o.action === "update"))
      expect(op.changes).toEqual([{ path: "metadata.pricing_catalog", after: "test" }]);
    await ok(dir, "apply");
    const after = JSON.parse(readFileSync(join(dir, STATE), "utf8"));
    expect(after).toMatchObject({ formatVersion: 2, catalog: "test" });
    expect(Object.keys(after.sources).sort()).toEqual(
      [...new Set(rest.objects.map((o: { model: string }) => o.model))].sort(),
    );
    expect((await pricing(dir, "plan", "--detailed-exitcode")).code).toBe(0);
  });
});

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("rollback reproduces a revision (randomized)", () => {
  const MODELS = ["flat-899-eur-monthly", "payg-kwh", "ev-plus-monthly", "fleet-tiered"];
  const FILES: Record<string, string> = {
    "flat-899-eur-monthly": FLAT,
    "payg-kwh": PAYG,
    "ev-plus-monthly": "models/ev-plus-monthly.yaml",
    "fleet-tiered": "models/fleet-tiered.yaml",
  };

  for (const seed of [11, 23, 37, 41, 59]) {
    it(`seed ${seed}: partial applies, saved plans, reverts and rollbacks; every rollback restores its revision`, async () => {
      const next = random(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
      const dir = repo();
      const saved = join(tempDir("history-plan"), "p.json");
      made.push(join(saved, ".."));
      await ok(dir, "apply");
      const edits: string[] = [];
      const log: string[] = [];
      for (let step = 0; step < 10; step++) {
        // The last step always rolls back, so every sequence checks at least one rollback.
        const action =
          step === 9 ? "rollback" : pick(["edit", "edit", "apply", "scoped", "saved", "revert", "rollback"]);
        log.push(action);
        if (action === "edit") {
          const model = pick(MODELS);
          edits.push(
            setAmount(
              dir,
              FILES[model] as string,
              `${1 + Math.floor(next() * 90)}.${pick(["00", "49", "99"])}`,
            ),
          );
        } else if (action === "apply") {
          await ok(dir, "apply");
        } else if (action === "scoped") {
          await ok(dir, "apply", "--model-id", pick(MODELS));
        } else if (action === "saved") {
          await ok(dir, "plan", "--out", saved, "--model-id", pick(MODELS));
          await ok(dir, "apply", "--plan", saved);
        } else if (action === "revert" && edits.length > 0) {
          try {
            git(dir, "revert", "--no-edit", pick(edits));
          } catch {
            // A conflict, or nothing left to revert: leave the tree as it was.
            git(dir, "revert", "--quit");
            git(dir, "reset", "-q", "--hard", "HEAD");
          }
        } else if (action === "rollback") {
          const revisions = git(dir, "log", "--format=%(trailers:key=Pricing-Revision,valueonly)")
            .split("\n")
            .filter((l) => l.trim() !== "");
          const target = pick(revisions).trim();
          const expected = activeCatalog(stateAt(dir, target));
          await ok(dir, "rollback", target);
          const context = `seed ${seed}, steps ${log.join(" ")}: rollback to ${target}`;
          expect(activeCatalog(readFileSync(join(dir, STATE), "utf8")), context).toEqual(expected);
          expect((await pricing(dir, "plan", "--detailed-exitcode")).code, context).toBe(0);
        }
      }
    }, 60_000);
  }
});
