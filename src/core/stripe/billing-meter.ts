/** Stripe billing meters: one per model meter; metered prices reference them. Pure. */
import type { Artifact } from "../artifacts/artifacts.js";
import type { Aggregation } from "../model/types.js";
import type { DesiredOf } from "./desired-object.js";
import type { TypeSpec } from "./type-spec.js";

/** A billing meter's fields. Stripe never gives an event name to a second meter. */
export type BillingMeterFields = {
  readonly display_name: string;
  readonly event_name: string;
  readonly default_aggregation: { readonly formula: Aggregation };
  readonly value_settings: { readonly event_payload_key: string };
  readonly customer_mapping: { readonly event_payload_key: string; readonly type: "by_id" };
};

/** The billing meter type. */
export const billingMeter: TypeSpec<"billing_meter", BillingMeterFields> = {
  type: "billing_meter",
  idPrefix: "mtr_",
  traits: { mutable: ["display_name"], reactivatable: true, retire: "deactivate" },
  limits: { display_name: 250, event_name: 100 },
  map(a: Artifact): DesiredOf<"billing_meter", BillingMeterFields>[] {
    if (a.kind !== "meter") return [];
    const m = a.meter;
    return [
      {
        key: a.key,
        type: "billing_meter",
        model: a.model,
        fidelity: "exact",
        reason: "billing meter definition maps one to one",
        fields: {
          display_name: m.displayName,
          event_name: m.eventName,
          default_aggregation: { formula: m.aggregation },
          value_settings: { event_payload_key: m.valueKey },
          customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
        },
      },
    ];
  },
};
