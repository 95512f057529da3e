/**
 * The closed list of application errors. Services throw AppError; the API turns it into
 * application/problem+json (RFC 9457) with the stable `code`, and the CLI prints the message.
 */
export const errorCodes = {
  bad_request: { status: 400, title: "Bad request" },
  validation_failed: { status: 400, title: "Validation failed" },
  unauthenticated: { status: 401, title: "Not signed in" },
  invalid_credentials: { status: 401, title: "Wrong e-mail or password" },
  session_expired: { status: 401, title: "Session expired" },
  forbidden: { status: 403, title: "Not allowed" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** A field to fix; in a text field (a listening query), `position` and `length` point at the mistake. */
export type FieldProblem = { path: string; message: string; position?: number; length?: number };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldProblem[] | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; errors?: FieldProblem[]; retryAfter?: number } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.errors = opts.errors;
    this.retryAfter = opts.retryAfter;
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found, or you do not have access to it.`);
