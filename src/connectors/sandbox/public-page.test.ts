import { describe, expect, it } from "vitest";
import { normalizeSandboxPage, publicAudienceOf } from "./public-page.js";

describe("Sandbox public pages", () => {
  it("takes the handle from what people paste", () => {
    expect(normalizeSandboxPage("@Zerno.Bar")).toBe("zerno.bar");
    expect(normalizeSandboxPage("sandbox://zerno.bar/posts/abc")).toBe("zerno.bar");
    expect(normalizeSandboxPage("no")).toBeNull();
    expect(normalizeSandboxPage("not a handle")).toBeNull();
  });

  it("models a page's public audience from its handle alone, the same for everyone", () => {
    const a = publicAudienceOf("zerno.bar", "2026-01-01T00:00:00.000Z");
    expect(a).toEqual(publicAudienceOf("zerno.bar", "2026-01-01T00:00:00.000Z"));
    expect(a.followers).toBeGreaterThanOrEqual(600);
    expect(a.followers).toBeLessThanOrEqual(12_000);
    expect(a.botShare).toBeGreaterThanOrEqual(0.03);
    expect(publicAudienceOf("kofemania.spb", a.connectedAt).followers).not.toBe(a.followers);
  });
});
