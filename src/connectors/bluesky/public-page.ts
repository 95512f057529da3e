/**
 * Someone's public Bluesky profile, read through the brand's channel session (the PDS proxies
 * app.bsky.* reads to the AppView): app.bsky.actor.getProfile for the counts, then
 * app.bsky.feed.getAuthorFeed with filter "posts_no_replies" (the profile's own posts and threads
 * it started, no replies to others), newest first, paged by the AppView's cursor until the posts
 * are older than `since`. Reposts of others' posts (items with a `reason`) are left out: they are
 * not the page's content. Counters are public: likes, replies, reposts + quotes (as in the
 * connector's own metrics); Bluesky shows no views or reach.
 */
import { type Agent, XRPCError } from "@atproto/api";
import { z } from "zod";
import { type PostFormat, type PublicPage, PublicPageNotFoundError, type PublicPost } from "../types.js";
import { encodeExternalId, postUrl } from "./client.js";
import { profileSchema } from "./types.js";

/** app.bsky.feed.getAuthorFeed takes at most 100. */
const pageLimit = 100;
const maxPages = 10;

/** People paste @alice.bsky.social, alice.bsky.social, a bsky.app profile address or a DID. */
export function normalizeBlueskyPage(raw: string): string | null {
  const s = raw
    .trim()
    .replace(/^https?:\/\/(www\.)?bsky\.app\/profile\//i, "")
    .replace(/^@/, "")
    .split(/[/?#]/)[0]!;
  if (/^did:[a-z]+:[A-Za-z0-9._:%-]+$/.test(s)) return s;
  const handle = s.toLowerCase();
  return /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(handle) ? handle : null;
}

const embedSchema = z.looseObject({
  $type: z.string().optional(),
  images: z.array(z.unknown()).optional(),
  media: z.looseObject({ $type: z.string().optional(), images: z.array(z.unknown()).optional() }).optional(),
});
const recordSchema = z.looseObject({ text: z.string().default(""), createdAt: z.string(), embed: embedSchema.optional() });
const feedPostSchema = z.looseObject({
  uri: z.string().startsWith("at://"),
  cid: z.string().min(1),
  author: z.looseObject({ did: z.string(), handle: z.string() }),
  record: z.unknown(),
  indexedAt: z.string(),
  likeCount: z.number().int().optional(),
  repostCount: z.number().int().optional(),
  quoteCount: z.number().int().optional(),
  replyCount: z.number().int().optional(),
});
const feedItemSchema = z.looseObject({ post: feedPostSchema, reason: z.unknown().optional() });

/** The post's format from its record's embed: images (several: a carousel), a video, a link card; a quote alone is text. */
export function blueskyFormatOf(embed: z.infer<typeof embedSchema> | undefined): PostFormat {
  const media = embed?.$type === "app.bsky.embed.recordWithMedia" ? embed.media : embed;
  switch (media?.$type) {
    case "app.bsky.embed.images":
      return (media.images?.length ?? 0) > 1 ? "carousel" : "image";
    case "app.bsky.embed.video":
      return "video";
    case "app.bsky.embed.external":
      return "link";
    default:
      return "text";
  }
}

/** The record's time, unless it claims one after the AppView indexed it (as in search.ts). */
function publishedAtOf(createdAt: string, indexedAt: string): string {
  const created = Date.parse(createdAt);
  const indexed = Date.parse(indexedAt);
  const t = Number.isNaN(created) ? indexed : Number.isNaN(indexed) ? created : Math.min(created, indexed);
  return new Date(Number.isNaN(t) ? 0 : t).toISOString();
}

export async function fetchBlueskyPublicPage(agent: Agent, page: string, since: Date): Promise<PublicPage> {
  const actor = normalizeBlueskyPage(page);
  if (!actor) throw new PublicPageNotFoundError(`"${page}" is not a Bluesky handle: paste it as name.bsky.social or the profile's address.`);
  let profile: z.infer<typeof profileSchema>;
  try {
    profile = profileSchema.parse((await agent.app.bsky.actor.getProfile({ actor })).data);
  } catch (err) {
    // The AppView answers 400 InvalidRequest "Profile not found" (or the account's takedown state) for a missing actor.
    if (err instanceof XRPCError && err.status === 400) throw new PublicPageNotFoundError(`Bluesky has no public profile @${actor} (${err.message || err.error}).`, { cause: err });
    throw err;
  }
  const posts: PublicPost[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const res = await agent.app.bsky.feed.getAuthorFeed({ actor: profile.did, filter: "posts_no_replies", limit: pageLimit, ...(cursor ? { cursor } : {}) });
    let older = false;
    for (const raw of res.data.feed) {
      const item = feedItemSchema.safeParse(raw);
      if (!item.success || item.data.reason !== undefined || item.data.post.author.did !== profile.did) continue;
      const { post } = item.data;
      const record = recordSchema.safeParse(post.record);
      if (!record.success) continue;
      const publishedAt = publishedAtOf(record.data.createdAt, post.indexedAt);
      if (publishedAt < since.toISOString()) {
        older = true;
        continue;
      }
      posts.push({
        externalId: encodeExternalId(post),
        url: postUrl(profile.handle, post.uri.split("/").pop() ?? ""),
        publishedAt,
        text: record.data.text,
        format: blueskyFormatOf(record.data.embed),
        likes: post.likeCount ?? 0,
        comments: post.replyCount ?? 0,
        reposts: (post.repostCount ?? 0) + (post.quoteCount ?? 0),
        views: null,
      });
    }
    cursor = res.data.cursor;
    if (older || !cursor || res.data.feed.length === 0) break;
  }
  return {
    profile: {
      externalId: profile.did,
      handle: profile.handle,
      name: profile.displayName?.trim() || profile.handle,
      url: `https://bsky.app/profile/${encodeURIComponent(profile.handle)}`,
      followers: profile.followersCount ?? null,
      following: profile.followsCount ?? null,
      posts: profile.postsCount ?? null,
    },
    posts,
  };
}
