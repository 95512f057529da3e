/**
 * A campaign's results from its sums: the money and outcome rates of src/domain/metrics.ts
 * (campaignRatesOf: CPC, CPM, CPA, cost per subscriber, ROMI, CTR, CR — DOMAIN.md's formulas),
 * for the whole campaign and for its paid and organic posts apart. Pure: the sums come from SQL
 * (services/campaigns/results.ts). Money is in hundredths here and in units in the output.
 *
 * Clicks are the people who followed the campaign's Chorus short links (bots excluded); when the
 * campaign's posts carry no short link at all, the clicks the networks report on those posts
 * stand in, and `clicksSource` says which. Conversions are the campaign's target actions (CPA, CR).
 */
import { type CampaignRates, campaignRatesOf, formulas } from "./metrics.js";

export type PostSums = { posts: number; impressions: number | null; reach: number | null; interactions: number; networkClicks: number | null };
export type Split = PostSums & { linkClicks: number };

export type CampaignSums = {
  /** Paid (promoted) posts and the rest. */
  paid: Split;
  organic: Split;
  /** Short links made for the campaign's posts: without any, link clicks mean nothing. */
  links: number;
  spendCents: number;
  /** Spend entries exist (a campaign with no spend recorded has unknown spend, not zero). */
  spendEntries: number;
  conversions: number;
  revenueCents: number;
  /** Net followers gained on the campaign's channels over its period; null when not read at both ends. */
  newSubscribers: number | null;
};

export type ClicksSource = "links" | "network" | null;

export type GroupResults = {
  posts: number;
  impressions: number | null;
  reach: number | null;
  interactions: number;
  clicks: number | null;
  ctr: number | null;
  cpc: number | null;
  cpm: number | null;
};

export type CampaignResults = {
  posts: number;
  impressions: number | null;
  reach: number | null;
  interactions: number;
  clicks: number | null;
  clicksSource: ClicksSource;
  conversions: number;
  revenue: number | null;
  spend: number | null;
  newSubscribers: number | null;
  rates: CampaignRates;
  /** Spend is all paid: paid posts' CPC and CPM are over paid clicks and impressions alone. */
  paid: GroupResults;
  organic: GroupResults;
};

export const campaignFormulas = {
  clicks: "people who followed the campaign's short links (bots excluded); without short links, the clicks the networks report",
  ctr: formulas.ctr,
  cr: "conversions ÷ clicks",
  cpc: formulas.cpc,
  cpm: formulas.cpm,
  cpa: "spend ÷ conversions",
  costPerSubscriber: "spend ÷ (followers at the end − followers at the start) on the campaign's channels",
  romi: formulas.romi,
} as const;

const add = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

function clicksOf(s: Split, source: ClicksSource): number | null {
  if (source === "links") return s.linkClicks;
  if (source === "network") return s.networkClicks;
  return null;
}

export function emptySplit(): Split {
  return { posts: 0, impressions: null, reach: null, interactions: 0, networkClicks: null, linkClicks: 0 };
}

export function addSplits(a: Split, b: Split): Split {
  return {
    posts: a.posts + b.posts,
    impressions: add(a.impressions, b.impressions),
    reach: add(a.reach, b.reach),
    interactions: a.interactions + b.interactions,
    networkClicks: add(a.networkClicks, b.networkClicks),
    linkClicks: a.linkClicks + b.linkClicks,
  };
}

export function emptySums(): CampaignSums {
  return { paid: emptySplit(), organic: emptySplit(), links: 0, spendCents: 0, spendEntries: 0, conversions: 0, revenueCents: 0, newSubscribers: null };
}

/** The sums of several campaigns (a brand's total): followers gained add up where known. */
export function addSums(a: CampaignSums, b: CampaignSums): CampaignSums {
  return {
    paid: addSplits(a.paid, b.paid),
    organic: addSplits(a.organic, b.organic),
    links: a.links + b.links,
    spendCents: a.spendCents + b.spendCents,
    spendEntries: a.spendEntries + b.spendEntries,
    conversions: a.conversions + b.conversions,
    revenueCents: a.revenueCents + b.revenueCents,
    newSubscribers: add(a.newSubscribers, b.newSubscribers),
  };
}

export function resultsOf(s: CampaignSums): CampaignResults {
  const all = addSplits(s.paid, s.organic);
  const source: ClicksSource = s.links > 0 ? "links" : all.networkClicks !== null ? "network" : null;
  const clicks = clicksOf(all, source);
  // No spend entry: spend is unknown, so every cost is "—" rather than a free campaign's 0.
  const spend = s.spendEntries > 0 ? s.spendCents / 100 : null;
  // No conversion recorded: conversions may simply not be tracked yet, so revenue, CR, CPA and
  // ROMI are unknown ("—"), never a discouraging 0 % or −100 %.
  const tracked = s.conversions > 0;
  const revenue = tracked ? s.revenueCents / 100 : null;
  const rates = campaignRatesOf({
    spend,
    clicks,
    impressions: all.impressions,
    actions: tracked ? s.conversions : null,
    // Lost followers are not "negative new subscribers": no cost per subscriber then.
    newSubscribers: s.newSubscribers !== null && s.newSubscribers > 0 ? s.newSubscribers : null,
    revenue,
  });
  const group = (g: Split, groupSpend: number | null): GroupResults => {
    const c = clicksOf(g, source);
    const r = campaignRatesOf({ spend: groupSpend, clicks: c, impressions: g.impressions, actions: null, newSubscribers: null, revenue: null });
    return { posts: g.posts, impressions: g.impressions, reach: g.reach, interactions: g.interactions, clicks: c, ctr: r.ctr, cpc: r.cpc, cpm: r.cpm };
  };
  return {
    posts: all.posts,
    impressions: all.impressions,
    reach: all.reach,
    interactions: all.interactions,
    clicks,
    clicksSource: source,
    conversions: s.conversions,
    revenue,
    spend,
    newSubscribers: s.newSubscribers,
    rates,
    paid: group(s.paid, spend),
    organic: group(s.organic, null),
  };
}
