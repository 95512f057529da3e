import { describe, expect, it } from "vitest";
import { isDay, leaderSourceSlug, leaderTotals, placementResults, profileProblems } from "./opinion-leader.js";

const sums = { priceCents: 800_000, reach: null, views: null, clicks: null, conversions: 0, revenueCents: 0 };

describe("placement results", () => {
  it("are unknown, never 0, when their denominators are unknown", () => {
    const r = placementResults(sums);
    expect(r).toMatchObject({ price: 8000, clicks: null, conversions: 0, revenue: null, cpa: null, cpc: null, cpm: null, romi: null, ctr: null, cr: null });
  });

  it("follow the formulas: CPA, CPC, CPM by reach, ROMI", () => {
    const r = placementResults({ priceCents: 800_000, reach: 20_000, views: 31_000, clicks: 160, conversions: 5, revenueCents: 1_200_000 });
    expect(r.cpa).toBe(1600);
    expect(r.cpc).toBe(50);
    expect(r.cpm).toBe(400);
    expect(r.romi).toBe(0.5);
    expect(r.ctr).toBe(0.008);
    expect(r.cr).toBeCloseTo(5 / 160);
  });

  it("a tracked link nobody clicked has 0 clicks and no CPC", () => {
    const r = placementResults({ ...sums, clicks: 0 });
    expect(r.clicks).toBe(0);
    expect(r.cpc).toBeNull();
  });

  it("a barter placement (price 0) costs 0 per action and has no ROMI", () => {
    const r = placementResults({ priceCents: 0, reach: 1000, views: null, clicks: 10, conversions: 2, revenueCents: 500_000 });
    expect(r.cpa).toBe(0);
    expect(r.cpm).toBe(0);
    expect(r.romi).toBeNull();
  });
});

describe("leader totals", () => {
  it("sum per currency, with CPM over the placements that report reach and the best CPA", () => {
    const totals = leaderTotals([
      { currency: "RUB", priceCents: 1_000_000, reach: 10_000, views: null, clicks: 100, conversions: 4, revenueCents: 2_000_000 },
      { currency: "RUB", priceCents: 500_000, reach: null, views: null, clicks: null, conversions: 1, revenueCents: 300_000 },
      { currency: "EUR", priceCents: 20_000, reach: null, views: null, clicks: null, conversions: 0, revenueCents: 0 },
    ]);
    expect(totals.map((t) => t.currency)).toEqual(["RUB", "EUR"]);
    const rub = totals[0];
    expect(rub).toMatchObject({ placements: 2, price: 15_000, conversions: 5, revenue: 23_000, cpa: 3000, cpm: 1000, cpc: 100, bestCpa: 2500 });
    expect(totals[1]).toMatchObject({ placements: 1, price: 200, cpa: null, cpm: null, bestCpa: null, revenue: null });
  });
});

describe("profiles and slugs", () => {
  it("refuses a profile without handle or address, a bad address and a bad handle, each by its path", () => {
    const problems = profileProblems([
      { network: "telegram", handle: null, url: null },
      { network: "vk", handle: null, url: "javascript:alert(1)" },
      { network: "youtube", handle: "has space", url: null },
      { network: "myspace", handle: "x", url: null },
    ]);
    expect(problems.map((p) => p.path)).toEqual(["profiles.0.handle", "profiles.1.url", "profiles.2.handle", "profiles.3.network"]);
    expect(profileProblems([{ network: "telegram", handle: "@spb_coffee_walks", url: "https://t.me/spb_coffee_walks" }])).toEqual([]);
    expect(profileProblems([])).toHaveLength(1);
  });

  it("slugs utm_source from the first handle, else the name", () => {
    expect(leaderSourceSlug({ name: "X", profiles: [{ network: "telegram", handle: "@SPB_Coffee.Walks", url: null }] })).toBe("spb-coffee-walks");
    expect(leaderSourceSlug({ name: "Книжный клуб «Переплёт»", profiles: [{ network: "vk", handle: null, url: "https://vk.com/club1" }] })).toBe("knizhnyy-klub-pereplet");
  });

  it("knows a calendar day", () => {
    expect(isDay("2026-03-10")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("10.03.2026")).toBe(false);
  });
});
