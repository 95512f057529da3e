/**
 * Table shapes for Kysely. The same schema runs on SQLite and PostgreSQL, so it sticks to the
 * types both share: ids are text (UUIDv7, time-ordered), instants are ISO-8601 UTC text
 * ("2026-11-23T09:00:00.000Z", which sorts correctly as text), booleans are 0/1 integers and
 * structured values are JSON text. Every tenant table carries workspace_id.
 */
import type { CompetitorTables } from "./schema-competitors.js";
import type { BriefTables } from "./schema-briefs.js";
import type { CampaignTables } from "./schema-campaigns.js";
import type { GiveawayTables } from "./schema-giveaways.js";
import type { HealthTables } from "./schema-health.js";
import type { LeaderTables } from "./schema-leaders.js";
import type { ReportTables } from "./schema-reports.js";
import type { StrategyTables } from "./schema-strategy.js";
import type { ColumnType } from "kysely";

export type Role = "owner" | "manager" | "editor" | "moderator" | "analyst" | "client";

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string;
  created_at: string;
  disabled_at: string | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
  /** JSON array of the brands this member works with; null: every brand of the workspace. */
  brand_ids: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  /** The brands the invited member will work with (JSON array); null: every brand. */
  brand_ids: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptsTable {
  id: string;
  /** Lower-cased e-mail or "ip:<hash>"; failures are counted per key in a time window. */
  key: string;
  at: string;
  success: number;
}

export interface BrandsTable {
  id: string;
  workspace_id: string;
  name: string;
  timezone: string;
  locale: string;
  created_at: string;
  archived_at: string | null;
  /** JSON: BrandSettings (rubrics, approval steps, missed-time policy). */
  settings: string;
}

/** active: working; error: needs attention (e.g. the token expired, see last_error); disconnected: removed by a user. */
export type ChannelStatus = "active" | "error" | "disconnected";

export interface ChannelsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  network: string;
  name: string;
  handle: string;
  external_id: string;
  status: ChannelStatus;
  /** Network credentials, encrypted at rest (see services/secrets). */
  credentials_enc: string | null;
  settings: string;
  last_error: string | null;
  last_success_at: string | null;
  last_failure_at: string | null;
  connected_by: string | null;
  created_at: string;
  updated_at: string;
}

export type PostStatus =
  | "idea"
  | "draft"
  | "in_review"
  | "approved"
  | "scheduled"
  | "publishing"
  | "published"
  | "failed"
  | "cancelled";

/**
 * A variant's life: draft → scheduled → publishing → published | failed; "unconfirmed" when the
 * network's answer was lost and Chorus cannot tell whether the post went out; "held" when its time
 * passed while Chorus was down and the brand wants such posts confirmed first.
 */
export type VariantStatus = "draft" | "scheduled" | "publishing" | "published" | "failed" | "unconfirmed" | "held" | "cancelled";

export interface PostsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  status: PostStatus;
  rubric: string | null;
  format: string;
  base_text: string;
  /** JSON array of strings. */
  tags: string;
  campaign: string | null;
  /** The advertising mark (JSON, src/domain/ad-disclosure.ts); null: not an ad. */
  ad: ColumnType<string | null, string | null | undefined, string | null>;
  /** The approval step awaiting a decision while in_review. */
  approval_step: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface VariantsTable {
  id: string;
  workspace_id: string;
  post_id: string;
  channel_id: string;
  text: string;
  /** JSON array of media references. */
  media: string;
  link: string | null;
  first_comment: string | null;
  scheduled_at: string | null;
  status: VariantStatus;
  /** JSON array of chain items published after the main one: {text, media, delayMinutes}. */
  thread: string;
  /** 1 when the text was edited away from the post's base text. */
  customised: number;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface PublicationsTable {
  id: string;
  workspace_id: string;
  variant_id: string;
  channel_id: string;
  idempotency_key: string;
  external_id: string | null;
  url: string | null;
  /** "publishing" is written before the network is called: found later, the outcome is unknown. */
  status: "publishing" | "published" | "failed" | "unconfirmed" | "deleted";
  attempts: number;
  error: string | null;
  published_at: string | null;
  created_at: string;
  /** 0 for the post itself, 1… for thread items after it. */
  item: number;
  /** 1 when it went out later than planned (Chorus was down at its time). */
  late: number;
}

export interface ApprovalRequestsTable {
  id: string;
  workspace_id: string;
  post_id: string;
  step: number;
  step_name: string;
  /** JSON array of the roles that may decide this step. */
  roles: string;
  status: "pending" | "approved" | "rejected" | "expired" | "superseded";
  requested_by: string | null;
  decided_by: string | null;
  /** The decider's name: a member's, or what a guest typed on the approval link. */
  decided_by_name: string | null;
  comment: string | null;
  guest_token_hash: string | null;
  created_at: string;
  expires_at: string | null;
  decided_at: string | null;
}

export interface IdempotencyKeysTable {
  id: string;
  workspace_id: string;
  user_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: string;
}

export interface MetricSnapshotsTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  /** Null for channel-level snapshots. */
  publication_id: string | null;
  taken_at: string;
  followers: number | null;
  reach: number | null;
  impressions: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  saves: number | null;
  clicks: number | null;
  /** The channel post the reading is of (publications and imported or network posts alike). */
  channel_post_id: string | null;
}

export type ChannelPostOrigin = "chorus" | "import" | "network";

/**
 * A post as it stands on a channel, with its latest counters: what the dashboards sum (see
 * migration 013). Counters are null where the network does not report them.
 */
export interface ChannelPostsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  channel_id: string;
  publication_id: string | null;
  /** The network's id, else the post's address, else a hash of its time and text: unique per channel. */
  post_key: string;
  external_id: string | null;
  origin: ChannelPostOrigin;
  url: string | null;
  text: string;
  format: string;
  rubric: string | null;
  paid: number;
  campaign: string | null;
  published_at: string;
  /** The channel's followers when the post went out. */
  followers: number | null;
  reach: number | null;
  impressions: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  saves: number | null;
  clicks: number | null;
  /** When the counters were read. */
  metrics_at: string | null;
  /** When the counters are to be read next; null once the schedule is over (or never, for imports). */
  sync_due_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A channel's state on one day of the brand's time zone: the day's last reading. */
export interface ChannelDaysTable {
  channel_id: string;
  /** YYYY-MM-DD in the brand's zone. */
  day: string;
  workspace_id: string;
  brand_id: string;
  followers: number | null;
  following: number | null;
  posts: number | null;
  /** Followers gained and lost that day, where the network reports them. */
  joined: number | null;
  left: number | null;
  reach: number | null;
  impressions: number | null;
  views: number | null;
  taken_at: string;
}

export const audienceDimensions = ["sex", "age", "cities", "countries"] as const;
export type AudienceDimension = (typeof audienceDimensions)[number];

/** A channel's audience by one group of a breakdown on one day of the brand's zone (VK community statistics). */
export interface ChannelAudienceTable {
  channel_id: string;
  day: string;
  dimension: AudienceDimension;
  key: string;
  workspace_id: string;
  brand_id: string;
  label: string;
  count: number;
}

/** An audience audit kept: its summary as JSON (domain/bot-score.ts AuditSummary plus the scoring rules), never the followers' profiles. */
export interface AudienceAuditsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  channel_id: string;
  audited_at: string;
  sample_size: number;
  channel_followers: number | null;
  live_share: number;
  dead_share: number;
  bot_share: number;
  live_estimate: number | null;
  summary: string;
  created_by: string | null;
}

export type Sentiment = "positive" | "neutral" | "negative";

export interface InboxItemsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  channel_id: string;
  publication_id: string | null;
  kind: "comment" | "reply" | "mention" | "message";
  external_id: string;
  parent_external_id: string | null;
  author_name: string;
  author_handle: string;
  author_followers: number | null;
  text: string;
  lang: string | null;
  sentiment: Sentiment | null;
  sentiment_score: number | null;
  status: InboxStatus;
  assignee_id: string | null;
  occurred_at: string;
  ingested_at: string;
}

export type InboxStatus = "new" | "open" | "waiting" | "resolved";

/** Inbox columns added by migration 006, kept apart so code that builds an InboxItemsTable row may omit the defaulted ones. */
export interface InboxWorkColumns {
  author_avatar_url: string | null;
  /** The network's id of the post commented on (links the item to a publication). */
  post_external_id: string | null;
  deleted_at: string | null;
  edited_at: string | null;
  hidden_at: string | null;
  /** When the first reply sent through Chorus went out (the first-response time). */
  first_response_at: string | null;
  resolved_at: string | null;
  /** JSON array of strings. */
  tags: ColumnType<string, string | undefined, string>;
  sentiment_confidence: number | null;
  /** 1 when a person corrected the sentiment (see sentiment_corrections). */
  sentiment_corrected: ColumnType<number, number | undefined, number>;
  /** The comment on the network (migration 007). */
  url: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the item is due for an answer: occurred + the brand's response SLA (working hours counted). */
  due_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** due_at while the item is unanswered and not yet overdue; null otherwise (what the minute sweep looks at). */
  sla_pending_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The work queue order (see src/domain/inbox-priority.ts); a string on PostgreSQL (bigint). */
  rank: ColumnType<number | string, number | undefined, number>;
  /** When the account liked the comment through Chorus, and who did (migration 008). */
  liked_at: ColumnType<string | null, string | null | undefined, string | null>;
  liked_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Where ingestion of a channel's comments stopped: the connector's opaque cursor. */
export interface InboxCursorsTable {
  channel_id: string;
  cursor: string | null;
  last_run_at: string | null;
  last_error: string | null;
}

/** An internal note on an inbox item: seen by the team, never sent to the network. */
export interface InboxNotesTable {
  id: string;
  workspace_id: string;
  item_id: string;
  author_id: string | null;
  text: string;
  created_at: string;
}

/** A reply sent (or being sent) through Chorus; the text is kept whatever the network answers. */
export interface InboxRepliesTable {
  id: string;
  workspace_id: string;
  item_id: string;
  author_id: string | null;
  text: string;
  status: "sending" | "sent" | "failed";
  external_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A reply text the team reuses, for the whole workspace or one brand, with {author}-style variables. */
export interface InboxSavedRepliesTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  title: string;
  text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A named inbox filter set; personal (shared = 0) or seen by the whole workspace (1). */
export interface InboxSavedViewsTable {
  id: string;
  workspace_id: string;
  user_id: string;
  brand_id: string | null;
  name: string;
  /** JSON of the validated filters (see saved-views.service). */
  filters: string;
  shared: number;
  created_at: string;
  updated_at: string;
}

/** The team's note about a person on a network (network + handle): never sent to the network. */
export interface InboxAuthorNotesTable {
  id: string;
  workspace_id: string;
  network: string;
  handle: string;
  text: string;
  by: string | null;
  at: string;
}

/** "Someone is answering": a heartbeat per item and user that counts until `until`. */
export interface InboxPresenceTable {
  item_id: string;
  user_id: string;
  workspace_id: string;
  until: string;
}

/** A person's correction of the sentiment model: training and evaluation data for it. */
export interface SentimentCorrectionsTable {
  id: string;
  workspace_id: string;
  item_id: string | null;
  text: string;
  lang: string | null;
  from_label: string | null;
  to_label: Sentiment;
  by: string | null;
  /** The mention corrected, for corrections made in listening (migration 010). */
  mention_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
}

export interface AuditEventsTable {
  id: string;
  workspace_id: string | null;
  actor_user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: string;
  ip: string | null;
  created_at: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  /** Unique while the job is not finished: enqueueing the same key twice keeps one job. */
  key: string | null;
  status: "queued" | "running" | "done" | "dead";
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** The simulated network's own storage: it is "the network", not tenant data. */
export interface SandboxPostsTable {
  id: string;
  account: string;
  idempotency_key: string;
  text: string;
  format: string;
  media_count: number;
  published_at: string;
  deleted_at: string | null;
}

/** Replies made on the simulated network (the sandbox's own storage, like sandbox_posts). */
export interface SandboxRepliesTable {
  id: string;
  account: string;
  parent_external_id: string;
  idempotency_key: string;
  text: string;
  created_at: string;
}

/** Comments the account's owner hid or deleted on the simulated network. */
export interface SandboxModerationTable {
  account: string;
  comment_external_id: string;
  action: "hidden" | "deleted";
  at: string;
}

/** Comments a Sandbox account liked. */
export interface SandboxLikesTable {
  account: string;
  comment_external_id: string;
  at: string;
}

/** Planning columns of posts (migration 005), kept apart so code that builds a PostsTable row need not name them. */
export interface PostPlanningColumns {
  /** An RRULE (FREQ DAILY/WEEKLY/MONTHLY with COUNT or UNTIL), in the brand's wall-clock time. */
  recurrence: string | null;
  /** 1: re-queued into the channel's next free slot evergreen_days after it is published. */
  evergreen: ColumnType<number, number | undefined, number>;
  evergreen_days: number | null;
  /** The occurrence this post was made from (recurring or evergreen). */
  recurrence_parent_id: string | null;
  /** When the next occurrence was made (or the series was found to have ended). */
  recurred_at: string | null;
}

export interface TemplatesTable {
  id: string;
  workspace_id: string;
  /** Null: usable by every brand of the workspace. */
  brand_id: string | null;
  name: string;
  text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface HashtagGroupsTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  name: string;
  /** JSON array of "#tag" strings. */
  tags: string;
  created_at: string;
  updated_at: string;
}

export interface VariablesTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  /** [a-z0-9_]{1,30}, unique per brand; used as {key} in templates. */
  key: string;
  value: string;
}

export interface PostingSlotsTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM" in the brand's time zone. */
  local_time: string;
}

export interface CalendarFeedsTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

/** An uploaded file; the bytes live in Storage under storage_key (never a user-given name). */
export interface MediaAssetsTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  /** The uploader's file name, for display only. */
  file_name: string;
  /** Sniffed from the bytes, never taken from the upload's headers. */
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Seconds, for video; null when unknown. */
  duration: number | null;
  sha256: string;
  storage_key: string;
  thumb_key: string | null;
  alt: string | null;
  created_by: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface LinksTable {
  id: string;
  workspace_id: string;
  /** 8 characters of an unambiguous alphabet; the path of <public URL>/l/<code>. */
  code: string;
  target_url: string;
  post_id: string | null;
  variant_id: string | null;
  channel_id: string | null;
  created_at: string;
}

/** One click; no IP is kept, only sha256(ip + user agent + a daily salt that is never stored). */
export interface LinkClicksTable {
  id: string;
  link_id: string;
  workspace_id: string;
  clicked_at: string;
  referrer_host: string | null;
  visitor_hash: string;
  bot: number;
}

/** A random salt per UTC day ("2026-03-01"), deleted once the day is over (see link.service). */
export interface LinkSaltsTable {
  day: string;
  salt: string;
}

export const listeningQueryKinds = ["brand", "product", "competitor", "topic"] as const;
export type ListeningQueryKind = (typeof listeningQueryKinds)[number];

/** What a brand listens for, in the query language of src/domain/listening-query.ts (migration 010). */
export interface ListeningQueriesTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  kind: ListeningQueryKind;
  query: string;
  enabled: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export const listeningSourceTypes = ["network", "feed", "import"] as const;
export type ListeningSourceType = (typeof listeningSourceTypes)[number];
export type ListeningSourceState = "new" | "ok" | "error" | "paused";

/**
 * Where a brand listens: a network searched through one of its connected channels (type "network",
 * channel_id), an RSS/Atom feed (type "feed", url) or a file import (type "import"). The state
 * columns say how the last run went.
 */
export interface ListeningSourcesTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  type: ListeningSourceType;
  name: string;
  channel_id: string | null;
  url: string | null;
  /** JSON: per type (e.g. hashtags for a network search). */
  config: string;
  enabled: number;
  state: ListeningSourceState;
  last_run_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  /** Consecutive failed runs (the backoff grows with them). */
  failures: number;
  next_run_at: string | null;
  items_total: number;
  items_last_run: number;
  created_at: string;
}

export interface ListeningCursorsTable {
  source_id: string;
  /** "<query id>|<search term>" for a network search, "" for a source read once for all queries (a feed). */
  key: string;
  cursor: string | null;
  updated_at: string;
}

/** A post about the brand found by listening: one per post on the network (brand, network, external id). */
export interface MentionsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  source_id: string | null;
  /** "bluesky", "mastodon", "vk", "telegram", "sandbox", "feed", "import". */
  network: string;
  external_id: string;
  url: string | null;
  author_name: string;
  author_handle: string;
  author_followers: number | null;
  text: string;
  /** Headline of a feed entry. */
  title: string | null;
  lang: string | null;
  sentiment: Sentiment;
  sentiment_score: number;
  sentiment_confidence: number | null;
  sentiment_corrected: ColumnType<number, number | undefined, number>;
  likes: ColumnType<number, number | undefined, number>;
  reposts: ColumnType<number, number | undefined, number>;
  replies: ColumnType<number, number | undefined, number>;
  /** Hash of the normalized text: the same text from another source or a repost has the same one. */
  fingerprint: string;
  /** The original (earliest) mention this one copies: the same text by fingerprint, or a near-copy (see text.ts). */
  duplicate_of: string | null;
  /** 1 when a person marked it irrelevant, 2 when the brand's relevance model thinks so. */
  irrelevant: ColumnType<number, number | undefined, number>;
  irrelevant_by: string | null;
  /** The inbox item made from it (sent to the inbox to answer). */
  inbox_item_id: string | null;
  /** 1 once its words are in mention_terms (or it never will be: a copy); counted in bulk by countTerms. */
  terms_counted: ColumnType<number, number | undefined, number>;
  published_at: string;
  collected_at: string;
}

export interface MentionQueriesTable {
  mention_id: string;
  query_id: string;
  published_at: string;
}

/** Mentions per brand, UTC day and term (word or two-word phrase). */
export interface MentionTermsTable {
  brand_id: string;
  day: string;
  term: string;
  mentions: number;
}

/**
 * One band value of an original mention (duplicate_of null) of 8 words or more, for finding its
 * near-copies by index (see src/services/listening/text.ts): `bandCount` rows per original.
 */
export interface MentionBandsTable {
  brand_id: string;
  /** Fortnight of publication: whole 14-day periods since 1970-01-01. */
  period: number;
  band: number;
  /** A signed 32-bit hash of the band's minima and the queries the text matched. */
  value: number;
  mention_id: string;
}

/** A brand's UTC day of mentions: its rollups are current while computed = touched (see 011). */
export interface ListeningDaysTable {
  brand_id: string;
  day: string;
  touched: ColumnType<number, number | undefined, number>;
  computed: ColumnType<number, number | undefined, number>;
}

/** Mentions per hour and sentiment; scope '' is the brand, else a query id. */
export interface MentionHoursTable {
  brand_id: string;
  scope: string;
  hour: string;
  sentiment: Sentiment;
  mentions: number;
}

/** Mentions and negative mentions per day, network and source ('' for none). */
export interface MentionSourceDaysTable {
  brand_id: string;
  scope: string;
  day: string;
  network: string;
  source_key: string;
  negative: number;
  total: number;
}

/** An author's mentions of a day, for the authors of negativity and the opinion leaders. */
export interface MentionAuthorDaysTable {
  brand_id: string;
  scope: string;
  day: string;
  network: string;
  author_handle: string;
  name: string | null;
  url: string | null;
  followers: number | null;
  /** All their mentions; `kept` those not set aside. */
  mentions: number;
  kept: number;
  engagement: number;
  tone_sum: number;
  /** Negative originals kept, and the most followers the author had on them. */
  negative: number;
  negative_followers: number | null;
  /** Copies and reposts (kept) posted this day of the author's negative originals, and their authors' followers. */
  copies: number;
  copy_reach: number;
  /** The author's place in the day by followers + 10 × engagement, and by the reach of their negativity (null: none). */
  leader_rank: number;
  negative_rank: number | null;
}

export const alertRuleTypes = ["volume_spike", "negative_share", "influencer"] as const;
export type AlertRuleType = (typeof alertRuleTypes)[number];

export interface AlertRulesTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  type: AlertRuleType;
  /** JSON: the rule's thresholds (see src/domain/alert-rules.ts). */
  params: string;
  /** Only mentions of this query count, or all the brand's when null. */
  query_id: string | null;
  /** JSON array of e-mail addresses. */
  emails: string;
  webhook_url: string | null;
  webhook_secret_enc: string | null;
  cooldown_minutes: number;
  enabled: number;
  last_fired_at: string | null;
  last_checked_at: string | null;
  created_at: string;
}

export interface AlertsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  rule_id: string | null;
  type: AlertRuleType;
  title: string;
  /** JSON: the figures behind it and the mentions concerned. */
  data: string;
  /** JSON array: per channel (in-app, e-mail, webhook) whether and when it was delivered. */
  deliveries: string;
  window_start: string;
  window_end: string;
  created_at: string;
  read_at: string | null;
}

/** A text model trained on a workspace's corrections (scope "sentiment" or "relevance:<brand id>"). */
export interface TextModelsTable {
  workspace_id: string;
  scope: string;
  /** JSON of the trained model. */
  model: string;
  /** JSON: how it and the baseline did on the held-out slice. */
  metrics: string;
  /** 1 when it beat the baseline and is used instead. */
  active: number;
  examples: number;
  trained_at: string;
}

export interface Database extends CompetitorTables, ReportTables, StrategyTables, CampaignTables, GiveawayTables, BriefTables, HealthTables, LeaderTables {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  brands: BrandsTable;
  channels: ChannelsTable;
  posts: PostsTable & PostPlanningColumns;
  variants: VariantsTable;
  publications: PublicationsTable;
  metric_snapshots: MetricSnapshotsTable;
  channel_posts: ChannelPostsTable;
  channel_days: ChannelDaysTable;
  channel_audience: ChannelAudienceTable;
  audience_audits: AudienceAuditsTable;
  inbox_items: InboxItemsTable & InboxWorkColumns;
  inbox_cursors: InboxCursorsTable;
  inbox_notes: InboxNotesTable;
  inbox_replies: InboxRepliesTable;
  inbox_saved_replies: InboxSavedRepliesTable;
  inbox_saved_views: InboxSavedViewsTable;
  inbox_author_notes: InboxAuthorNotesTable;
  inbox_presence: InboxPresenceTable;
  sentiment_corrections: SentimentCorrectionsTable;
  sandbox_replies: SandboxRepliesTable;
  sandbox_moderation: SandboxModerationTable;
  sandbox_likes: SandboxLikesTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  sandbox_posts: SandboxPostsTable;
  approval_requests: ApprovalRequestsTable;
  idempotency_keys: IdempotencyKeysTable;
  templates: TemplatesTable;
  hashtag_groups: HashtagGroupsTable;
  variables: VariablesTable;
  posting_slots: PostingSlotsTable;
  calendar_feeds: CalendarFeedsTable;
  media_assets: MediaAssetsTable;
  links: LinksTable;
  link_clicks: LinkClicksTable;
  link_salts: LinkSaltsTable;
  listening_queries: ListeningQueriesTable;
  listening_sources: ListeningSourcesTable;
  listening_cursors: ListeningCursorsTable;
  mentions: MentionsTable;
  mention_queries: MentionQueriesTable;
  mention_terms: MentionTermsTable;
  listening_days: ListeningDaysTable;
  mention_hours: MentionHoursTable;
  mention_source_days: MentionSourceDaysTable;
  mention_author_days: MentionAuthorDaysTable;
  mention_bands: MentionBandsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  text_models: TextModelsTable;
}
