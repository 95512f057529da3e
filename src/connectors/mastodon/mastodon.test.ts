import { describe, expect, it } from "vitest";
import type { MediaInput } from "../types.js";
import { MastodonApiError, retryAfterFrom, toConnectorError } from "./errors.js";
import { createMastodonConnector, mastodonLength, plainText, textWithLink, validateMastodonVariant } from "./index.js";
import { defaultInstanceLimits, limitsFrom, makeConnectSchema, normalizeInstanceUrl } from "./types.js";

const media = (over: Partial<MediaInput> = {}): MediaInput => ({ type: "image/jpeg", bytes: 1000, ...over });
const fields = (v: Parameters<typeof validateMastodonVariant>[0], limits = defaultInstanceLimits) => validateMastodonVariant(v, limits).map((p) => p.field);

describe("mastodon length", () => {
  it("counts a URL as 23 whatever its length, remote mentions as @username, the rest in graphemes", () => {
    expect(mastodonLength("see https://example.com/a/very/long/path/that/goes/on?and=on")).toBe(4 + 23);
    expect(mastodonLength("hi @alice@mastodon.social")).toBe("hi @alice".length);
    expect(mastodonLength("👍🏽👨‍👩‍👧")).toBe(2);
    expect(mastodonLength("x https://a.io", 30)).toBe(2 + 30);
  });

  it("validates against the given instance limits (defaults: 500, 4 media)", () => {
    expect(fields({ text: "a".repeat(500), format: "text", media: [] })).toEqual([]);
    expect(fields({ text: "a".repeat(501), format: "text", media: [] })).toEqual(["text"]);
    expect(fields({ text: "a".repeat(501), format: "text", media: [] }, { ...defaultInstanceLimits, maxCharacters: 5000 })).toEqual([]);
    // The link added to the text counts 23 (+2 for the blank line).
    expect(textWithLink({ text: "a", link: "https://x.io" })).toBe("a\n\nhttps://x.io");
    expect(fields({ text: "a".repeat(475), format: "link", media: [], link: `https://example.com/${"p".repeat(200)}` })).toEqual([]);
    expect(fields({ text: "a".repeat(476), format: "link", media: [], link: "https://example.com/" })).toEqual(["text"]);
  });

  it("checks media count, a video on its own, types and sizes", () => {
    expect(fields({ text: "x", format: "carousel", media: [media(), media(), media(), media()] })).toEqual([]);
    expect(fields({ text: "x", format: "carousel", media: [media(), media(), media(), media(), media()] })).toEqual(["media"]);
    expect(fields({ text: "x", format: "carousel", media: [media(), media({ type: "video/mp4" })] })).toEqual(["media"]);
    expect(fields({ text: "x", format: "image", media: [media({ type: "application/pdf" })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ bytes: 17 * 1024 * 1024 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "video", media: [media({ type: "video/mp4", bytes: 90 * 1024 * 1024 })] })).toEqual([]);
    expect(fields({ text: "", format: "text", media: [] })).toEqual(["text"]);
  });
});

describe("mastodon settings and instance", () => {
  it("normalises the server address and defaults visibility to public", () => {
    expect(normalizeInstanceUrl("mastodon.social")).toBe("https://mastodon.social");
    expect(normalizeInstanceUrl("https://mastodon.social/@alice")).toBe("https://mastodon.social");
    const schema = makeConnectSchema("https://mastodon.social");
    expect(schema.parse({ accessToken: "t" })).toEqual({ instanceUrl: "https://mastodon.social", accessToken: "t", visibility: "public" });
    expect(schema.safeParse({ accessToken: "t", visibility: "direct" }).success).toBe(false);
  });

  it("reads limits from /api/v2/instance with Mastodon's defaults for what is missing", () => {
    expect(limitsFrom({})).toEqual(defaultInstanceLimits);
    expect(limitsFrom({ configuration: { statuses: { max_characters: 11000, max_media_attachments: 8 } } })).toMatchObject({ maxCharacters: 11000, maxMedia: 8, urlLength: 23 });
  });

  it("turns status HTML back into text", () => {
    expect(plainText('<p>a &amp; b<br />c</p><p><a href="https://x.io"><span class="invisible">https://</span><span>x.io</span></a></p>')).toBe("a & b\nc\n\nhttps://x.io");
  });
});

describe("mastodon error classification", () => {
  const of = (status: number, headers: Record<string, string> = {}) =>
    toConnectorError(new MastodonApiError("POST /api/v1/statuses", status, "Validation failed: Text can't be blank", new Headers(headers)), "publishing");
  it("maps statuses to kinds", () => {
    expect(of(401).kind).toBe("auth_expired");
    expect(of(403).kind).toBe("revoked");
    expect(of(422)).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/Text can't be blank/) });
    expect(of(429, { "x-ratelimit-reset": new Date(Date.now() + 30_000).toISOString() })).toMatchObject({ kind: "rate_limited" });
    expect(of(500).kind).toBe("transient");
    expect(toConnectorError(new TypeError("fetch failed"), "publishing").kind).toBe("transient");
  });
  it("reads the retry time from X-RateLimit-Reset (ISO 8601) or Retry-After", () => {
    const now = Date.parse("2026-03-10T16:00:00Z");
    expect(retryAfterFrom(new Headers({ "x-ratelimit-reset": "2026-03-10T16:05:00.000Z" }), now)).toBe(300);
    expect(retryAfterFrom(new Headers({ "retry-after": "12" }), now)).toBe(12);
    expect(retryAfterFrom(new Headers(), now)).toBeUndefined();
  });
});

describe("mastodon validate with the channel's own server limits", () => {
  const connector = createMastodonConnector();
  const text = "a".repeat(600);
  const channel = {
    externalId: "1",
    handle: "@shop@big.example",
    credentials: {
      instanceUrl: "https://big.example",
      accessToken: "t",
      visibility: "public",
      accountId: "1",
      limits: { ...defaultInstanceLimits, maxCharacters: 5000 },
    },
  };
  it("uses Mastodon's default 500 characters without a channel", () => {
    expect(connector.validate({ text, format: "text", media: [] })[0]?.message).toMatch(/500/);
  });
  it("accepts a long status on a server that allows it", () => {
    expect(connector.validate({ text, format: "text", media: [] }, channel)).toEqual([]);
  });
});
