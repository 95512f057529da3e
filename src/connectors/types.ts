/**
 * The one interface every network implements. Callers ask the capabilities ("can it?") instead
 * of checking network names; limits are data the composer and validators read.
 */
import type { z } from "zod";

export type Capabilities = {
  publish: boolean;
  delete: boolean;
  postMetrics: boolean;
  channelStats: boolean;
  comments: boolean;
  reply: boolean;
  hide: boolean;
  directMessages: boolean;
  search: boolean;
  sampleFollowers: boolean;
};

export type Limits = {
  /** Maximum text length, counted in `lengthUnit`. */
  maxLength: number;
  lengthUnit: "graphemes" | "characters" | "utf16";
  maxMedia: number;
  mediaTypes: string[];
  maxMediaBytes: number;
};

export type VariantInput = {
  text: string;
  format: string;
  media: { type: string; bytes: number }[];
  link?: string | null | undefined;
};

export type ContentProblem = { field: string; message: string };

/** What Chorus keeps about a connected account; credentials are decrypted only for the call. */
export type ChannelContext = {
  externalId: string;
  handle: string;
  credentials: Record<string, unknown>;
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

export type ChannelStats = { followers: number; following: number | null; posts: number };

export type RemoteComment = {
  externalId: string;
  postExternalId: string;
  parentExternalId: string | null;
  authorName: string;
  authorHandle: string;
  authorFollowers: number | null;
  text: string;
  occurredAt: string;
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

export interface Connector {
  readonly network: string;
  readonly displayName: string;
  /** True for the built-in simulated network: the UI labels it "Sandbox" everywhere. */
  readonly simulated: boolean;
  readonly capabilities: Capabilities;
  readonly limits: Limits;
  /** The fields the user fills in to connect an account; the UI builds its form from it. */
  readonly connectSchema: z.ZodType<Record<string, unknown>>;

  connect(input: Record<string, unknown>): Promise<ConnectResult>;
  validate(variant: VariantInput): ContentProblem[];
  publish(channel: ChannelContext, variant: VariantInput, idempotencyKey: string): Promise<PublishResult>;
  delete?(channel: ChannelContext, externalId: string): Promise<void>;
  fetchPostMetrics?(channel: ChannelContext, externalIds: string[], at?: Date): Promise<PostMetrics[]>;
  fetchChannelStats?(channel: ChannelContext, at?: Date): Promise<ChannelStats>;
  fetchComments?(channel: ChannelContext, cursor: string | null, at?: Date): Promise<Page<RemoteComment>>;
  sampleFollowers?(channel: ChannelContext, size: number): Promise<RemoteFollower[]>;
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
