/**
 * Bluesky failures → ConnectorError kinds. XRPC answers carry an HTTP status and an error name
 * (`{ error: "ExpiredToken", message }`); the name decides where it is specific (a takedown is
 * answered 400 or 401 depending on the call), the status otherwise. The fixtures in
 * bluesky.test.ts stand behind each rule.
 */
import { XRPCError } from "@atproto/api";
import { ConnectorError } from "../types.js";

/** Error names that mean the account itself is gone or blocked: reconnecting will not help. */
const revokedErrors = new Set(["AccountTakedown", "AccountSuspended", "AccountDeactivated"]);
/** Error names that mean the session is no longer valid: the user reconnects with an app password. */
const authErrors = new Set(["ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthFactorTokenRequired", "InvalidDID"]);

/**
 * Seconds until the rate-limit window resets. Bluesky's PDS sends `ratelimit-reset` as a Unix
 * time in seconds (IETF RateLimit header draft); a plain `retry-after` is honoured too.
 */
export function retryAfterFrom(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const reset = Number(headers["ratelimit-reset"]);
  if (headers["ratelimit-reset"] && Number.isFinite(reset)) return Math.max(1, Math.ceil(reset - now / 1000));
  const after = Number(headers["retry-after"]);
  if (headers["retry-after"] && Number.isFinite(after)) return Math.max(1, Math.ceil(after));
  return undefined;
}

export function toConnectorError(err: unknown, doing: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (!(err instanceof XRPCError)) {
    // fetch() rejects with a TypeError when the server cannot be reached; anything else unknown
    // is treated as passing too, so the job retries with backoff rather than failing a post.
    return new ConnectorError("transient", `Bluesky could not be reached while ${doing}. It will be retried.`, { cause: err });
  }
  const detail = err.message && err.message !== err.error ? `: ${err.message}` : "";
  if (revokedErrors.has(err.error)) {
    return new ConnectorError("revoked", `Bluesky says the account is unavailable (${err.error})${detail}.`, { cause: err });
  }
  if (err.status === 401 || authErrors.has(err.error)) {
    return new ConnectorError(
      "auth_expired",
      `Bluesky no longer accepts this channel's session while ${doing}. Reconnect it with an app password.`,
      { cause: err },
    );
  }
  if (err.status === 429) {
    const retryAfter = retryAfterFrom(err.headers);
    return new ConnectorError("rate_limited", `Bluesky's rate limit was reached while ${doing}.`, {
      cause: err,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
  }
  // Status 1 is the XRPC client's "no answer" (a network error), 2 an answer that broke the schema.
  if (err.status === 1) {
    return new ConnectorError("transient", `Bluesky could not be reached while ${doing}. It will be retried.`, { cause: err });
  }
  if (err.status < 100 || err.status >= 500) {
    return new ConnectorError("transient", `Bluesky failed while ${doing} (${err.error || err.status}). It will be retried.`, {
      cause: err,
    });
  }
  // The rest of 4xx: InvalidRecord, InvalidRequest, BlobTooLarge, RecordNotFound, 413, 415 …
  // Sending the same request again would get the same answer.
  return new ConnectorError("invalid_content", `Bluesky refused ${doing} (${err.error || err.status})${detail}.`, { cause: err });
}
