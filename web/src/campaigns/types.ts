/** The campaigns API's shapes, as the screens use them (src/api/routes/campaigns.routes.ts). */
export const goals = ["awareness", "traffic", "leads", "sales", "subscribers"] as const;
export type Goal = (typeof goals)[number];
export const statuses = ["planned", "active", "paused", "finished"] as const;
export type Status = (typeof statuses)[number];

export type GroupResults = { posts: number; impressions: number | null; reach: number | null; interactions: number; clicks: number | null; ctr: number | null; cpc: number | null; cpm: number | null };

export type Results = {
  posts: number;
  impressions: number | null;
  reach: number | null;
  interactions: number;
  clicks: number | null;
  clicksSource: "links" | "network" | null;
  conversions: number;
  revenue: number | null;
  spend: number | null;
  newSubscribers: number | null;
  rates: { cpc: number | null; cpm: number | null; cpa: number | null; costPerSubscriber: number | null; romi: number | null; ctr: number | null; cr: number | null };
  paid: GroupResults;
  organic: GroupResults;
};

export type Campaign = {
  id: string;
  brandId: string;
  name: string;
  slug: string;
  goal: Goal;
  status: Status;
  startDay: string;
  endDay: string;
  budget: number | null;
  currency: string;
  channelIds: string[];
  utm: { source: string | null; medium: string | null; campaign: string; content: string | null; term: string | null };
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  results: Results;
};

export type CampaignInput = {
  name: string;
  goal: Goal;
  status: Status;
  startDay: string;
  endDay: string;
  budget: number | null;
  currency: string;
  channelIds: string[];
  utm: { source: string | null; medium: string | null; content: string | null; term: string | null };
  notes: string | null;
};

export type SpendEntry = {
  id: string;
  day: string;
  amount: number;
  currency: string;
  channel: { id: string; name: string } | null;
  channelLabel: string | null;
  note: string | null;
  source: "manual" | "csv";
};

export type Conversion = {
  id: string;
  externalId: string;
  occurredAt: string;
  value: number;
  currency: string | null;
  utm: { source: string | null; medium: string | null; campaign: string | null; content: string | null; term: string | null };
  linkCode: string | null;
  source: "webhook" | "csv";
};

export type Hook = { url: string; configured: boolean; createdAt: string | null; lastReceivedAt: string | null };

export type FileProblem = { line: number; column: string | null; message: string };
