import { describe, expect, it } from "vitest";
import { campaignRatesOf, change, growthOf, metricsScheduleHours, nextMetricsAt, ratesOf, ratio } from "./metrics.js";

const hour = 3_600_000;

describe("metrics", () => {
  it("computes each rate from its own pair of sums, null where the denominator is unknown or zero", () => {
    const r = ratesOf({
      posts: 2,
      likes: 30,
      comments: 6,
      reposts: 4,
      saves: 0,
      interactions: 40,
      reach: 1000,
      interactionsWithReach: 30,
      impressions: 2000,
      views: null,
      interactionsWithViews: 0,
      viewsWithImpressions: 0,
      impressionsWithViews: 0,
      clicks: 50,
      impressionsWithClicks: 2000,
      clicksWithImpressions: 50,
      followersAtPosts: 4000,
      interactionsWithFollowers: 40,
      likesWithFollowers: 30,
      commentsWithFollowers: 6,
      repostsWithFollowers: 4,
    });
    expect(r.erReach).toBeCloseTo(0.03);
    expect(r.erFollowers).toBeCloseTo(0.01);
    expect(r.erViews).toBeNull();
    expect(r.loveRate).toBeCloseTo(0.0075);
    expect(r.talkRate).toBeCloseTo(0.0015);
    expect(r.amplificationRate).toBeCloseTo(0.001);
    expect(r.ctr).toBeCloseTo(0.025);
    expect(r.vtr).toBeNull();
  });

  it("computes growth, campaign rates and change", () => {
    expect(growthOf(1000, 1100)).toEqual({ start: 1000, end: 1100, growth: 100, growthRate: 0.1 });
    expect(growthOf(null, 1100)).toEqual({ start: null, end: 1100, growth: null, growthRate: null });
    const c = campaignRatesOf({ spend: 500, clicks: 250, impressions: 100_000, actions: 10, newSubscribers: 50, revenue: 2000 });
    expect(c).toEqual({ cpc: 2, cpm: 5, cpa: 50, costPerSubscriber: 10, romi: 3, ctr: 0.0025, cr: 0.04 });
    expect(campaignRatesOf({ spend: 0, clicks: 0, impressions: null, actions: null, newSubscribers: null, revenue: 10 }).romi).toBeNull();
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(5, 0)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });

  it("reads a post at +1 h, +24 h, +7 d, then daily to day 37, and stops", () => {
    expect(metricsScheduleHours.slice(0, 4)).toEqual([1, 24, 168, 192]);
    expect(metricsScheduleHours.at(-1)).toBe(37 * 24);
    const published = new Date("2026-03-01T10:00:00Z");
    expect(nextMetricsAt(published, published)?.toISOString()).toBe("2026-03-01T11:00:00.000Z");
    // Exactly at a reading's time, the next one is the one after.
    expect(nextMetricsAt(published, new Date(published.getTime() + hour))?.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    // Chorus was down for three days after the first reading: the next is the +7 d one.
    expect(nextMetricsAt(published, new Date(published.getTime() + 100 * hour))?.toISOString()).toBe("2026-03-08T10:00:00.000Z");
    expect(nextMetricsAt(published, new Date(published.getTime() + 37 * 24 * hour))).toBeNull();
  });
});
