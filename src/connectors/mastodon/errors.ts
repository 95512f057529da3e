/**
 * Mastodon failures → ConnectorError kinds, by HTTP status (https://docs.joinmastodon.org/client/intro/
 * and /api/rate-limits/): 401 the token is gone, 403 the account may not do it (suspended, scope
 * missing), 422 the content was refused (its `error` text says why), 429 rate limited until
 * X-RateLimit-Reset, 5xx and unreachable servers transient. The fixtures in mastodon.test.ts stand
 * behind each rule.
 */
import { ConnectorError } from "../types.js";

export class MastodonApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly headers: Headers;

  constructor(what: string, status: number, error: string, headers: Headers) {
    super(`${what}: ${status} ${error}`);
    this.name = "MastodonApiError";
    this.status = status;
    this.error = error;
    this.headers = headers;
  }
}

/**
 * Seconds until the rate-limit window resets: Mastodon sends X-RateLimit-Reset as an ISO 8601
 * time; a plain Retry-After (seconds) from a proxy is honoured too.
 */
export function retryAfterFrom(headers: Headers, now = Date.now()): number | undefined {
  const reset = Date.parse(headers.get("x-ratelimit-reset") ?? "");
  if (Number.isFinite(reset)) return Math.max(1, Math.ceil((reset - now) / 1000));
  const after = Number(headers.get("retry-after"));
  if (headers.get("retry-after") && Number.isFinite(after)) return Math.max(1, Math.ceil(after));
  return undefined;
}

export function toConnectorError(err: unknown, doing: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (!(err instanceof MastodonApiError)) {
    return new ConnectorError("transient", `The Mastodon server could not be reached while ${doing}. It will be retried.`, { cause: err });
  }
  const { status, error } = err;
  if (status === 401) {
    return new ConnectorError("auth_expired", `Mastodon no longer accepts the access token (${error}). Reconnect the account with a new token.`, { cause: err });
  }
  if (status === 403) {
    return new ConnectorError("revoked", `Mastodon refused ${doing} (${error}): the account is suspended or the token lacks the write scope.`, { cause: err });
  }
  if (status === 429) {
    const retryAfter = retryAfterFrom(err.headers);
    return new ConnectorError("rate_limited", `Mastodon's rate limit was reached while ${doing}.`, { cause: err, ...(retryAfter === undefined ? {} : { retryAfter }) });
  }
  if (status >= 500) {
    return new ConnectorError("transient", `The Mastodon server failed while ${doing} (${status}). It will be retried.`, { cause: err });
  }
  // 422 "Validation failed: Text character limit of 500 exceeded", 404, 413 …: the same request gets the same answer.
  return new ConnectorError("invalid_content", `Mastodon refused ${doing}: ${error || `HTTP ${status}`}`, { cause: err });
}
