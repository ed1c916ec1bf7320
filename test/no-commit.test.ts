/** `apply --no-commit`: publishes without git commits, run after run (as `watch --apply` does by hand). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { git, pricingInProcess, removeDir, tempRepo } from "./helpers/cli.js";

let dir = "";
afterEach(() => removeDir(dir));

it("applies again on top of its own uncommitted state and uncommitted models, making no commit", async () => {
  dir = tempRepo("pricing-no-commit-");
  const head = git(dir, "rev-parse", "HEAD");
  const first = await pricingInProcess(dir, "apply", "--no-commit");
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/^Published stripe-rev-0001: 39 to create/);
  const file = join(dir, "models", "flat-899-eur-monthly.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("amount: 8.99", "amount: 9.49"));
  const second = await pricingInProcess(dir, "apply", "--no-commit");
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toMatch(/^Published stripe-rev-0002: .*1 to replace/);
  expect(git(dir, "rev-parse", "HEAD")).toBe(head);
  const state = JSON.parse(readFileSync(join(dir, "state", "stripe.json"), "utf8")) as { revision: string };
  expect(state.revision).toBe("stripe-rev-0002");
  // Without --no-commit the same uncommitted work is refused: a revision must record committed models.
  const refused = await pricingInProcess(dir, "apply");
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/uncommitted changes/);
});
