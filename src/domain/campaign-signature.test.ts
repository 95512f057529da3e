import { describe, expect, it } from "vitest";
import { signatureFor, signBody, verifySignature } from "./campaign-signature.js";

const secret = "whsec_test";
const body = Buffer.from('{"id":"order-1","value":4990}');
const now = new Date("2026-03-16T09:30:00Z");
const t = Math.floor(now.getTime() / 1000);

describe("conversion webhook signature", () => {
  it("matches the example in docs/campaigns.md (HMAC-SHA256 of \"<t>.<body>\", hex), as openssl computes it", () => {
    const example = '{"id":"order-1001","value":4990,"currency":"RUB","utm_source":"vk","utm_medium":"social","utm_campaign":"vesenniy-raf"}';
    expect(signBody("whsec_example", 1773653400, example)).toBe("5e7f87b3c0b978b19d3145627d4f1702d879fb4e4a1cf0e540843a3707040429");
    expect(signatureFor(secret, t, body)).toBe(`t=${t},v1=${signBody(secret, t, body)}`);
  });

  it("accepts a right signature within five minutes either way", () => {
    expect(verifySignature({ header: signatureFor(secret, t, body), body, secret, now })).toEqual({ ok: true, timestamp: t });
    expect(verifySignature({ header: signatureFor(secret, t - 299, body), body, secret, now }).ok).toBe(true);
    expect(verifySignature({ header: signatureFor(secret, t + 299, body), body, secret, now }).ok).toBe(true);
  });

  it("refuses a wrong secret, a changed body, a stale time, and malformed headers", () => {
    expect(verifySignature({ header: signatureFor("other", t, body), body, secret, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ header: signatureFor(secret, t, body), body: Buffer.from('{"id":"order-1","value":9990}'), secret, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ header: signatureFor(secret, t - 301, body), body, secret, now })).toEqual({ ok: false, reason: "stale" });
    // The time is signed: moving it forward breaks the signature.
    const old = signatureFor(secret, t - 3600, body).replace(`t=${t - 3600}`, `t=${t}`);
    expect(verifySignature({ header: old, body, secret, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ header: undefined, body, secret, now })).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature({ header: "sha256=abc", body, secret, now })).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature({ header: `t=${t},v1=zz`, body, secret, now })).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts any of several v1 signatures (signing with the old and new secret while rotating)", () => {
    const header = `t=${t},v1=${signBody("old", t, body)},v1=${signBody(secret, t, body)}`;
    expect(verifySignature({ header, body, secret, now }).ok).toBe(true);
  });
});
