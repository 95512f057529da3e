/**
 * Who took part in one of the account's Bluesky posts, for giveaways, read through the PDS (which
 * proxies app.bsky.* to the AppView):
 *
 * 1. app.bsky.feed.getRepostedBy, 100 a page, to the end: the reposters.
 * 2. app.bsky.feed.getPostThread with depth 1000: everyone who replied anywhere in the thread
 *    (a reply to a reply counts as a comment). Replies the account hid stay in the thread the
 *    AppView returns to the account, and count: hiding is moderation, not exclusion.
 * 3. app.bsky.graph.getRelationships, 30 others a call, with the account as actor: `followedBy`
 *    says the other follows the account.
 * 4. app.bsky.actor.getProfiles, 25 a call: counts, avatar and creation time for the bot score.
 *    lastActiveAt is left null (unknown): one feed request per entrant is not worth it here.
 *
 * People are keyed by DID, so a handle changed mid-giveaway is still one person. Quotes are not
 * reposts here: Bluesky lists them separately, and a giveaway's "repost" means the repost button.
 */
import type { Agent } from "@atproto/api";
import { z } from "zod";
import type { PostParticipant, RemoteFollower } from "../types.js";
import { decodeExternalId } from "./client.js";

const pageSize = 100;
const relationshipsBatch = 30;
const profilesBatch = 25;
/** Far past any real giveaway; a safety stop for paging. */
const maxPeople = 20_000;

const actorSchema = z.looseObject({ did: z.string().startsWith("did:"), handle: z.string(), displayName: z.string().optional() });
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
const relationshipSchema = z.looseObject({ did: z.string(), followedBy: z.string().optional() });

type Person = { did: string; handle: string; name: string; reposted: boolean; commented: boolean };

/** Authors of every reply under a thread view node, depth first. */
function replyAuthors(node: unknown, out: z.infer<typeof actorSchema>[]): void {
  if (!node || typeof node !== "object") return;
  const replies = (node as { replies?: unknown }).replies;
  if (!Array.isArray(replies)) return;
  for (const reply of replies) {
    const author = actorSchema.safeParse((reply as { post?: { author?: unknown } } | null)?.post?.author);
    if (author.success) out.push(author.data);
    replyAuthors(reply, out);
  }
}

const isoOrEmpty = (value: string | undefined): string => {
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : "";
};

export async function blueskyPostParticipants(agent: Agent, accountDid: string, postExternalId: string): Promise<PostParticipant[]> {
  const { uri } = decodeExternalId(postExternalId);
  const people = new Map<string, Person>();
  const take = (a: z.infer<typeof actorSchema>): Person => {
    let p = people.get(a.did);
    if (!p) {
      p = { did: a.did, handle: a.handle, name: a.displayName?.trim() ?? "", reposted: false, commented: false };
      people.set(a.did, p);
    }
    return p;
  };

  let cursor: string | undefined;
  do {
    const res = await agent.app.bsky.feed.getRepostedBy({ uri, limit: pageSize, ...(cursor ? { cursor } : {}) });
    for (const raw of res.data.repostedBy) {
      const a = actorSchema.safeParse(raw);
      if (a.success) take(a.data).reposted = true;
    }
    cursor = res.data.repostedBy.length > 0 ? res.data.cursor : undefined;
  } while (cursor && people.size < maxPeople);

  const thread = await agent.app.bsky.feed.getPostThread({ uri, depth: 1000, parentHeight: 0 });
  const authors: z.infer<typeof actorSchema>[] = [];
  replyAuthors(thread.data.thread, authors);
  for (const a of authors) take(a).commented = true;

  const dids = [...people.keys()];
  const follows = new Map<string, boolean>();
  for (let i = 0; i < dids.length; i += relationshipsBatch) {
    const res = await agent.app.bsky.graph.getRelationships({ actor: accountDid, others: dids.slice(i, i + relationshipsBatch) });
    for (const raw of res.data.relationships) {
      const r = relationshipSchema.safeParse(raw);
      if (r.success) follows.set(r.data.did, Boolean(r.data.followedBy));
    }
  }
  const profiles = new Map<string, RemoteFollower>();
  for (let i = 0; i < dids.length; i += profilesBatch) {
    const res = await agent.app.bsky.actor.getProfiles({ actors: dids.slice(i, i + profilesBatch) });
    for (const raw of res.data.profiles) {
      const p = profileSchema.safeParse(raw);
      if (!p.success) continue;
      profiles.set(p.data.did, {
        handle: p.data.handle,
        name: p.data.displayName?.trim() ?? "",
        hasAvatar: Boolean(p.data.avatar),
        posts: p.data.postsCount ?? 0,
        followers: p.data.followersCount ?? 0,
        following: p.data.followsCount ?? 0,
        createdAt: isoOrEmpty(p.data.createdAt),
        lastActiveAt: null,
      });
    }
  }
  return [...people.values()].map((p) => ({
    id: p.did,
    handle: p.handle,
    name: p.name,
    reposted: p.reposted,
    commented: p.commented,
    follows: p.did === accountDid ? false : (follows.get(p.did) ?? null),
    profile: profiles.get(p.did) ?? null,
  }));
}
