/** The analytics dashboard as the API answers it (GET /api/workspaces/:ws/analytics/dashboard). */
export type PostTotals = {
  posts: number;
  likes: number;
  comments: number;
  reposts: number;
  saves: number;
  interactions: number;
  reach: number | null;
  interactionsWithReach: number;
  impressions: number | null;
  views: number | null;
  interactionsWithViews: number;
  viewsWithImpressions: number;
  impressionsWithViews: number;
  clicks: number | null;
  impressionsWithClicks: number;
  clicksWithImpressions: number;
  followersAtPosts: number | null;
  interactionsWithFollowers: number;
  likesWithFollowers: number;
  commentsWithFollowers: number;
  repostsWithFollowers: number;
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

export type Growth = { start: number | null; end: number | null; growth: number | null; growthRate: number | null };
export type Breakdown = { key: string; label: string; totals: PostTotals; rates: Rates };
export type RankedPost = {
  id: string;
  channelId: string;
  channelName: string;
  network: string;
  url: string | null;
  text: string;
  format: string;
  rubric: string | null;
  publishedAt: string;
  reach: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  clicks: number | null;
  interactions: number;
  erReach: number | null;
  erFollowers: number | null;
};
export const rankMetrics = ["interactions", "erReach", "erFollowers", "reach", "views", "likes", "comments", "reposts", "clicks"] as const;
export type RankMetric = (typeof rankMetrics)[number];
export type Bucket = { key: string; label: string; count: number };
export type HeatCell = { weekday: number; hour: number; posts: number; interactions: number; reach: number | null; interactionsWithReach: number; erReach: number | null; avgInteractions: number };

export type Dashboard = {
  scope: { workspaceId: string; brands: { id: string; name: string; timezone: string }[]; channels: { id: string; name: string; network: string; brandId: string }[]; channelId: string | null; campaign: string | null };
  period: { from: string; to: string; days: number };
  previous: { from: string; to: string };
  totals: PostTotals;
  rates: Rates;
  previousTotals: PostTotals;
  previousRates: Rates;
  followers: Growth;
  previousFollowers: Growth;
  linkClicks: number;
  previousLinkClicks: number;
  engagedPeople: number;
  byFormat: Breakdown[];
  byNetwork: Breakdown[];
  byRubric: Breakdown[];
  byChannel: Breakdown[];
  series: { day: string; posts: number; interactions: number; reach: number | null; impressions: number | null; views: number | null; followers: number | null; linkClicks: number }[];
  heatmap: HeatCell[];
  rankBy: RankMetric;
  best: RankedPost[];
  worst: RankedPost[];
  audience: { day: string; followers: number | null; joined: number | null; left: number | null; net: number | null }[];
  demographics: { day: string; channels: number; sex: Bucket[]; age: Bucket[]; cities: Bucket[]; countries: Bucket[] } | null;
  funnel: { key: "reach" | "followers" | "engaged" | "visitors" | "conversions"; value: number | null; conversion: number | null }[];
  formulas: Record<string, string>;
};

export const periodPresets = ["7d", "30d", "90d", "365d", "custom"] as const;
export type PeriodPreset = (typeof periodPresets)[number];
export const exportTables = ["summary", "byFormat", "byNetwork", "byRubric", "byChannel", "best", "worst", "series", "heatmap", "audience", "funnel"] as const;
