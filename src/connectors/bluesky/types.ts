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
