/**
 * Who took part in a Sandbox post, for giveaways: the people who commented it (the same simulated
 * comments the inbox reads, minus those deleted by their authors or by the account), the account's
 * own replies under it, and its reposters. Like everything in the Sandbox it is a pure function of
 * the account, the post and the moment asked about, so a later reading only adds people.
 *
 * Reposters: the post's repost counter at that moment (audience.ts), the i-th reposter always the
 * same: a bot with the account's bot share; else, four times in ten, someone who also commented
 * (people who comment a giveaway often repost it too); else another person. Whether someone
 * follows the account is a stable trait of the pair (bots follow almost always: that is what they
 * are bought for), and each person has one public profile, bots looking like bots (as in
 * sampleFollowers), for the bot score.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import { ConnectorError, type PostParticipant, type RemoteFollower } from "../types.js";
import { type Audience, postMetricsAt, type SandboxPost } from "./audience.js";
import { commentsOfPost, lifeOf } from "./comments.js";
import { botHandle, botNames, people } from "./people.js";
import { between, intBetween, logNormal, pick, rngFor } from "./random.js";

const dayMs = 86_400_000;
const isBotHandle = (handle: string): boolean => /^id\d{8}$/.test(handle);

/** One person's public profile on the Sandbox, the same whenever asked (relative to `at`). */
export function sandboxProfile(handle: string, name: string, at: Date): RemoteFollower {
  const rng = rngFor("profile", handle);
  const daysAgo = (min: number, max: number) => new Date(at.getTime() - between(rng, min, max) * dayMs).toISOString();
  if (isBotHandle(handle)) {
    const createdAt = daysAgo(2, 90);
    return {
      handle,
      name,
      hasAvatar: rng() < 0.1,
      posts: rng() < 0.9 ? 0 : intBetween(rng, 1, 3),
      followers: intBetween(rng, 0, 20),
      following: intBetween(rng, 800, 7500),
      createdAt,
      lastActiveAt: rng() < 0.6 ? null : createdAt,
    };
  }
  return {
    handle,
    name,
    hasAvatar: rng() < 0.9,
    posts: Math.round(60 * logNormal(rng, 1)),
    followers: Math.round(150 * logNormal(rng, 0.8)),
    following: Math.round(180 * logNormal(rng, 0.6)),
    createdAt: daysAgo(200, 3000),
    lastActiveAt: daysAgo(0, 20),
  };
}

export const sandboxFollows = (account: string, handle: string): boolean => rngFor(account, "follows", handle)() < (isBotHandle(handle) ? 0.95 : 0.75);

type Person = { handle: string; name: string; reposted: boolean; commented: boolean };

export async function sandboxPostParticipants(db: Kysely<Database>, a: Audience, postExternalId: string, at: Date): Promise<PostParticipant[]> {
  const row = await db
    .selectFrom("sandbox_posts")
    .select(["id", "format", "published_at as publishedAt"])
    .where("id", "=", postExternalId)
    .where("account", "=", a.handle)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new ConnectorError("invalid_content", `Sandbox: @${a.handle} has no post ${postExternalId} (it was deleted, or is another account's).`);
  const post: SandboxPost = row;
  const atIso = at.toISOString();
  const removed = new Set(
    (await db.selectFrom("sandbox_moderation").select("comment_external_id").where("account", "=", a.handle).where("action", "=", "deleted").where("at", "<=", atIso).execute()).map((m) => m.comment_external_id),
  );
  const everyComment = commentsOfPost(a, post);
  const people_ = new Map<string, Person>();
  const take = (handle: string, name: string): Person => {
    let p = people_.get(handle);
    if (!p) {
      p = { handle, name, reposted: false, commented: false };
      people_.set(handle, p);
    }
    return p;
  };
  for (const c of everyComment) {
    if (c.occurredAt > atIso || removed.has(c.externalId)) continue;
    const change = lifeOf(c).change;
    if (change?.kind === "deleted" && change.at <= atIso) continue;
    take(c.authorHandle, c.authorName).commented = true;
  }
  const ownReplies = await db
    .selectFrom("sandbox_replies")
    .select("id")
    .where("account", "=", a.handle)
    .where("created_at", "<=", atIso)
    .where((eb) => eb.or([eb("parent_external_id", "=", post.id), eb("parent_external_id", "like", `${post.id}-c%`)]))
    .executeTakeFirst();
  if (ownReplies) take(a.handle, a.handle).commented = true;

  const humans = everyComment.filter((c) => !c.bot);
  const reposts = postMetricsAt(a, post, at).reposts;
  for (let i = 0; i < reposts; i++) {
    const rng = rngFor(a.handle, post.id, "reposter", i);
    if (rng() < a.botShare) {
      take(botHandle(intBetween(rng, 10_000_000, 99_999_999)), pick(rng, botNames)).reposted = true;
    } else if (humans.length > 0 && rng() < 0.4) {
      const c = pick(rng, humans);
      take(c.authorHandle, c.authorName).reposted = true;
    } else {
      const [name, handle] = pick(rng, pick(rng, [people.ru, people.uk, people.en]));
      take(`${handle}${intBetween(rng, 1, 99)}`, name).reposted = true;
    }
  }
  return [...people_.values()].map((p) => ({
    id: p.handle,
    handle: p.handle,
    name: p.name,
    reposted: p.reposted,
    commented: p.commented,
    follows: p.handle === a.handle ? false : sandboxFollows(a.handle, p.handle),
    profile: sandboxProfile(p.handle, p.name, at),
  }));
}
