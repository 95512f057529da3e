/**
 * The Sandbox: a simulated social network built into Chorus, for trying the product, demos and
 * tests without a real account. It is always labelled "Sandbox" and its URLs use a sandbox://
 * scheme, so nothing it produces can be mistaken for a real post. Published posts live in the
 * sandbox_posts table ("the network's" storage); audience, metrics and comments are computed from
 * a seeded model (audience.ts, comments.ts) at the moment asked about.
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import {
  type ChannelContext,
  type Connector,
  ConnectorError,
  type ContentProblem,
  type Limits,
  type CommentPage,
  type VariantInput,
} from "../types.js";
import {
  accrualHours,
  type Audience,
  connectSchema,
  credentialsSchema,
  followersAt,
  followingOf,
  postMetricsAt,
  type SandboxPost,
  sampleFollowers,
} from "./audience.js";
import { incidentAtOf, searchChatter } from "./chatter.js";
import { sandboxPostParticipants } from "./participants.js";
import { fetchSandboxPublicPage } from "./public-page.js";
import { type CommentEvent, type CommentLife, commentsOfPost, dayOf, directItemsOfDay, eventsAt, isDirectItemOf, lifecycleHours, lifeOf } from "./comments.js";

const limits: Limits = {
  maxLength: 2000,
  lengthUnit: "graphemes",
  maxMedia: 4,
  mediaTypes: ["image/jpeg", "image/png", "image/gif", "video/mp4"],
  maxMediaBytes: 20 * 1024 * 1024,
};

const commentsPageSize = 50;
const maxFollowerSample = 10_000;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const graphemeCount = (text: string): number => {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
};

export function validateSandboxVariant(variant: VariantInput): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const length = graphemeCount(variant.text);
  if (length > limits.maxLength) {
    problems.push({
      field: "text",
      message: `The text is ${length} characters long; Sandbox allows ${limits.maxLength}. Shorten it by ${length - limits.maxLength}.`,
    });
  }
  if (variant.text.trim() === "" && variant.media.length === 0) {
    problems.push({ field: "text", message: "Write some text or attach media: an empty post cannot be published." });
  }
  if (variant.media.length > limits.maxMedia) {
    problems.push({
      field: "media",
      message: `${variant.media.length} media files attached; Sandbox allows ${limits.maxMedia} per post.`,
    });
  }
  variant.media.forEach((m, i) => {
    if (!limits.mediaTypes.includes(m.type)) {
      problems.push({
        field: `media.${i}`,
        message: `${m.type} is not supported; use JPEG, PNG, GIF or MP4.`,
      });
    }
    if (m.bytes > limits.maxMediaBytes) {
      problems.push({
        field: `media.${i}`,
        message: `The file is ${(m.bytes / 1024 / 1024).toFixed(1)} MB; Sandbox accepts up to 20 MB per file.`,
      });
    }
  });
  return problems;
}

/** The post id is derived from account and idempotency key, so a replayed demo gets the same ids. */
const postIdFor = (account: string, idempotencyKey: string): string =>
  crypto.createHash("sha256").update(`${account}\u0000${idempotencyKey}`).digest("hex").slice(0, 24);

/** Deliberately not http(s): a sandbox post must never look like a real link. */
const postUrl = (account: string, id: string): string => `sandbox://${account}/posts/${id}`;

function audienceOf(channel: ChannelContext): Audience {
  const parsed = credentialsSchema.safeParse(channel.credentials);
  if (!parsed.success) {
    throw new ConnectorError("revoked", "The Sandbox account settings are unreadable. Reconnect the channel.", {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** failMode lets a user rehearse error handling: every call to the account fails that way. */
function simulateFailure(a: Audience): void {
  switch (a.failMode) {
    case "none":
      return;
    case "auth_expired":
      throw new ConnectorError("auth_expired", "Sandbox (simulated): the session has expired. Reconnect the channel.");
    case "rate_limited":
      throw new ConnectorError("rate_limited", "Sandbox (simulated): too many requests. Try again in a minute.", {
        retryAfter: 60,
      });
    case "transient":
      throw new ConnectorError("transient", "Sandbox (simulated): the network is temporarily unavailable.");
  }
}

type CommentCursor = { at: string; id: string };
const encodeCursor = (c: CommentCursor): string => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(cursor: string): CommentCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<CommentCursor>;
    if (typeof c.at === "string" && typeof c.id === "string") return { at: c.at, id: c.id };
  } catch {
    // fall through to the error below
  }
  throw new ConnectorError("invalid_content", "The Sandbox comments cursor is not valid.");
}
/** Comments are ordered by (time, id); the same pair is the cursor. */
const compareKeys = (x: CommentCursor, y: CommentCursor): number =>
  x.at !== y.at ? (x.at < y.at ? -1 : 1) : x.id === y.id ? 0 : x.id < y.id ? -1 : 1;

/**
 * `now` is the network's clock: posts are stamped with it and follower samples are relative to it.
 * Production uses the real clock; the demo moves it back in time to build a month of history.
 */
export function createSandboxConnector({ db, now = () => new Date() }: { db: Kysely<Database>; now?: () => Date }): Connector {
  // A post's comments are a pure function of the audience and the post; paging reads the same
  // recent posts again and again, so the generated comments are kept for the most recent posts.
  const lives = new Map<string, CommentLife[]>();
  const livesOf = (a: Audience, post: SandboxPost): CommentLife[] => {
    const key = `${JSON.stringify(a)}\u0000${post.id}\u0000${post.publishedAt}\u0000${post.format}`;
    let found = lives.get(key);
    if (!found) {
      found = commentsOfPost(a, post).map(lifeOf);
      if (lives.size >= 2000) lives.delete(lives.keys().next().value as string);
      lives.set(key, found);
    }
    return found;
  };

  /** Hiding and deleting a comment of one of the account's live posts; deleted stays deleted. */
  async function moderate(channel: ChannelContext, commentExternalId: string, action: "hidden" | "deleted") {
    const a = audienceOf(channel);
    simulateFailure(a);
    if (isDirectItemOf(a.handle, commentExternalId)) {
      throw new ConnectorError("invalid_content", "Sandbox: only comments under the account's own posts can be hidden or deleted; a mention or a message belongs to its author.");
    }
    const post = await db
      .selectFrom("sandbox_posts")
      .select("id")
      .where("id", "=", commentExternalId.replace(/-c\d+$/, ""))
      .where("account", "=", a.handle)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!post) throw new ConnectorError("invalid_content", `Sandbox: the comment ${commentExternalId} no longer exists on @${a.handle}.`);
    const at = now().toISOString();
    await db
      .insertInto("sandbox_moderation")
      .values({ account: a.handle, comment_external_id: commentExternalId, action, at })
      .onConflict((oc) => {
        const target = oc.columns(["account", "comment_external_id"]);
        // Hiding a comment twice, or one already deleted, changes nothing; deleting always wins.
        return action === "deleted" ? target.doUpdateSet({ action, at }) : target.doNothing();
      })
      .execute();
  }

  return {
    network: "sandbox",
    displayName: "Sandbox",
    simulated: true,
    publicPageChannel: "none",
    capabilities: {
      publish: true,
      delete: true,
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
    },
    limits,
    connectSchema,

    async connect(input) {
      const params = connectSchema.parse(input);
      return {
        externalId: `sandbox:${params.handle}`,
        handle: params.handle,
        name: `${params.handle} (Sandbox)`,
        credentials: { ...params, connectedAt: now().toISOString() },
      };
    },

    validate: validateSandboxVariant,

    async publish(channel, variant, idempotencyKey) {
      const a = audienceOf(channel);
      simulateFailure(a);
      const problems = validateSandboxVariant(variant);
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      // Race-safe idempotency: the unique key decides which insert wins, and everyone re-reads it.
      await db
        .insertInto("sandbox_posts")
        .values({
          id: postIdFor(a.handle, idempotencyKey),
          account: a.handle,
          idempotency_key: idempotencyKey,
          text: variant.text,
          format: variant.format,
          media_count: variant.media.length,
          published_at: now().toISOString(),
          deleted_at: null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const stored = await db
        .selectFrom("sandbox_posts")
        .select(["id", "account", "published_at"])
        .where("idempotency_key", "=", idempotencyKey)
        .executeTakeFirstOrThrow();
      if (stored.account !== a.handle) {
        throw new ConnectorError("invalid_content", "This idempotency key was already used by another Sandbox account.");
      }
      return { externalId: stored.id, url: postUrl(stored.account, stored.id), publishedAt: stored.published_at };
    },

    async findPublished(channel, idempotencyKey) {
      const a = audienceOf(channel);
      simulateFailure(a);
      const stored = await db
        .selectFrom("sandbox_posts")
        .select(["id", "account", "published_at"])
        .where("idempotency_key", "=", idempotencyKey)
        .where("account", "=", a.handle)
        .executeTakeFirst();
      return stored ? { externalId: stored.id, url: postUrl(stored.account, stored.id), publishedAt: stored.published_at } : null;
    },

    async checkHealth(channel) {
      const a = audienceOf(channel);
      try {
        simulateFailure(a);
        return { ok: true, message: null, expiresAt: null, rateLimit: null };
      } catch (err) {
        return { ok: false, message: (err as Error).message, expiresAt: null, rateLimit: null };
      }
    },

    async delete(channel, externalId) {
      const a = audienceOf(channel);
      simulateFailure(a);
      const post = await db
        .selectFrom("sandbox_posts")
        .select("id")
        .where("id", "=", externalId)
        .where("account", "=", a.handle)
        .executeTakeFirst();
      if (!post) throw new ConnectorError("invalid_content", `Sandbox has no post ${externalId} on @${a.handle}.`);
      await db
        .updateTable("sandbox_posts")
        .set({ deleted_at: now().toISOString() })
        .where("id", "=", externalId)
        .where("deleted_at", "is", null)
        .execute();
    },

    /** Deleted and unknown posts are left out of the answer, as a real network answers 404. */
    async fetchPostMetrics(channel, externalIds, at = now()) {
      const a = audienceOf(channel);
      simulateFailure(a);
      if (externalIds.length === 0) return [];
      const rows = await db
        .selectFrom("sandbox_posts")
        .select(["id", "format", "published_at as publishedAt"])
        .where("account", "=", a.handle)
        .where("deleted_at", "is", null)
        .where("id", "in", externalIds)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return externalIds.flatMap((id) => {
        const post = byId.get(id);
        return post ? [postMetricsAt(a, post, at)] : [];
      });
    },

    async fetchChannelStats(channel, at = now()) {
      const a = audienceOf(channel);
      simulateFailure(a);
      const row = await db
        .selectFrom("sandbox_posts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("account", "=", a.handle)
        .where("published_at", "<=", at.toISOString())
        .where((eb) => eb.or([eb("deleted_at", "is", null), eb("deleted_at", ">", at.toISOString())]))
        .executeTakeFirst();
      return { followers: followersAt(a, at), following: followingOf(a), posts: Number(row?.n ?? 0) };
    },

    /**
     * What happened on the account up to `at`, oldest first: comments on its live posts (some in
     * threads), their authors' edits and deletions, mentions of the account and messages to it. The
     * cursor is the last event returned (time, id): events are generated in time order, so a later
     * fetch from the same cursor returns exactly the ones that came since.
     */
    async fetchComments(channel, cursor, at = now()): Promise<CommentPage> {
      const a = audienceOf(channel);
      simulateFailure(a);
      const after = cursor ? decodeCursor(cursor) : null;
      let query = db
        .selectFrom("sandbox_posts")
        .select(["id", "format", "published_at as publishedAt"])
        .where("account", "=", a.handle)
        .where("deleted_at", "is", null)
        .where("published_at", "<=", at.toISOString());
      if (after) {
        // A post's comments all arrive within accrualHours and change within lifecycleHours after, so older posts have nothing new.
        const oldest = new Date(Date.parse(after.at) - (accrualHours + lifecycleHours) * 3_600_000).toISOString();
        query = query.where("published_at", ">=", oldest);
      }
      const posts: SandboxPost[] = await query.orderBy("published_at").orderBy("id").execute();
      const atIso = at.toISOString();
      const isNew = (e: CommentEvent) => e.at <= atIso && (!after || compareKeys(e, after) > 0);
      // Posts are taken in publishing order and the scan stops once a full page is certain: a post
      // published at P has no event before P, so events found earlier than the next post's P
      // cannot be overtaken. This keeps a page's cost proportional to the page, not the account.
      const found: CommentEvent[] = [];
      for (const [i, post] of posts.entries()) {
        for (const life of livesOf(a, post)) for (const e of eventsAt(life, atIso)) if (isNew(e)) found.push(e);
        const next = posts[i + 1];
        if (next && found.filter((e) => e.at < next.publishedAt).length > commentsPageSize) break;
      }
      // Mentions and messages do not hang on posts: every day since the account was connected (or the cursor) is looked at.
      const firstDay = Math.max(dayOf(a.connectedAt) - 1, after ? dayOf(after.at) : 0, dayOf(atIso) - 400);
      for (let day = firstDay; day <= dayOf(atIso); day++) {
        for (const item of directItemsOfDay(a, day)) for (const e of eventsAt(lifeOf(item), atIso)) if (isNew(e)) found.push(e);
      }
      const pending = found.sort(compareKeys);
      const page = pending.slice(0, commentsPageSize);
      const last = page[page.length - 1];
      const more = pending.length > commentsPageSize;
      return { items: page.map((e) => e.item), cursor: more && last ? encodeCursor({ at: last.at, id: last.id }) : null };
    },

    /**
     * Replies live in sandbox_replies ("the network's" storage), read back with sandboxReplies().
     * A parent that is neither a comment of one of the account's live posts nor a post is refused,
     * as a real network refuses an answer to a deleted comment.
     */
    async reply(channel, parentExternalId, text, opts = {}) {
      const a = audienceOf(channel);
      simulateFailure(a);
      const length = graphemeCount(text);
      if (text.trim() === "") throw new ConnectorError("invalid_content", "Sandbox refuses an empty reply.");
      if (length > limits.maxLength) {
        throw new ConnectorError("invalid_content", `The reply is ${length} characters long; Sandbox allows ${limits.maxLength}.`);
      }
      const postId = parentExternalId.replace(/-c\d+$/, "");
      const post = isDirectItemOf(a.handle, parentExternalId)
        ? { id: parentExternalId }
        : await db.selectFrom("sandbox_posts").select("id").where("id", "=", postId).where("account", "=", a.handle).where("deleted_at", "is", null).executeTakeFirst();
      if (!post) throw new ConnectorError("invalid_content", `Sandbox: the comment ${parentExternalId} no longer exists on @${a.handle} (its post was deleted).`);
      const key = opts.idempotencyKey ?? crypto.randomUUID();
      await db
        .insertInto("sandbox_replies")
        .values({ id: postIdFor(a.handle, `reply\u0000${key}`), account: a.handle, parent_external_id: parentExternalId, idempotency_key: key, text, created_at: now().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const stored = await db.selectFrom("sandbox_replies").select(["id", "account"]).where("idempotency_key", "=", key).executeTakeFirstOrThrow();
      return { externalId: stored.id, url: `sandbox://${stored.account}/comments/${parentExternalId}/replies/${stored.id}` };
    },

    async hide(channel, commentExternalId) {
      await moderate(channel, commentExternalId, "hidden");
    },

    async deleteComment(channel, commentExternalId) {
      await moderate(channel, commentExternalId, "deleted");
    },

    async like(channel, commentExternalId) {
      const a = audienceOf(channel);
      simulateFailure(a);
      const onPost = commentExternalId.replace(/-c\d+$/, "");
      const exists =
        isDirectItemOf(a.handle, commentExternalId) ||
        (onPost !== commentExternalId &&
          (await db.selectFrom("sandbox_posts").select("id").where("id", "=", onPost).where("account", "=", a.handle).where("deleted_at", "is", null).executeTakeFirst()) !== undefined);
      if (!exists) throw new ConnectorError("invalid_content", `Sandbox: the comment ${commentExternalId} no longer exists on @${a.handle}.`);
      // Liking twice is one like, as on every network.
      await db.insertInto("sandbox_likes").values({ account: a.handle, comment_external_id: commentExternalId, at: now().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
    },

    async sampleFollowers(channel, size) {
      const a = audienceOf(channel);
      simulateFailure(a);
      return sampleFollowers(a, Math.min(size, maxFollowerSample), now());
    },

    /** The simulated network's public chatter (chatter.ts); the channel's incidentAt adds its incident. */
    async search(channel, term, cursor, at = now()) {
      const a = audienceOf(channel);
      simulateFailure(a);
      return searchChatter({ term, cursor, at, incidentAt: incidentAtOf(channel.credentials) });
    },

    /** Another Sandbox account seen from outside (public-page.ts); no channel is needed. */
    async fetchPublicPage(_channel, page, opts = {}) {
      return fetchSandboxPublicPage(db, page, opts, now());
    },

    /** Commenters, the account's own replies and reposters of one of its posts (participants.ts). */
    async fetchPostParticipants(channel, postExternalId, opts = {}) {
      const a = audienceOf(channel);
      simulateFailure(a);
      return sandboxPostParticipants(db, a, postExternalId, opts.at ?? now());
    },
  };
}

/** The replies made on a Sandbox account, oldest first: what "the network" shows under its comments. */
export async function sandboxReplies(db: Kysely<Database>, account: string) {
  return db
    .selectFrom("sandbox_replies")
    .select(["id", "parent_external_id as parentExternalId", "text", "created_at as createdAt"])
    .where("account", "=", account)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Hidden and deleted comments of a Sandbox account: the network's moderation log. */
export async function sandboxModeration(db: Kysely<Database>, account: string) {
  return db.selectFrom("sandbox_moderation").select(["comment_external_id as commentExternalId", "action", "at"]).where("account", "=", account).orderBy("at").execute();
}

/** Comments a Sandbox account liked, oldest first. */
export async function sandboxLikes(db: Kysely<Database>, account: string) {
  return db.selectFrom("sandbox_likes").select(["comment_external_id as commentExternalId", "at"]).where("account", "=", account).orderBy("at").execute();
}
