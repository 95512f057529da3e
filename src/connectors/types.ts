/**
 * The one interface every network implements. Callers ask the capabilities ("can it?") instead
 * of checking network names; limits are data the composer and validators read.
 */
import type { z } from "zod";

export type Capabilities = {
  publish: boolean;
  delete: boolean;
  /** Changing the text of a post that is already out (edit()). */
  edit: boolean;
  postMetrics: boolean;
  channelStats: boolean;
  comments: boolean;
  reply: boolean;
  hide: boolean;
  /** Liking a comment as the account. */
  like: boolean;
  directMessages: boolean;
  search: boolean;
  sampleFollowers: boolean;
  /**
   * Public posts the account sees in passing reach listening without a search (CommentPage.seen):
   * a Telegram bot's updates from the other groups and channels it is in.
   */
  overhears?: boolean | undefined;
  /** Reading someone else's public page (a competitor): its profile and, where the network shows them, its recent posts (fetchPublicPage). */
  publicPages: boolean;
  /** Listing who reposted and commented one of the account's posts, and whether they follow it (fetchPostParticipants): giveaways. */
  postParticipants?: boolean | undefined;
};

export type Limits = {
  /** Maximum text length, counted in `lengthUnit`. */
  maxLength: number;
  lengthUnit: "graphemes" | "characters" | "utf16";
  maxMedia: number;
  mediaTypes: string[];
  maxMediaBytes: number;
};

/** Content formats a post can take; a connector says in validate() which it cannot publish. */
export const postFormats = ["text", "image", "video", "carousel", "link"] as const;
export type PostFormat = (typeof postFormats)[number];

/** A media file attached to a variant, as the connector sees it. */
export type MediaInput = {
  type: string;
  bytes: number;
  width?: number | null | undefined;
  height?: number | null | undefined;
  /** Seconds, for video. */
  duration?: number | null | undefined;
  alt?: string | null | undefined;
  fileName?: string | undefined;
  /** Reads the file; present when publishing (connectors that upload call it), absent in validate(). */
  read?: (() => Promise<Buffer>) | undefined;
};

export type VariantInput = {
  text: string;
  format: string;
  media: MediaInput[];
  link?: string | null | undefined;
};

export type PublishOptions = {
  /**
   * Publish as a reply in a chain (a thread item or the first comment): the parent's and the
   * chain root's externalId as this connector returned them.
   */
  replyTo?: { parentExternalId: string; rootExternalId: string } | undefined;
};

/** Whether a channel's credentials work, and what the network lets it do for now. */
export type ChannelHealth = {
  ok: boolean;
  /** Why not, in words a user can act on. */
  message: string | null;
  /** When the credentials stop working, if the network says. */
  expiresAt: string | null;
  rateLimit: { limit: number | null; remaining: number | null; resetAt: string | null } | null;
};

export type ContentProblem = { field: string; message: string };

/** What Chorus keeps about a connected account; credentials are decrypted only for the call. */
export type ChannelContext = {
  externalId: string;
  handle: string;
  credentials: Record<string, unknown>;
  /** Stores refreshed credentials (a renewed token) encrypted, for the next call. */
  saveCredentials?: ((next: Record<string, unknown>) => Promise<void>) | undefined;
};

export type ConnectResult = {
  externalId: string;
  handle: string;
  name: string;
  credentials: Record<string, unknown>;
};

export type PublishResult = { externalId: string; url: string; publishedAt: string };

export type PostMetrics = {
  externalId: string;
  reach: number | null;
  impressions: number | null;
  views: number | null;
  likes: number;
  comments: number;
  reposts: number;
  saves: number | null;
};

export type ChannelStats = { followers: number; following: number | null; posts: number } & Partial<ChannelDaily>;

/** One group of an audience breakdown: a sex, an age band ("18-21"), a city, a country. */
export type AudienceBucket = { key: string; label: string; count: number };
export type AudienceBuckets = { sex: AudienceBucket[]; age: AudienceBucket[]; cities: AudienceBucket[]; countries: AudienceBucket[] };

/** What some networks report per day besides followers (VK community statistics): null where unknown. */
export type ChannelDaily = { joined: number | null; left: number | null; reach: number | null; audience: AudienceBuckets | null };

/** What an inbox item is on the network: a comment on the brand's post, a reply in its thread, a mention elsewhere, a private message. */
export type RemoteItemKind = "comment" | "reply" | "mention" | "message";

export type RemoteComment = {
  /** Unique within the channel and stable across fetches: the same comment fetched twice is one item. */
  externalId: string;
  /**
   * The brand's post the conversation belongs to (its thread root, as publish() returned it); for a
   * mention or a message, the mentioning post or the conversation.
   */
  postExternalId: string;
  /** The comment this one answers, or null for a top-level comment. */
  parentExternalId: string | null;
  /** Defaults to "reply" when parentExternalId is set, else "comment". */
  kind?: RemoteItemKind | undefined;
  authorName: string;
  authorHandle: string;
  authorFollowers: number | null;
  authorAvatarUrl?: string | null | undefined;
  text: string;
  occurredAt: string;
  /** Link to the comment on the network, where it has one. */
  url?: string | null | undefined;
  /** Set when the network says the text was changed after it was first written. */
  editedAt?: string | null | undefined;
  /** The network reports the comment deleted (its other fields may be empty). */
  deleted?: boolean | undefined;
};

export type RemoteFollower = {
  handle: string;
  name: string;
  hasAvatar: boolean;
  posts: number;
  followers: number;
  following: number;
  createdAt: string;
  lastActiveAt: string | null;
};

export type Page<T> = { items: T[]; cursor: string | null };

/** Someone who reposted or commented a post (capabilities.postParticipants): one record per person. */
export type PostParticipant = {
  /** Stable on the network across renames: a DID on Bluesky, the handle where handles are the id (Sandbox). */
  id: string;
  handle: string;
  name: string;
  reposted: boolean;
  /** Commented or replied anywhere in the post's thread. */
  commented: boolean;
  /** Whether they follow the account; null when the network could not say. */
  follows: boolean | null;
  /** Their public profile (for the bot score); null when the network did not give it. */
  profile: RemoteFollower | null;
};

/** A public post a network search found (social listening). */
export type RemotePost = {
  /** Unique on the network and stable across searches. */
  externalId: string;
  url: string | null;
  authorName: string;
  authorHandle: string;
  authorFollowers: number | null;
  text: string;
  occurredAt: string;
  /** The language the network or the author declared, if any (Chorus detects its own too). */
  lang?: string | null | undefined;
  likes?: number | undefined;
  reposts?: number | undefined;
  replies?: number | undefined;
  /** Links in the post (facets, cards, attachments), for site: in queries. */
  links?: string[] | undefined;
};

/**
 * A page of comments. `complete` names posts whose every live comment is in this page's items (a
 * connector that reads whole threads says so): the inbox marks the other items it holds for those
 * posts as deleted on the network.
 */
export type CommentPage = Page<RemoteComment> & {
  complete?: string[] | undefined;
  /** Public posts from elsewhere that came with the page (capabilities.overhears), for listening. */
  seen?: RemotePost[] | undefined;
};

/** A public page's profile as anyone can see it; counts the network does not show are null. */
export type PublicProfile = {
  /** The network's own id of the page (a DID, an account id, a community id), stable across renames. */
  externalId: string;
  handle: string;
  name: string;
  url: string | null;
  followers: number | null;
  following: number | null;
  /** All posts the page has ever made, where the network counts them. */
  posts: number | null;
};

/**
 * A post of a public page with its public counters. There is deliberately no reach or impressions
 * field: no network shows them to anyone but the page's owner (ER by followers is what compares).
 */
export type PublicPost = {
  /** Unique on the page and stable across reads. */
  externalId: string;
  url: string | null;
  publishedAt: string;
  text: string;
  /** One of postFormats: text, image, video, carousel (several images), link. */
  format: PostFormat;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  /** Views where the network shows them publicly (VK, Sandbox); null elsewhere. */
  views: number | null;
};

/** What fetchPublicPage reads: the profile, and the posts since `since` — null when the network shows no posts to Chorus (Telegram channels to a bot). */
export type PublicPage = { profile: PublicProfile; posts: PublicPost[] | null };

export type PublicPageOptions = {
  /** Posts published at or after this are wanted (older ones may be left out). */
  since?: Date | undefined;
  /** The network's clock, for the Sandbox (real networks read now). */
  at?: Date | undefined;
};

export interface Connector {
  readonly network: string;
  readonly displayName: string;
  /** True for the built-in simulated network: the UI labels it "Sandbox" everywhere. */
  readonly simulated: boolean;
  readonly capabilities: Capabilities;
  readonly limits: Limits;
  /**
   * With capabilities.publicPages: whether reading a public page goes through one of the brand's
   * connected accounts of this network — "required" (a session or token is needed: Bluesky, VK,
   * Telegram), "optional" (public without one: Mastodon), "none" (Sandbox). Absent means "required".
   */
  readonly publicPageChannel?: "required" | "optional" | "none" | undefined;
  /** The fields the user fills in to connect an account; the UI builds its form from it. */
  readonly connectSchema: z.ZodType<Record<string, unknown>>;

  connect(input: Record<string, unknown>): Promise<ConnectResult>;
  /**
   * The content's problems on this network. With a channel, a connector whose limits differ per
   * account or server (Mastodon instances) checks against that channel's own limits.
   */
  validate(variant: VariantInput, channel?: ChannelContext): ContentProblem[];
  /**
   * Publishes once per idempotencyKey where the network allows it (a retried call with the same
   * key must not create a second post when the network can tell).
   */
  publish(channel: ChannelContext, variant: VariantInput, idempotencyKey: string, opts?: PublishOptions): Promise<PublishResult>;
  /**
   * After an attempt whose outcome is unknown (timeout, crash): the post published with this key,
   * or null when it surely did not go out. Connectors that cannot tell do not implement it, and
   * the publication is left "unconfirmed" for a person to check.
   */
  findPublished?(channel: ChannelContext, idempotencyKey: string, since: Date): Promise<PublishResult | null>;
  checkHealth?(channel: ChannelContext): Promise<ChannelHealth>;
  delete?(channel: ChannelContext, externalId: string): Promise<void>;
  /**
   * Replaces the text of a post that is already out (capabilities.edit); its media stay as they
   * were. Returns the post as it now is (the url may change on some networks).
   */
  edit?(channel: ChannelContext, externalId: string, variant: VariantInput): Promise<PublishResult>;
  fetchPostMetrics?(channel: ChannelContext, externalIds: string[], at?: Date): Promise<PostMetrics[]>;
  fetchChannelStats?(channel: ChannelContext, at?: Date): Promise<ChannelStats>;
  /**
   * New and changed comments, replies, mentions and messages since `cursor` (null: start from what
   * the network still offers). A null cursor in the answer means "no more for now"; the caller
   * saves only non-null cursors and may fetch the last page again (items are idempotent).
   */
  fetchComments?(channel: ChannelContext, cursor: string | null, at?: Date): Promise<CommentPage>;
  /**
   * A push from the network (a webhook request body) turned into items; null when the body is not
   * for this channel. Networks that push (Telegram updates) implement it; polling stays the fallback.
   */
  parseWebhook?(channel: ChannelContext, body: unknown): CommentPage | null;
  /**
   * Asks the network to push this channel's events to `url` (an https address of this server),
   * each request carrying `secret`. Returns the credentials to store from now on: they record that
   * events are pushed, so fetchComments stops polling (Telegram refuses getUpdates while a webhook
   * is set). A failure leaves the network polled as before.
   */
  registerWebhook?(channel: ChannelContext, url: string, secret: string): Promise<Record<string, unknown>>;
  /** Stops the pushes registerWebhook asked for (nothing when none were); returns the credentials for polling again. */
  unregisterWebhook?(channel: ChannelContext): Promise<Record<string, unknown>>;
  /**
   * Answers a comment (capabilities.reply). `idempotencyKey`, where the network can use it, makes a
   * retried call after a lost answer return the reply already made instead of posting it twice.
   */
  reply?(channel: ChannelContext, parentExternalId: string, text: string, opts?: { idempotencyKey?: string }): Promise<{ externalId: string; url: string | null }>;
  /** Hides a comment from everyone but its author and the account (capabilities.hide); it can be shown again on the network. */
  hide?(channel: ChannelContext, commentExternalId: string): Promise<void>;
  /** Likes a comment as the account (capabilities.like). */
  like?(channel: ChannelContext, commentExternalId: string): Promise<void>;
  /** Deletes a comment for good. Chorus offers it only to owners and managers, after answering or hiding. */
  deleteComment?(channel: ChannelContext, commentExternalId: string): Promise<void>;
  sampleFollowers?(channel: ChannelContext, size: number): Promise<RemoteFollower[]>;
  /**
   * Public posts matching one search term — a word, a "quoted phrase" or a #hashtag — newest first
   * (capabilities.search). `cursor` continues to older posts; Chorus stops paging once it reaches
   * posts it has seen and applies the full listening query to what comes back, so the network's
   * own matching may be looser (stemming, partial words) but must not be narrower.
   */
  search?(channel: ChannelContext, term: string, cursor: string | null, at?: Date): Promise<Page<RemotePost>>;
  /**
   * Someone else's public page (capabilities.publicPages): `page` is what a user pastes — a handle,
   * an @name, an address. `channel` is one of the brand's accounts on this network when the network
   * needs one to read (publicPageChannel), else null. A page that does not exist (or is
   * not public) throws PublicPageNotFoundError.
   */
  fetchPublicPage?(channel: ChannelContext | null, page: string, opts?: PublicPageOptions): Promise<PublicPage>;
  /**
   * Everyone who reposted or commented one of the account's own posts, with whether they follow the
   * account and their profile (capabilities.postParticipants): the entrants of a giveaway. The
   * account's own replies are included (the caller excludes the brand's team). `at` is the
   * network's clock for the Sandbox; real networks read now.
   */
  fetchPostParticipants?(channel: ChannelContext, postExternalId: string, opts?: { at?: Date | undefined }): Promise<PostParticipant[]>;
}

export type ConnectorErrorKind = "auth_expired" | "revoked" | "rate_limited" | "invalid_content" | "transient";

/** Every connector failure is one of these kinds, so jobs know whether to retry and users what to do. */
export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly retryAfter: number | undefined;

  constructor(kind: ConnectorErrorKind, message: string, opts: { retryAfter?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "ConnectorError";
    this.kind = kind;
    this.retryAfter = opts.retryAfter;
  }
}

/** The public page asked for does not exist on the network, or is not public: asking again will not help. */
export class PublicPageNotFoundError extends ConnectorError {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super("invalid_content", message, opts);
    this.name = "PublicPageNotFoundError";
  }
}
