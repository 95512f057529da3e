/** Shapes of the listening API's answers (/api/workspaces/:ws/listening…), as the UI uses them; src/api/routes/listening.routes.ts is the reference. */
import type { Sentiment } from "../inbox/types.js";

export type { Sentiment };

export const queryKinds = ["brand", "product", "competitor", "topic"] as const;
export type QueryKind = (typeof queryKinds)[number];

export type ListeningQuery = {
  id: string;
  brandId: string;
  name: string;
  kind: QueryKind;
  query: string;
  enabled: boolean;
  /** What network searches ask for; null when the query has no words to search for. */
  searchTerms: string[] | null;
  mentions7d: number;
  createdAt: string;
  updatedAt: string;
};

export type QueryCheck = { ok: true; searchTerms: string[] | null } | { ok: false; message: string; position: number; length: number };

export type PreviewMention = {
  network: string;
  externalId: string;
  url: string | null;
  authorName: string;
  authorHandle: string;
  text: string;
  publishedAt: string;
  from: "stored" | "live";
};

export type QueryPreview = {
  matches: PreviewMention[];
  scanned: number;
  sources: { id: string; name: string; found: number; error: string | null }[];
};

export const sourceStates = ["new", "ok", "error", "paused"] as const;
export type SourceState = (typeof sourceStates)[number];

export type ListeningSource = {
  id: string;
  brandId: string;
  type: "network" | "feed" | "import";
  name: string;
  channel: { id: string; network: string; handle: string } | null;
  url: string | null;
  enabled: boolean;
  state: SourceState;
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  failures: number;
  nextRunAt: string | null;
  itemsTotal: number;
  itemsLastRun: number;
  createdAt: string;
};

export type ImportResult = { sourceId: string; rows: number; added: number; duplicates: number; alreadyHeld: number };

export type Mention = {
  id: string;
  network: string;
  url: string | null;
  author: { name: string; handle: string; followers: number | null };
  title: string | null;
  text: string;
  lang: string | null;
  sentiment: Sentiment;
  sentimentScore: number;
  sentimentConfidence: number | null;
  sentimentCorrected: boolean;
  likes: number;
  reposts: number;
  replies: number;
  queries: { id: string; name: string; kind: string }[];
  source: { id: string; name: string; type: string } | null;
  /** Copies and reposts of this text folded under it. */
  copies: number;
  duplicateOf: string | null;
  /** "person": a teammate set it aside; "model": the brand's relevance model thinks so. */
  irrelevant: "person" | "model" | null;
  inboxItemId: string | null;
  publishedAt: string;
  collectedAt: string;
};

export type MentionDetail = Mention & { copiesList: Mention[] };

export type MentionPatch = { sentiment?: Sentiment; irrelevant?: boolean };

export const periods = ["24h", "7d", "30d", "custom"] as const;
export type MentionPeriod = (typeof periods)[number];

export const showOptions = ["relevant", "irrelevant", "all"] as const;
export type Show = (typeof showOptions)[number];

/** The feed's filters, as kept in the page's query string. */
export type MentionFilters = {
  queryId: string | null;
  sentiment: Sentiment | null;
  network: string | null;
  sourceId: string | null;
  lang: string | null;
  author: string | null;
  q: string;
  /** null: any time. */
  period: MentionPeriod | null;
  /** ISO instants, with period "custom". */
  from: string | null;
  to: string | null;
  show: Show | null;
  /** Only the mentions an alert named. */
  alert: string | null;
};

type Counts = { positive: number; neutral: number; negative: number; total: number };
export type VolumePoint = Counts & { t: string };

export type ListeningAnalytics = {
  period: { from: string; to: string; previousFrom: string };
  /** Hours: t is a UTC instant; days: t is the brand's local date (yyyy-mm-dd). */
  volume: { bucket: "hour" | "day"; points: VolumePoint[]; totals: Counts };
  previous: Counts;
  negativity: {
    sources: { network: string; sourceId: string | null; sourceName: string | null; negative: number; total: number }[];
    authors: { network: string; handle: string; name: string; followers: number | null; negative: number; total: number; reach: number; url: string | null }[];
  };
  trending: { term: string; mentions: number; baseline: number; lift: number; isNew: boolean }[];
  shareOfVoice: { queryId: string; name: string; kind: string; mentions: number; share: number; positive: number; neutral: number; negative: number }[];
  leaders: {
    network: string;
    handle: string;
    name: string;
    followers: number | null;
    mentions: number;
    engagement: number;
    relevance: number;
    tone: number;
    toneLabel: Sentiment;
    score: number;
  }[];
};

export const analyticsPeriods = ["24h", "7d", "30d", "90d"] as const;
export type AnalyticsPeriod = (typeof analyticsPeriods)[number];

export const ruleTypes = ["volume_spike", "negative_share", "influencer"] as const;
export type RuleType = (typeof ruleTypes)[number];

export type AlertRule = {
  id: string;
  brandId: string;
  name: string;
  type: RuleType;
  /** volume_spike: factor, windowMinutes, baselineDays, minMentions; negative_share: threshold (0…1), windowMinutes, minMentions; influencer: minFollowers. */
  params: Record<string, number>;
  queryId: string | null;
  emails: string[];
  webhookUrl: string | null;
  cooldownMinutes: number;
  enabled: boolean;
  lastFiredAt: string | null;
  createdAt: string;
};

/** Create and update answer with the webhook's signing secret when one was made (shown this once). */
export type SavedRule = AlertRule & { webhookSecret: string | null };

export type RuleInput = {
  name: string;
  params: Record<string, number>;
  queryId: string | null;
  emails: string[];
  webhookUrl: string | null;
  cooldownMinutes: number;
  enabled: boolean;
};

export type Delivery = {
  channel: "app" | "email" | "webhook";
  ok: boolean;
  at: string;
  error?: string;
  status?: number;
  attempts?: number;
  to?: string[];
};

export type ListeningAlert = {
  id: string;
  brandId: string;
  ruleId: string | null;
  type: RuleType;
  title: string;
  figures: Record<string, number>;
  mentionIds: string[];
  deliveries: Delivery[];
  window: { start: string; end: string };
  createdAt: string;
  readAt: string | null;
};
