/**
 * Telegram's side of the inbox: comments from the channel's discussion group and private messages
 * to the bot, read with getUpdates (or pushed to parseWebhook), answered with sendMessage, liked
 * with a 👍 reaction and deleted with deleteMessage.
 *
 * getUpdates hands out each update until a later call passes an offset above it: the cursor is
 * that offset, so an update is confirmed only once the caller saved the page holding it. Updates
 * go to whoever asks, so one bot serves one Chorus channel (a second reader would take them away),
 * and not while a webhook is set (409). When Chorus has an https address it sets a webhook instead
 * (registerWebhook, remembered as `webhookUrl` in the credentials): Telegram then pushes each update
 * to parseWebhook and fetchComments reads nothing. Pushed updates have no cursor to carry thread
 * roots, so after a restart a reply under a post whose forward came before it is linked to its
 * thread in the group rather than to the post. Telegram reports no deletions to bots, so pages
 * are never `complete`; and sendMessage has no idempotency key, so a reply retried after a lost
 * answer can appear twice (a retry within this process returns the reply already made).
 */
import { z } from "zod";
import type { ChannelContext, CommentPage, Connector } from "../types.js";
import { ConnectorError } from "../types.js";
import type { TelegramClient } from "./client.js";
import { commentUrl, decodeCursor, encodeCursor, mapUpdate, mapUpdates, newThreadMemory, type ThreadMemory } from "./comments.js";
import { TelegramApiError, toConnectorError, toInboxError } from "./errors.js";
import { chatSchema, messageSchema, type TelegramCredentials, type TelegramUpdate, updateIdsSchema, updateSchema } from "./types.js";

type Deps = {
  clientFor(botToken: string): TelegramClient;
  credentialsOf(credentials: Record<string, unknown>): TelegramCredentials;
  parseExternalId(externalId: string): { chatId: string; messageIds: number[] };
  maxTextLength: number;
};

/** getChat is cheap but not free: the discussion group is looked up again after this long. */
const discussionTtlMs = 10 * 60_000;
/** channel_post: posts of other channels the bot administers, for listening. */
const allowedUpdates = ["message", "edited_message", "channel_post"];

type InboxPart = "fetchComments" | "parseWebhook" | "registerWebhook" | "unregisterWebhook" | "reply" | "like" | "deleteComment";

export function createTelegramInbox(deps: Deps): Pick<Connector, InboxPart> {
  /** Per channel: thread roots seen, the discussion group and when it was looked up. */
  const channels = new Map<string, { memory: ThreadMemory; discussion: number | null; checkedAt: number }>();
  const stateOf = (creds: TelegramCredentials) => {
    let s = channels.get(creds.chatId);
    if (!s) {
      s = { memory: newThreadMemory(), discussion: creds.linkedChatId ?? null, checkedAt: 0 };
      channels.set(creds.chatId, s);
    }
    return s;
  };
  /** Replies made by this process per idempotency key: a retried job gets the same reply back. */
  const replies = new Map<string, { externalId: string; url: string | null; at: number }>();

  async function discussionOf(client: TelegramClient, creds: TelegramCredentials): Promise<number | null> {
    const s = stateOf(creds);
    if (Date.now() - s.checkedAt < discussionTtlMs) return s.discussion;
    const chat = await client.call("getChat", { chat_id: creds.chatId }, chatSchema);
    s.discussion = chat.linked_chat_id ?? null;
    s.checkedAt = Date.now();
    return s.discussion;
  }

  const contextOf = (creds: TelegramCredentials, discussion: number | null) => ({
    channelChatId: Number(creds.chatId),
    discussionChatId: discussion,
    channelUsername: creds.username,
    botId: creds.botId,
    memory: stateOf(creds).memory,
  });

  /** The url of a message the bot sent: a comment link in the discussion group, none in a private chat. */
  function sentUrl(creds: TelegramCredentials, chat: { id: number; type?: string | undefined; username?: string | undefined }, messageId: number, threadRoot: number | null) {
    if (chat.type === "private" || chat.id > 0) return null;
    const post = threadRoot === null ? null : (stateOf(creds).memory.threads.get(threadRoot)?.[0] ?? null);
    return commentUrl({ channelUsername: creds.username, postMessageId: post, group: chat, messageId });
  }

  return {
    async fetchComments(channel: ChannelContext, cursor: string | null): Promise<CommentPage> {
      const creds = deps.credentialsOf(channel.credentials);
      // Telegram pushes this bot's updates to the webhook; getUpdates would only answer 409.
      if (creds.webhookUrl) return { items: [], cursor: null };
      const client = deps.clientFor(creds.botToken);
      const state = stateOf(creds);
      const offset = decodeCursor(cursor, state.memory);
      // The channel itself: its errors read as publishing's do (the bot left the channel …).
      const discussion = await discussionOf(client, creds).catch((err: unknown) => {
        throw toConnectorError(err, "reading the channel's discussion group");
      });
      try {
        const params: Record<string, unknown> = { limit: 100, timeout: 0, allowed_updates: allowedUpdates };
        if (offset !== null) params.offset = offset;
        const raw = await client.call("getUpdates", params, z.array(z.unknown()));
        const ids = updateIdsSchema.parse(raw);
        if (ids.length === 0) return { items: [], cursor: null };
        const updates = raw.flatMap((u) => {
          const parsed = updateSchema.safeParse(u);
          return parsed.success ? [parsed.data as TelegramUpdate] : [];
        });
        const mapped = mapUpdates(updates, contextOf(creds, discussion));
        if (mapped.discussionChatId !== null) state.discussion = mapped.discussionChatId;
        const next = Math.max(...ids.map((u) => u.update_id)) + 1;
        return { items: mapped.items, seen: mapped.seen, cursor: encodeCursor(next, state.memory) };
      } catch (err) {
        throw toInboxError(err, "reading comments and messages");
      }
    },

    parseWebhook(channel, body) {
      const parsed = updateSchema.safeParse(body);
      if (!parsed.success) return null;
      const creds = deps.credentialsOf(channel.credentials);
      const state = stateOf(creds);
      const r = mapUpdate(parsed.data, contextOf(creds, state.discussion));
      if (r.discussionChatId !== null) state.discussion = r.discussionChatId;
      if (r.item) return { items: [r.item], cursor: null };
      if (r.seen) return { items: [], cursor: null, seen: [r.seen] };
      // An automatic forward from this channel is for it (it teaches a thread); anything else is not.
      const m = parsed.data.message ?? parsed.data.edited_message;
      return m && r.discussionChatId !== null && m.chat.id === r.discussionChatId ? { items: [], cursor: null } : null;
    },

    /**
     * setWebhook with the same allowed_updates as polling. One connection at a time, so updates
     * arrive in order as getUpdates returns them (a post's forward, which teaches its thread, before
     * the comments under it). Pending updates are kept (no drop_pending_updates): what getUpdates had
     * not handed out yet is pushed instead.
     */
    async registerWebhook(channel, url, secret) {
      const creds = deps.credentialsOf(channel.credentials);
      await deps
        .clientFor(creds.botToken)
        .call("setWebhook", { url, secret_token: secret, allowed_updates: allowedUpdates, max_connections: 1 }, z.literal(true))
        .catch((err: unknown) => {
          throw toConnectorError(err, "setting the webhook");
        });
      return { ...creds, webhookUrl: url } satisfies TelegramCredentials;
    },

    /** deleteWebhook, only when Chorus set one: a bot that is polled has none to remove. */
    async unregisterWebhook(channel) {
      const creds = deps.credentialsOf(channel.credentials);
      if (creds.webhookUrl) {
        await deps
          .clientFor(creds.botToken)
          .call("deleteWebhook", {}, z.literal(true))
          .catch((err: unknown) => {
            throw toConnectorError(err, "removing the webhook");
          });
      }
      return { ...creds, webhookUrl: null } satisfies TelegramCredentials;
    },

    async reply(channel, parentExternalId, text, opts = {}) {
      const creds = deps.credentialsOf(channel.credentials);
      const known = opts.idempotencyKey ? replies.get(opts.idempotencyKey) : undefined;
      if (known) return { externalId: known.externalId, url: known.url };
      if (text.trim() === "") throw new ConnectorError("invalid_content", "Write something: Telegram does not send an empty reply.");
      if (text.length > deps.maxTextLength) {
        throw new ConnectorError("invalid_content", `The reply is ${text.length} characters long; Telegram allows ${deps.maxTextLength}. Shorten it by ${text.length - deps.maxTextLength}.`);
      }
      const { chatId, messageIds } = deps.parseExternalId(parentExternalId);
      const client = deps.clientFor(creds.botToken);
      // No parse_mode: the reply is sent as typed. reply_parameters puts it under the comment, in its thread.
      const sent = await client
        .call("sendMessage", { chat_id: chatId, text, reply_parameters: { message_id: messageIds[0] } }, messageSchema.extend({ message_thread_id: z.number().int().optional() }))
        .catch((err: unknown) => {
          throw toInboxError(err, "sending the reply");
        });
      const result = { externalId: `${sent.chat.id}:${sent.message_id}`, url: sentUrl(creds, sent.chat, sent.message_id, sent.message_thread_id ?? null) };
      if (opts.idempotencyKey) {
        replies.set(opts.idempotencyKey, { ...result, at: Date.now() });
        for (const [k, v] of replies) if (Date.now() - v.at > 24 * 3_600_000 || replies.size > 10_000) replies.delete(k);
      }
      return result;
    },

    async like(channel, commentExternalId) {
      const creds = deps.credentialsOf(channel.credentials);
      const { chatId, messageIds } = deps.parseExternalId(commentExternalId);
      await deps
        .clientFor(creds.botToken)
        .call("setMessageReaction", { chat_id: chatId, message_id: messageIds[0], reaction: [{ type: "emoji", emoji: "👍" }] }, z.literal(true))
        .catch((err: unknown) => {
          throw toInboxError(err, "liking the comment");
        });
    },

    async deleteComment(channel, commentExternalId) {
      const creds = deps.credentialsOf(channel.credentials);
      const { chatId, messageIds } = deps.parseExternalId(commentExternalId);
      try {
        await deps.clientFor(creds.botToken).call("deleteMessage", { chat_id: chatId, message_id: messageIds[0] }, z.literal(true));
      } catch (err) {
        // Deleted already (by its author or an admin) is what deleting asked for.
        if (err instanceof TelegramApiError && err.errorCode === 400 && /message to delete not found/i.test(err.description)) return;
        throw toInboxError(err, "deleting the comment");
      }
    },
  };
}
