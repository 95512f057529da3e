/**
 * Bluesky (AT Protocol): connects with an app password and keeps the session tokens, publishes
 * posts with rich-text facets, images, video, link cards and threads, and reads metrics and
 * channel stats through the PDS (which proxies app.bsky.* reads to the AppView).
 *
 * Idempotency: a post's record key is derived from the idempotency key (client.ts rkeyFor), so a
 * retry addresses the record the first attempt may have created; publish looks it up before and,
 * after a failed create, again, and findPublished is a getRecord of that key.
 *
 * The inbox (comments, replies, hiding, likes) lives in comments.ts and comment-actions.ts;
 * social listening (search) in search.ts; the follower sample for audience audits in followers.ts.
 */
import { type Capabilities, type Connector, ConnectorError, type ContentProblem, type Limits, type VariantInput } from "../types.js";
import {
  buildPost,
  createPostOnce,
  credentialsOf,
  decodeExternalId,
  encodeExternalId,
  type FetchLike,
  getPost,
  graphemeLength,
  login,
  maxTextBytes,
  maxTextGraphemes,
  postCollection,
  postUrl,
  rkeyFor,
  tokenExpiry,
  withAgent,
} from "./client.js";
import { hideReply, likePost, replyToPost } from "./comment-actions.js";
import { fetchBlueskyComments } from "./comments.js";
import { sampleBlueskyFollowers } from "./followers.js";
import { blueskyPostParticipants } from "./participants.js";
import { toConnectorError } from "./errors.js";
import { fetchBlueskyPublicPage } from "./public-page.js";
import { maxSearchLimit, searchBlueskyPosts } from "./search.js";
import { type BlueskyCredentials, connectSchema, type PostRef, postViewSchema, profileSchema } from "./types.js";

const imageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const videoTypes = ["video/mp4"];
/** The blob limit Bluesky has long enforced for images (the lexicon now says 2 MB; older AppViews do not). */
const maxImageBytes = 1_000_000;
/** app.bsky.embed.video's blob limit. */
const maxVideoBytes = 100_000_000;
const maxVideoAltGraphemes = 1000;
/** app.bsky.feed.getPosts takes at most 25 URIs. */
const getPostsBatch = 25;

export const blueskyLimits: Limits = {
  maxLength: maxTextGraphemes,
  lengthUnit: "graphemes",
  maxMedia: 4,
  mediaTypes: [...imageTypes, ...videoTypes],
  maxMediaBytes: maxVideoBytes,
};

const capabilities: Capabilities = {
  publish: true,
  delete: true,
  // Bluesky posts cannot be edited: a record's text is fixed once published.
  edit: false,
  postMetrics: true,
  channelStats: true,
  comments: true,
  reply: true,
  hide: true,
  like: true,
  directMessages: false,
  search: true,
  sampleFollowers: true,
  publicPages: true,
  postParticipants: true,
};

export { graphemeLength };

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

export function validateBlueskyVariant(variant: VariantInput): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const length = graphemeLength(variant.text);
  if (length > blueskyLimits.maxLength) {
    problems.push({
      field: "text",
      message: `The text is ${length} characters long; Bluesky allows ${blueskyLimits.maxLength}. Shorten it by ${length - blueskyLimits.maxLength}.`,
    });
  } else if (Buffer.byteLength(variant.text, "utf8") > maxTextBytes) {
    problems.push({ field: "text", message: "The text uses too many combined emoji for Bluesky (over 3000 bytes). Remove some." });
  }
  if (variant.text.trim() === "" && variant.media.length === 0 && !variant.link) {
    problems.push({ field: "text", message: "Write some text or attach media: an empty post cannot be published." });
  }
  const images = variant.media.filter((m) => imageTypes.includes(m.type));
  const videos = variant.media.filter((m) => videoTypes.includes(m.type));
  if (videos.length > 0 && images.length > 0) {
    problems.push({ field: "media", message: "Bluesky posts carry either images or one video, not both. Remove the images or the video." });
  }
  if (videos.length > 1) {
    problems.push({ field: "media", message: `${videos.length} videos attached; Bluesky allows one video per post.` });
  }
  if (images.length > blueskyLimits.maxMedia) {
    problems.push({ field: "media", message: `${images.length} images attached; Bluesky allows ${blueskyLimits.maxMedia} per post.` });
  }
  variant.media.forEach((m, i) => {
    const field = `media.${i}`;
    if (imageTypes.includes(m.type)) {
      if (m.bytes > maxImageBytes) {
        problems.push({ field, message: `The image is ${megabytes(m.bytes)}; Bluesky accepts images up to 1 MB. Compress or resize it.` });
      }
    } else if (videoTypes.includes(m.type)) {
      if (m.bytes > maxVideoBytes) {
        problems.push({ field, message: `The video is ${megabytes(m.bytes)}; Bluesky accepts videos up to 100 MB.` });
      }
      if (m.alt && graphemeLength(m.alt) > maxVideoAltGraphemes) {
        problems.push({ field, message: `The video's description is too long; Bluesky allows ${maxVideoAltGraphemes} characters.` });
      }
    } else {
      problems.push({ field, message: `${m.type} is not supported on Bluesky; use JPEG, PNG, WebP or GIF images, or an MP4 video.` });
    }
  });
  return problems;
}

/**
 * `fetch` is for tests (a fake server's answers); production uses the global one. `searchLimit`
 * (posts per search page, at most 100) and `followersPageSize` (followers per page, at most 100)
 * let tests page through a few.
 */
export function createBlueskyConnector(opts: { fetch?: FetchLike; searchLimit?: number; followersPageSize?: number } = {}): Connector {
  const fetchImpl = opts.fetch;
  const searchLimit = opts.searchLimit ?? maxSearchLimit;
  const followersPageSize = opts.followersPageSize;
  return {
    network: "bluesky",
    displayName: "Bluesky",
    simulated: false,
    publicPageChannel: "required",
    capabilities,
    limits: blueskyLimits,
    connectSchema,

    async connect(input) {
      const params = connectSchema.parse(input);
      const { agent, credentials } = await login(params, fetchImpl);
      let name = credentials.handle;
      try {
        const res = await agent.app.bsky.actor.getProfile({ actor: credentials.did });
        name = profileSchema.parse(res.data).displayName?.trim() || credentials.handle;
      } catch {
        // A brand-new account may not be indexed by the AppView yet: the handle names it for now.
      }
      return { externalId: credentials.did, handle: credentials.handle, name, credentials };
    },

    validate: validateBlueskyVariant,

    async publish(channel, variant, idempotencyKey, publishOpts) {
      const problems = validateBlueskyVariant(variant);
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const replyTo = publishOpts?.replyTo
        ? { parent: refOf(publishOpts.replyTo.parentExternalId), root: refOf(publishOpts.replyTo.rootExternalId) }
        : undefined;
      const rkey = rkeyFor(idempotencyKey);
      return withAgent(channel, fetchImpl, "publishing the post", async (agent, did) => {
        const post = await createPostOnce(agent, did, rkey, () => buildPost(agent, variant, replyTo, new Date()));
        return { externalId: encodeExternalId(post), url: postUrl(channel.handle, rkey), publishedAt: post.createdAt };
      });
    },

    async findPublished(channel, idempotencyKey) {
      const rkey = rkeyFor(idempotencyKey);
      return withAgent(channel, fetchImpl, "looking up a published post", async (agent, did) => {
        const post = await getPost(agent, did, rkey);
        return post ? { externalId: encodeExternalId(post), url: postUrl(channel.handle, rkey), publishedAt: post.createdAt } : null;
      });
    },

    /**
     * getSession is the cheapest authenticated call; an expired access token is renewed on the
     * way when the caller can save the renewal. When it cannot, and the access token has expired,
     * asking would only fail: the answer then rests on the refresh token's own expiry, since the
     * next call that can save will renew the session with it.
     */
    async checkHealth(channel) {
      let stored: BlueskyCredentials;
      try {
        stored = credentialsOf(channel);
      } catch (err) {
        return { ok: false, message: (err as Error).message, expiresAt: null, rateLimit: null };
      }
      const accessExpiry = tokenExpiry(stored.accessJwt);
      if (!channel.saveCredentials && accessExpiry && accessExpiry.getTime() <= Date.now()) {
        const refreshExpiry = tokenExpiry(stored.refreshJwt);
        const ok = !refreshExpiry || refreshExpiry.getTime() > Date.now();
        return {
          ok,
          message: ok ? null : "The Bluesky session has expired. Reconnect the channel with an app password.",
          expiresAt: refreshExpiry?.toISOString() ?? null,
          rateLimit: null,
        };
      }
      try {
        return await withAgent(channel, fetchImpl, "checking the session", async (agent, _did, refreshJwt) => {
          const res = await agent.com.atproto.server.getSession();
          const expiresAt = tokenExpiry(refreshJwt())?.toISOString() ?? null;
          const rateLimit = rateLimitOf(res.headers);
          if (res.data.active === false) {
            return {
              ok: false,
              message: `The Bluesky account is ${res.data.status ?? "inactive"}; it cannot post until it is active again.`,
              expiresAt,
              rateLimit,
            };
          }
          return { ok: true, message: null, expiresAt, rateLimit };
        });
      } catch (err) {
        return { ok: false, message: toConnectorError(err, "checking the session").message, expiresAt: null, rateLimit: null };
      }
    },

    async delete(channel, externalId) {
      const post = decodeExternalId(externalId);
      await withAgent(channel, fetchImpl, "deleting the post", async (agent, did) => {
        if (post.did !== did) throw new ConnectorError("invalid_content", "This Bluesky post belongs to another account.");
        await agent.com.atproto.repo.deleteRecord({ repo: did, collection: postCollection, rkey: post.rkey });
      });
    },

    /**
     * Likes, replies and reposts (quotes count as reposts: Chorus has no separate counter) from the
     * AppView. Bluesky publishes no reach, impressions or views. Deleted posts are left out.
     */
    async fetchPostMetrics(channel, externalIds) {
      const uris = externalIds.map((id) => decodeExternalId(id).uri);
      const byUri = new Map(externalIds.map((id, i) => [uris[i], id]));
      return withAgent(channel, fetchImpl, "reading post metrics", async (agent) => {
        const metrics = [];
        for (let i = 0; i < uris.length; i += getPostsBatch) {
          const res = await agent.app.bsky.feed.getPosts({ uris: uris.slice(i, i + getPostsBatch) });
          for (const raw of res.data.posts) {
            const post = postViewSchema.parse(raw);
            const externalId = byUri.get(post.uri);
            if (!externalId) continue;
            metrics.push({
              externalId,
              reach: null,
              impressions: null,
              views: null,
              likes: post.likeCount ?? 0,
              comments: post.replyCount ?? 0,
              reposts: (post.repostCount ?? 0) + (post.quoteCount ?? 0),
              saves: post.bookmarkCount ?? null,
            });
          }
        }
        return metrics;
      });
    },

    /** Replies in the account's recent threads and mentions elsewhere; `at` is ignored (the network's clock is real). */
    async fetchComments(channel, cursor) {
      return withAgent(channel, fetchImpl, "reading comments", (agent, did) => fetchBlueskyComments(agent, did, cursor, new Date()));
    },

    async reply(channel, parentExternalId, text, replyOpts) {
      return withAgent(channel, fetchImpl, "replying", (agent, did) =>
        replyToPost(agent, { did, handle: channel.handle }, parentExternalId, text, replyOpts?.idempotencyKey),
      );
    },

    async hide(channel, commentExternalId) {
      await withAgent(channel, fetchImpl, "hiding the reply", (agent, did) => hideReply(agent, did, commentExternalId));
    },

    async like(channel, commentExternalId) {
      await withAgent(channel, fetchImpl, "liking the post", (agent, did) => likePost(agent, did, commentExternalId));
    },

    /** Public posts matching one term, newest first (search.ts); `at` is ignored (the network's clock is real). */
    async search(channel, term, cursor) {
      return withAgent(channel, fetchImpl, "searching posts", (agent) => searchBlueskyPosts(agent, term, cursor, searchLimit));
    },

    /** A sample of the account's followers with their counts and last activity (followers.ts). */
    async sampleFollowers(channel, size) {
      return withAgent(channel, fetchImpl, "reading followers", (agent, did) =>
        sampleBlueskyFollowers(agent, did, size, followersPageSize === undefined ? {} : { pageSize: followersPageSize }),
      );
    },

    /** Someone's public profile and posts through the channel's session (public-page.ts). */
    async fetchPublicPage(channel, page, pageOpts = {}) {
      if (!channel) throw new ConnectorError("revoked", "Bluesky profiles are read through one of the brand's Bluesky accounts: connect one first.");
      const since = pageOpts.since ?? new Date(Date.now() - 30 * 86_400_000);
      return withAgent(channel, fetchImpl, "reading a public profile", (agent) => fetchBlueskyPublicPage(agent, page, since));
    },

    /** Reposters and repliers of one of the account's posts, whether they follow it, their profiles (participants.ts). */
    async fetchPostParticipants(channel, postExternalId) {
      return withAgent(channel, fetchImpl, "reading who took part in the post", (agent, did) => blueskyPostParticipants(agent, did, postExternalId));
    },

    async fetchChannelStats(channel) {
      return withAgent(channel, fetchImpl, "reading the profile", async (agent, did) => {
        const res = await agent.app.bsky.actor.getProfile({ actor: did });
        const profile = profileSchema.parse(res.data);
        return { followers: profile.followersCount ?? 0, following: profile.followsCount ?? null, posts: profile.postsCount ?? 0 };
      });
    },
  };
}

function refOf(externalId: string): PostRef {
  const { uri, cid } = decodeExternalId(externalId);
  return { uri, cid };
}

function rateLimitOf(headers: Record<string, string | undefined>): { limit: number | null; remaining: number | null; resetAt: string | null } | null {
  const num = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : null);
  const limit = num(headers["ratelimit-limit"]);
  const remaining = num(headers["ratelimit-remaining"]);
  const reset = num(headers["ratelimit-reset"]);
  if (limit === null && remaining === null && reset === null) return null;
  return { limit, remaining, resetAt: reset === null ? null : new Date(reset * 1000).toISOString() };
}
