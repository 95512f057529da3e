/**
 * VK wall comments → inbox items, without I/O. wall.getComments answers top-level comments, each
 * with the first items of its thread (replies, flat: a reply names the comment it answers in
 * reply_to_comment, and its thread's top comment in parents_stack); extended=1 adds the authors.
 * Ids are "<owner>_<post>_<comment>", the post's own "<owner>_<post>" as publish() returns it.
 */
import type { RemoteComment } from "../types.js";
import type { VkComment, VkCommentsPage } from "./types.js";

export type Authors = {
  profiles: Map<number, VkCommentsPage["profiles"][number]>;
  groups: Map<number, VkCommentsPage["groups"][number]>;
};
export const newAuthors = (): Authors => ({ profiles: new Map(), groups: new Map() });
export function addAuthors(authors: Authors, page: Pick<VkCommentsPage, "profiles" | "groups">): void {
  for (const p of page.profiles) authors.profiles.set(p.id, p);
  for (const g of page.groups) authors.groups.set(g.id, g);
}

/** Where a comment is: its post, and for a thread reply the thread's top comment. */
export type CommentPlace = { ownerId: number; postId: number; groupId: number; threadTop: number | null };

export function commentUrl(place: Pick<CommentPlace, "ownerId" | "postId" | "threadTop">, commentId: number): string {
  const base = `https://vk.com/wall${place.ownerId}_${place.postId}?reply=${commentId}`;
  return place.threadTop ? `${base}&thread=${place.threadTop}` : base;
}

function authorOf(fromId: number, authors: Authors) {
  if (fromId > 0) {
    const p = authors.profiles.get(fromId);
    const name = p ? `${p.first_name} ${p.last_name}`.trim() : "";
    return {
      authorName: name || `id${fromId}`,
      authorHandle: p?.screen_name ?? `id${fromId}`,
      authorFollowers: p?.followers_count ?? null,
      authorAvatarUrl: p?.photo_100 ?? null,
    };
  }
  const g = authors.groups.get(-fromId);
  return {
    authorName: g?.name || `club${-fromId}`,
    authorHandle: g?.screen_name ?? `club${-fromId}`,
    authorFollowers: g?.members_count ?? null,
    authorAvatarUrl: g?.photo_100 ?? null,
  };
}

/** The text, or what was attached when there is none ("[photo]", "[sticker]"). */
export function commentText(c: Pick<VkComment, "text" | "attachments">): string {
  if (c.text.trim()) return c.text;
  const kinds = [...new Set((c.attachments ?? []).map((a) => a.type))];
  return kinds.length ? `[${kinds.join(", ")}]` : "";
}

/**
 * One comment → an item, or null for the community's own comments (its replies, its thread
 * items). A thread reply answers reply_to_comment when VK names it, else the thread's top comment.
 */
export function mapComment(c: VkComment, place: CommentPlace, authors: Authors): RemoteComment | null {
  if (c.from_id === -place.groupId) return null;
  const postExternalId = `${place.ownerId}_${place.postId}`;
  const parentId = place.threadTop === null ? null : (c.reply_to_comment ?? c.parents_stack?.at(-1) ?? place.threadTop);
  const base = {
    externalId: `${postExternalId}_${c.id}`,
    postExternalId,
    parentExternalId: parentId === null ? null : `${postExternalId}_${parentId}`,
    kind: parentId === null ? ("comment" as const) : ("reply" as const),
    occurredAt: new Date(c.date * 1000).toISOString(),
    url: commentUrl(place, c.id),
  };
  if (c.deleted) {
    return { ...base, authorName: "", authorHandle: "", authorFollowers: null, text: "", deleted: true };
  }
  return { ...base, ...authorOf(c.from_id, authors), text: commentText(c) };
}
