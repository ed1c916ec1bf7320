import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWithClient, stripeError } from "../test/helpers/emulator.js";
import type { EmulatorHandle } from "./index.js";

let emulator: EmulatorHandle;
let stripe: Stripe;

beforeEach(async () => {
  ({ emulator, stripe } = await startWithClient());
});
afterEach(async () => {
  await emulator.close();
});

const create = (event: string, extra: Partial<Stripe.Billing.MeterCreateParams> = {}) =>
  stripe.billing.meters.create({
    display_name: `Meter ${event}`,
    event_name: event,
    default_aggregation: { formula: "sum" },
    ...extra,
  });

describe("billing meters", () => {
  it("create with Stripe's defaults and retrieve", async () => {
    const meter = await create("api_call");
    expect(meter.id).toMatch(/^mtr_[A-Za-z0-9]{24}$/);
    expect(meter).toMatchObject({
      object: "billing.meter",
      status: "active",
      event_name: "api_call",
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
      value_settings: { event_payload_key: "value" },
      status_transitions: { deactivated_at: null },
      event_time_window: null,
      livemode: false,
    });
    const custom = await create("tokens", {
      default_aggregation: { formula: "last" },
      customer_mapping: { event_payload_key: "customer", type: "by_id" },
      value_settings: { event_payload_key: "tokens" },
    });
    expect(await stripe.billing.meters.retrieve(custom.id)).toMatchObject({
      default_aggregation: { formula: "last" },
      customer_mapping: { event_payload_key: "customer" },
      value_settings: { event_payload_key: "tokens" },
    });
  });

  it("require display name, event name and aggregation formula", async () => {
    const error = await stripeError(
      stripe.billing.meters.create({
        display_name: "x",
        event_name: "y",
      } as Stripe.Billing.MeterCreateParams),
    );
    expect(error).toMatchObject({ code: "parameter_missing", param: "default_aggregation[formula]" });
    const badFormula = await stripeError(create("z", { default_aggregation: { formula: "avg" } }));
    expect(badFormula.param).toBe("default_aggregation[formula]");
  });

  it("update only the display name", async () => {
    const meter = await create("api_call");
    const updated = await stripe.billing.meters.update(meter.id, { display_name: "Renamed" });
    expect(updated.display_name).toBe("Renamed");
    const error = await stripeError(
      stripe.billing.meters.update(meter.id, { event_name: "other" } as Stripe.Billing.MeterUpdateParams),
    );
    expect(error).toMatchObject({ message: "Received unknown parameter: event_name", param: "event_name" });
  });

  it("keep one meter per event name, even once deactivated", async () => {
    const meter = await create("api_call");
    expect((await stripeError(create("api_call"))).param).toBe("event_name");
    await stripe.billing.meters.deactivate(meter.id);
    expect((await stripeError(create("api_call"))).param).toBe("event_name");
    expect(emulator.store.meters.size).toBe(1);
  });

  it("deactivate and reactivate, with status transitions", async () => {
    const meter = await create("api_call");
    const off = await stripe.billing.meters.deactivate(meter.id);
    expect(off.status).toBe("inactive");
    expect(typeof off.status_transitions.deactivated_at).toBe("number");
    const again = await stripeError(stripe.billing.meters.deactivate(meter.id));
    expect(again.statusCode).toBe(400);
    const on = await stripe.billing.meters.reactivate(meter.id);
    expect(on.status).toBe("active");
    expect(on.status_transitions.deactivated_at).toBeNull();
  });

  it("list with the status filter and pagination", async () => {
    const a = await create("a");
    const b = await create("b");
    const c = await create("c");
    await stripe.billing.meters.deactivate(b.id);
    expect((await stripe.billing.meters.list()).data.map((m) => m.id)).toEqual([c.id, b.id, a.id]);
    expect((await stripe.billing.meters.list({ status: "active" })).data.map((m) => m.id)).toEqual([
      c.id,
      a.id,
    ]);
    expect((await stripe.billing.meters.list({ status: "inactive" })).data.map((m) => m.id)).toEqual([b.id]);
    const page = await stripe.billing.meters.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    const all = await stripe.billing.meters.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(all.map((m) => m.id)).toEqual([c.id, b.id, a.id]);
  });

  it("answer 404 for an unknown meter", async () => {
    const error = await stripeError(stripe.billing.meters.retrieve("mtr_missing"));
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
