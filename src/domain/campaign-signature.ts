/**
 * The signature of a conversion webhook (docs/campaigns.md, "Signing"). The sender computes
 *
 *   X-Chorus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is inside what is signed, so an old request cannot be replayed with a new time;
 * a request older (or newer) than the tolerance is refused even when its signature is right, and
 * the conversion id makes a replay within the tolerance store nothing twice (the service).
 * This is the scheme Stripe's webhooks use, which most shops and site builders already know how
 * to produce. Pure: no I/O.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const signatureHeader = "x-chorus-signature";
/** Five minutes either way: enough for clock drift and a retry, short enough to bound replays. */
export const signatureToleranceSeconds = 300;

export function signBody(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** The header a sender puts on the request. */
export function signatureFor(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${signBody(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/** Whether `header` signs `body` with `secret` at a time within the tolerance of `now`. */
export function verifySignature(input: { header: string | undefined; body: Buffer; secret: string; now: Date; toleranceSeconds?: number }): SignatureCheck {
  if (!input.header) return { ok: false, reason: "missing" };
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of input.header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // More than one v1 lets a sender sign with the old and the new secret while rotating.
    else if (key === "v1" && value && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === null || candidates.length === 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(signBody(input.secret, timestamp, input.body), "hex");
  // Compared in constant time, and before the clock: a wrong signature says nothing about the time.
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected));
  if (!matches) return { ok: false, reason: "mismatch" };
  const skew = Math.abs(input.now.getTime() / 1000 - timestamp);
  if (skew > (input.toleranceSeconds ?? signatureToleranceSeconds)) return { ok: false, reason: "stale" };
  return { ok: true, timestamp };
}
