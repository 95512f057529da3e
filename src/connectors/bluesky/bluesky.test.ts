import { XRPCError } from "@atproto/api";
import { describe, expect, it } from "vitest";
import { ConnectorError, type MediaInput, type VariantInput } from "../types.js";
import { decodeExternalId, encodeExternalId, postUrl, rkeyFor, tidPattern } from "./client.js";
import { retryAfterFrom, toConnectorError } from "./errors.js";
import { createBlueskyConnector, graphemeLength, validateBlueskyVariant } from "./index.js";
import { connectSchema } from "./types.js";

const image = (over: Partial<MediaInput> = {}): MediaInput => ({ type: "image/png", bytes: 200_000, ...over });
const video = (over: Partial<MediaInput> = {}): MediaInput => ({ type: "video/mp4", bytes: 20_000_000, ...over });
const variant = (over: Partial<VariantInput> = {}): VariantInput => ({ text: "Hello", format: "text", media: [], ...over });
const fields = (v: VariantInput) => validateBlueskyVariant(v).map((p) => p.field);

describe("validate", () => {
  it("counts graphemes, not code units: emoji sequences and combining marks are one each", () => {
    expect(graphemeLength("👨‍👩‍👧‍👦")).toBe(1);
    expect(graphemeLength("🇺🇦")).toBe(1);
    expect(graphemeLength("e\u0301")).toBe(1);
    expect(graphemeLength("👍🏽")).toBe(1);
    expect(validateBlueskyVariant(variant({ text: "e\u0301".repeat(300) }))).toEqual([]);
    expect(validateBlueskyVariant(variant({ text: "🇺🇦".repeat(300) }))).toEqual([]);
    expect(validateBlueskyVariant(variant({ text: "a".repeat(300) }))).toEqual([]);
  });

  it("rejects text over 300 graphemes and says by how much", () => {
    const problems = validateBlueskyVariant(variant({ text: `${"a".repeat(299)}👍🏽é\u0301` }));
    expect(problems).toEqual([{ field: "text", message: expect.stringContaining("301 characters long; Bluesky allows 300. Shorten it by 1") }]);
  });

  it("rejects 300 graphemes that exceed the record's 3000 UTF-8 bytes", () => {
    // A family emoji is one grapheme of 25 bytes.
    expect(fields(variant({ text: "👨‍👩‍👧‍👦".repeat(300) }))).toEqual(["text"]);
  });

  it("rejects an empty post but allows media or a link without text", () => {
    expect(fields(variant({ text: "  " }))).toEqual(["text"]);
    expect(fields(variant({ text: "", media: [image()] }))).toEqual([]);
    expect(fields(variant({ text: "", link: "https://example.com" }))).toEqual([]);
  });

  it("allows up to four images of the supported types", () => {
    const types = ["image/jpeg", "image/png", "image/webp", "image/gif"];
    expect(fields(variant({ media: types.map((type) => image({ type })) }))).toEqual([]);
    expect(fields(variant({ media: [...types, "image/png"].map((type) => image({ type })) }))).toEqual(["media"]);
  });

  it("rejects unsupported types", () => {
    expect(validateBlueskyVariant(variant({ media: [image({ type: "image/heic" }), video({ type: "video/quicktime" })] }))).toEqual([
      { field: "media.0", message: expect.stringContaining("image/heic is not supported") },
      { field: "media.1", message: expect.stringContaining("video/quicktime is not supported") },
    ]);
  });

  it("limits images to 1,000,000 bytes and videos to 100 MB", () => {
    expect(fields(variant({ media: [image({ bytes: 1_000_000 })] }))).toEqual([]);
    expect(fields(variant({ media: [image({ bytes: 1_000_001 })] }))).toEqual(["media.0"]);
    expect(fields(variant({ media: [video({ bytes: 100_000_000 })] }))).toEqual([]);
    expect(fields(variant({ media: [video({ bytes: 100_000_001 })] }))).toEqual(["media.0"]);
  });

  it("allows one video, never together with images", () => {
    expect(fields(variant({ media: [video()] }))).toEqual([]);
    expect(fields(variant({ media: [video(), video()] }))).toEqual(["media"]);
    expect(validateBlueskyVariant(variant({ media: [image(), video()] }))).toEqual([
      { field: "media", message: expect.stringContaining("either images or one video") },
    ]);
  });

  it("limits a video's description to 1000 graphemes", () => {
    expect(fields(variant({ media: [video({ alt: "é".repeat(1000) })] }))).toEqual([]);
    expect(fields(variant({ media: [video({ alt: "é".repeat(1001) })] }))).toEqual(["media.0"]);
  });

  it("publish refuses what validate refuses, before any request", async () => {
    const connector = createBlueskyConnector({
      fetch: () => {
        throw new Error("no request expected");
      },
    });
    const err = await connector.publish(channel, variant({ text: "a".repeat(301) }), "k").catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "invalid_content" });
  });
});

describe("record keys", () => {
  it("derives the same TID-shaped key from the same idempotency key, and different ones otherwise", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => rkeyFor(`variant-${i}:0`));
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(tidPattern);
    expect(rkeyFor("variant-1:0")).toBe(keys[1]);
  });

  it("puts the key's timestamp in the past (2023-01-01 to 2024-02-12), never ahead of real posts", () => {
    const s32 = "234567abcdefghijklmnopqrstuvwxyz";
    for (const k of ["a", "b", "variant-9:3", "x".repeat(500)].map(rkeyFor)) {
      let n = 0n;
      for (const c of k) n = n * 32n + BigInt(s32.indexOf(c));
      const ms = Number(n >> 10n) / 1000;
      expect(ms).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 1));
      expect(ms).toBeLessThan(Date.UTC(2024, 1, 12));
    }
  });
});

describe("external ids", () => {
  const uri = "at://did:plc:abc234/app.bsky.feed.post/3jzfcijpj2z2a";
  it("carries the URI and the CID a reply needs", () => {
    const id = encodeExternalId({ uri, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm" });
    expect(decodeExternalId(id)).toEqual({
      uri,
      cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
      did: "did:plc:abc234",
      rkey: "3jzfcijpj2z2a",
    });
  });

  it("refuses ids of other shapes", () => {
    for (const bad of [uri, "3jzfcijpj2z2a", "at://did:plc:abc/app.bsky.feed.like/3jzfcijpj2z2a|bafy"]) {
      expect(() => decodeExternalId(bad)).toThrow(ConnectorError);
    }
  });

  it("links to the documented web address", () => {
    expect(postUrl("alice.bsky.social", "3jzfcijpj2z2a")).toBe("https://bsky.app/profile/alice.bsky.social/post/3jzfcijpj2z2a");
  });
});

describe("connect parameters", () => {
  it("defaults the service, strips the @ people copy, and rejects unknown fields", () => {
    expect(connectSchema.parse({ identifier: " @alice.bsky.social ", appPassword: "abcd-efgh-ijkl-mnop" })).toEqual({
      service: "https://bsky.social",
      identifier: "alice.bsky.social",
      appPassword: "abcd-efgh-ijkl-mnop",
    });
    expect(connectSchema.safeParse({ identifier: "a", appPassword: "b", password: "c" }).success).toBe(false);
    expect(connectSchema.safeParse({ service: "ftp://x", identifier: "a", appPassword: "b" }).success).toBe(false);
    expect(connectSchema.safeParse({ identifier: "@", appPassword: "b" }).success).toBe(false);
  });
});

// ---- Error mapping ---------------------------------------------------------------------------------

const xrpc = (status: number, error: string, headers?: Record<string, string>) => new XRPCError(status, error, `${error} happened`, headers);

describe("error mapping", () => {
  it.each([
    [xrpc(400, "ExpiredToken"), "auth_expired"],
    [xrpc(400, "InvalidToken"), "auth_expired"],
    [xrpc(401, "AuthenticationRequired"), "auth_expired"],
    [xrpc(401, "AuthMissing"), "auth_expired"],
    [xrpc(400, "AccountTakedown"), "revoked"],
    [xrpc(401, "AccountTakedown"), "revoked"],
    [xrpc(400, "AccountDeactivated"), "revoked"],
    [xrpc(400, "InvalidRecord"), "invalid_content"],
    [xrpc(400, "InvalidRequest"), "invalid_content"],
    [xrpc(400, "BlobTooLarge"), "invalid_content"],
    [xrpc(413, "PayloadTooLarge"), "invalid_content"],
    [xrpc(429, "RateLimitExceeded"), "rate_limited"],
    [xrpc(500, "InternalServerError"), "transient"],
    [xrpc(502, "UpstreamFailure"), "transient"],
    [xrpc(503, "NotEnoughResources"), "transient"],
    [new XRPCError(1, "Unknown", "fetch failed"), "transient"],
    [new TypeError("fetch failed"), "transient"],
  ])("%s → %s", (err, kind) => {
    const mapped = toConnectorError(err, "publishing the post");
    expect(mapped).toBeInstanceOf(ConnectorError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.cause).toBe(err);
  });

  it("reads the wait from ratelimit-reset (Unix seconds), else retry-after", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfterFrom({ "ratelimit-reset": String(now / 1000 + 90) }, now)).toBe(90);
    expect(retryAfterFrom({ "ratelimit-reset": String(now / 1000 - 5) }, now)).toBe(1);
    expect(retryAfterFrom({ "retry-after": "30" }, now)).toBe(30);
    expect(retryAfterFrom({}, now)).toBeUndefined();
  });

  it("passes a 429 answer through @atproto/api with its retryAfter", async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    const connector = createBlueskyConnector({
      fetch: async () =>
        new Response(JSON.stringify({ error: "RateLimitExceeded", message: "Rate Limit Exceeded" }), {
          status: 429,
          headers: { "content-type": "application/json", "ratelimit-limit": "5000", "ratelimit-remaining": "0", "ratelimit-reset": String(reset) },
        }),
    });
    const err = (await connector.publish(channel, variant(), "k").catch((e: unknown) => e)) as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfter).toBeGreaterThanOrEqual(115);
    expect(err.retryAfter).toBeLessThanOrEqual(121);
  });

  it("treats an unreachable server as transient and an unreadable session as needing reconnection", async () => {
    const connector = createBlueskyConnector({
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(connector.fetchChannelStats!(channel)).rejects.toMatchObject({ kind: "transient" });
    await expect(connector.fetchChannelStats!({ ...channel, credentials: { did: "x" } })).rejects.toMatchObject({ kind: "auth_expired" });
    const health = await connector.checkHealth!(channel);
    expect(health).toMatchObject({ ok: false, message: expect.stringContaining("could not be reached") });
  });
});

const channel = {
  externalId: "did:plc:abc234",
  handle: "alice.bsky.social",
  credentials: {
    service: "https://pds.example",
    did: "did:plc:abc234",
    handle: "alice.bsky.social",
    accessJwt: "a.b.c",
    refreshJwt: "d.e.f",
  },
};
