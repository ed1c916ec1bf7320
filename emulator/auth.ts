/** API key checks: `Authorization: Bearer sk_test_...` (or Basic, as `curl -u` sends); test-mode keys only. */
import { StripeApiError } from "./errors.js";

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

function unauthorized(message: string): StripeApiError {
  return new StripeApiError({
    status: 401,
    type: "invalid_request_error",
    message,
    stage: "validation",
    headers: { "WWW-Authenticate": 'Bearer realm="Stripe"' },
  });
}

function mask(key: string): string {
  const cut = key.indexOf("_", key.indexOf("_") + 1);
  const prefix = cut > 0 ? key.slice(0, cut + 1) : "";
  return `${prefix}*********${key.slice(-4)}`;
}

/** The API key of a request, or a 401 `StripeApiError`. */
export function authenticate(header: string | undefined): string {
  if (header === undefined || header.trim() === "") throw unauthorized(NO_KEY);
  const [scheme = "", value = ""] = header.trim().split(/\s+/, 2);
  let key = "";
  if (scheme.toLowerCase() === "bearer") key = value;
  else if (scheme.toLowerCase() === "basic")
    key = Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "";
  if (key === "") throw unauthorized(NO_KEY);
  if (/^(sk|rk)_live_/.test(key)) {
    throw unauthorized("The Stripe emulator only accepts test-mode keys (sk_test_... or rk_test_...).");
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) throw unauthorized(`Invalid API Key provided: ${mask(key)}`);
  return key;
}
