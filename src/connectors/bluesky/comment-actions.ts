/**
 * The Bluesky inbox, answering side: replying to a comment or mention, hiding a reply in the
 * account's own thread, liking. Bluesky has no deleting of other people's posts, so there is no
 * deleteComment.
 *
 * Idempotency: a reply's record key is derived from the caller's idempotency key and a like's from
 * the liked post (client.ts rkeyFor), so a retry after a lost answer finds the record the first
 * attempt made instead of making another; hiding is a set-union on the threadgate record.
 */
import { type Agent, type AppBskyFeedLike, type AppBskyFeedThreadgate, XRPCError } from "@atproto/api";
import { ConnectorError } from "../types.js";
import { buildPost, createPostOnce, decodeExternalId, encodeExternalId, graphemeLength, maxTextBytes, maxTextGraphemes, postCollection, postUrl, rkeyFor } from "./client.js";
import { type InboxPostView, inboxPostViewSchema, type PostRef, postValueSchema, threadgateSchema } from "./types.js";

const threadgateCollection = "app.bsky.feed.threadgate";
const likeCollection = "app.bsky.feed.like";
/** app.bsky.feed.threadgate#hiddenReplies holds at most 300 URIs. */
const maxHiddenReplies = 300;
/** Two processes hiding in one thread at once: the loser of the compare-and-swap reads again. */
const threadgateAttempts = 3;

/** What is wrong with a reply's text for Bluesky, in words for the person who wrote it; null when nothing. */
export function replyTextProblem(text: string): string | null {
  if (text.trim() === "") return "Write some text: Bluesky cannot post an empty reply.";
  const length = graphemeLength(text);
  if (length > maxTextGraphemes) {
    return `The reply is ${length} characters long; Bluesky allows ${maxTextGraphemes}. Shorten it by ${length - maxTextGraphemes}.`;
  }
  if (Buffer.byteLength(text, "utf8") > maxTextBytes) return "The reply uses too many combined emoji for Bluesky (over 3000 bytes). Remove some.";
  return null;
}

const deletedComment = (doing: string) => new ConnectorError("invalid_content", `Cannot ${doing}: the comment was deleted on Bluesky.`);

/** The post as the AppView shows it to the account now, or null when it is gone. */
async function currentPost(agent: Agent, uri: string): Promise<InboxPostView | null> {
  const res = await agent.app.bsky.feed.getPosts({ uris: [uri] });
  const raw = res.data.posts.find((p) => p.uri === uri);
  return raw ? inboxPostViewSchema.parse(raw) : null;
}

/**
 * Posts `text` as a reply to the post `parentExternalId` names, in the parent's thread (the root
 * comes from the parent's own reply refs, or is the parent). The text gets facets as published
 * posts do. With an idempotency key, a retry returns the reply already made, even if the parent was
 * deleted since.
 */
export async function replyToPost(
  agent: Agent,
  account: { did: string; handle: string },
  parentExternalId: string,
  text: string,
  idempotencyKey: string | undefined,
): Promise<{ externalId: string; url: string }> {
  const problem = replyTextProblem(text);
  if (problem) throw new ConnectorError("invalid_content", problem);
  const { uri } = decodeExternalId(parentExternalId);
  const build = async () => {
    const parent = await currentPost(agent, uri);
    if (!parent) throw deletedComment("reply to it");
    if (parent.viewer?.replyDisabled) {
      throw new ConnectorError("invalid_content", "The author of this thread limited who can reply, and this account is not among them.");
    }
    const value = postValueSchema.parse(parent.record);
    const parentRef: PostRef = { uri: parent.uri, cid: parent.cid };
    const root: PostRef = value.reply ? { uri: value.reply.root.uri, cid: value.reply.root.cid } : parentRef;
    return buildPost(agent, { text, format: "text", media: [] }, { parent: parentRef, root }, new Date());
  };
  if (idempotencyKey) {
    const rkey = rkeyFor(idempotencyKey);
    const post = await createPostOnce(agent, account.did, rkey, build);
    return { externalId: encodeExternalId(post), url: postUrl(account.handle, rkey) };
  }
  const res = await agent.com.atproto.repo.createRecord({ repo: account.did, collection: postCollection, record: await build() });
  return { externalId: encodeExternalId(res.data), url: postUrl(account.handle, res.data.uri.split("/").pop() ?? "") };
}

/**
 * Bluesky's "hide reply": the reply's URI in the hiddenReplies of the thread root's threadgate
 * record (record key = the root's). The AppView then folds the reply away for everyone but its
 * author and the account; the account can show it again in the Bluesky app. Only the root's author
 * can do this, so only replies in the account's own threads can be hidden. An existing threadgate
 * keeps its other fields (who may reply); the write is a compare-and-swap on the record's CID.
 */
export async function hideReply(agent: Agent, did: string, commentExternalId: string): Promise<void> {
  const comment = decodeExternalId(commentExternalId);
  const post = await currentPost(agent, comment.uri);
  if (!post) throw deletedComment("hide it");
  const rootRef = postValueSchema.parse(post.record).reply?.root;
  const root = rootRef ? decodeExternalId(encodeExternalId(rootRef)) : null;
  if (!root || root.did !== did) {
    throw new ConnectorError(
      "invalid_content",
      "Bluesky lets an account hide replies only in its own threads, and this post is not a reply to one of this account's posts.",
    );
  }
  for (let attempt = 1; ; attempt++) {
    const current = await getThreadgate(agent, did, root.rkey);
    const hidden = current?.value.hiddenReplies ?? [];
    if (hidden.includes(comment.uri)) return;
    if (hidden.length >= maxHiddenReplies) {
      throw new ConnectorError("invalid_content", `Bluesky hides at most ${maxHiddenReplies} replies per thread, and this thread has reached it.`);
    }
    const record: AppBskyFeedThreadgate.Record = {
      ...current?.value,
      $type: threadgateCollection,
      post: root.uri,
      createdAt: current?.value.createdAt ?? new Date().toISOString(),
      hiddenReplies: [...hidden, comment.uri],
    };
    try {
      // swapRecord null: create only if there is still none.
      await agent.com.atproto.repo.putRecord({ repo: did, collection: threadgateCollection, rkey: root.rkey, record, swapRecord: current?.cid ?? null });
      return;
    } catch (err) {
      if (!(err instanceof XRPCError && err.error === "InvalidSwap") || attempt >= threadgateAttempts) throw err;
    }
  }
}

async function getThreadgate(agent: Agent, did: string, rkey: string) {
  try {
    const res = await agent.com.atproto.repo.getRecord({ repo: did, collection: threadgateCollection, rkey });
    return { cid: res.data.cid ?? null, value: threadgateSchema.parse(res.data.value) };
  } catch (err) {
    if (err instanceof XRPCError && err.error === "RecordNotFound") return null;
    throw err;
  }
}

/**
 * Likes the post once: a like made in the Bluesky app shows in the post's viewer state, and
 * Chorus's own like has a record key derived from the liked post, so a second call (or a retry
 * before the AppView has indexed the first) finds it instead of liking twice.
 */
export async function likePost(agent: Agent, did: string, commentExternalId: string): Promise<void> {
  const { uri } = decodeExternalId(commentExternalId);
  const post = await currentPost(agent, uri);
  if (!post) throw deletedComment("like it");
  if (post.viewer?.like) return;
  const rkey = rkeyFor(`like:${uri}`);
  const exists = async () => {
    try {
      await agent.com.atproto.repo.getRecord({ repo: did, collection: likeCollection, rkey });
      return true;
    } catch (err) {
      if (err instanceof XRPCError && err.error === "RecordNotFound") return false;
      throw err;
    }
  };
  if (await exists()) return;
  const record: AppBskyFeedLike.Record = { $type: likeCollection, subject: { uri: post.uri, cid: post.cid }, createdAt: new Date().toISOString() };
  try {
    await agent.com.atproto.repo.createRecord({ repo: did, collection: likeCollection, rkey, record });
  } catch (err) {
    // A concurrent call took the key first: the like is there.
    if (await exists().catch(() => false)) return;
    throw err;
  }
}
