/**
 * Every error leaves the API as application/problem+json (RFC 9457): `title` and `status` from
 * the error code, `detail` says what to do, `code` is stable for programs, and `errors` lists
 * the fields to fix.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type ErrorCode, errorCodes, type FieldProblem } from "../errors.js";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldProblem[];
};

export function problemOf(err: AppError, instance?: string): Problem {
  const p: Problem = {
    type: `urn:chorus:error:${err.code}`,
    title: errorCodes[err.code].title,
    status: err.status,
    detail: err.message,
    code: err.code,
  };
  if (instance) p.instance = instance;
  if (err.errors?.length) p.errors = err.errors;
  return p;
}

const where: Record<string, string> = { body: "body", querystring: "query", params: "path", headers: "header" };

/** Maps Fastify's own errors (parsing, limits, validation) to AppErrors a person can act on. */
export function toAppError(err: FastifyError | Error, bodyLimit: number): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const part = where[err.validationContext ?? "body"] ?? "body";
    const errors = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, "").replaceAll("/", ".");
      return { path: path ? `${part === "body" ? "" : `${part}.`}${path}` : part, message: v.message ?? "Invalid value" };
    });
    return new AppError("validation_failed", `The request ${part} is not valid: fix the fields listed in "errors".`, { errors });
  }
  const code = (err as FastifyError).code;
  switch (code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("bad_request", `The request body is not valid JSON (${err.message}). Send a JSON object.`);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", `The request body is larger than the limit of ${bodyLimit} bytes.`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("unsupported_media_type", "Send the body as JSON with the header Content-Type: application/json.");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("bad_request", "The Content-Length header does not match the body.");
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new AppError("bad_request", err.message);
  return new AppError("internal", "Something went wrong on the server. It has been logged; try again, and report it if it persists.", {
    cause: err,
  });
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  if (err.retryAfter) reply.header("retry-after", String(Math.ceil(err.retryAfter)));
  return reply.status(err.status).type("application/problem+json").send(problemOf(err, req.url.split("?")[0]));
}
