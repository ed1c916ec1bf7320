/**
 * The few named error classes the tool throws. Input problems are diagnostics (values);
 * these are for conditions that stop a command: IO failures, held locks, stale plans.
 */
import type { Diagnostic } from "./diagnostic.js";

/** A failure the user can act on; the CLI prints its message on one line and exits 1. */
export class PricingError extends Error {
  override readonly name: string = "PricingError";
  /** Diagnostics behind the failure, when it was caused by invalid input. */
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.diagnostics = diagnostics;
  }
}

/** Another apply holds the state lock. */
export class LockHeldError extends PricingError {
  override readonly name = "LockHeldError";
}

/** A saved plan no longer matches the state it was made against. */
export class StalePlanError extends PricingError {
  override readonly name = "StalePlanError";
}

/**
 * Marks the end of an exhaustive switch over a union: `default: return unreachable(x)` makes a
 * new member a compile error there, and throws if a value outside the union arrives at run time.
 */
export function unreachable(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)} (this is a bug)`);
}
