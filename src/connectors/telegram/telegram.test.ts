import { describe, expect, it } from "vitest";
import { ConnectorError, type MediaInput } from "../types.js";
import { TelegramApiError, toConnectorError } from "./errors.js";
import { messageUrl, parseExternalId, textWithLink, validateTelegramVariant } from "./index.js";
import { connectSchema, normalizeChatId } from "./types.js";

const media = (over: Partial<MediaInput> = {}): MediaInput => ({ type: "image/jpeg", bytes: 1000, width: 1000, height: 1000, ...over });
const fields = (v: Parameters<typeof validateTelegramVariant>[0]) => validateTelegramVariant(v).map((p) => p.field);

describe("telegram validate", () => {
  it("counts UTF-16 code units: 4096 for text, 1024 once media make it a caption", () => {
    expect(fields({ text: "a".repeat(4096), format: "text", media: [] })).toEqual([]);
    expect(fields({ text: "a".repeat(4097), format: "text", media: [] })).toEqual(["text"]);
    // An emoji with a skin tone is 4 UTF-16 code units: 1024 of them are 4096 units.
    expect(fields({ text: "👍🏽".repeat(1024), format: "text", media: [] })).toEqual([]);
    expect(fields({ text: "👍🏽".repeat(1025), format: "text", media: [] })).toEqual(["text"]);
    expect(fields({ text: "a".repeat(1024), format: "image", media: [media()] })).toEqual([]);
    expect(validateTelegramVariant({ text: "a".repeat(1025), format: "image", media: [media()] })).toMatchObject([
      { field: "text", message: expect.stringMatching(/caption/) },
    ]);
  });

  it("counts the link that is added to the text", () => {
    expect(textWithLink({ text: "Меню", link: "https://x.io/m" })).toBe("Меню\n\nhttps://x.io/m");
    expect(textWithLink({ text: "Меню https://x.io/m", link: "https://x.io/m" })).toBe("Меню https://x.io/m");
    expect(fields({ text: "a".repeat(4090), format: "link", media: [], link: "https://x.io/m" })).toEqual(["text"]);
  });

  it("checks empty posts, album size, types, bot upload sizes, photo dimensions and aspect ratio", () => {
    expect(fields({ text: " ", format: "text", media: [] })).toEqual(["text"]);
    expect(fields({ text: "", format: "image", media: [media()] })).toEqual([]);
    expect(fields({ text: "x", format: "carousel", media: Array.from({ length: 10 }, () => media()) })).toEqual([]);
    expect(fields({ text: "x", format: "carousel", media: Array.from({ length: 11 }, () => media()) })).toEqual(["media"]);
    expect(fields({ text: "x", format: "image", media: [media({ type: "image/gif" })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ bytes: 10 * 1024 * 1024 + 1 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "video", media: [media({ type: "video/mp4", bytes: 49 * 1024 * 1024 })] })).toEqual([]);
    expect(fields({ text: "x", format: "video", media: [media({ type: "video/mp4", bytes: 51 * 1024 * 1024 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ width: 6000, height: 4001 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ width: 4200, height: 200 })] })).toEqual(["media.0"]);
    expect(fields({ text: "x", format: "image", media: [media({ width: 4000, height: 200 })] })).toEqual([]);
  });
});

describe("telegram ids and links", () => {
  it("normalises what people paste as the channel", () => {
    expect(normalizeChatId("https://t.me/north_coffee")).toBe("@north_coffee");
    expect(normalizeChatId("north_coffee")).toBe("@north_coffee");
    expect(normalizeChatId("-1001234567890")).toBe("-1001234567890");
    expect(connectSchema.safeParse({ botToken: "123:short", chatId: "@north_coffee" }).success).toBe(false);
    expect(connectSchema.safeParse({ botToken: "123456:AAE-0123456789abcdefghij", chatId: "t.me/north_coffee" })).toMatchObject({
      success: true,
      data: { chatId: "@north_coffee" },
    });
  });

  it("parses external ids with every album message and builds public and private links", () => {
    expect(parseExternalId("-1001:5,6,7")).toEqual({ chatId: "-1001", messageIds: [5, 6, 7] });
    expect(() => parseExternalId("5")).toThrow(ConnectorError);
    expect(messageUrl("-1001234567890", "north", 5)).toBe("https://t.me/north/5");
    expect(messageUrl("-1001234567890", null, 5)).toBe("https://t.me/c/1234567890/5");
  });
});

describe("telegram error classification", () => {
  const kind = (code: number, description: string, retryAfter?: number) =>
    toConnectorError(new TelegramApiError("sendMessage", code, description, retryAfter), "publishing");
  it("maps the Bot API answers to kinds", () => {
    expect(kind(429, "Too Many Requests: retry after 30", 30)).toMatchObject({ kind: "rate_limited", retryAfter: 30 });
    expect(kind(401, "Unauthorized").kind).toBe("auth_expired");
    expect(kind(403, "Forbidden: bot was kicked from the channel chat").kind).toBe("revoked");
    expect(kind(400, "Bad Request: chat not found").kind).toBe("revoked");
    expect(kind(400, "Bad Request: message is too long")).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/4096/) });
    expect(kind(400, "Bad Request: message caption is too long").message).toMatch(/1024/);
    expect(kind(400, "Bad Request: wrong file identifier/HTTP URL specified").kind).toBe("invalid_content");
    expect(kind(500, "Internal Server Error").kind).toBe("transient");
    expect(toConnectorError(new TypeError("fetch failed"), "publishing").kind).toBe("transient");
  });
});
