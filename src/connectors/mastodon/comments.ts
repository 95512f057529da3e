/**
 * Mastodon statuses → inbox items, without I/O. A status in a thread whose root is the account's
 * own status is a comment on that post (a reply when it answers someone else's status in the
 * thread); a status mentioning the account elsewhere is a mention; a "direct" status is a
 * message. Statuses answering the account's own chain (the post and the thread items it added
 * under it) are top-level comments.
 */
import type { RemoteComment, RemoteItemKind } from "../types.js";
import { htmlToText } from "./html.js";
import type { MastodonAuthor, ThreadStatus } from "./types.js";

export type MapOptions = { accountId: string; instanceHost: string };
export type Place = { postExternalId: string; parentExternalId: string | null; kind: RemoteItemKind };

/** "@name@server" for everyone: local accounts' acct has no server part. */
export function handleOf(account: Pick<MastodonAuthor, "acct">, instanceHost: string): string {
  return account.acct.includes("@") ? `@${account.acct}` : `@${account.acct}@${instanceHost}`;
}

/** The text (a content warning first, as readers see it), or what is attached when there is none. */
export function statusText(s: Pick<ThreadStatus, "content" | "spoiler_text" | "media_attachments">): string {
  const body = htmlToText(s.content);
  const text = s.spoiler_text.trim() ? `${s.spoiler_text.trim()}\n\n${body}`.trim() : body;
  if (text) return text;
  const kinds = [...new Set(s.media_attachments.map((m) => m.type))];
  return kinds.length ? `[${kinds.join(", ")}]` : "";
}

export function itemOf(s: ThreadStatus, place: Place, opts: MapOptions): RemoteComment {
  return {
    externalId: s.id,
    ...place,
    authorName: s.account.display_name || s.account.username || s.account.acct,
    authorHandle: handleOf(s.account, opts.instanceHost),
    authorFollowers: s.account.followers_count ?? null,
    authorAvatarUrl: s.account.avatar ?? null,
    text: statusText(s),
    occurredAt: new Date(s.created_at).toISOString(),
    url: s.url ?? (s.uri || null),
    editedAt: s.edited_at ? new Date(s.edited_at).toISOString() : null,
  };
}

/** The account's chain in a thread: the root and its own statuses answering the chain (thread items). */
function chainOf(root: { id: string }, statuses: ThreadStatus[], accountId: string): Set<string> {
  const chain = new Set([root.id]);
  for (const s of statuses) {
    if (s.account.id === accountId && s.in_reply_to_id && chain.has(s.in_reply_to_id)) chain.add(s.id);
  }
  return chain;
}

const placeIn = (s: ThreadStatus, rootId: string, chain: Set<string>): Place => {
  const parent = s.in_reply_to_id && !chain.has(s.in_reply_to_id) ? s.in_reply_to_id : null;
  return { postExternalId: rootId, parentExternalId: parent, kind: s.visibility === "direct" ? "message" : parent ? "reply" : "comment" };
};

/** Every status under the account's post `root` (its context's descendants), but the account's own. */
export function threadItems(root: { id: string }, descendants: ThreadStatus[], opts: MapOptions): RemoteComment[] {
  const chain = chainOf(root, descendants, opts.accountId);
  return descendants.filter((s) => s.account.id !== opts.accountId).map((s) => itemOf(s, placeIn(s, root.id, chain), opts));
}

/**
 * Where a status that mentions the account belongs, from its ancestors (root first): under the
 * account's post when the thread starts there, else a mention (the mentioning status) or, when
 * direct, a message in its conversation (named by the conversation's first status).
 */
export function placeOfMention(s: ThreadStatus, ancestors: ThreadStatus[], opts: MapOptions): Place {
  const root = ancestors[0];
  if (root && root.account.id === opts.accountId) return placeIn(s, root.id, chainOf(root, ancestors, opts.accountId));
  if (s.visibility === "direct") {
    const parent = s.in_reply_to_id && s.in_reply_to_account_id !== opts.accountId ? s.in_reply_to_id : null;
    return { postExternalId: root?.id ?? s.id, parentExternalId: parent, kind: "message" };
  }
  return { postExternalId: s.id, parentExternalId: null, kind: "mention" };
}

/** Mastodon ids are numeric strings (snowflakes) on Mastodon, sortable strings elsewhere. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The URLs of a Link header by rel ("next": older, "prev": newer). */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

/**
 * The cursor: the newest mention notification handled, and when the threads of the recent posts
 * were last read ("<notification id>|<ms>"), so a run reads them at most every few minutes.
 */
export function encodeCursor(c: { notificationId: string | null; sweptAt: number | null }): string {
  return `${c.notificationId ?? ""}|${c.sweptAt ?? ""}`;
}
export function decodeCursor(cursor: string | null): { notificationId: string | null; sweptAt: number | null } {
  const [id, at] = (cursor ?? "").split("|");
  const sweptAt = at && /^\d+$/.test(at) ? Number(at) : null;
  return { notificationId: id ? id : null, sweptAt };
}
