/**
 * The Stripe-backend figures: requests per no-op plan, requests per apply, and apply wall time
 * under a 25 req/s limit against the emulator. Not measured yet: this is the place to add them.
 * It never prints a number it did not measure.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the Stripe section reports (a line for the table, and the same for results.json). */
export interface StripeFigures {
  readonly measured: false;
  readonly note: string;
}

/** The compiled Stripe backend, if this build has one. */
const BACKEND = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "backend", "stripe", "backend.js");

/**
 * Reports the Stripe-backend figures. Until they are implemented it says why there are none:
 * the backend is missing from `dist`, or it is there but this benchmark does not drive it yet.
 */
export function stripeFigures(): StripeFigures {
  if (!existsSync(BACKEND)) {
    return { measured: false, note: "stripe backend: not measured (backend not available)" };
  }
  return {
    measured: false,
    note:
      "stripe backend: not measured (the backend is built, but this benchmark does not drive it yet: " +
      "requests per no-op plan, requests per apply, apply time at 25 req/s against the emulator)",
  };
}
