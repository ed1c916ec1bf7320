/**
 * Plan problems: what makes a plan impossible to carry out on Stripe, found before the first
 * write. A plan with problems is shown but never applied. Closed codes with their values; the
 * words, with the fix each names, are the renderers' (`src/core/render/problem.ts`). Pure types.
 */
import type { LogicalKey } from "../artifacts/artifacts.js";
import type { StripeId } from "../state/types.js";
import type { ObjectType } from "../stripe/registry.js";

/** One reason a plan cannot be applied. */
export type PlanProblem =
  /** A new billing meter would need an event name that a meter already holds (Stripe never reuses one). */
  | {
      readonly code: "event-name-taken";
      readonly key: LogicalKey;
      readonly eventName: string;
      readonly holder: StripeId;
      /** The holder is the meter this one would replace (an immutable field changed). */
      readonly replacing: boolean;
      readonly fields: readonly string[];
      /** The catalog the holder belongs to, when another repository manages it (never adopted). */
      readonly catalog?: string;
    }
  /** A price would take a lookup key that a price the tool does not manage holds. */
  | {
      readonly code: "lookup-key-held";
      readonly key: LogicalKey;
      readonly lookupKey: string;
      readonly holder: StripeId;
      /** The catalog the holder belongs to, when another repository manages it (never taken over). */
      readonly catalog?: string;
    }
  /** A product would be created under an id (its model id) that a product the tool does not manage holds. */
  | {
      readonly code: "product-id-taken";
      readonly key: LogicalKey;
      /** The catalog the holder belongs to, when another repository manages it. */
      readonly catalog?: string;
    }
  /**
   * A promotion code would become active while an active code of another key holds the same code
   * (regardless of case): one the tool does not manage, or one of the tool's (`heldBy`) that this
   * plan deactivates only later. Stripe keeps codes unique among active ones.
   */
  | {
      readonly code: "promotion-code-taken";
      readonly key: LogicalKey;
      readonly promotionCode: string;
      readonly holder: StripeId;
      /** The key of the holder when the tool manages it. */
      readonly heldBy?: LogicalKey;
      /** The catalog the holder belongs to, when another repository manages it. */
      readonly catalog?: string;
    }
  /** A field longer than Stripe accepts. */
  | {
      readonly code: "too-long";
      readonly type: ObjectType;
      readonly key: LogicalKey;
      readonly field: string;
      readonly length: number;
      readonly limit: number;
    };
