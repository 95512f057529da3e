/**
 * The Bluesky inbox, reading side (fetchComments): what people write to the account, as
 * RemoteComments, from two sources.
 *
 * - Threads. The account's own root posts of the last 14 days (at most 30) are read whole with
 *   app.bsky.feed.getPostThread: every reply at any depth by someone other than the account is an
 *   item, a "comment" under the post or a "reply" under a comment. A thread read to its end is named
 *   in the page's `complete`, so the inbox can mark the replies that vanished from it as deleted.
 * - Notifications. Mentions, quotes and replies to the account, newest first, down to the cursor's
 *   watermark. One in the account's own thread becomes the very item its thread gives (its refs come
 *   from the record), which also reaches threads older than the window; any other is a "mention"
 *   whose post is itself.
 *
 * The cursor (JSON, inboxCursorSchema) carries the notification watermark and when the threads were
 * last read. Threads are re-read on every call at least 30 s after the last reading, not on the
 * follow-up calls a caller makes within one run (it pages until a null cursor): those only look for
 * newer notifications. The cursor comes back null when nothing moved, as the contract asks.
 */
import { type Agent, XRPCError } from "@atproto/api";
import type { CommentPage, RemoteComment, RemoteItemKind } from "../types.js";
import { encodeExternalId, postUrl } from "./client.js";
import {
  type Author,
  feedItemSchema,
  followersSchema,
  type InboxCursor,
  type InboxPostView,
  inboxCursorSchema,
  notificationSchema,
  type PostValue,
  postValueSchema,
  threadNodeSchema,
} from "./types.js";

const threadWindowMs = 14 * 24 * 3_600_000;
const maxThreads = 30;
/** Replies this deep under the post are read; a thread that goes deeper is not claimed complete. */
const threadDepth = 10;
const threadConcurrency = 4;
/** app.bsky.feed.getAuthorFeed and app.bsky.notification.listNotifications take at most 100. */
const pageSize = 100;
/** Notification pages per call; a longer run continues in the next call through the cursor. */
const maxNotificationPages = 5;
/**
 * Notifications sort by min(createdAt, indexedAt), so a post whose author's clock runs behind sorts
 * slightly in the past: each pass reads this far below the watermark again (items are idempotent).
 */
const watermarkOverlapMs = 10 * 60_000;
const threadRereadMs = 30_000;
/** app.bsky.actor.getProfiles takes at most 25 actors. */
const profilesBatch = 25;
const notificationReasons = new Set(["mention", "quote", "reply"]);

/** An item before the author's followers are known (thread and notification views leave them out). */
type Draft = Omit<RemoteComment, "authorFollowers"> & { authorDid: string };

export async function fetchBlueskyComments(agent: Agent, did: string, cursor: string | null, now: Date): Promise<CommentPage> {
  const state = parseCursor(cursor, now);
  const readThreads = threadsDue(state, now);
  const threads = readThreads ? await readOwnThreads(agent, did, now) : { drafts: [], complete: [] };
  const notes = await readNotifications(agent, did, state);
  const threadsReadAt = readThreads ? now.toISOString() : state.threadsReadAt;
  const next: InboxCursor = notes.next
    ? { v: 1, mentionsSince: state.mentionsSince, threadsReadAt, notifications: notes.next, top: new Date(notes.top).toISOString() }
    : { v: 1, mentionsSince: new Date(Math.max(notes.top, Date.parse(state.mentionsSince))).toISOString(), threadsReadAt };
  const encoded = JSON.stringify(next);
  const byId = new Map<string, Draft>();
  for (const d of [...threads.drafts, ...notes.drafts]) if (!byId.has(d.externalId)) byId.set(d.externalId, d);
  return { items: await withFollowers(agent, [...byId.values()]), complete: threads.complete, cursor: encoded === cursor ? null : encoded };
}

/** A missing or unreadable cursor (an older format) starts over: what comes again is deduplicated. */
function parseCursor(cursor: string | null, now: Date): InboxCursor {
  if (cursor) {
    try {
      const parsed = inboxCursorSchema.safeParse(JSON.parse(cursor));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: start over.
    }
  }
  return { v: 1, mentionsSince: new Date(now.getTime() - threadWindowMs).toISOString(), threadsReadAt: null };
}

/** A reading time in the future (another process's clock) counts as stale. */
function threadsDue(state: InboxCursor, now: Date): boolean {
  if (!state.threadsReadAt) return true;
  const age = now.getTime() - Date.parse(state.threadsReadAt);
  return !(age >= 0 && age < threadRereadMs);
}

// ---- Threads ---------------------------------------------------------------------------------

async function readOwnThreads(agent: Agent, did: string, now: Date): Promise<{ drafts: Draft[]; complete: string[] }> {
  const roots = await listOwnRoots(agent, did, now);
  const drafts: Draft[] = [];
  const complete: string[] = [];
  for (let i = 0; i < roots.length; i += threadConcurrency) {
    const read = await Promise.all(roots.slice(i, i + threadConcurrency).map((root) => readThread(agent, did, root)));
    read.forEach((thread, j) => {
      drafts.push(...thread.drafts);
      if (thread.complete) complete.push(encodeExternalId(roots[i + j]!));
    });
  }
  return { drafts, complete };
}

/** The account's own top-level posts, newest first, within the window; reposts, pins and replies left out. */
async function listOwnRoots(agent: Agent, did: string, now: Date): Promise<InboxPostView[]> {
  const since = now.getTime() - threadWindowMs;
  const roots: InboxPostView[] = [];
  let cursor: string | undefined;
  for (;;) {
    const res = await agent.app.bsky.feed.getAuthorFeed({ actor: did, filter: "posts_no_replies", limit: pageSize, ...(cursor ? { cursor } : {}) });
    for (const raw of res.data.feed) {
      const { post, reason } = feedItemSchema.parse(raw);
      const value = postValueSchema.safeParse(post.record);
      if (reason !== undefined || post.author.did !== did || !value.success || value.data.reply) continue;
      // The feed is ordered by this time, so the first older post ends the window.
      if (sortTime(value.data, post.indexedAt) < since) return roots;
      roots.push(post);
      if (roots.length >= maxThreads) return roots;
    }
    cursor = res.data.cursor;
    if (!cursor || res.data.feed.length === 0) return roots;
  }
}

/**
 * One thread's replies by others. It is complete when every node's replies were all given: none
 * blocked, missing or unreadable, none cut off by the depth, and as many as the node's replyCount
 * (the AppView leaves out replies it will not show, such as those of accounts that block this one,
 * and a thread missing any is not claimed complete — wrongly marking a live reply deleted is worse
 * than not noticing a deletion).
 */
async function readThread(agent: Agent, did: string, root: InboxPostView): Promise<{ drafts: Draft[]; complete: boolean }> {
  let thread: unknown;
  try {
    const res = await agent.app.bsky.feed.getPostThread({ uri: root.uri, depth: threadDepth, parentHeight: 0 });
    thread = res.data.thread;
  } catch (err) {
    // The post was deleted since the feed was read.
    if (err instanceof XRPCError && err.error === "NotFound") return { drafts: [], complete: false };
    throw err;
  }
  const top = threadNodeSchema.safeParse(thread);
  if (!top.success) return { drafts: [], complete: false };
  const postExternalId = encodeExternalId(root);
  const drafts: Draft[] = [];
  let complete = true;
  const walk = (node: typeof top.data, parentExternalId: string | null) => {
    const replies = node.replies ?? [];
    if (replies.length < (node.post.replyCount ?? 0)) complete = false;
    for (const raw of replies) {
      const child = threadNodeSchema.safeParse(raw);
      if (!child.success) {
        complete = false;
        continue;
      }
      const post = child.data.post;
      const value = postValueSchema.safeParse(post.record);
      if (!value.success) complete = false;
      else if (post.author.did !== did) {
        drafts.push(draftOf(post, value.data, { kind: parentExternalId ? "reply" : "comment", postExternalId, parentExternalId }));
      }
      walk(child.data, encodeExternalId(post));
    }
  };
  walk(top.data, null);
  return { drafts, complete };
}

// ---- Notifications ---------------------------------------------------------------------------

/**
 * Notifications from the newest (or where the previous call stopped) down to the watermark. All
 * reasons are read and filtered here: the `reasons` parameter would make the AppView skip the others,
 * and the watermark could then not be seen until the first older mention, however far back.
 */
async function readNotifications(agent: Agent, did: string, state: InboxCursor): Promise<{ drafts: Draft[]; next: string | null; top: number }> {
  const floor = Date.parse(state.mentionsSince) - watermarkOverlapMs;
  let top = Date.parse(state.top ?? state.mentionsSince);
  let cursor = state.notifications;
  const drafts: Draft[] = [];
  for (let page = 0; page < maxNotificationPages; page++) {
    // priority: false, or an account that asked for notifications from people it follows only would miss the rest.
    const res = await agent.app.bsky.notification.listNotifications({ limit: pageSize, priority: false, ...(cursor ? { cursor } : {}) });
    for (const raw of res.data.notifications) {
      const n = notificationSchema.parse(raw);
      const at = Date.parse(n.indexedAt);
      if (at < floor) return { drafts, next: null, top };
      if (at > top) top = at;
      if (!notificationReasons.has(n.reason) || n.author.did === did) continue;
      const value = postValueSchema.safeParse(n.record);
      if (value.success) drafts.push(notificationDraft(n, value.data, did));
    }
    cursor = res.data.cursor;
    if (!cursor || res.data.notifications.length === 0) return { drafts, next: null, top };
  }
  return { drafts, next: cursor ?? null, top };
}

function notificationDraft(n: { uri: string; cid: string; author: Author; indexedAt: string }, value: PostValue, did: string): Draft {
  const reply = value.reply;
  if (reply && didOf(reply.root.uri) === did) {
    const parentIsRoot = reply.parent.uri === reply.root.uri;
    return draftOf(n, value, {
      kind: parentIsRoot ? "comment" : "reply",
      postExternalId: encodeExternalId(reply.root),
      parentExternalId: parentIsRoot ? null : encodeExternalId(reply.parent),
    });
  }
  return draftOf(n, value, { kind: "mention", postExternalId: encodeExternalId(n), parentExternalId: null });
}

// ---- Items -----------------------------------------------------------------------------------

const didOf = (uri: string): string => uri.slice("at://".length).split("/")[0] ?? "";

/** The AppView's own ordering time: the record's createdAt, unless it claims a time after indexing. */
function sortTime(value: PostValue, indexedAt: string): number {
  const created = Date.parse(value.createdAt);
  const indexed = Date.parse(indexedAt);
  if (Number.isNaN(created)) return indexed;
  return Number.isNaN(indexed) ? created : Math.min(created, indexed);
}

function draftOf(
  post: { uri: string; cid: string; author: Author; indexedAt: string },
  value: PostValue,
  refs: { kind: RemoteItemKind; postExternalId: string; parentExternalId: string | null },
): Draft {
  const { author } = post;
  const time = sortTime(value, post.indexedAt);
  // "handle.invalid" is what the AppView says when a handle no longer resolves; the DID always links.
  const profile = author.handle === "handle.invalid" ? author.did : author.handle;
  return {
    externalId: encodeExternalId(post),
    ...refs,
    authorDid: author.did,
    authorName: author.displayName?.trim() || author.handle,
    authorHandle: author.handle,
    authorAvatarUrl: author.avatar ?? null,
    text: value.text,
    occurredAt: Number.isNaN(time) ? new Date().toISOString() : new Date(time).toISOString(),
    url: postUrl(profile, post.uri.split("/").pop() ?? ""),
  };
}

/** Thread and notification views carry no follower counts: getProfiles does, 25 at a time. */
async function withFollowers(agent: Agent, drafts: Draft[]): Promise<RemoteComment[]> {
  const dids = [...new Set(drafts.map((d) => d.authorDid))];
  const followers = new Map<string, number>();
  for (let i = 0; i < dids.length; i += profilesBatch) {
    const res = await agent.app.bsky.actor.getProfiles({ actors: dids.slice(i, i + profilesBatch) });
    for (const raw of res.data.profiles) {
      const p = followersSchema.parse(raw);
      if (p.followersCount !== undefined) followers.set(p.did, p.followersCount);
    }
  }
  return drafts.map(({ authorDid, ...item }) => ({ ...item, authorFollowers: followers.get(authorDid) ?? null }));
}
