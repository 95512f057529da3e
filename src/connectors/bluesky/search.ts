/**
 * Social listening on Bluesky: public posts matching one term, newest first, through
 * app.bsky.feed.searchPosts (sort "latest", up to 100 a page, the AppView's cursor continuing to
 * older posts). The PDS proxies the call to the AppView with the channel's session.
 *
 * How a term is sent: a word or a "quoted phrase" as it is (Bluesky's search service reads Lucene
 * syntax: a quoted phrase matches as a phrase); a #hashtag as q "#tag", which is what the Bluesky
 * app's hashtag page sends and what the search service turns into its tag filter. The lexicon's
 * `tag` parameter is not sent: it narrows q rather than replacing it (q is required), and servers
 * have been seen ignoring it. A word with a colon is quoted, so "from:x" or "lang:ru" is searched
 * for as text instead of being taken as one of the search service's filters.
 *
 * searchPosts gives each author's basic profile without counts: app.bsky.actor.getProfiles (25
 * actors a call) fills authorFollowers for the page's authors.
 */
import type { Agent } from "@atproto/api";
import { z } from "zod";
import type { Page, RemotePost } from "../types.js";
import { encodeExternalId, postUrl } from "./client.js";
import { authorSchema, followersSchema } from "./types.js";

/** app.bsky.feed.searchPosts takes at most 100. */
export const maxSearchLimit = 100;
/** app.bsky.actor.getProfiles takes at most 25 actors. */
const profilesBatch = 25;

const facetSchema = z.looseObject({ features: z.array(z.looseObject({ $type: z.string().optional(), uri: z.unknown().optional() })).default([]) });
const externalEmbedSchema = z.looseObject({ external: z.looseObject({ uri: z.string() }) });
/** The record fields listening reads: text, when, languages, and where its links are (facets, a link card). */
const searchRecordSchema = z.looseObject({
  text: z.string().default(""),
  createdAt: z.string(),
  langs: z.array(z.string()).optional(),
  facets: z.array(facetSchema).optional(),
  embed: z.looseObject({ $type: z.string().optional(), media: z.unknown().optional() }).optional(),
});
/** app.bsky.feed.defs#postView as a search result. */
const searchPostSchema = z.looseObject({
  uri: z.string().startsWith("at://"),
  cid: z.string().min(1),
  author: authorSchema,
  record: z.unknown(),
  indexedAt: z.string(),
  likeCount: z.number().int().optional(),
  repostCount: z.number().int().optional(),
  quoteCount: z.number().int().optional(),
  replyCount: z.number().int().optional(),
});
type SearchPost = z.infer<typeof searchPostSchema>;
type SearchRecord = z.infer<typeof searchRecordSchema>;

/** The q parameter for one listening term (see the module header). */
export function searchQueryFor(term: string): string {
  const t = term.trim();
  if (t.startsWith('"') || t.startsWith("#")) return t;
  return t.includes(":") ? `"${t.replace(/"/g, "")}"` : t;
}

/** Links in a post: facet links and the link card, each once, in that order. */
export function linksOf(record: SearchRecord): string[] {
  const links = new Set<string>();
  for (const facet of record.facets ?? []) {
    for (const f of facet.features) if (f.$type === "app.bsky.richtext.facet#link" && typeof f.uri === "string") links.add(f.uri);
  }
  // A link card on its own, or beside a quoted post (recordWithMedia).
  for (const embed of [record.embed, record.embed?.media]) {
    const card = externalEmbedSchema.safeParse(embed);
    if (card.success) links.add(card.data.external.uri);
  }
  return [...links];
}

/** The AppView's own ordering time: the record's createdAt, unless it claims a time after indexing. */
function occurredAt(record: SearchRecord, indexedAt: string): string {
  const created = Date.parse(record.createdAt);
  const indexed = Date.parse(indexedAt);
  const time = Number.isNaN(created) ? indexed : Number.isNaN(indexed) ? created : Math.min(created, indexed);
  return Number.isNaN(time) ? new Date(0).toISOString() : new Date(time).toISOString();
}

function toRemotePost(post: SearchPost, record: SearchRecord, followers: Map<string, number>): RemotePost {
  const { author } = post;
  // "handle.invalid" is what the AppView says when a handle no longer resolves; the DID always links.
  const profile = author.handle === "handle.invalid" ? author.did : author.handle;
  const links = linksOf(record);
  return {
    externalId: encodeExternalId(post),
    url: postUrl(profile, post.uri.split("/").pop() ?? ""),
    authorName: author.displayName?.trim() || author.handle,
    authorHandle: author.handle,
    authorFollowers: followers.get(author.did) ?? null,
    text: record.text,
    occurredAt: occurredAt(record, post.indexedAt),
    lang: record.langs?.[0] ?? null,
    likes: post.likeCount ?? 0,
    // Quotes count as reposts, as in fetchPostMetrics: Chorus has no separate counter.
    reposts: (post.repostCount ?? 0) + (post.quoteCount ?? 0),
    replies: post.replyCount ?? 0,
    ...(links.length > 0 ? { links } : {}),
  };
}

/** Followers of each DID, from app.bsky.actor.getProfiles; an author it does not return stays unknown. */
async function followersOf(agent: Agent, dids: string[]): Promise<Map<string, number>> {
  const followers = new Map<string, number>();
  const unique = [...new Set(dids)];
  for (let i = 0; i < unique.length; i += profilesBatch) {
    const res = await agent.app.bsky.actor.getProfiles({ actors: unique.slice(i, i + profilesBatch) });
    for (const raw of res.data.profiles) {
      const p = followersSchema.safeParse(raw);
      if (p.success && p.data.followersCount !== undefined) followers.set(p.data.did, p.data.followersCount);
    }
  }
  return followers;
}

/**
 * One page of posts matching `term`, newest first. The AppView may answer a short page (it drops
 * posts of blocked or hidden accounts after choosing the page) and still have more: only a page
 * without a cursor, or an empty one, ends the search. Posts whose record cannot be read are left out.
 */
export async function searchBlueskyPosts(agent: Agent, term: string, cursor: string | null, limit = maxSearchLimit): Promise<Page<RemotePost>> {
  const res = await agent.app.bsky.feed.searchPosts({
    q: searchQueryFor(term),
    sort: "latest",
    limit: Math.min(Math.max(1, limit), maxSearchLimit),
    ...(cursor ? { cursor } : {}),
  });
  const found: { post: SearchPost; record: SearchRecord }[] = [];
  for (const raw of res.data.posts) {
    const post = searchPostSchema.safeParse(raw);
    if (!post.success) continue;
    const record = searchRecordSchema.safeParse(post.data.record);
    if (record.success) found.push({ post: post.data, record: record.data });
  }
  const followers = found.length > 0 ? await followersOf(agent, found.map((f) => f.post.author.did)) : new Map<string, number>();
  const next = res.data.cursor && res.data.posts.length > 0 ? res.data.cursor : null;
  return { items: found.map((f) => toRemotePost(f.post, f.record, followers)), cursor: next };
}
