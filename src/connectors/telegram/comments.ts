/**
 * Telegram updates → inbox items, without I/O. A channel's comments live in its discussion group:
 * each channel post is forwarded there automatically (`is_automatic_forward`, with `forward_origin`
 * naming the channel post), and the comments are messages in that forward's thread
 * (`message_thread_id` = the forward's id in the group). A top-level comment carries the forward as
 * its `reply_to_message`; a reply to a comment carries only the comment (the Bot API never nests
 * reply_to_message), so the forward → post pairs seen are kept in a ThreadMemory and, between runs,
 * in the cursor. Private messages to the bot are "message" items.
 */
import type { RemoteComment, RemotePost } from "../types.js";
import type { IncomingMessage, RepliedMessage, TelegramUpdate } from "./types.js";

/** Discussion-group message id of an automatic forward → the channel message ids of its post (an album has several). */
export type ThreadMemory = { threads: Map<number, number[]>; albums: Map<string, number[]> };
export const newThreadMemory = (): ThreadMemory => ({ threads: new Map(), albums: new Map() });

/** How many thread roots a cursor and the memory keep: the newest (highest ids), enough for weeks of posts. */
const keptThreads = 300;

export type MapContext = {
  channelChatId: number;
  /** The discussion group; null while unknown (no linked group, or not looked up yet). */
  discussionChatId: number | null;
  channelUsername: string | null;
  botId: number;
  memory: ThreadMemory;
};

const iso = (unix: number) => new Date(unix * 1000).toISOString();

/** The channel post a message forwards, from forward_origin or the pre-7.0 fields. */
export function channelOrigin(m: RepliedMessage): { chatId: number; messageId: number } | null {
  const o = m.forward_origin;
  if (o?.type === "channel" && o.chat && o.message_id !== undefined) return { chatId: o.chat.id, messageId: o.message_id };
  if (m.forward_from_chat && m.forward_from_message_id !== undefined) return { chatId: m.forward_from_chat.id, messageId: m.forward_from_message_id };
  return null;
}

const isForwardOf = (m: RepliedMessage, channelChatId: number) => m.is_automatic_forward === true && channelOrigin(m)?.chatId === channelChatId;

/** Remembers which channel post a group thread belongs to; album items share one list of ids. */
export function learnForward(memory: ThreadMemory, m: RepliedMessage): number[] | null {
  const origin = channelOrigin(m);
  if (!origin) return null;
  let ids = memory.threads.get(m.message_id);
  if (!ids) {
    ids = m.media_group_id ? (memory.albums.get(m.media_group_id) ?? []) : [];
    if (m.media_group_id) memory.albums.set(m.media_group_id, ids);
    memory.threads.set(m.message_id, ids);
  }
  if (!ids.includes(origin.messageId)) {
    ids.push(origin.messageId);
    ids.sort((a, b) => a - b);
  }
  trim(memory);
  return ids;
}

function trim(memory: ThreadMemory) {
  if (memory.threads.size <= keptThreads * 2) return;
  const keep = [...memory.threads.keys()].sort((a, b) => b - a).slice(0, keptThreads);
  const kept = new Set(keep);
  for (const k of memory.threads.keys()) if (!kept.has(k)) memory.threads.delete(k);
  const live = new Set(memory.threads.values());
  for (const [k, v] of memory.albums) if (!live.has(v)) memory.albums.delete(k);
}

/** What a message says: its text or caption, else what it is ("[photo]"); null for service messages (joins, pins …). */
export function messageText(m: Record<string, unknown> & { text?: string | undefined; caption?: string | undefined }): string | null {
  if (m.text) return m.text;
  if (m.caption) return m.caption;
  const sticker = m.sticker as { emoji?: string } | undefined;
  if (sticker) return sticker.emoji ? `[sticker ${sticker.emoji}]` : "[sticker]";
  const poll = m.poll as { question?: string } | undefined;
  if (poll) return poll.question ? `[poll: ${poll.question}]` : "[poll]";
  const kinds: [string, string][] = [
    ["photo", "[photo]"],
    ["video", "[video]"],
    ["animation", "[GIF]"],
    ["voice", "[voice message]"],
    ["video_note", "[video message]"],
    ["audio", "[audio]"],
    ["document", "[file]"],
    ["location", "[location]"],
    ["venue", "[location]"],
    ["contact", "[contact]"],
    ["dice", "[dice]"],
  ];
  for (const [field, label] of kinds) if (m[field] !== undefined) return label;
  return null;
}

function authorOf(m: IncomingMessage): { authorName: string; authorHandle: string } {
  const chat = m.sender_chat;
  if (chat) return { authorName: chat.title ?? chat.username ?? String(chat.id), authorHandle: chat.username ? `@${chat.username}` : String(chat.id) };
  const u = m.from;
  if (!u) return { authorName: "Telegram user", authorHandle: "" };
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ").trim();
  return { authorName: name || u.username || String(u.id), authorHandle: u.username ? `@${u.username}` : String(u.id) };
}

/** t.me links: a comment under a public channel's post, else the message in the group (public or private). */
export function commentUrl(opts: { channelUsername: string | null; postMessageId: number | null; group: { id: number; username?: string | undefined }; messageId: number }): string {
  if (opts.channelUsername && opts.postMessageId !== null) return `https://t.me/${opts.channelUsername}/${opts.postMessageId}?comment=${opts.messageId}`;
  if (opts.group.username) return `https://t.me/${opts.group.username}/${opts.messageId}`;
  return `https://t.me/c/${String(opts.group.id).replace(/^-100/, "").replace(/^-/, "")}/${opts.messageId}`;
}

function privateMessage(m: IncomingMessage, ctx: MapContext, editedAt: string | null): RemoteComment | null {
  if (m.from?.id === ctx.botId || m.from?.is_bot) return null;
  const text = messageText(m);
  if (text === null) return null;
  const chat = m.chat.id;
  return {
    externalId: `${chat}:${m.message_id}`,
    postExternalId: String(chat),
    parentExternalId: m.reply_to_message ? `${chat}:${m.reply_to_message.message_id}` : null,
    kind: "message",
    ...authorOf(m),
    authorFollowers: null,
    authorAvatarUrl: null,
    text,
    occurredAt: iso(m.date),
    url: null,
    editedAt,
  };
}

function groupComment(m: IncomingMessage, ctx: MapContext, editedAt: string | null): RemoteComment | null {
  const group = m.chat.id;
  // The team's own messages: the channel writing in its comments, an anonymous group admin, the bot.
  if (m.sender_chat && (m.sender_chat.id === ctx.channelChatId || m.sender_chat.id === group)) return null;
  if (m.from?.id === ctx.botId) return null;
  const r = m.reply_to_message;
  let postIds: number[] | null = null;
  let parent: string | null = null;
  let thread: number | null;
  if (r && isForwardOf(r, ctx.channelChatId)) {
    postIds = learnForward(ctx.memory, r);
    thread = r.message_id;
  } else {
    thread = m.message_thread_id ?? r?.message_id ?? null;
    if (thread === null) return null; // a message in the group's general chat, not under a post
    postIds = ctx.memory.threads.get(thread) ?? null;
    if (r && r.message_id !== thread) parent = `${group}:${r.message_id}`;
  }
  const text = messageText(m);
  if (text === null) return null;
  const first = postIds?.[0] ?? null;
  return {
    externalId: `${group}:${m.message_id}`,
    // A reply whose thread root Chorus never saw (it arrived before this channel's updates were
    // read, or was forgotten): linked to its thread in the group rather than to a wrong post.
    postExternalId: postIds?.length ? `${ctx.channelChatId}:${postIds.join(",")}` : `${group}:${thread}`,
    parentExternalId: parent,
    kind: parent ? "reply" : "comment",
    ...authorOf(m),
    authorFollowers: null,
    authorAvatarUrl: null,
    text,
    occurredAt: iso(m.date),
    url: commentUrl({ channelUsername: ctx.channelUsername, postMessageId: first, group: m.chat, messageId: m.message_id }),
    editedAt,
  };
}

/**
 * One update → an item, or null (another chat, the team's own message, a service message). An
 * automatic forward is not an item: it teaches which post a thread belongs to, and which group is
 * the discussion group when that was not known (returned as `discussionChatId`).
 */
export function mapUpdate(update: TelegramUpdate, ctx: MapContext): { item: RemoteComment | null; discussionChatId: number | null; seen?: RemotePost | null } {
  const found = ctx.discussionChatId;
  if (update.channel_post) return { item: null, discussionChatId: found, seen: update.channel_post.chat.id === ctx.channelChatId ? null : overheard(update.channel_post, ctx) };
  const m = update.message ?? update.edited_message;
  if (!m) return { item: null, discussionChatId: found };
  const editedAt = update.edited_message && m.edit_date ? iso(m.edit_date) : null;
  if (m.chat.type === "private") return { item: privateMessage(m, ctx, editedAt), discussionChatId: found };
  if (isForwardOf(m, ctx.channelChatId) && (found === null || found === m.chat.id)) {
    learnForward(ctx.memory, m);
    return { item: null, discussionChatId: m.chat.id };
  }
  if (found === null || m.chat.id !== found) return { item: null, discussionChatId: found, seen: update.message && !isForwardOf(m, ctx.channelChatId) ? overheard(m, ctx) : null };
  return { item: groupComment(m, ctx, editedAt), discussionChatId: found };
}

/**
 * A message in another group, or a post in another channel, the bot is in: a public post for
 * listening (only what has text; the bot's and the brand channel's own are not).
 */
function overheard(m: IncomingMessage, ctx: MapContext): RemotePost | null {
  if (m.from?.id === ctx.botId || m.sender_chat?.id === ctx.channelChatId) return null;
  const text = messageText(m);
  if (text === null) return null;
  // A channel's post is the channel's (sender_chat when Telegram names it, else the chat).
  const channel = m.chat.type === "channel" && !m.sender_chat ? m.chat : null;
  const who = channel ? { authorName: channel.title ?? channel.username ?? String(channel.id), authorHandle: channel.username ? `@${channel.username}` : String(channel.id) } : authorOf(m);
  return {
    externalId: `${m.chat.id}:${m.message_id}`,
    url: commentUrl({ channelUsername: null, postMessageId: null, group: m.chat, messageId: m.message_id }),
    ...who,
    authorFollowers: null,
    text,
    occurredAt: iso(m.date),
  };
}

/** Maps updates in order (a forward is learnt before the comments under it). */
export function mapUpdates(updates: TelegramUpdate[], ctx: MapContext): { items: RemoteComment[]; seen: RemotePost[]; discussionChatId: number | null } {
  const items: RemoteComment[] = [];
  const seen: RemotePost[] = [];
  let discussionChatId = ctx.discussionChatId;
  for (const u of updates) {
    const r = mapUpdate(u, { ...ctx, discussionChatId });
    discussionChatId = r.discussionChatId;
    if (r.item) items.push(r.item);
    if (r.seen) seen.push(r.seen);
  }
  return { items, seen, discussionChatId };
}

/**
 * The cursor: the next getUpdates offset, then the newest thread roots ("<offset>;<root>=<id>.<id>,…"),
 * so a worker that never saw a post's forward (another process, a restart) still links replies to it.
 */
export function encodeCursor(offset: number, memory: ThreadMemory): string {
  const roots = [...memory.threads.entries()]
    .filter(([, ids]) => ids.length > 0)
    .sort(([a], [b]) => b - a)
    .slice(0, keptThreads);
  return roots.length ? `${offset};${roots.map(([root, ids]) => `${root}=${ids.join(".")}`).join(",")}` : String(offset);
}

/** The offset and thread roots of a cursor (merged into `memory`); an unreadable cursor starts from what Telegram still holds. */
export function decodeCursor(cursor: string | null, memory: ThreadMemory): number | null {
  if (!cursor) return null;
  const [head, roots] = cursor.split(";");
  for (const entry of roots?.split(",") ?? []) {
    const m = /^(\d+)=(\d+(?:\.\d+)*)$/.exec(entry);
    if (!m || memory.threads.has(Number(m[1]))) continue;
    memory.threads.set(Number(m[1]), m[2]!.split(".").map(Number));
  }
  trim(memory);
  return head && /^\d+$/.test(head) ? Number(head) : null;
}
