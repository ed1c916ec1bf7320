/** Reading a plan saved by `pricing plan --out` for `apply --plan`. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PricingError } from "../../core/diagnostics/errors.js";
import type { Plan } from "../../core/plan/types.js";

/**
 * The saved plan at `file` (relative to `cwd`). Its `why` and `money` are display text in the
 * saved form and are dropped: the operations are what apply carries out. Throws a PricingError when
 * the file cannot be read or is not a saved plan.
 */
export function readSavedPlan(file: string, cwd: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(cwd, file), "utf8"));
  } catch (e) {
    throw new PricingError(
      `cannot read the saved plan ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const plan = data as Partial<Plan>;
  if (plan.formatVersion !== 1 || !Array.isArray(plan.operations) || typeof plan.baseDigest !== "string") {
    throw new PricingError(`${file} is not a plan saved by \`pricing plan --out\``);
  }
  // `why` and `money` are display text in the saved form: the operations are what apply carries out.
  return {
    ...plan,
    operations: plan.operations.map(({ why: _why, money: _money, ...op }: Record<string, unknown>) => op),
  } as unknown as Plan;
}
