/**
 * VK's side of the inbox: comments under the community's recent posts, read whole each time
 * (VK has no feed of new comments for a wall), answered as the community with wall.createComment,
 * liked with likes.add and deleted with wall.deleteComment. VK cannot hide a wall comment.
 *
 * Each fetch reads the posts of the last 14 days (wall.get) and, for each post with comments, every
 * comment and thread (wall.getComments, extended=1 for the authors). A post read to the end is
 * `complete`: comments the inbox holds for it and VK no longer returns were deleted. The calls
 * are spaced out: a user token may make 3 requests a second.
 */
import type { ChannelContext, CommentPage, Connector, RemoteComment } from "../types.js";
import { ConnectorError } from "../types.js";
import type { VkClient, VkParams } from "./client.js";
import { addAuthors, type Authors, commentUrl, mapComment, newAuthors } from "./comments.js";
import { toCommentError, toConnectorError, VkApiError } from "./errors.js";
import { commentSchema, commentsPageSchema, likesAddSchema, okNumberSchema, type VkCommentsPage, type VkCredentials, wallPostsSchema } from "./types.js";

type Deps = {
  clientFor(accessToken: string): VkClient;
  credentialsOf(credentials: Record<string, unknown>): VkCredentials;
  parseVkId(externalId: string): { ownerId: number; postId: number; commentId: number | null };
  guidFor(idempotencyKey: string): string;
  /** Pause between calls of one fetch (VK allows a user token 3 requests a second). */
  minIntervalMs: number;
};

const dayMs = 86_400_000;
/** Posts older than this are not read: comments arrive in the first days after a post. */
const recentDays = 14;
const postsPerFetch = 30;
const pageSize = 100;
/** Bounds one post's reading (10 000 comments); a post cut short is not `complete`. */
const maxPagesPerPost = 100;
/** Asked for with extended=1; followers_count and members_count are returned where VK shares them. */
const authorFields = "photo_100,screen_name,followers_count,members_count";
/** A reply's text: wall.createComment takes what a post takes. */
const maxReplyLength = 16_384;

/** Errors that concern one post (gone, comments closed): that post is skipped, the others are read. */
const postProblems = new Set([15, 100, 104, 211, 212]);

export function createVkInbox(deps: Deps): Pick<Connector, "fetchComments" | "reply" | "like" | "deleteComment"> {
  /** A client whose calls are at least minIntervalMs apart. */
  function paced(client: VkClient): VkClient["call"] {
    let last = 0;
    return async (method, params, schema) => {
      const wait = last + deps.minIntervalMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        return await client.call(method, params, schema);
      } finally {
        last = Date.now();
      }
    };
  }

  /** Every comment of one post: the top level page by page, and each thread VK did not send whole. */
  async function readPost(call: VkClient["call"], place: { ownerId: number; postId: number; groupId: number }): Promise<{ items: RemoteComment[]; complete: boolean }> {
    const items: RemoteComment[] = [];
    const authors: Authors = newAuthors();
    const common: VkParams = { owner_id: place.ownerId, post_id: place.postId, extended: 1, fields: authorFields, need_likes: 1, count: pageSize, sort: "asc", preview_length: 0 };
    let pages = 0;
    const page = async (params: VkParams): Promise<VkCommentsPage> => {
      pages++;
      const p = await call("wall.getComments", { ...common, ...params }, commentsPageSchema);
      addAuthors(authors, p);
      return p;
    };
    for (let offset = 0; ; ) {
      if (pages >= maxPagesPerPost) return { items, complete: false };
      const top = await page({ offset, thread_items_count: 10 });
      for (const c of top.items) {
        const mapped = mapComment(c, { ...place, threadTop: null }, authors);
        if (mapped) items.push(mapped);
        const thread = c.thread;
        if (!thread || thread.count === 0) continue;
        if (thread.items.length >= thread.count) {
          for (const r of thread.items) {
            const reply = mapComment(r, { ...place, threadTop: c.id }, authors);
            if (reply) items.push(reply);
          }
          continue;
        }
        for (let tOffset = 0; tOffset < thread.count; tOffset += pageSize) {
          if (pages >= maxPagesPerPost) return { items, complete: false };
          const replies = await page({ comment_id: c.id, offset: tOffset });
          for (const r of replies.items) {
            const reply = mapComment(r, { ...place, threadTop: c.id }, authors);
            if (reply) items.push(reply);
          }
          if (replies.items.length < pageSize) break;
        }
      }
      offset += top.items.length;
      const total = top.current_level_count ?? top.count;
      if (top.items.length === 0 || offset >= total) return { items, complete: true };
    }
  }

  return {
    async fetchComments(channel: ChannelContext, _cursor: string | null, at = new Date()): Promise<CommentPage> {
      const creds = deps.credentialsOf(channel.credentials);
      const call = paced(deps.clientFor(creds.accessToken));
      const ownerId = -creds.groupId;
      const since = (at.getTime() - recentDays * dayMs) / 1000;
      let posts: { id: number; date: number; comments?: { count: number } | undefined }[];
      try {
        const wall = await call("wall.get", { owner_id: ownerId, count: postsPerFetch, filter: "owner" }, wallPostsSchema);
        posts = wall.items.filter((p) => p.date >= since);
      } catch (err) {
        throw toConnectorError(err, "reading the community's posts");
      }
      const items: RemoteComment[] = [];
      const complete: string[] = [];
      for (const post of posts) {
        const postExternalId = `${ownerId}_${post.id}`;
        if (post.comments?.count === 0) {
          complete.push(postExternalId);
          continue;
        }
        try {
          const read = await readPost(call, { ownerId, postId: post.id, groupId: creds.groupId });
          items.push(...read.items);
          if (read.complete) complete.push(postExternalId);
        } catch (err) {
          if (err instanceof VkApiError && postProblems.has(err.errorCode)) continue;
          throw toConnectorError(err, "reading comments");
        }
      }
      // No cursor: every fetch reads the recent posts whole, so there is never a next page.
      return { items, cursor: null, complete };
    },

    async reply(channel, parentExternalId, text, opts = {}) {
      const creds = deps.credentialsOf(channel.credentials);
      if (text.trim() === "") throw new ConnectorError("invalid_content", "Write something: VK does not post an empty reply.");
      const length = [...text].length;
      if (length > maxReplyLength) throw new ConnectorError("invalid_content", `The reply is ${length} characters long; VK allows ${maxReplyLength}.`);
      const parent = deps.parseVkId(parentExternalId);
      const client = deps.clientFor(creds.accessToken);
      // from_group takes the community's id: the answer comes from the community, not the person
      // behind the token. guid makes VK return the same comment to a retried call.
      const { comment_id } = await client
        .call(
          "wall.createComment",
          {
            owner_id: parent.ownerId,
            post_id: parent.postId,
            message: text,
            reply_to_comment: parent.commentId ?? undefined,
            from_group: creds.groupId,
            guid: opts.idempotencyKey ? deps.guidFor(opts.idempotencyKey) : undefined,
          },
          commentSchema,
        )
        .catch((err: unknown) => {
          throw toCommentError(err, "the reply");
        });
      return { externalId: `${parent.ownerId}_${parent.postId}_${comment_id}`, url: commentUrl({ ownerId: parent.ownerId, postId: parent.postId, threadTop: null }, comment_id) };
    },

    async like(channel, commentExternalId) {
      const creds = deps.credentialsOf(channel.credentials);
      const c = deps.parseVkId(commentExternalId);
      if (c.commentId === null) throw new ConnectorError("invalid_content", "Chorus likes comments on VK, not posts.");
      await deps
        .clientFor(creds.accessToken)
        .call("likes.add", { type: "comment", owner_id: c.ownerId, item_id: c.commentId }, likesAddSchema)
        .catch((err: unknown) => {
          throw toCommentError(err, "the like");
        });
    },

    async deleteComment(channel, commentExternalId) {
      const creds = deps.credentialsOf(channel.credentials);
      const c = deps.parseVkId(commentExternalId);
      if (c.commentId === null) throw new ConnectorError("invalid_content", "This is a post, not a comment.");
      try {
        await deps.clientFor(creds.accessToken).call("wall.deleteComment", { owner_id: c.ownerId, comment_id: c.commentId }, okNumberSchema);
      } catch (err) {
        // Gone already is what deleting asked for.
        if (err instanceof VkApiError && err.errorCode === 104) return;
        throw toCommentError(err, "deleting the comment");
      }
    },
  };
}
