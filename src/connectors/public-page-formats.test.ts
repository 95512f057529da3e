/** The pure parts of each network's public-page reader: what people paste, and how a post's format is told. */
import { describe, expect, it } from "vitest";
import { blueskyFormatOf, normalizeBlueskyPage } from "./bluesky/public-page.js";
import { mastodonFormatOf, parseMastodonPage } from "./mastodon/public-page.js";
import { vkFormatOf } from "./vk/public-page.js";

describe("public pages: parsing and formats", () => {
  it("reads Bluesky handles, profile addresses and DIDs", () => {
    expect(normalizeBlueskyPage("@Rival.bsky.social")).toBe("rival.bsky.social");
    expect(normalizeBlueskyPage("https://bsky.app/profile/rival.test/post/3abc")).toBe("rival.test");
    expect(normalizeBlueskyPage("did:plc:abc123")).toBe("did:plc:abc123");
    expect(normalizeBlueskyPage("not a handle")).toBeNull();
  });

  it("tells a Bluesky post's format by its embed", () => {
    expect(blueskyFormatOf(undefined)).toBe("text");
    expect(blueskyFormatOf({ $type: "app.bsky.embed.images", images: [{}] })).toBe("image");
    expect(blueskyFormatOf({ $type: "app.bsky.embed.images", images: [{}, {}] })).toBe("carousel");
    expect(blueskyFormatOf({ $type: "app.bsky.embed.video" })).toBe("video");
    expect(blueskyFormatOf({ $type: "app.bsky.embed.external" })).toBe("link");
    expect(blueskyFormatOf({ $type: "app.bsky.embed.record" })).toBe("text");
    expect(blueskyFormatOf({ $type: "app.bsky.embed.recordWithMedia", media: { $type: "app.bsky.embed.images", images: [{}] } })).toBe("image");
  });

  it("reads Mastodon accounts as @name@server, name@server and profile addresses", () => {
    expect(parseMastodonPage("@rival@mastodon.social")).toEqual({ username: "rival", host: "mastodon.social", origin: null });
    expect(parseMastodonPage("rival@Mastodon.Social")).toEqual({ username: "rival", host: "mastodon.social", origin: null });
    expect(parseMastodonPage("https://mastodon.social/@rival")).toEqual({ username: "rival", host: "mastodon.social", origin: "https://mastodon.social" });
    expect(parseMastodonPage("http://127.0.0.1:4000/@rival/")).toEqual({ username: "rival", host: "127.0.0.1:4000", origin: "http://127.0.0.1:4000" });
    expect(parseMastodonPage("@rival")).toEqual({ username: "rival", host: null, origin: null });
    expect(parseMastodonPage("https://mastodon.social/about")).toBeNull();
  });

  it("tells a Mastodon status's format by its media and card", () => {
    expect(mastodonFormatOf({ media_attachments: [], card: null })).toBe("text");
    expect(mastodonFormatOf({ media_attachments: [], card: { url: "https://x.example" } })).toBe("link");
    expect(mastodonFormatOf({ media_attachments: [{ type: "image" }], card: null })).toBe("image");
    expect(mastodonFormatOf({ media_attachments: [{ type: "image" }, { type: "image" }], card: null })).toBe("carousel");
    expect(mastodonFormatOf({ media_attachments: [{ type: "gifv" }], card: null })).toBe("video");
  });

  it("tells a VK post's format by its attachments", () => {
    expect(vkFormatOf([])).toBe("text");
    expect(vkFormatOf([{ type: "photo" }])).toBe("image");
    expect(vkFormatOf([{ type: "photo" }, { type: "photo" }])).toBe("carousel");
    expect(vkFormatOf([{ type: "clip" }])).toBe("video");
    expect(vkFormatOf([{ type: "link" }])).toBe("link");
  });
});
