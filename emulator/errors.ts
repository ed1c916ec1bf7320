/**
 * Stripe-shaped API errors: `{error: {type, code, message, param}}` with Stripe's HTTP statuses.
 * Resource handlers throw `StripeApiError`; the server turns it into a response.
 */

/** Stripe's error `type` values used by the emulator. */
export type StripeErrorType = "invalid_request_error" | "api_error" | "idempotency_error";

/**
 * When the error arose. Stripe stores an idempotent result only once execution began, so
 * `validation` errors (bad or unknown parameters) are not replayed, `execution` errors are.
 */
export type ErrorStage = "validation" | "execution";

/** The JSON body of an error response. */
export interface StripeErrorBody {
  readonly error: {
    readonly type: StripeErrorType;
    readonly message: string;
    readonly code?: string;
    readonly param?: string;
    readonly doc_url?: string;
  };
}

/** Fields of a `StripeApiError`. */
export interface StripeApiErrorInit {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly message: string;
  readonly code?: string;
  readonly param?: string;
  readonly stage?: ErrorStage;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An error answered to the client as a Stripe error response. */
export class StripeApiError extends Error {
  override readonly name = "StripeApiError";
  /** HTTP status code. */
  readonly status: number;
  /** Stripe error type. */
  readonly type: StripeErrorType;
  /** Stripe error code, when Stripe gives one. */
  readonly code: string | undefined;
  /** The offending parameter, when there is one. */
  readonly param: string | undefined;
  /** Whether the error is stored for idempotent replay. */
  readonly stage: ErrorStage;
  /** Extra response headers (e.g. `Stripe-Should-Retry`). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(init: StripeApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param;
    this.stage = init.stage ?? "execution";
    this.headers = init.headers ?? {};
  }

  /** The JSON body Stripe sends for this error. */
  body(): StripeErrorBody {
    const docUrl =
      this.code === undefined
        ? undefined
        : `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code === undefined ? {} : { code: this.code }),
        ...(this.param === undefined ? {} : { param: this.param }),
        ...(docUrl === undefined ? {} : { doc_url: docUrl }),
      },
    };
  }
}

/** 400 for a parameter problem found before execution (not replayed by idempotency). */
export function invalidParam(message: string, param: string, code = "parameter_invalid"): StripeApiError {
  return new StripeApiError({
    status: 400,
    type: "invalid_request_error",
    code,
    message,
    param,
    stage: "validation",
  });
}

/** 400 `parameter_unknown`: Stripe's answer to a parameter the endpoint does not take. */
export function unknownParam(param: string): StripeApiError {
  return new StripeApiError({
    status: 400,
    type: "invalid_request_error",
    code: "parameter_unknown",
    message: `Received unknown parameter: ${param}`,
    param,
    stage: "validation",
  });
}

/** 400 for a parameter Stripe accepts but the emulator does not implement. */
export function unsupportedParam(param: string): StripeApiError {
  return new StripeApiError({
    status: 400,
    type: "invalid_request_error",
    code: "parameter_unknown",
    message: `The Stripe emulator does not support the parameter: ${param}`,
    param,
    stage: "validation",
  });
}

/** 400 `parameter_missing`. */
export function missingParam(param: string): StripeApiError {
  return new StripeApiError({
    status: 400,
    type: "invalid_request_error",
    code: "parameter_missing",
    message: `Missing required param: ${param}.`,
    param,
    stage: "validation",
  });
}

/** 404 `resource_missing` for an object id that does not exist. */
export function noSuch(objectName: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError({
    status: 404,
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${objectName}: '${id}'`,
    param,
  });
}

/** 400 for a request that is well-formed but conflicts with the account's objects. */
export function conflict(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError({
    status: 400,
    type: "invalid_request_error",
    message,
    ...(param === undefined ? {} : { param }),
    ...(code === undefined ? {} : { code }),
  });
}

/** 404 for a path or method Stripe does not route. */
export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError({
    status: 404,
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    stage: "validation",
  });
}

/** 400 `resource_missing` for an id named in a parameter (Stripe answers 400, not 404, here). */
export function noSuchReferenced(objectName: string, id: string, param: string): StripeApiError {
  return new StripeApiError({
    status: 400,
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${objectName}: '${id}'`,
    param,
  });
}
