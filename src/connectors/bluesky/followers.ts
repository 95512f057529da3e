/**
 * A sample of an account's followers for the audience audit (domain/bot-score.ts), read through
 * the PDS, which proxies app.bsky.* to the AppView:
 *
 * 1. app.bsky.graph.getFollowers, 100 a page, newest follow first, until the list ends or
 *    `maxScan` followers (5,000 by default) have been read.
 * 2. From those, `size` spread evenly over the list (every k-th: systematic sampling), so a sample
 *    of an account with up to `maxScan` followers covers old and new followers alike. For a bigger
 *    account the sample comes from its `maxScan` most recent followers only (the audit says so).
 * 3. app.bsky.actor.getProfiles, 25 actors a call, for the counts getFollowers does not give
 *    (posts, followers, follows), the avatar and the account's creation time. An actor it does not
 *    return (deactivated, taken down) is left out of the sample.
 * 4. lastActiveAt: the newest item of app.bsky.feed.getAuthorFeed (limit 1, no pinned post) — a
 *    post or a repost. One request per follower is affordable: only followers who have posted are
 *    asked (the others have no feed: null without a request), four at a time, so a sample of 1,000
 *    costs at most about 1,100 requests, well within the PDS's budget of 3,000 per five minutes.
 *    Likes and follows are not visible this way: a follower who only likes has lastActiveAt null.
 *    A feed the AppView refuses for one actor (blocked, taken down) leaves that follower's null.
 *
 * A follower without a display name gets name "" (the audit counts a missing name). createdAt is
 * the profile view's: bsky.social's AppView gives the account's creation time; a self-hosted
 * AppView (and the local test network) gives the profile record's createdAt, which the Bluesky app
 * writes and other clients may not. Unknown is "": the audit then skips the rules that need it.
 */
import { type Agent, XRPCError } from "@atproto/api";
import { z } from "zod";
import type { RemoteFollower } from "../types.js";

/** app.bsky.graph.getFollowers takes at most 100. */
export const maxFollowersPage = 100;
/** app.bsky.actor.getProfiles takes at most 25 actors. */
const profilesBatch = 25;
const feedConcurrency = 4;
export const defaultMaxScan = 5000;

const followerSchema = z.looseObject({ did: z.string().startsWith("did:"), handle: z.string() });
const profileSchema = z.looseObject({
  did: z.string(),
  handle: z.string(),
  displayName: z.string().optional(),
  avatar: z.string().optional(),
  followersCount: z.number().int().optional(),
  followsCount: z.number().int().optional(),
  postsCount: z.number().int().optional(),
  createdAt: z.string().optional(),
});
const feedItemSchema = z.looseObject({
  post: z.looseObject({ indexedAt: z.string(), record: z.looseObject({ createdAt: z.string().optional() }).optional() }),
  reason: z.looseObject({ $type: z.string().optional(), indexedAt: z.string().optional() }).optional(),
});

/** Every k-th of `items`, so `size` of them spread evenly from the first to the last. */
export function spreadEvenly<T>(items: readonly T[], size: number): T[] {
  if (size >= items.length) return [...items];
  if (size <= 0) return [];
  return Array.from({ length: size }, (_, i) => items[Math.floor((i * items.length) / size)]!);
}

const isoOrEmpty = (value: string | undefined): string => {
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : "";
};

/** When the newest item of the feed happened: a repost when reposted, else the post (its claimed time, unless after indexing). */
function itemTime(raw: unknown): string | null {
  const item = feedItemSchema.safeParse(raw);
  if (!item.success) return null;
  const reposted = item.data.reason?.indexedAt;
  if (reposted && Number.isFinite(Date.parse(reposted))) return new Date(reposted).toISOString();
  const indexed = Date.parse(item.data.post.indexedAt);
  const created = Date.parse(item.data.post.record?.createdAt ?? "");
  const t = Number.isFinite(created) && Number.isFinite(indexed) ? Math.min(created, indexed) : Number.isFinite(indexed) ? indexed : created;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

async function lastActivity(agent: Agent, did: string): Promise<string | null> {
  try {
    const res = await agent.app.bsky.feed.getAuthorFeed({ actor: did, limit: 1, includePins: false });
    return res.data.feed.length > 0 ? itemTime(res.data.feed[0]) : null;
  } catch (err) {
    // One follower's feed refused (blocked, taken down, gone): that follower's activity is unknown.
    if (err instanceof XRPCError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429) return null;
    throw err;
  }
}

export async function sampleBlueskyFollowers(
  agent: Agent,
  did: string,
  size: number,
  opts: { pageSize?: number; maxScan?: number } = {},
): Promise<RemoteFollower[]> {
  const pageSize = Math.min(maxFollowersPage, Math.max(1, opts.pageSize ?? maxFollowersPage));
  const maxScan = Math.max(size, opts.maxScan ?? defaultMaxScan);
  const seen = new Set<string>();
  const listed: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await agent.app.bsky.graph.getFollowers({ actor: did, limit: pageSize, ...(cursor ? { cursor } : {}) });
    for (const raw of res.data.followers) {
      const f = followerSchema.safeParse(raw);
      if (f.success && !seen.has(f.data.did)) {
        seen.add(f.data.did);
        listed.push(f.data.did);
      }
    }
    // A page may come back short and still have more; an empty page or no cursor ends the list.
    cursor = res.data.followers.length > 0 ? res.data.cursor : undefined;
  } while (cursor && listed.length < maxScan);

  const chosen = spreadEvenly(listed.slice(0, maxScan), size);
  const profiles = new Map<string, z.infer<typeof profileSchema>>();
  for (let i = 0; i < chosen.length; i += profilesBatch) {
    const res = await agent.app.bsky.actor.getProfiles({ actors: chosen.slice(i, i + profilesBatch) });
    for (const raw of res.data.profiles) {
      const p = profileSchema.safeParse(raw);
      if (p.success) profiles.set(p.data.did, p.data);
    }
  }
  const present = chosen.map((d) => profiles.get(d)).filter((p): p is z.infer<typeof profileSchema> => p !== undefined);

  const activity = new Map<string, string | null>();
  const posters = present.filter((p) => (p.postsCount ?? 0) > 0);
  for (let i = 0; i < posters.length; i += feedConcurrency) {
    const batch = posters.slice(i, i + feedConcurrency);
    const times = await Promise.all(batch.map((p) => lastActivity(agent, p.did)));
    for (const [k, p] of batch.entries()) activity.set(p.did, times[k] ?? null);
  }

  return present.map((p) => ({
    handle: p.handle,
    name: p.displayName?.trim() ?? "",
    hasAvatar: Boolean(p.avatar),
    posts: p.postsCount ?? 0,
    followers: p.followersCount ?? 0,
    following: p.followsCount ?? 0,
    createdAt: isoOrEmpty(p.createdAt),
    lastActiveAt: activity.get(p.did) ?? null,
  }));
}
