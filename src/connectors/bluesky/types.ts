/**
 * Bluesky's shapes as Chorus sees them: what the user fills in to connect, what is kept (encrypted)
 * about a connected account, and the few answers read back from the network, zod-parsed so a
 * server that answers something else fails loudly instead of half-working.
 */
import { z } from "zod";

export const defaultService = "https://bsky.social";

/** What the user fills in to connect. An app password, never the account password, is asked for. */
export const connectSchema = z
  .object({
    service: z
      .url({ protocol: /^https?$/, error: "Enter the address of your Bluesky server (PDS), e.g. https://bsky.social." })
      .default(defaultService),
    identifier: z
      .string()
      .trim()
      // People copy their handle with the "@" Bluesky shows in front of it.
      .transform((s) => s.replace(/^@/, ""))
      .pipe(z.string().min(1, "Enter your handle (alice.bsky.social) or the e-mail you sign in with.")),
    appPassword: z.string().trim().min(1, "Create an app password in Bluesky's settings and paste it here."),
  })
  .strict();

/**
 * What Chorus keeps about a connected account: the session tokens, not the app password. The
 * access token lives about two hours; the refresh token rotates on every refresh and lasts ~90
 * days from the last one, so a channel used at least that often never needs reconnecting as long
 * as every rotation is saved (ChannelContext.saveCredentials).
 */
export const credentialsSchema = z.object({
  service: z.url(),
  did: z.string().startsWith("did:"),
  handle: z.string().min(1),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
  /** The account's own PDS from its DID document, when `service` is an entryway such as bsky.social. */
  pdsUrl: z.url().optional(),
});
export type BlueskyCredentials = z.infer<typeof credentialsSchema>;

/** com.atproto.repo.getRecord for one of our posts: just what publish/findPublished need. */
export const postRecordSchema = z.object({
  uri: z.string().startsWith("at://"),
  cid: z.string().min(1),
  value: z.looseObject({ createdAt: z.string() }),
});

/** The counters of app.bsky.feed.defs#postView Chorus reads; absent counters mean zero. */
export const postViewSchema = z.looseObject({
  uri: z.string(),
  cid: z.string(),
  likeCount: z.number().int().optional(),
  repostCount: z.number().int().optional(),
  replyCount: z.number().int().optional(),
  quoteCount: z.number().int().optional(),
  bookmarkCount: z.number().int().optional(),
});

export const profileSchema = z.looseObject({
  did: z.string(),
  handle: z.string(),
  displayName: z.string().optional(),
  followersCount: z.number().int().optional(),
  followsCount: z.number().int().optional(),
  postsCount: z.number().int().optional(),
});

/** A post as Chorus refers to it: the AT URI and the CID, since a reply must quote both. */
export type PostRef = { uri: string; cid: string };

// ---- The inbox: threads, notifications, threadgates ---------------------------------------------

const strongRefSchema = z.looseObject({ uri: z.string().startsWith("at://"), cid: z.string().min(1) });

/** app.bsky.actor.defs#profileViewBasic: who wrote a reply or a mention. */
export const authorSchema = z.looseObject({
  did: z.string().startsWith("did:"),
  handle: z.string(),
  displayName: z.string().optional(),
  avatar: z.string().optional(),
});
export type Author = z.infer<typeof authorSchema>;

/** The fields of an app.bsky.feed.post record the inbox reads. */
export const postValueSchema = z.looseObject({
  text: z.string(),
  createdAt: z.string(),
  reply: z.looseObject({ root: strongRefSchema, parent: strongRefSchema }).optional(),
});
export type PostValue = z.infer<typeof postValueSchema>;

/** app.bsky.feed.defs#postView as the inbox reads it; `record` is parsed with postValueSchema where used. */
export const inboxPostViewSchema = z.looseObject({
  uri: z.string().startsWith("at://"),
  cid: z.string().min(1),
  author: authorSchema,
  record: z.unknown(),
  indexedAt: z.string(),
  replyCount: z.number().int().optional(),
  viewer: z.looseObject({ like: z.string().optional(), replyDisabled: z.boolean().optional() }).optional(),
});
export type InboxPostView = z.infer<typeof inboxPostViewSchema>;

/** app.bsky.feed.defs#feedViewPost: a repost or a pin carries a `reason` and is not the author's own root. */
export const feedItemSchema = z.looseObject({ post: inboxPostViewSchema, reason: z.unknown().optional() });

/**
 * app.bsky.feed.defs#threadViewPost. Its replies are a union (a post, #notFoundPost,
 * #blockedPost, or a type a newer AppView adds), so each is parsed on its own as the thread is walked.
 */
export const threadViewPostType = "app.bsky.feed.defs#threadViewPost";
export const threadNodeSchema = z.looseObject({
  $type: z.literal(threadViewPostType),
  post: inboxPostViewSchema,
  replies: z.array(z.unknown()).optional(),
});

/** app.bsky.notification.listNotifications#notification; `record` is the post for mentions, quotes and replies. */
export const notificationSchema = z.looseObject({
  uri: z.string().startsWith("at://"),
  cid: z.string().min(1),
  author: authorSchema,
  reason: z.string(),
  record: z.unknown(),
  indexedAt: z.string(),
});

export const followersSchema = z.looseObject({ did: z.string(), followersCount: z.number().int().optional() });

/** app.bsky.feed.threadgate: who may reply (`allow`, kept as it is) and which replies the root's author hid. */
export const threadgateSchema = z.looseObject({
  post: z.string(),
  createdAt: z.string(),
  allow: z.array(z.looseObject({ $type: z.string() })).optional(),
  hiddenReplies: z.array(z.string()).optional(),
});

/**
 * fetchComments' cursor (JSON). `mentionsSince`: notifications sorted before it (less an overlap)
 * were delivered; `threadsReadAt`: when the threads were last read; `notifications` and `top`:
 * half-way through a long run of notifications, the network's cursor for the next page and the
 * newest notification time seen so far.
 */
export const inboxCursorSchema = z.object({
  v: z.literal(1),
  mentionsSince: z.iso.datetime({ offset: true }),
  threadsReadAt: z.iso.datetime({ offset: true }).nullable(),
  notifications: z.string().optional(),
  top: z.iso.datetime({ offset: true }).optional(),
});
export type InboxCursor = z.infer<typeof inboxCursorSchema>;
