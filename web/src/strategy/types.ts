/** The strategy API's shapes, as the server sends them (src/api/routes/strategy.routes.ts). */

export const goalTypes = ["company", "brand", "website_traffic", "personal_brand"] as const;
export type GoalType = (typeof goalTypes)[number];

export const kpiMetrics = [
  "followers",
  "followers_gained",
  "live_followers",
  "live_followers_gained",
  "er_reach",
  "er_followers",
  "posts_per_week",
  "link_clicks_per_day",
  "response_minutes_median",
  "conversions_per_day",
  "custom",
] as const;
export type KpiMetric = (typeof kpiMetrics)[number];

export const rubricKinds = ["selling", "informative", "educational", "entertaining"] as const;
export type RubricKind = (typeof rubricKinds)[number];

/** At most for response time; at least for everything else (as the server defaults them). */
export const defaultComparison = (m: KpiMetric): "gte" | "lte" => (m === "response_minutes_median" ? "lte" : "gte");
export const percentMetrics = new Set<KpiMetric>(["er_reach", "er_followers"]);

export type Kpi = { id?: string; metric: KpiMetric; label: string; target: number; comparison?: "gte" | "lte"; deadline: string; channelId: string | null; note: string };
export type Segment = {
  name: string;
  description: string;
  ageFrom: number | null;
  ageTo: number | null;
  geography: string;
  interests: string[];
  pains: string[];
  channels: { network: string; reason: string }[];
};
export type MixItem = { rubric: string; kind: RubricKind; share: number };
export type Frequency = { network: string; channelId: string | null; postsPerWeek: number };
export type BudgetLine = { month: string; line: string; amount: number; currency: string };

export type Strategy = {
  goalType: GoalType;
  goal: string;
  startsOn: string | null;
  endsOn: string | null;
  kpis: Kpi[];
  kpiIdeas: string[];
  segments: Segment[];
  contentMix: MixItem[];
  frequency: Frequency[];
  toneOfVoice: string;
  budget: BudgetLine[];
  notes: string;
};

export type ContractChannel = { channelId: string; name: string; network: string; followers: number | null; liveShare: number | null; auditId: string | null; auditedAt: string | null; liveFollowers: number | null };
export type Contract = {
  id: string;
  signedAt: string;
  signedBy: { id: string; name: string } | null;
  note: string;
  followers: number | null;
  liveFollowers: number | null;
  erReach: number | null;
  erFollowers: number | null;
  channels: ContractChannel[];
  unaudited: string[];
};

export type StrategyWarning = { code: string; path: string; value?: number };

export type StrategyView = {
  brandId: string;
  strategy: Strategy | null;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
  warnings: StrategyWarning[];
  contract: Contract | null;
  rubrics: string[];
  channels: { id: string; name: string; network: string }[];
  briefs: { id: string; title: string; submittedAt: string | null }[];
};

export type Point = { day: string; value: number };
export type ForecastStatus = "reached" | "on_track" | "behind" | "not_enough_data" | "met" | "missed" | "no_data";
export type Forecast = { status: ForecastStatus; current: number | null; points: number; minPoints: number; pacePerDay: number | null; expected: number | null; neededPerDay: number | null; daysLeft: number; line: Point[] };
export type KpiState = "tracking" | "not_tracked" | "no_audit" | "needs_baseline" | "needs_contract" | "channel_missing";
export type KpiTrack = {
  kpi: Kpi;
  unit: string;
  state: KpiState;
  current: number | null;
  baseline: { value: number; source: "contract" | "start"; day: string } | null;
  series: Point[];
  forecast: Forecast | null;
  unaudited: { id: string; name: string }[];
  formula: string;
};
export type KpiTracking = { brandId: string; at: string; hasStrategy: boolean; contract: Contract | null; kpis: KpiTrack[] };

export type ContentMix = {
  period: { from: string; to: string };
  hasPlan: boolean;
  posts: number;
  rubrics: { rubric: string | null; kind: RubricKind | null; posts: number; share: number; plannedShare: number | null }[];
  kinds: { kind: RubricKind; posts: number; share: number; plannedShare: number | null }[];
  outsidePlan: number;
  ratio: { actual: number | null; planned: number | null };
};

export type ProgressEntry = { kpiId: string; day: string; value: number; note: string; createdBy: string | null; updatedAt: string };
