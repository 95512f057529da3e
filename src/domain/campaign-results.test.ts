import { describe, expect, it } from "vitest";
import { type CampaignSums, emptySums, resultsOf } from "./campaign-results.js";

function sums(patch: Partial<CampaignSums>): CampaignSums {
  return { ...emptySums(), ...patch };
}

describe("campaign results", () => {
  it("computes CPC, CPM, CPA, CR, CTR, cost per subscriber and ROMI with DOMAIN.md's formulas", () => {
    const r = resultsOf(
      sums({
        paid: { posts: 2, impressions: 40_000, reach: 30_000, interactions: 900, networkClicks: 700, linkClicks: 300 },
        organic: { posts: 3, impressions: 10_000, reach: 8_000, interactions: 400, networkClicks: 100, linkClicks: 100 },
        links: 5,
        spendCents: 2_000_000,
        spendEntries: 2,
        conversions: 20,
        revenueCents: 5_000_000,
        newSubscribers: 250,
      }),
    );
    expect(r.clicks).toBe(400);
    expect(r.clicksSource).toBe("links");
    expect(r.spend).toBe(20_000);
    expect(r.revenue).toBe(50_000);
    expect(r.rates.cpc).toBe(50);
    expect(r.rates.cpm).toBe(400);
    expect(r.rates.cpa).toBe(1000);
    expect(r.rates.cr).toBe(0.05);
    expect(r.rates.ctr).toBe(0.008);
    expect(r.rates.costPerSubscriber).toBe(80);
    expect(r.rates.romi).toBe(1.5);
    // Spend buys the paid posts: their CPC and CPM are over paid clicks and impressions.
    expect(r.paid.cpc).toBeCloseTo(20_000 / 300);
    expect(r.paid.cpm).toBe(500);
    expect(r.organic.cpc).toBeNull();
    expect(r.organic.ctr).toBe(0.01);
  });

  it("answers null, never 0, where a denominator or the figure is unknown", () => {
    const r = resultsOf(sums({ organic: { posts: 1, impressions: null, reach: null, interactions: 3, networkClicks: null, linkClicks: 0 } }));
    expect(r.spend).toBeNull();
    expect(r.clicks).toBeNull();
    expect(r.clicksSource).toBeNull();
    expect(r.rates).toEqual({ cpc: null, cpm: null, cpa: null, costPerSubscriber: null, romi: null, ctr: null, cr: null });
  });

  it("uses the networks' clicks when the posts have no short link, and no cost per subscriber when followers were lost", () => {
    const r = resultsOf(sums({ paid: { posts: 1, impressions: 1000, reach: 900, interactions: 10, networkClicks: 20, linkClicks: 0 }, spendCents: 10_000, spendEntries: 1, newSubscribers: -4 }));
    expect(r.clicksSource).toBe("network");
    expect(r.clicks).toBe(20);
    expect(r.rates.cpc).toBe(5);
    expect(r.rates.costPerSubscriber).toBeNull();
    // No conversion recorded yet: revenue, CR, CPA and ROMI are unknown.
    expect([r.revenue, r.rates.cr, r.rates.cpa, r.rates.romi]).toEqual([null, null, null, null]);
  });
});
