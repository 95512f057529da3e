/** Shapes of the inbox teamwork API (saved replies, saved views, bulk, author card, presence, like), as the UI uses them. */
import type { InboxItem, InboxKind, InboxStatus, Sentiment } from "./types.js";

export type SavedReply = { id: string; brandId: string | null; title: string; text: string; createdAt: string; updatedAt: string };

export type TemplateProblem = { variable: string; message: string };
export type RenderedReply = { text: string; problems: TemplateProblem[] };

/** The filters a saved view keeps: GET /inbox's query parameters (only the ones set). */
export type ViewFilters = {
  brandId?: string;
  channelId?: string;
  status?: InboxStatus;
  sentiment?: Sentiment;
  lang?: string;
  assignee?: string;
  q?: string;
  unanswered?: boolean;
  overdue?: boolean;
  sort?: "newest" | "priority";
  kind?: InboxKind;
};

export type SavedView = {
  id: string;
  name: string;
  shared: boolean;
  mine: boolean;
  owner: { id: string; name: string };
  brandId: string | null;
  filters: ViewFilters;
  createdAt: string;
  updatedAt: string;
};

export type BulkAction =
  | { action: "assign"; assigneeId: string | null }
  | { action: "status"; status: InboxStatus }
  | { action: "tag"; tag: string }
  | { action: "untag"; tag: string }
  | { action: "sentiment"; sentiment: Sentiment };

export type BulkResult = { action: string; requested: number; changed: number; unchanged: number };

export type SentimentCounts = { positive: number; neutral: number; negative: number; unknown: number };

export type AuthorNote = { id: string; text: string; authorName: string; createdAt: string; mine: boolean };

export type AuthorCard = {
  network: string;
  networkName: string;
  handle: string;
  name: string;
  avatarUrl: string | null;
  followers: number | null;
  firstSeenAt: string;
  lastSeenAt: string;
  total: number;
  sentiment: SentimentCounts;
  timeline: (SentimentCounts & { day: string })[];
  channels: { id: string; name: string; items: number }[];
  items: InboxItem[];
  notes: AuthorNote[];
};

/** Who opens the author card: by item (the usual way) or by network and handle. */
export type AuthorRef = { itemId: string } | { network: string; handle: string };

export type Presence = { others: { userId: string; name: string; until: string }[]; ttlSeconds: number };

export type LikeResult = { id: string; likedAt: string; alreadyLiked: boolean };
