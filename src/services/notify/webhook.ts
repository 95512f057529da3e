/**
 * Signed webhooks: Chorus POSTs an event as JSON to a URL a user gave, signed so the receiver can
 * tell it came from us and is fresh (docs/alerts-webhooks.md is the receiver's side).
 *
 * - Signature, Stripe-like: `Chorus-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`
 *   with `Chorus-Timestamp` in unix seconds. The timestamp is inside the MAC, so a captured request
 *   cannot be replayed once it is older than the receiver's tolerance (5 minutes by default).
 * - The URL is a user's: it goes through guardedFetch (src/net/safe-fetch.ts), which connects only
 *   to public addresses, checked on the address actually connected to. Redirects are not followed:
 *   a webhook is delivered to the URL that was saved or not at all.
 * - Delivered means a 2xx answer. Network errors, timeouts, 429 and 5xx are retried (3 attempts,
 *   1 s then 4 s apart); any other answer is final. Each attempt is stamped and signed anew, and all
 *   carry the same `Chorus-Delivery` id, so a receiver that saw one can drop the rest.
 */
import crypto from "node:crypto";
import ipaddr from "ipaddr.js";
import { addressRefusal, guardedFetch, SafeFetchError } from "../../net/safe-fetch.js";
import { newId } from "../../store/ids.js";
import type { AlertRuleType, Sentiment } from "../../store/schema.js";
import { version } from "../../version.js";

/** The body of an `alert.raised` webhook (documented in docs/alerts-webhooks.md). */
export type AlertWebhookPayload = {
  /** The event's id: the same on every attempt and every redelivery of this event. */
  id: string;
  event: "alert.raised";
  /** ISO 8601, UTC. */
  createdAt: string;
  workspaceId: string;
  brand: { id: string; name: string };
  alert: {
    id: string;
    type: AlertRuleType;
    title: string;
    window: { start: string; end: string };
    /** The numbers behind the alert, e.g. { mentions: 120, baseline: 31.5 }. */
    figures: Record<string, number>;
    mentions: { id: string; url: string | null; author: string; text: string; sentiment: Sentiment | null }[];
  };
};

export type WebhookRequest = {
  url: string;
  secret: string;
  event: string;
  payload: object;
  /** Let the URL reach private and loopback addresses (CHORUS_ALLOW_PRIVATE_FETCH). */
  allowPrivate?: boolean;
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  now?: () => Date;
  /** Waits before the 2nd, 3rd … attempt; its length + 1 is the number of attempts. */
  retryDelaysMs?: readonly number[];
};

export type WebhookResult = {
  ok: boolean;
  /** The last HTTP status received, if any. */
  status?: number;
  error?: string;
  /** Requests sent; 0 when the URL was refused before any was. */
  attempts: number;
  /** The Chorus-Delivery header every attempt carried. */
  deliveryId: string;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000] as const;
const MAX_URL_LENGTH = 2048;
const ERROR_BODY_CHARS = 300;

/** A new random secret for a webhook (the receiver stores it; we store it encrypted). */
export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64url")}`;
}

/** The hex HMAC-SHA256 of "<timestamp>.<body>" — the part after `v1=` in Chorus-Signature. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/**
 * For receivers: whether `header` (Chorus-Signature) signs `timestamp` (Chorus-Timestamp) and the
 * raw `body`, and the timestamp is within `toleranceSeconds` of now (either side, for clock skew).
 * A header may list several comma-separated `v1=` values; one match is enough.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string | Uint8Array,
  header: string,
  opts: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const ts = Number(timestamp);
  if (!/^\d+$/.test(String(timestamp)) || !Number.isSafeInteger(ts)) return false;
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const raw = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  const expected = Buffer.from(signWebhook(secret, ts, raw), "hex");
  return header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .some((part) => {
      const given = Buffer.from(part.slice(3), "hex");
      return given.length === expected.length && crypto.timingSafeEqual(given, expected);
    });
}

const isLoopbackName = (host: string) => host === "localhost" || host === "127.0.0.1";

/**
 * Why a webhook URL cannot be saved or used, or null when it can: a well-formed https:// URL
 * without credentials (plain http only to 127.0.0.1/localhost, and only with allowPrivate). An IP
 * literal in a private range is refused here already, unless allowPrivate; names are checked on
 * every delivery, where the address they resolve to is known.
 */
export function validateWebhookUrl(raw: string, opts: { allowPrivate?: boolean } = {}): string | null {
  if (raw.length > MAX_URL_LENGTH) return `The webhook URL is longer than ${MAX_URL_LENGTH} characters.`;
  if (!URL.canParse(raw)) return "The webhook URL is not a web address. Write it as https://…";
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The webhook URL must start with https://.";
  if (url.username || url.password) return "The webhook URL must not contain a user name or password; the signature authenticates Chorus.";
  if (!host) return "The webhook URL has no host.";
  if (url.protocol === "http:" && !(opts.allowPrivate && isLoopbackName(host))) return "The webhook URL must start with https://.";
  if (!opts.allowPrivate) {
    const literal = ipaddr.isValid(host) ? addressRefusal(host) : null;
    if (literal !== null || host === "localhost" || host.endsWith(".localhost")) {
      return "The webhook URL points to a private address; Chorus sends webhooks only to public addresses unless an admin allows it (CHORUS_ALLOW_PRIVATE_FETCH).";
    }
  }
  return null;
}

/** One shared connection pool for public-only deliveries; private ones use the plain fetch. */
let publicFetch: typeof fetch | undefined;
function fetchFor(allowPrivate: boolean): typeof fetch {
  if (allowPrivate) return fetch;
  publicFetch ??= guardedFetch({ allowPrivate: false });
  return publicFetch;
}

/** The SafeFetchError behind a failed fetch (our address policy, or the DNS lookup it made), if any. */
function safeFetchErrorOf(err: unknown): SafeFetchError | null {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof SafeFetchError) return e;
  }
  return null;
}

const refused = new Set(["private_address", "invalid_url", "scheme"]);

/** The first few hundred characters of an error answer, for the delivery log. */
async function answerExcerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const { value } = await reader.read().catch(() => ({ value: undefined }));
  await reader.cancel().catch(() => undefined);
  if (!value) return "";
  const text = Buffer.from(value).toString("utf8", 0, Math.min(value.length, ERROR_BODY_CHARS * 4));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim().slice(0, ERROR_BODY_CHARS);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST one event, signed, with retries; never throws. */
export async function sendWebhook(req: WebhookRequest): Promise<WebhookResult> {
  const deliveryId = newId();
  const allowPrivate = req.allowPrivate ?? false;
  const problem = validateWebhookUrl(req.url, { allowPrivate });
  if (problem) return { ok: false, error: problem, attempts: 0, deliveryId };

  const body = JSON.stringify(req.payload);
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const delays = req.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const doFetch = fetchFor(allowPrivate);
  const host = new URL(req.url).host;
  let last: Omit<WebhookResult, "attempts" | "deliveryId"> = { ok: false };

  for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
    if (attempt > 1) await sleep(delays[attempt - 2] ?? 0);
    const timestamp = Math.floor((req.now ? req.now() : new Date()).getTime() / 1000);
    let res: Response;
    try {
      res = await doFetch(req.url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          "content-type": "application/json",
          "user-agent": `Chorus/${version}`,
          "chorus-event": req.event,
          "chorus-delivery": deliveryId,
          "chorus-timestamp": String(timestamp),
          "chorus-signature": `v1=${signWebhook(req.secret, timestamp, body)}`,
        },
        body,
      });
    } catch (err) {
      // Refused by the address policy: no request left, and none ever will for this URL.
      const guard = safeFetchErrorOf(err);
      if (guard && refused.has(guard.reason)) return { ok: false, error: guard.message, attempts: attempt - 1, deliveryId };
      const name = (err as Error).name;
      const cause = (err as { cause?: Error }).cause;
      const error =
        name === "TimeoutError" || name === "AbortError"
          ? `${host} did not answer within ${timeoutMs / 1000} s.`
          : (guard?.message ?? `${host} could not be reached (${cause?.message ?? (err as Error).message}).`);
      last = { ok: false, error };
      continue;
    }
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: true, status: res.status, attempts: attempt, deliveryId };
    }
    const excerpt = await answerExcerpt(res);
    const redirect = res.status >= 300 && res.status < 400 ? " (redirects are not followed: save the final URL)" : "";
    last = { ok: false, status: res.status, error: `${host} answered ${res.status}${redirect}${excerpt ? `: ${excerpt}` : ""}` };
    if (res.status !== 429 && res.status < 500) return { ...last, attempts: attempt, deliveryId };
  }
  return { ...last, attempts: delays.length + 1, deliveryId };
}
