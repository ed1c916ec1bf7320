/**
 * `/v1/billing/meters`: create, retrieve, update (display name only), deactivate, reactivate,
 * list (filter `status`). An event name belongs to a single meter, active or not.
 */
import type { RequestContext, Route } from "../context.js";
import { conflict, invalidParam, missingParam, noSuch } from "../errors.js";
import { readExpand } from "../expand.js";
import { paginate, readPage } from "../list.js";
import {
  checkFields,
  expandField,
  type Fields,
  getObject,
  getString,
  listFields,
  obj,
  oneOf,
  str,
  strMax,
} from "../params.js";
import type { MeterRecord } from "../records.js";

const createFields: Fields = {
  ...expandField,
  customer_mapping: obj({ event_payload_key: str, type: oneOf("by_id") }),
  default_aggregation: obj({ formula: oneOf("sum", "count", "last") }),
  display_name: strMax(250),
  event_name: strMax(100),
  event_time_window: oneOf("day", "hour"),
  value_settings: obj({ event_payload_key: str }),
};
const updateFields: Fields = { ...expandField, display_name: strMax(250) };
const listParams: Fields = { ...listFields, status: oneOf("active", "inactive") };

function existing(ctx: RequestContext): MeterRecord {
  const meter = ctx.store.meters.get(ctx.id);
  if (meter === undefined) throw noSuch("billing.meter", ctx.id);
  return meter;
}

function create(ctx: RequestContext): unknown {
  const p = ctx.params;
  checkFields(p, createFields);
  readExpand(p, [], false);
  const displayName = getString(p.display_name);
  if (displayName === undefined || displayName === "") throw missingParam("display_name");
  const eventName = getString(p.event_name);
  if (eventName === undefined || eventName === "") throw missingParam("event_name");
  const formula = getString(getObject(p.default_aggregation)?.formula) as
    | MeterRecord["default_aggregation"]["formula"]
    | undefined;
  if (formula === undefined) throw missingParam("default_aggregation[formula]");
  const holder = ctx.store.meters.list().find((m) => m.event_name === eventName);
  if (holder !== undefined) {
    throw conflict(
      `An event name can only be used with a single meter: \`${eventName}\` is already used by meter \`${holder.id}\`.`,
      "event_name",
    );
  }
  const customerKey = getString(getObject(p.customer_mapping)?.event_payload_key);
  const valueKey = getString(getObject(p.value_settings)?.event_payload_key);
  const meter: MeterRecord = {
    id: ctx.store.ids.next("mtr"),
    object: "billing.meter",
    created: ctx.now,
    customer_mapping: { event_payload_key: customerKey ?? "stripe_customer_id", type: "by_id" },
    default_aggregation: { formula },
    display_name: displayName,
    event_name: eventName,
    event_time_window: (getString(p.event_time_window) ?? null) as MeterRecord["event_time_window"],
    livemode: false,
    status: "active",
    status_transitions: { deactivated_at: null },
    updated: ctx.now,
    value_settings: { event_payload_key: valueKey ?? "value" },
  };
  return ctx.store.meters.put(meter);
}

function retrieve(ctx: RequestContext): unknown {
  checkFields(ctx.params, expandField);
  readExpand(ctx.params, [], false);
  return existing(ctx);
}

function update(ctx: RequestContext): unknown {
  checkFields(ctx.params, updateFields);
  readExpand(ctx.params, [], false);
  const meter = existing(ctx);
  const displayName = getString(ctx.params.display_name);
  if (displayName === "") throw invalidParam("The display name cannot be empty.", "display_name");
  return ctx.store.meters.put({
    ...meter,
    display_name: displayName ?? meter.display_name,
    updated: ctx.now,
  });
}

function setStatus(status: MeterRecord["status"]) {
  return (ctx: RequestContext): unknown => {
    checkFields(ctx.params, expandField);
    readExpand(ctx.params, [], false);
    const meter = existing(ctx);
    if (meter.status === status) {
      throw conflict(
        status === "active" ? "This meter is already active." : "This meter is already deactivated.",
        undefined,
        "billing_meter_invalid_status",
      );
    }
    return ctx.store.meters.put({
      ...meter,
      status,
      status_transitions: { deactivated_at: status === "inactive" ? ctx.now : null },
      updated: ctx.now,
    });
  };
}

function list(ctx: RequestContext): unknown {
  checkFields(ctx.params, listParams);
  readExpand(ctx.params, [], true);
  const status = getString(ctx.params.status);
  return paginate(
    ctx.store.meters.list(),
    (meter) => status === undefined || meter.status === status,
    readPage(ctx.params),
    ctx.path,
    "billing.meter",
  );
}

/** The routes of the billing meters resource. */
export const meterRoutes: readonly Route[] = [
  { method: "POST", pattern: "/v1/billing/meters", handler: create },
  { method: "GET", pattern: "/v1/billing/meters", handler: list },
  { method: "GET", pattern: "/v1/billing/meters/:id", handler: retrieve },
  { method: "POST", pattern: "/v1/billing/meters/:id", handler: update },
  { method: "POST", pattern: "/v1/billing/meters/:id/deactivate", handler: setStatus("inactive") },
  { method: "POST", pattern: "/v1/billing/meters/:id/reactivate", handler: setStatus("active") },
];
