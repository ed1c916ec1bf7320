/**
 * The HTTP side: reads a request, then authenticates, rate-limits, routes, injects faults,
 * applies idempotency, runs the handler and writes Stripe-shaped JSON with a `Request-Id`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ADMIN_PREFIX, ADMIN_ROUTES } from "./admin.js";
import { authenticate } from "./auth.js";
import type { EmulatorClock } from "./clock.js";
import type { HttpMethod } from "./context.js";
import type { RequestCounter } from "./counter.js";
import { invalidParam, StripeApiError, unrecognizedUrl } from "./errors.js";
import { type FaultInjector, lockTimeout, serverError } from "./faults.js";
import { decodeForm, decodeUtf8, FormDecodeError, type FormObject, mergeForms } from "./form.js";
import type { IdempotencyCache, SavedResponse } from "./idempotency.js";
import { type RateLimiter, rateLimited } from "./ratelimit.js";
import { advanceBilling } from "./resources/lifecycle.js";
import { matchRoute, ROUTES } from "./router.js";
import type { MemoryStore } from "./store.js";

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_STRIPE_VERSION = "2026-10-28.endive";

/** Everything a request needs. */
export interface ServerParts {
  readonly store: MemoryStore;
  readonly idempotency: IdempotencyCache;
  readonly faults: FaultInjector;
  readonly limiter: RateLimiter;
  readonly counter: RequestCounter;
  readonly clock: EmulatorClock;
  readonly log: (line: string) => void;
}

interface Outcome {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly note: string;
}

/** A request body, or the fact that it was over the limit (the rest is discarded unread). */
type Body = { readonly kind: "bytes"; readonly bytes: Buffer } | { readonly kind: "too_large" };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve({ kind: "too_large" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Never cut a body and run what is left: answer at once, drop the rest.
      req.off("data", onData);
      req.resume();
      resolve({ kind: "too_large" });
    };
    req.on("data", onData);
    req.on("end", () => resolve({ kind: "bytes", bytes: Buffer.concat(chunks) }));
    req.on("error", reject);
  });
}

/** Stripe's error shape for a body over the limit (Stripe does not document its own answer). */
function bodyTooLarge(): StripeApiError {
  return new StripeApiError({
    status: 413,
    type: "invalid_request_error",
    message: `The request body is too large: at most ${MAX_BODY_BYTES} bytes are accepted.`,
    stage: "validation",
    headers: { Connection: "close" },
  });
}

function decodeParams(req: IncomingMessage, query: string, bytes: Buffer): FormObject {
  try {
    const body = decodeUtf8(bytes);
    const type = req.headers["content-type"] ?? "";
    // Stripe's v1 API accepts form-encoded request bodies only.
    if (body.trim() !== "" && type.includes("application/json")) {
      throw new FormDecodeError(
        "Invalid request: the body must be form-encoded (application/x-www-form-urlencoded), not JSON.",
        "body",
      );
    }
    const fromQuery = decodeForm(query);
    return body === "" ? fromQuery : mergeForms(fromQuery, decodeForm(body));
  } catch (error) {
    if (error instanceof FormDecodeError) throw invalidParam(error.message, error.param);
    throw invalidParam("The request could not be decoded.", "body");
  }
}

function errorOutcome(error: StripeApiError, note = ""): Outcome {
  return { status: error.status, body: JSON.stringify(error.body(), null, 2), headers: error.headers, note };
}

function isMethod(method: string): method is HttpMethod {
  return method === "GET" || method === "POST" || method === "DELETE";
}

/** Builds the request listener of an emulator. */
export function createListener(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  let requestSeq = 0;
  const nextRequestId = (): string => {
    requestSeq += 1;
    return `req_emu${String(requestSeq).padStart(10, "0")}`;
  };

  /** The emulator's own endpoints: not rate-limited, faulted or idempotent. */
  const handleAdmin = (
    req: IncomingMessage,
    method: string,
    path: string,
    url: URL,
    bytes: Buffer,
  ): Outcome => {
    const route = ADMIN_ROUTES.find((r) => r.method === method && r.path === path.replace(/\/+$/, ""));
    if (route === undefined) return errorOutcome(unrecognizedUrl(method, path));
    const params = decodeParams(req, url.search.replace(/^\?/, ""), bytes);
    const now = parts.clock.now();
    advanceBilling(parts.store, now);
    const result = route.handler({
      store: parts.store,
      params,
      id: "",
      sub: "",
      path,
      now,
      clock: parts.clock,
    });
    return { status: 200, body: JSON.stringify(result, null, 2), headers: {}, note: "admin" };
  };

  const handleRequest = async (req: IncomingMessage, requestId: string): Promise<Outcome> => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = url.pathname;
    parts.counter.record(method, path);
    const body = await readBody(req);
    if (body.kind === "too_large") return errorOutcome(bodyTooLarge(), "body too large");
    const apiKey = authenticate(req.headers.authorization);
    if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(req, method, path, url, body.bytes);
    if (!parts.limiter.take()) return errorOutcome(rateLimited(), "rate limited");
    const match = isMethod(method) ? matchRoute(ROUTES, method, path) : undefined;
    if (match === undefined) return errorOutcome(unrecognizedUrl(method, path));
    const fault = parts.faults.decide(method);
    if (fault === "before_500") return errorOutcome(serverError(true), "fault before");
    if (fault === "before_429") return errorOutcome(lockTimeout(), "fault before");
    if (fault === "rate_limit_429") return errorOutcome(rateLimited(), "fault rate limit");
    if (fault === "down") return errorOutcome(serverError(false), "writes cut off");
    const params = decodeParams(req, url.search.replace(/^\?/, ""), body.bytes);
    const headerKey = req.headers["idempotency-key"];
    const idemKey =
      method === "POST" && typeof headerKey === "string" && headerKey !== "" ? headerKey : undefined;
    const endpoint = `${method} ${path}`;
    if (idemKey !== undefined) {
      const found = parts.idempotency.lookup(apiKey, idemKey, endpoint, params);
      if (found.kind === "replay") {
        const saved = found.response;
        return {
          status: saved.status,
          body: saved.body,
          headers: { ...saved.headers, "Idempotent-Replayed": "true", "Original-Request": saved.requestId },
          note: "replayed",
        };
      }
    }
    let outcome: Outcome;
    let save = true;
    try {
      const now = parts.clock.now();
      // Periods, trials and schedule phases that ended since the last request take effect first.
      advanceBilling(parts.store, now);
      const result = match.route.handler({
        store: parts.store,
        params,
        id: match.id,
        sub: match.sub,
        path,
        now,
      });
      outcome = { status: 200, body: JSON.stringify(result, null, 2), headers: {}, note: "" };
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      outcome = errorOutcome(error);
      save = error.stage === "execution";
    }
    if (fault === "after_500") {
      outcome = errorOutcome(serverError(false), "fault after");
      save = true;
    }
    if (idemKey !== undefined && save) {
      const saved: SavedResponse = {
        status: outcome.status,
        body: outcome.body,
        headers: outcome.headers,
        requestId,
      };
      parts.idempotency.save(apiKey, idemKey, endpoint, params, saved);
    }
    return outcome;
  };

  return (req, res) => {
    const requestId = nextRequestId();
    const started = `${req.method ?? "GET"} ${req.url ?? "/"}`;
    handleRequest(req, requestId)
      .catch((error: unknown): Outcome => {
        if (error instanceof StripeApiError) return errorOutcome(error);
        parts.log(
          `emulator bug on ${started}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return errorOutcome(serverError(false), "internal error");
      })
      .then((outcome) => {
        const version = req.headers["stripe-version"];
        const headerKey = req.headers["idempotency-key"];
        try {
          res.writeHead(outcome.status, {
            "Content-Type": "application/json",
            "Request-Id": requestId,
            "Stripe-Version": typeof version === "string" ? version : DEFAULT_STRIPE_VERSION,
            ...(typeof headerKey === "string" && req.method === "POST"
              ? { "Idempotency-Key": headerKey }
              : {}),
            ...outcome.headers,
          });
          res.end(outcome.body);
        } catch (error) {
          // A header Node will not echo back must not take the server down with it.
          parts.log(`cannot answer ${started}: ${error instanceof Error ? error.message : String(error)}`);
          res.destroy();
          return;
        }
        parts.log(
          `${started} -> ${outcome.status} ${requestId}${outcome.note === "" ? "" : ` (${outcome.note})`}`,
        );
      });
  };
}
