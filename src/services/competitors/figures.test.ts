import { describe, expect, it } from "vitest";
import { ratesOf } from "../../domain/metrics.js";
import { AppError } from "../../errors.js";
import { addSums, followersByDay, formatShares, noSums, periodDays, retryHours, totalsOf } from "./figures.js";
import { sinceFor } from "./read.js";

describe("competitor figures", () => {
  it("counts the days of a period and refuses a wrong one with the field to fix", () => {
    expect(periodDays("2026-03-01", "2026-03-31")).toBe(31);
    expect(periodDays("2026-03-01", "2026-03-01")).toBe(1);
    expect(() => periodDays("2026-03-31", "2026-03-01")).toThrow(/ends before it starts/);
    expect(() => periodDays("2026-3-1", "2026-03-01")).toThrow(AppError);
    expect(() => periodDays("2024-01-01", "2026-01-01")).toThrow(/longer than 366 days/);
  });

  it("waits 1, 2, 4 … hours after failures in a row, never more than a day", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(retryHours)).toEqual([1, 2, 4, 8, 16, 24, 24]);
  });

  it("reads a month back the first time, then the week before the last good reading", () => {
    const at = new Date("2026-03-16T10:00:00Z");
    expect(sinceFor(null, at).toISOString()).toBe("2026-02-14T10:00:00.000Z");
    expect(sinceFor("2026-03-15T10:00:00.000Z", at).toISOString()).toBe("2026-03-08T10:00:00.000Z");
    // After a long outage no further back than a month.
    expect(sinceFor("2025-12-01T00:00:00.000Z", at).toISOString()).toBe("2026-02-14T10:00:00.000Z");
  });

  it("gives ER by followers as Σ interactions ÷ Σ followers at each post's time, saves and reach left out", () => {
    const a = { posts: 2, likes: 30, comments: 5, reposts: 5, followersAtPosts: 2000, likesWithFollowers: 30, commentsWithFollowers: 5, repostsWithFollowers: 5 };
    const b = { posts: 1, likes: 10, comments: 0, reposts: 0, followersAtPosts: null, likesWithFollowers: 0, commentsWithFollowers: 0, repostsWithFollowers: 0 };
    const t = totalsOf(addSums(addSums(noSums(), a), b));
    expect(t).toMatchObject({ posts: 3, interactions: 50, saves: 0, reach: null, followersAtPosts: 2000, interactionsWithFollowers: 40 });
    const rates = ratesOf(t);
    expect(rates.erFollowers).toBeCloseTo(40 / 2000, 12);
    expect(rates.loveRate).toBeCloseTo(30 / 2000, 12);
    expect(rates.erReach).toBeNull();
    expect(ratesOf(totalsOf(noSums())).erFollowers).toBeNull();
  });

  it("shares formats among posts, most used first", () => {
    expect(formatShares(new Map([["text", 1], ["image", 3], ["video", 0]]))).toEqual([
      { format: "image", posts: 3, share: 0.75 },
      { format: "text", posts: 1, share: 0.25 },
    ]);
    expect(formatShares(new Map())).toEqual([]);
  });

  it("carries each page's followers over days without a reading and sums the pages", () => {
    const series = followersByDay(
      [
        { key: "a", day: "2026-03-02", followers: 110 },
        { key: "b", day: "2026-03-03", followers: 60 },
      ],
      new Map([["a", 100]]),
      "2026-03-01",
      "2026-03-04",
    );
    expect(series).toEqual([
      { day: "2026-03-01", followers: 100 },
      { day: "2026-03-02", followers: 110 },
      { day: "2026-03-03", followers: 170 },
      { day: "2026-03-04", followers: 170 },
    ]);
    expect(followersByDay([], new Map(), "2026-03-01", "2026-03-01")).toEqual([{ day: "2026-03-01", followers: null }]);
  });
});
