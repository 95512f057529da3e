import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  type Audience,
  accrued,
  activityAt,
  connectSchema,
  followersAt,
  postMetricsAt,
  postOutcome,
  type SandboxPost,
  sampleFollowers,
} from "./audience.js";

const audience = (over: Partial<Audience> = {}): Audience => ({
  ...connectSchema.parse({ handle: "test.coffee", followers: 10_000 }),
  connectedAt: "2026-03-01T00:00:00.000Z",
  ...over,
});

/** A post published at the given local hour in Moscow on day `day` of March 2026. */
const postAt = (id: string, format: string, hour: number, day = 10): SandboxPost => ({
  id,
  format,
  publishedAt: DateTime.fromObject({ year: 2026, month: 3, day, hour }, { zone: "Europe/Moscow" }).toUTC().toISO()!,
});

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("sandbox audience model", () => {
  it("applies the connect defaults and rejects unknown or bad fields", () => {
    expect(connectSchema.parse({ handle: "north.coffee" })).toEqual({
      handle: "north.coffee",
      followers: 1200,
      timezone: "Europe/Moscow",
      botShare: 0.08,
      failMode: "none",
    });
    expect(connectSchema.safeParse({ handle: "North Coffee" }).success).toBe(false);
    expect(connectSchema.safeParse({ handle: "ab" }).success).toBe(false);
    expect(connectSchema.safeParse({ handle: "north", timezone: "Mars/Olympus" }).success).toBe(false);
    expect(connectSchema.safeParse({ handle: "north", botShare: 0.95 }).success).toBe(false);
    expect(connectSchema.safeParse({ handle: "north", extra: 1 }).success).toBe(false);
  });

  it("is deterministic for the same account and post, and differs between posts", () => {
    const a = audience();
    expect(postOutcome(a, postAt("p1", "image", 19))).toEqual(postOutcome(a, postAt("p1", "image", 19)));
    expect(postOutcome(a, postAt("p1", "image", 19))).not.toEqual(postOutcome(a, postAt("p2", "image", 19)));
  });

  it("grows followers slowly over time", () => {
    const a = audience();
    const start = followersAt(a, new Date(a.connectedAt));
    const month = followersAt(a, new Date(Date.parse(a.connectedAt) + 30 * 86_400_000));
    expect(start).toBe(10_000);
    expect(month).toBeGreaterThan(start);
    expect(month).toBeLessThan(start * 1.1);
  });

  it("has morning and evening peaks and a night trough in the account's zone", () => {
    const at = (hour: number) => DateTime.fromObject({ year: 2026, month: 3, day: 10, hour }, { zone: "Europe/Moscow" }).toJSDate();
    expect(activityAt("Europe/Moscow", at(20))).toBeGreaterThan(activityAt("Europe/Moscow", at(15)));
    expect(activityAt("Europe/Moscow", at(9))).toBeGreaterThan(activityAt("Europe/Moscow", at(4)) * 3);
    // 20:00 in Moscow is 04:00 the next day in Tokyo, the trough there.
    expect(activityAt("Asia/Tokyo", at(20))).toBeLessThan(activityAt("Europe/Moscow", at(20)) / 3);
  });

  it("accrues metrics over ~48 h, never going down", () => {
    expect(accrued(0)).toBe(0);
    expect(accrued(48)).toBe(1);
    expect(accrued(12)).toBeGreaterThan(0.6);
    const a = audience();
    for (const id of ["m1", "m2", "m3"]) {
      const post = postAt(id, "video", 19);
      let previous = postMetricsAt(a, post, new Date(post.publishedAt));
      expect(previous.reach).toBe(0);
      expect(previous.comments).toBe(0);
      for (let h = 1; h <= 72; h++) {
        const m = postMetricsAt(a, post, new Date(Date.parse(post.publishedAt) + h * 3_600_000));
        for (const key of ["reach", "impressions", "views", "likes", "comments", "reposts", "saves"] as const) {
          expect(m[key]).toBeGreaterThanOrEqual(previous[key] ?? 0);
        }
        previous = m;
      }
      expect(previous.likes).toBeGreaterThan(0);
    }
  });

  it("depends on the content format", () => {
    const a = audience();
    const final = (format: string) => range(300).map((i) => postOutcome(a, postAt(`f${i}`, format, 19)));
    const [text, video, carousel, link] = ["text", "video", "carousel", "link"].map(final) as [
      ReturnType<typeof final>,
      ReturnType<typeof final>,
      ReturnType<typeof final>,
      ReturnType<typeof final>,
    ];
    expect(mean(video.map((o) => o.views))).toBeGreaterThan(1.5 * mean(text.map((o) => o.views)));
    // A view is an impression that was watched or opened: never more views than impressions.
    for (const o of [...text, ...video, ...carousel, ...link]) expect(o.views).toBeLessThanOrEqual(o.impressions);
    expect(mean(carousel.map((o) => o.saves))).toBeGreaterThan(2 * mean(text.map((o) => o.saves)));
    expect(mean(link.map((o) => o.reach))).toBeLessThan(0.8 * mean(text.map((o) => o.reach)));
  });

  it("reaches more people at the evening peak than at night", () => {
    const a = audience();
    const reach = (hour: number) => mean(range(200).map((i) => postOutcome(a, postAt(`h${i}`, "image", hour)).reach));
    expect(reach(20)).toBeGreaterThan(2 * reach(4));
  });

  it("samples followers deterministically with the configured share of bot-like accounts", () => {
    const now = new Date("2026-04-01T12:00:00Z");
    const a = audience({ botShare: 0.2 });
    const sample = sampleFollowers(a, 2000, now);
    expect(sample).toHaveLength(2000);
    expect(sampleFollowers(a, 100, now)).toEqual(sample.slice(0, 100));
    const recent = (iso: string) => now.getTime() - Date.parse(iso) < 100 * 86_400_000;
    const bots = sample.filter((f) => recent(f.createdAt));
    expect(bots.length / sample.length).toBeGreaterThan(0.17);
    expect(bots.length / sample.length).toBeLessThan(0.23);
    expect(mean(bots.map((b) => (b.hasAvatar ? 1 : 0)))).toBeLessThan(0.2);
    expect(mean(bots.map((b) => b.posts))).toBeLessThan(0.5);
    for (const b of bots) expect(b.following).toBeGreaterThan(10 * Math.max(1, b.followers));
    const small = audience({ followers: 30 });
    expect(sampleFollowers(small, 100, now)).toHaveLength(followersAt(small, now));
  });
});
