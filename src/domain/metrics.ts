/**
 * The field's metrics, exactly as ../shared/DOMAIN.md defines them ("Metrics"). Pure functions over
 * totals: every rate is a ratio of sums over the same posts, and a rate whose denominator is
 * unknown or zero is null, never 0 — "no reach reported" is not "nobody engaged".
 *
 * Each metric carries its formula, shown next to the figure in the UI and in reports, so the two
 * ERs are never mixed up: ER by reach judges one's own content (reach is private), ER by followers
 * compares with competitors (followers are public).
 */

/** Counters summed over a set of posts. A counter is summed only over the posts that report it. */
export type PostTotals = {
  posts: number;
  likes: number;
  comments: number;
  reposts: number;
  saves: number;
  /** likes + comments + reposts + saves over all posts. */
  interactions: number;
  /** Σ reach, and Σ interactions of the posts that report a reach (the ER by reach pair). */
  reach: number | null;
  interactionsWithReach: number;
  impressions: number | null;
  views: number | null;
  interactionsWithViews: number;
  /** Σ views of the posts that report impressions too, and Σ impressions of those (the VTR pair). */
  viewsWithImpressions: number;
  impressionsWithViews: number;
  clicks: number | null;
  /** Σ impressions of the posts whose clicks are known (the CTR pair). */
  impressionsWithClicks: number;
  clicksWithImpressions: number;
  /** Σ of the channel's followers when each post went out, and the counters of those posts. */
  followersAtPosts: number | null;
  interactionsWithFollowers: number;
  likesWithFollowers: number;
  commentsWithFollowers: number;
  repostsWithFollowers: number;
};

/** Campaign money and outcomes (spend in the brand's currency). */
export type CampaignTotals = {
  spend: number | null;
  clicks: number | null;
  impressions: number | null;
  actions: number | null;
  newSubscribers: number | null;
  revenue: number | null;
};

export const interactionsOf = (p: { likes?: number | null; comments?: number | null; reposts?: number | null; saves?: number | null }) =>
  (p.likes ?? 0) + (p.comments ?? 0) + (p.reposts ?? 0) + (p.saves ?? 0);

/** a / b, null when b is unknown or zero (a rate of nothing is not zero). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return null;
  return a / b;
}

export type MetricKey =
  | "interactions"
  | "erReach"
  | "erFollowers"
  | "erViews"
  | "loveRate"
  | "talkRate"
  | "amplificationRate"
  | "ctr"
  | "vtr"
  | "growth"
  | "growthRate"
  | "cpc"
  | "cpm"
  | "cpa"
  | "costPerSubscriber"
  | "romi"
  | "cr";

/** The formula of each metric, as shown on hover (English; the UI translates by key). */
export const formulas: Record<MetricKey, string> = {
  interactions: "likes + comments + reposts + saves",
  erReach: "interactions ÷ reach, over the posts that report reach",
  erFollowers: "interactions ÷ followers at each post's time, summed over the posts",
  erViews: "interactions ÷ views, over the posts that report views",
  loveRate: "likes ÷ followers at each post's time",
  talkRate: "comments ÷ followers at each post's time",
  amplificationRate: "reposts ÷ followers at each post's time",
  ctr: "clicks ÷ impressions",
  vtr: "views ÷ impressions",
  growth: "followers at the end − followers at the start",
  growthRate: "(followers at the end − followers at the start) ÷ followers at the start",
  cpc: "spend ÷ clicks",
  cpm: "spend ÷ impressions × 1000",
  cpa: "spend ÷ target actions",
  costPerSubscriber: "spend ÷ new subscribers",
  romi: "(revenue − spend) ÷ spend",
  cr: "target actions ÷ clicks",
};

export type Rates = {
  erReach: number | null;
  erFollowers: number | null;
  erViews: number | null;
  loveRate: number | null;
  talkRate: number | null;
  amplificationRate: number | null;
  ctr: number | null;
  vtr: number | null;
};

/** The engagement rates of a set of posts, as fractions (0.042 = 4.2%). */
export function ratesOf(t: PostTotals): Rates {
  return {
    erReach: ratio(t.interactionsWithReach, t.reach),
    erFollowers: ratio(t.interactionsWithFollowers, t.followersAtPosts),
    erViews: ratio(t.interactionsWithViews, t.views),
    loveRate: ratio(t.likesWithFollowers, t.followersAtPosts),
    talkRate: ratio(t.commentsWithFollowers, t.followersAtPosts),
    amplificationRate: ratio(t.repostsWithFollowers, t.followersAtPosts),
    ctr: ratio(t.clicksWithImpressions, t.impressionsWithClicks),
    vtr: ratio(t.viewsWithImpressions, t.impressionsWithViews),
  };
}

export type Growth = { start: number | null; end: number | null; growth: number | null; growthRate: number | null };

/** Audience growth between two follower counts. */
export function growthOf(start: number | null, end: number | null): Growth {
  const growth = start !== null && end !== null ? end - start : null;
  return { start, end, growth, growthRate: ratio(growth, start) };
}

export type CampaignRates = { cpc: number | null; cpm: number | null; cpa: number | null; costPerSubscriber: number | null; romi: number | null; ctr: number | null; cr: number | null };

export function campaignRatesOf(c: CampaignTotals): CampaignRates {
  const cpm = ratio(c.spend, c.impressions);
  return {
    cpc: ratio(c.spend, c.clicks),
    cpm: cpm === null ? null : cpm * 1000,
    cpa: ratio(c.spend, c.actions),
    costPerSubscriber: ratio(c.spend, c.newSubscribers),
    romi: c.revenue !== null && c.spend !== null ? ratio(c.revenue - c.spend, c.spend) : null,
    ctr: ratio(c.clicks, c.impressions),
    cr: ratio(c.actions, c.clicks),
  };
}

/** The change of a figure against the previous period, as a fraction; null when there is nothing to compare with. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

// --- When post metrics are read ---------------------------------------------------------------

const hourMs = 3_600_000;

/**
 * A post's metrics are read at +1 h, +24 h and +7 days after it went out, then daily for 30 more
 * days (to day 37), when its counters have long stopped moving. Hours after publication.
 */
export const metricsScheduleHours: readonly number[] = [1, 24, 168, ...Array.from({ length: 30 }, (_, i) => 168 + 24 * (i + 1))];

/**
 * When a post's metrics are due next, given when it went out and when they were last read (or
 * now): the first reading time after that; null when the schedule is over. Readings missed while
 * Chorus was down are not made up one by one: the next one due is taken, then the schedule goes on.
 */
export function nextMetricsAt(publishedAt: Date, after: Date): Date | null {
  const published = publishedAt.getTime();
  for (const h of metricsScheduleHours) {
    const t = published + h * hourMs;
    if (t > after.getTime()) return new Date(t);
  }
  return null;
}
