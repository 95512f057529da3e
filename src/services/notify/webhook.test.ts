import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, sendWebhook, signWebhook, validateWebhookUrl, verifyWebhookSignature } from "./webhook.js";

const secret = "whsec_test_secret";
const timestamp = 1767225600; // 2026-01-01T00:00:00Z
const body = '{"id":"evt_1","event":"alert.raised"}';
// printf '%s' '1767225600.{"id":"evt_1","event":"alert.raised"}' | openssl dgst -sha256 -hmac whsec_test_secret
const knownSignature = "23ad0e8163a09e4d62ed00ebec7d2d318c900b433eadf55c26566de2f588ea6b";
const at = (seconds: number) => ({ now: new Date(seconds * 1000) });

describe("signWebhook", () => {
  it("is HMAC-SHA256 of '<timestamp>.<body>' in hex (known answer from openssl)", () => {
    expect(signWebhook(secret, timestamp, body)).toBe(knownSignature);
    expect(signWebhook(secret, String(timestamp), body)).toBe(knownSignature);
  });
});

describe("the worked example in docs/alerts-webhooks.md", () => {
  it("is what signWebhook computes", () => {
    const doc = fs.readFileSync(new URL("../../../docs/alerts-webhooks.md", import.meta.url), "utf8");
    const example = doc.slice(doc.indexOf("### Worked example"));
    const docBody = /```\n(\{.*\})\n```/.exec(example)?.[1];
    const docSignature = /Chorus-Signature: v1=([0-9a-f]{64})/.exec(example)?.[1];
    expect(docBody && JSON.parse(docBody)).toMatchObject({ event: "alert.raised" });
    expect(signWebhook("whsec_example_do_not_use", 1773140700, docBody!)).toBe(docSignature);
  });
});

describe("verifyWebhookSignature", () => {
  const header = `v1=${knownSignature}`;

  it("accepts the right secret, body and a fresh timestamp", () => {
    expect(verifyWebhookSignature(secret, timestamp, body, header, at(timestamp))).toBe(true);
    expect(verifyWebhookSignature(secret, String(timestamp), Buffer.from(body), header, at(timestamp + 299))).toBe(true);
  });

  it("rejects a wrong secret", () => {
    expect(verifyWebhookSignature("whsec_other", timestamp, body, header, at(timestamp))).toBe(false);
  });

  it("rejects a tampered body or timestamp", () => {
    expect(verifyWebhookSignature(secret, timestamp, body.replace("evt_1", "evt_2"), header, at(timestamp))).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp + 1, body, header, at(timestamp))).toBe(false);
  });

  it("rejects a stale (or far future) timestamp even with a valid signature", () => {
    expect(verifyWebhookSignature(secret, timestamp, body, header, at(timestamp + 301))).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, header, at(timestamp - 301))).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, header, { ...at(timestamp + 3600), toleranceSeconds: 7200 })).toBe(true);
  });

  it("rejects malformed headers and timestamps", () => {
    for (const bad of ["", knownSignature, `v0=${knownSignature}`, "v1=", "v1=zz", `v1=${knownSignature.slice(2)}`]) {
      expect(verifyWebhookSignature(secret, timestamp, body, bad, at(timestamp))).toBe(false);
    }
    expect(verifyWebhookSignature(secret, "1767225600.5", body, header, at(timestamp))).toBe(false);
    expect(verifyWebhookSignature(secret, "", body, header, at(timestamp))).toBe(false);
  });

  it("accepts any matching v1 among several (secret rotation)", () => {
    const other = signWebhook("whsec_old", timestamp, body);
    expect(verifyWebhookSignature(secret, timestamp, body, `v1=${other}, v1=${knownSignature}`, at(timestamp))).toBe(true);
  });
});

describe("validateWebhookUrl", () => {
  it.each(["https://hooks.example.com/chorus", "https://example.com:8443/a?b=c", "https://93.184.215.14/hook"])("accepts %s", (url) => {
    expect(validateWebhookUrl(url)).toBeNull();
  });

  it.each([
    ["not a url", /not a web address/],
    ["ftp://example.com/", /https/],
    ["http://example.com/hook", /https/],
    ["https://user:pass@example.com/hook", /user name or password/],
    ["https://token@example.com/hook", /user name or password/],
    ["https://127.0.0.1/hook", /private address/],
    ["https://10.0.0.5/hook", /private address/],
    ["https://[::1]/hook", /private address/],
    ["https://169.254.169.254/latest", /private address/],
    ["https://localhost/hook", /private address/],
    ["https://localhost./hook", /private address/],
    ["https://api.localhost/hook", /private address/],
    ["http://127.0.0.1:8080/hook", /https/],
    [`https://example.com/${"a".repeat(2100)}`, /longer than/],
  ])("refuses %s", (url, problem) => {
    expect(validateWebhookUrl(url)).toMatch(problem);
  });

  it("allows plain http only to 127.0.0.1/localhost, and only with allowPrivate", () => {
    expect(validateWebhookUrl("http://127.0.0.1:8080/hook", { allowPrivate: true })).toBeNull();
    expect(validateWebhookUrl("http://localhost:8080/hook", { allowPrivate: true })).toBeNull();
    expect(validateWebhookUrl("https://10.0.0.5/hook", { allowPrivate: true })).toBeNull();
    expect(validateWebhookUrl("http://10.0.0.5/hook", { allowPrivate: true })).toMatch(/https/);
    expect(validateWebhookUrl("http://example.com/hook", { allowPrivate: true })).toMatch(/https/);
  });
});

describe("sendWebhook refusals", () => {
  it("refuses an invalid or private URL before sending anything", async () => {
    const result = await sendWebhook({ url: "https://10.0.0.5/hook", secret, event: "alert.raised", payload: {} });
    expect(result).toMatchObject({ ok: false, attempts: 0 });
    expect(result.error).toMatch(/private address/);
  });
});

describe("generateWebhookSecret", () => {
  it("gives distinct secrets with 256 bits of randomness", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
