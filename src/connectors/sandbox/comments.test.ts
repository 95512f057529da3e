import { describe, expect, it } from "vitest";
import { type Audience, connectSchema } from "./audience.js";
import { commentsOfPost, phrases, type SandboxComment } from "./comments.js";

const audience: Audience = {
  ...connectSchema.parse({ handle: "test.coffee", followers: 8000, botShare: 0.15 }),
  connectedAt: "2026-03-01T00:00:00.000Z",
};

const formats = ["text", "image", "video", "carousel", "link"];
const posts = Array.from({ length: 150 }, (_, i) => ({
  id: `post${i}`,
  format: formats[i % formats.length]!,
  publishedAt: new Date(Date.parse("2026-03-05T16:00:00Z") + i * 7 * 3_600_000).toISOString(),
}));
const all: SandboxComment[] = posts.flatMap((p) => commentsOfPost(audience, p));

describe("sandbox comments", () => {
  it("writes Ukrainian with Ukrainian letters and Russian without them", () => {
    const ukrainianOnly = /[іїєґ]/i;
    for (const list of Object.values(phrases.uk)) for (const text of list) expect(text).toMatch(ukrainianOnly);
    for (const list of Object.values(phrases.ru)) {
      for (const text of list) {
        expect(text).not.toMatch(ukrainianOnly);
        expect(text).toMatch(/[а-яё]/i);
      }
    }
  });

  it("is deterministic", () => {
    expect(commentsOfPost(audience, posts[3]!)).toEqual(commentsOfPost(audience, posts[3]!));
  });

  it("mixes languages, complaints, questions and bot spam", () => {
    expect(all.length).toBeGreaterThan(300);
    for (const lang of ["en", "ru", "uk"] as const) {
      expect(all.some((c) => c.lang === lang && c.tone === "negative")).toBe(true);
    }
    const human = all.filter((c) => !c.bot);
    const negativeShare = human.filter((c) => c.tone === "negative").length / human.length;
    expect(negativeShare).toBeGreaterThan(0.15);
    expect(negativeShare).toBeLessThan(0.35);
    expect(human.some((c) => c.tone === "question")).toBe(true);
    expect(all.some((c) => c.bot && c.tone === "spam")).toBe(true);
    expect(all.filter((c) => c.bot).every((c) => c.tone === "spam" || c.tone === "lowQuality")).toBe(true);
    // Most commenters of a Moscow coffee shop write in Russian.
    expect(all.filter((c) => c.lang === "ru").length).toBeGreaterThan(all.filter((c) => c.lang === "en").length);
  });

  it("takes texts from the phrase banks and times comments within two days of the post", () => {
    const bank = new Set(Object.values(phrases).flatMap((byKind) => Object.values(byKind).flat()));
    for (const c of all) {
      if (c.lang) expect(bank.has(c.text)).toBe(true);
      const post = posts.find((p) => p.id === c.postExternalId)!;
      const age = Date.parse(c.occurredAt) - Date.parse(post.publishedAt);
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThanOrEqual(48 * 3_600_000);
    }
    expect(new Set(all.map((c) => c.externalId)).size).toBe(all.length);
  });
});
