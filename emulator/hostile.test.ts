/**
 * Hostile requests: each is a 400 (or 413) with Stripe's error shape, changes nothing, and leaves
 * the server serving every later client. A seeded fuzz test of the form parser and the server
 * checks the same for generated bodies: no 5xx, no crash, a fixed probe still works after each.
 */
import { request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor } from "../test/helpers/emulator.js";
import { decodeForm, FormDecodeError } from "./form.js";
import { type EmulatorHandle, startEmulator } from "./index.js";

let emu: EmulatorHandle;
const AUTH = { Authorization: "Bearer sk_test_hostile" };

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu.close();
});

interface Answer {
  readonly status: number;
  readonly body: {
    readonly error?: { readonly type: string; readonly message: string; readonly param?: string };
  };
}

async function send(method: string, path: string, body?: string | Uint8Array): Promise<Answer> {
  const response = await fetch(`${emu.url}${path}`, {
    method,
    headers: { ...AUTH, "Content-Type": "application/x-www-form-urlencoded" },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

/** The fixed probe: a product can be created and listed, active, with nothing leaked into it. */
async function probe(): Promise<void> {
  const stripe = clientFor(emu);
  const created = await stripe.products.create({ name: "Probe", metadata: { k: "v" } });
  expect(created).toMatchObject({ name: "Probe", active: true, metadata: { k: "v" } });
  const listed = await stripe.products.list({ limit: 1 });
  expect(listed.data[0]).toMatchObject({ id: created.id, active: true });
  expect(Object.keys(listed.data[0] ?? {}).sort()).toEqual(Object.keys(created).sort());
  const price = await stripe.prices.create({ product: created.id, currency: "eur", unit_amount: 100 });
  expect(price.active).toBe(true);
  expect(({} as Record<string, unknown>).active).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("active");
}

function expectStripe400(answer: Answer, message: RegExp, status = 400): void {
  expect(answer.status).toBe(status);
  expect(answer.body.error?.type).toBe("invalid_request_error");
  expect(answer.body.error?.message).toMatch(message);
}

/** A test title for a body: long ones are cut. */
const short = (body: string): string =>
  body.length > 60 ? `${body.slice(0, 40)}... (${body.length} chars)` : body;

describe("hostile single requests", () => {
  it.each(
    (
      [
        ["metadata[__proto__][active]=false", /Invalid string: a hash/],
        ["__proto__[active]=false", /Received unknown parameter: __proto__/],
        ["constructor[prototype][active]=false", /Received unknown parameter: constructor/],
        ["prototype=x", /Received unknown parameter: prototype/],
        ["metadata[constructor][prototype]=x", /Invalid string: a hash/],
        ["name=a&name=b", /name is given more than once/],
        ["expand[0]=default_price&expand[0]=default_price", /given more than once/],
        ["images[99999999]=x", /Invalid array/],
        ["images[1]=x", /Invalid array/],
        ["images[00]=x", /Invalid array/],
        ["images[a]=x", /Invalid array/],
        ["metadata[]=x", /Invalid object/],
        ["metadata[a[b]=x", /cannot contain `\[` or `\]`/],
        ["name=x&name[a]=y", /Invalid parameter: name\[a\]/],
        ["name=%FF", /not valid percent-encoded UTF-8/],
        ["name=%ED%A0%80", /not valid percent-encoded UTF-8/],
        [`a${"[a]".repeat(9)}=x`, /nested more than 8 levels/],
        ["metadata[k]=v&".repeat(10_001).slice(0, -1), /Too many parameters/],
      ] as const
    ).map(([body, message]) => ({ label: short(body), body, message })),
  )("POST /v1/products with $label is a 400 and changes nothing", async ({ body, message }) => {
    const before = emu.store.products.size;
    const full = body.startsWith("name=") ? body : `name=P&${body}`;
    expectStripe400(await send("POST", "/v1/products", full), message);
    expect(emu.store.products.size).toBe(before);
    await probe();
  });

  it("keeps a metadata key named __proto__ as plain data", async () => {
    const answer = await send("POST", "/v1/products", "name=P&metadata[__proto__]=x&metadata[constructor]=y");
    expect(answer.status).toBe(200);
    const metadata = (answer.body as { metadata: Record<string, string> }).metadata;
    expect(Object.entries(metadata)).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
    await probe();
  });

  it("refuses a JSON body: Stripe's v1 API takes form-encoded bodies", async () => {
    const response = await fetch(`${emu.url}/v1/products`, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Json" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Answer["body"]).error?.message).toMatch(/form-encoded/);
    await probe();
  });

  it("refuses a body that is not UTF-8", async () => {
    const bytes = Buffer.concat([
      Buffer.from("name="),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("&active=false"),
    ]);
    expectStripe400(await send("POST", "/v1/products", bytes), /not valid UTF-8/);
    await probe();
  });

  it("refuses a body over 1 MiB with 413, never running a cut-off part of it", async () => {
    const before = emu.store.products.size;
    const body = `name=Big&description=${"x".repeat(1024 * 1024)}`;
    expectStripe400(await send("POST", "/v1/products", body), /too large/, 413);
    expect(emu.store.products.size).toBe(before);

    // Chunked, without a Content-Length: cut at the limit on arrival.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${emu.url}/v1/products`, {
        method: "POST",
        headers: { ...AUTH, "Content-Type": "application/x-www-form-urlencoded" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("name=Chunked&description=");
      for (let i = 0; i < 20; i++) req.write("y".repeat(64 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(emu.store.products.size).toBe(before);
    await probe();
  });
});

/** Pieces a hostile key is built from. */
const keyPart = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "active",
    "name",
    "metadata",
    "tiers",
    "expand",
    "images",
    "currency_options",
    "recurring",
    "items",
    "phases",
    "price",
    "quantity",
    "customer",
    "customers",
    "prices",
    "advance",
    "trial_end",
    "0",
    "1",
    "99999999",
    "-1",
    "",
    "[",
    "]",
    "%5B",
    "%5D",
    "%FF",
    "%",
    "%E2%82",
    "+",
  ),
  fc.string({ maxLength: 6 }),
);
const hostileKey = fc
  .tuple(keyPart, fc.array(keyPart, { maxLength: 10 }), fc.boolean())
  .map(([head, rest, brackets]) =>
    brackets ? head + rest.map((p) => `[${p}]`).join("") : [head, ...rest].join(""),
  );
const hostileValue = fc.oneof(
  fc.constantFrom(
    "false",
    "true",
    "",
    "inf",
    "0",
    "-1",
    "1e999",
    "99999999999999999999",
    "%FF",
    "%00",
    "x%2By",
  ),
  fc.string({ maxLength: 8 }),
);
const hostileBody = fc
  .array(fc.tuple(hostileKey, hostileValue), { maxLength: 12 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
const route = fc.constantFrom(
  ["POST", "/v1/products"],
  ["POST", "/v1/prices"],
  ["POST", "/v1/coupons"],
  ["POST", "/v1/billing/meters"],
  ["GET", "/v1/products"],
  ["GET", "/v1/prices"],
  ["GET", "/v1/coupons"],
  ["GET", "/v1/billing/meters"],
  ["POST", "/v1/customers"],
  ["POST", "/v1/subscriptions"],
  ["POST", "/v1/subscription_items"],
  ["POST", "/v1/subscription_schedules"],
  ["POST", "/_emulator/seed"],
  ["POST", "/_emulator/clock"],
  ["GET", "/v1/customers"],
  ["GET", "/v1/subscriptions"],
  ["GET", "/v1/subscription_items"],
  ["GET", "/v1/subscription_schedules"],
);

describe("fuzz", () => {
  it("decodeForm returns a tree or throws FormDecodeError, and never touches Object.prototype", () => {
    fc.assert(
      fc.property(hostileBody, (text) => {
        try {
          decodeForm(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FormDecodeError);
        }
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
      }),
      { seed: 12, numRuns: 2000 },
    );
  });

  it("the server answers every generated request below 500, and the probe works after each", async () => {
    await fc.assert(
      fc.asyncProperty(route, hostileBody, async ([method, path], body) => {
        const answer =
          method === "GET"
            ? await send("GET", `${path}?${body}`)
            : await send(method ?? "POST", path ?? "", body);
        expect(answer.status, `${method} ${path} ${body}`).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.body.error?.type).toBe("invalid_request_error");
        await probe();
      }),
      { seed: 21, numRuns: 300 },
    );
    emu.store.reset();
  }, 60_000);
});

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
