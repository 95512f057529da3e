import { describe, expect, it } from "vitest";
import type { MediaInput } from "../types.js";
import { toConnectorError, VkApiError } from "./errors.js";
import { guidFor, parseVkId, postUrl, validateVkVariant } from "./index.js";
import { connectSchema, normalizeGroupId } from "./types.js";

const media = (over: Partial<MediaInput> = {}): MediaInput => ({ type: "image/jpeg", bytes: 1000, width: 1000, height: 1000, ...over });
const fields = (v: Parameters<typeof validateVkVariant>[0]) => validateVkVariant(v).map((p) => p.field);

describe("vk validate", () => {
  it("allows 16384 characters (code points) of text", () => {
    expect(fields({ text: "я".repeat(16_384), format: "text", media: [] })).toEqual([]);
    expect(fields({ text: "😀".repeat(16_384), format: "text", media: [] })).toEqual([]);
    expect(fields({ text: "я".repeat(16_385), format: "text", media: [] })).toEqual(["text"]);
    expect(fields({ text: "", format: "text", media: [] })).toEqual(["text"]);
    expect(fields({ text: "", format: "link", media: [], link: "https://x.io" })).toEqual([]);
  });

  it("counts the link among the 10 attachments", () => {
    const ten = Array.from({ length: 10 }, () => media());
    expect(fields({ text: "x", format: "carousel", media: ten })).toEqual([]);
    expect(fields({ text: "x", format: "carousel", media: ten, link: "https://x.io" })).toEqual(["media"]);
  });

  it("checks photo type, 50 MB, width + height ≤ 14000 and 1:20", () => {
    expect(fields({ text: "x", format: "image", media: [media({ type: "image/webp" })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ bytes: 50 * 1024 * 1024 + 1 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ width: 7000, height: 7000 })] })).toEqual([]);
    expect(fields({ text: "x", format: "image", media: [media({ width: 7001, height: 7000 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ width: 4200, height: 200 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "video", media: [media({ type: "video/mp4", bytes: 500 * 1024 * 1024 })] })).toEqual([]);
  });
});

describe("vk ids", () => {
  it("normalises what people paste as the community", () => {
    expect(normalizeGroupId("https://vk.com/north_coffee")).toBe("north_coffee");
    expect(normalizeGroupId("club218375")).toBe(218375);
    expect(normalizeGroupId("public218375")).toBe(218375);
    expect(normalizeGroupId("-218375")).toBe(218375);
    expect(normalizeGroupId(-218375)).toBe(218375);
    expect(connectSchema.safeParse({ accessToken: "t", groupId: "no spaces allowed" }).success).toBe(false);
  });

  it("parses post and comment ids and builds their addresses; the guid is stable per key", () => {
    expect(parseVkId("-218375_1000")).toEqual({ ownerId: -218375, postId: 1000, commentId: null });
    expect(parseVkId("-218375_1000_51")).toEqual({ ownerId: -218375, postId: 1000, commentId: 51 });
    expect(() => parseVkId("wall-1_2")).toThrow();
    expect(postUrl(-218375, 1000)).toBe("https://vk.com/wall-218375_1000");
    expect(postUrl(-218375, 1000, 51)).toBe("https://vk.com/wall-218375_1000?reply=51");
    expect(guidFor("a")).toBe(guidFor("a"));
    expect(guidFor("a")).toHaveLength(32);
  });
});

describe("vk error classification", () => {
  const of = (code: number, msg = "m") => toConnectorError(new VkApiError("wall.post", code, msg), "publishing");
  it("maps error codes to kinds", () => {
    expect(of(5).kind).toBe("auth_expired");
    expect(of(6)).toMatchObject({ kind: "rate_limited", retryAfter: 1 });
    expect(of(9).kind).toBe("rate_limited");
    expect(of(9).retryAfter).toBeGreaterThanOrEqual(60);
    expect(of(29).kind).toBe("rate_limited");
    for (const code of [7, 15, 27]) expect(of(code).kind).toBe("revoked");
    expect(of(100, "param owner_id invalid")).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/owner_id invalid/) });
    expect(of(214).message).toMatch(/does not allow posting/);
    expect(of(219).message).toMatch(/already published/);
    expect(of(10).kind).toBe("transient");
    expect(of(1).kind).toBe("transient");
    expect(toConnectorError(new TypeError("fetch failed"), "publishing").kind).toBe("transient");
  });
});
