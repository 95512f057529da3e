/** Shapes of the inbox API's answers (GET/PATCH /api/workspaces/:ws/inbox…), as the UI uses them. */

export const inboxStatuses = ["new", "open", "waiting", "resolved"] as const;
export type InboxStatus = (typeof inboxStatuses)[number];

export const sentiments = ["positive", "neutral", "negative"] as const;
export type Sentiment = (typeof sentiments)[number];

export const inboxKinds = ["comment", "reply", "mention", "message"] as const;
export type InboxKind = (typeof inboxKinds)[number];

export type InboxItem = {
  id: string;
  brandId: string;
  channelId: string;
  network: string;
  networkName: string;
  channelName: string;
  kind: InboxKind;
  author: { name: string; handle: string; followers: number | null; avatarUrl: string | null };
  text: string;
  lang: string | null;
  sentiment: Sentiment | null;
  sentimentConfidence: number | null;
  status: InboxStatus;
  assignee: { id: string; name: string } | null;
  tags: string[];
  occurredAt: string;
  post: { id: string; url: string | null; title: string } | null;
  replies: number;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  /** When Chorus hid it on the network. */
  hiddenAt: string | null;
  /** When the account liked it through Chorus. */
  likedAt: string | null;
  /** Unanswered past dueAt, the brand's response target. */
  overdue: boolean;
  dueAt: string | null;
  /** The comment on the network, when it has a link. */
  url: string | null;
  /** When its author changed the text on the network. */
  editedAt: string | null;
};

export type InboxNote = { id: string; authorName: string; text: string; createdAt: string };

export type InboxReply = {
  id: string;
  authorName: string;
  text: string;
  status: "sending" | "sent" | "failed";
  error: string | null;
  createdAt: string;
  sentAt: string | null;
};

/** In the detail, `replies` is the list of the team's replies (in list items it is their count). */
export type InboxDetail = Omit<InboxItem, "replies"> & { thread: InboxItem[]; notes: InboxNote[]; replies: InboxReply[] };

export type InboxCounts = {
  new: number;
  open: number;
  waiting: number;
  resolved: number;
  negativeOpen: number;
  unassigned: number;
};

export type InboxPatch = {
  status?: InboxStatus;
  assigneeId?: string | null;
  tags?: string[];
  sentiment?: Sentiment;
};

/** The list's filters, as kept in the page's query string. */
export type InboxFilters = {
  status: InboxStatus | null;
  sentiment: Sentiment | null;
  lang: string | null;
  channelId: string | null;
  /** "me", "none" or a user id; null: anyone. */
  assignee: string | null;
  unanswered: boolean;
  q: string;
  /** Unanswered past the brand's response time. */
  overdue: boolean;
  kind: InboxKind | null;
  /** null: newest first. */
  sort: "priority" | null;
};

export type ResponseStat = { median: number | null; p90: number | null; count: number };

/** Durations in minutes. */
export type InboxReport = {
  from: string;
  to: string;
  firstResponse: ResponseStat;
  resolution: ResponseStat;
  byMember: { userId: string; name: string; replies: number; medianFirstResponseMinutes: number | null }[];
};
