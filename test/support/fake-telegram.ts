/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) answering the
 * documented shapes: `{ ok: true, result }`, or `{ ok: false, error_code, description, parameters }`
 * with the HTTP status equal to error_code. It records every request (path, headers, JSON or
 * multipart fields and files) so tests assert what Chorus sent. Telegram itself cannot be reached
 * from the test environment.
 *
 * For the inbox it holds the channel's discussion group (getChat's linked_chat_id), a queue of
 * Updates served by getUpdates (offset confirms, allowed_updates filters, 409 while a webhook is
 * set, as setWebhook sets it and deleteWebhook removes it) and helpers that build the documented Message shapes: the automatic forward of a channel
 * post into the group, comments in its thread, private messages to the bot.
 *
 * For competitors: other public chats by @username (publicChats), answered by getChat and
 * getChatMemberCount even though the bot is not in them, as the Bot API does for public chats;
 * any other @name is "Bad Request: chat not found".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedFile = { name: string; type: string; size: number; text: string };
export type RecordedRequest = {
  method: string;
  path: string;
  /** The Bot API method (sendMessage …), the token left out. */
  api: string;
  token: string;
  headers: http.IncomingHttpHeaders;
  /** JSON body, or the multipart text fields with JSON-looking values parsed. */
  params: Record<string, unknown>;
  files: Record<string, RecordedFile>;
};
type Answer = { status: number; body: unknown };
export type TgUser = { id: number; is_bot: boolean; first_name: string; last_name?: string; username?: string };
export type TgMessage = Record<string, unknown> & { message_id: number; date: number; chat: Record<string, unknown> & { id: number; type: string } };
export type TgUpdate = Record<string, unknown> & { update_id: number };

export type FakeTelegram = {
  url: string;
  requests: RecordedRequest[];
  calls(api: string): RecordedRequest[];
  /** The next call of `api` gets this answer instead of the simulated one. */
  failNext(api: string, errorCode: number, description: string, parameters?: Record<string, unknown>): void;
  state: {
    token: string;
    bot: { id: number; username: string };
    chat: { id: number; type: string; title: string; username?: string };
    /** The bot's ChatMember in the channel. */
    member: Record<string, unknown>;
    memberCount: number;
    nextMessageId: number;
    deleted: number[];
    /** What each sent message holds now: its text, or its caption when it carries media. */
    messages: Map<number, { text?: string; caption?: string }>;
    /** The channel's discussion group, named by getChat's linked_chat_id. */
    discussion: { id: number; type: "supergroup"; title: string; username?: string };
    /** Set: getUpdates answers 409, as Telegram does while a webhook is active. */
    webhookUrl: string | null;
    /** What the last setWebhook asked for beside the url (secret_token, allowed_updates, max_connections); null after deleteWebhook. */
    webhook: { secretToken: string | null; allowedUpdates: unknown; maxConnections: unknown } | null;
    /** Updates not yet confirmed by a getUpdates offset above them. */
    updates: TgUpdate[];
    /** Messages that exist in the group and private chats ("<chat>:<id>"), with their thread. */
    chatMessages: Map<string, { thread: number | null; deleted: boolean }>;
    reactions: { chatId: number; messageId: number; reaction: unknown }[];
    /** Other public chats by username (without @): what getChat and getChatMemberCount tell about them. */
    publicChats: Map<string, { id: number; type: "channel" | "supergroup"; title: string; memberCount: number }>;
  };
  /** Queues an Update of this kind (update_id assigned) and records the message as existing. */
  push(kind: "message" | "edited_message" | "channel_post", message: TgMessage): TgUpdate;
  /** The automatic forward of channel post `channelMessageId` into the discussion group (queued as an update). */
  forwardToGroup(channelMessageId: number, opts?: { mediaGroupId?: string; legacy?: boolean }): TgMessage;
  /** A comment in the thread of `root` (an automatic forward), replying to `replyTo` (default: the root). */
  comment(root: TgMessage, from: TgUser, text: string, opts?: { replyTo?: TgMessage; date?: number }): TgMessage;
  /** A private message from `from` to the bot. */
  privateMessage(from: TgUser, text: string): TgMessage;
  close(): Promise<void>;
};

async function readBody(req: http.IncomingMessage): Promise<{ params: Record<string, unknown>; files: Record<string, RecordedFile> }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return { params: JSON.parse(raw.toString("utf8") || "{}"), files: {} };
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const params: Record<string, unknown> = {};
    const files: Record<string, RecordedFile> = {};
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") {
        params[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
      } else {
        const text = await v.text();
        files[k] = { name: v.name, type: v.type, size: v.size, text };
      }
    }
    return { params, files };
  }
  return { params: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))), files: {} };
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, Answer[]>();
  const state: FakeTelegram["state"] = {
    token: "123456789:AAE-fake-token-for-tests_0123456789",
    bot: { id: 123456789, username: "chorus_test_bot" },
    chat: { id: -1001234567890, type: "channel", title: "Кофейня North", username: "north_coffee" },
    member: { status: "administrator", can_post_messages: true, can_delete_messages: true },
    memberCount: 1523,
    nextMessageId: 100,
    deleted: [],
    messages: new Map(),
    discussion: { id: -1009876543210, type: "supergroup", title: "Кофейня North — чат" },
    webhookUrl: null,
    webhook: null,
    updates: [],
    chatMessages: new Map(),
    reactions: [],
    publicChats: new Map(),
  };
  let nextUpdateId = 700_000;
  let nextGroupMessageId = 5000;
  const groupChat = () => ({ ...state.discussion });
  const channelChat = () => ({ id: state.chat.id, type: "channel", title: state.chat.title, ...(state.chat.username ? { username: state.chat.username } : {}) });
  /** reply_to_message never nests another reply_to_message (Bot API). */
  const shallow = (m: TgMessage) => {
    const { reply_to_message: _r, ...rest } = m;
    return rest;
  };
  const fail = (status: number, description: string, parameters?: Record<string, unknown>): Answer => ({
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  });
  const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
  const message = (id: number, extra: Record<string, unknown> = {}) => ({
    message_id: id,
    date: 1_773_158_400,
    chat: { id: state.chat.id, type: "channel", title: state.chat.title, ...(state.chat.username ? { username: state.chat.username } : {}) },
    ...extra,
  });
  const chatMatches = (chatId: unknown) => String(chatId) === String(state.chat.id) || chatId === `@${state.chat.username}`;
  const isGroup = (chatId: unknown) => String(chatId) === String(state.discussion.id);
  const isPrivate = (chatId: unknown) => /^\d+$/.test(String(chatId));
  const key = (chatId: unknown, messageId: unknown) => `${String(chatId)}:${String(messageId)}`;
  const nonChannelMessage = (chatId: number, id: number, extra: Record<string, unknown>) => ({
    message_id: id,
    date: 1_773_162_000,
    chat: isGroup(chatId) ? groupChat() : { id: chatId, type: "private", first_name: "User" },
    from: { id: state.bot.id, is_bot: true, first_name: "Chorus", username: state.bot.username },
    ...extra,
  });

  function getUpdates(p: Record<string, unknown>): Answer {
    if (state.webhookUrl) return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = typeof p.offset === "number" ? p.offset : null;
    // An update is confirmed (forgotten) once getUpdates is called with an offset higher than its update_id.
    if (offset !== null) state.updates = state.updates.filter((u) => u.update_id >= offset);
    const allowed = Array.isArray(p.allowed_updates) && p.allowed_updates.length > 0 ? (p.allowed_updates as string[]) : null;
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    const out = state.updates.filter((u) => !allowed || Object.keys(u).some((k) => allowed.includes(k))).slice(0, limit);
    return ok(out);
  }
  function answer(api: string, p: Record<string, unknown>, files: Record<string, RecordedFile>): Answer {
    const queued = failures.get(api)?.shift();
    if (queued) return queued;
    const publicChat = typeof p.chat_id === "string" && p.chat_id.startsWith("@") && !chatMatches(p.chat_id) ? state.publicChats.get(p.chat_id.slice(1)) : undefined;
    if (publicChat) {
      if (api === "getChat") return ok({ id: publicChat.id, type: publicChat.type, title: publicChat.title, username: String(p.chat_id).slice(1) });
      if (api === "getChatMemberCount") return ok(publicChat.memberCount);
      return fail(403, "Forbidden: bot is not a member of the channel chat");
    }
    const inChat = p.chat_id !== undefined && (isGroup(p.chat_id) || (isPrivate(p.chat_id) && state.chatMessages.has(key(p.chat_id, "any"))));
    if (api !== "getMe" && p.chat_id !== undefined && !chatMatches(p.chat_id) && !inChat) return fail(400, "Bad Request: chat not found");
    // The group and private chats: replies, reactions and deletions of the inbox.
    if (inChat) {
      const chatId = Number(p.chat_id);
      const held = (id: unknown) => {
        const m = state.chatMessages.get(key(chatId, id));
        return m && !m.deleted ? m : undefined;
      };
      switch (api) {
        case "getChat":
          return isGroup(chatId) ? ok(groupChat()) : ok({ id: chatId, type: "private", first_name: "User" });
        case "sendMessage": {
          const text = String(p.text ?? "");
          if (text.length > 4096) return fail(400, "Bad Request: message is too long");
          if (text.trim() === "") return fail(400, "Bad Request: message text is empty");
          const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
          const parent = replyTo === undefined ? undefined : held(replyTo);
          if (replyTo !== undefined && !parent) return fail(400, "Bad Request: message to be replied not found");
          const id = nextGroupMessageId++;
          const thread = parent ? (parent.thread ?? replyTo!) : null;
          state.chatMessages.set(key(chatId, id), { thread, deleted: false });
          return ok(nonChannelMessage(chatId, id, { text, ...(thread !== null && isGroup(chatId) ? { message_thread_id: thread } : {}) }));
        }
        case "setMessageReaction":
          if (!held(p.message_id)) return fail(400, "Bad Request: message to react not found");
          state.reactions.push({ chatId, messageId: Number(p.message_id), reaction: p.reaction });
          return ok(true);
        case "deleteMessage": {
          const m = held(p.message_id);
          if (!m) return fail(400, "Bad Request: message to delete not found");
          m.deleted = true;
          state.deleted.push(Number(p.message_id));
          return ok(true);
        }
        default:
          return fail(400, "Bad Request: method is not available for this chat");
      }
    }
    switch (api) {
      case "getMe":
        return ok({ id: state.bot.id, is_bot: true, first_name: "Chorus", username: state.bot.username });
      case "getUpdates":
        return getUpdates(p);
      // setWebhook: an HTTPS url, and a secret_token of 1-256 characters A-Z, a-z, 0-9, _ and - (Bot API).
      case "setWebhook": {
        const url = String(p.url ?? "");
        if (!url.startsWith("https://")) return fail(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        const secret = p.secret_token === undefined ? null : String(p.secret_token);
        if (secret !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return fail(400, "Bad Request: secret token contains unallowed characters");
        state.webhookUrl = url;
        state.webhook = { secretToken: secret, allowedUpdates: p.allowed_updates, maxConnections: p.max_connections };
        return ok(true);
      }
      case "deleteWebhook":
        state.webhookUrl = null;
        state.webhook = null;
        return ok(true);
      case "getChat":
        return ok({ ...state.chat, linked_chat_id: state.discussion.id });
      case "getChatMember":
        return ok({ user: { id: Number(p.user_id), is_bot: true, first_name: "Chorus" }, ...state.member });
      case "getChatMemberCount":
        return ok(state.memberCount);
      case "sendMessage": {
        const text = String(p.text ?? "");
        if (text.length > 4096) return fail(400, "Bad Request: message is too long");
        if (text.trim() === "") return fail(400, "Bad Request: message text is empty");
        const id = state.nextMessageId++;
        state.messages.set(id, { text });
        return ok(message(id, { text }));
      }
      case "sendPhoto":
      case "sendVideo": {
        const field = api === "sendPhoto" ? "photo" : "video";
        if (!files[field]) return fail(400, "Bad Request: wrong file identifier/HTTP URL specified");
        if (String(p.caption ?? "").length > 1024) return fail(400, "Bad Request: message caption is too long");
        const id = state.nextMessageId++;
        state.messages.set(id, { caption: String(p.caption ?? "") });
        return ok(message(id, { [field]: [{ file_id: "F" }] }));
      }
      case "sendMediaGroup": {
        const media = p.media as { type: string; media: string }[];
        if (!Array.isArray(media) || media.length < 2 || media.length > 10) return fail(400, "Bad Request: wrong number of media");
        for (const m of media) {
          if (!files[m.media.replace("attach://", "")]) return fail(400, "Bad Request: wrong file identifier/HTTP URL specified");
        }
        const group = String(Date.now());
        return ok(
          media.map((m) => {
            const id = state.nextMessageId++;
            state.messages.set(id, { caption: String((m as { caption?: string }).caption ?? "") });
            return message(id, { media_group_id: group });
          }),
        );
      }
      // editMessageText / editMessageCaption: the edited Message, or the documented 400 answers.
      case "editMessageText":
      case "editMessageCaption": {
        const held = state.messages.get(Number(p.message_id));
        if (!held) return fail(400, "Bad Request: message to edit not found");
        if (api === "editMessageText") {
          const text = String(p.text ?? "");
          if (held.text === undefined) return fail(400, "Bad Request: there is no text in the message to edit");
          if (text.trim() === "") return fail(400, "Bad Request: message text is empty");
          if (text.length > 4096) return fail(400, "Bad Request: MESSAGE_TOO_LONG");
          if (text === held.text) return fail(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
          held.text = text;
          return ok(message(Number(p.message_id), { text, edit_date: 1_773_162_000 }));
        }
        const caption = String(p.caption ?? "");
        if (held.caption === undefined) return fail(400, "Bad Request: there is no caption in the message to edit");
        if (caption.length > 1024) return fail(400, "Bad Request: message caption is too long");
        if (caption === held.caption) return fail(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        held.caption = caption;
        return ok(message(Number(p.message_id), { caption, edit_date: 1_773_162_000 }));
      }
      case "deleteMessage":
        state.deleted.push(Number(p.message_id));
        return ok(true);
      case "deleteMessages":
        state.deleted.push(...(p.message_ids as number[]));
        return ok(true);
      default:
        return fail(404, "Not Found: method not found");
    }
  }

  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    const { params, files } = await readBody(req);
    const token = m?.[1] ?? "";
    const api = m?.[2] ?? "";
    requests.push({ method: req.method ?? "", path, api, token, headers: req.headers, params, files });
    const out = !m ? fail(404, "Not Found") : token !== state.token ? fail(401, "Unauthorized") : answer(api, params, files);
    res.writeHead(out.status, { "content-type": "application/json" });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  function push(kind: "message" | "edited_message" | "channel_post", message: TgMessage): TgUpdate {
    const update = { update_id: nextUpdateId++, [kind]: message };
    if (message.chat.type !== "channel") {
      const thread = typeof message.message_thread_id === "number" ? message.message_thread_id : null;
      state.chatMessages.set(key(message.chat.id, message.message_id), { thread, deleted: false });
      // Marks the chat as one the bot can write to (a private chat exists once the person wrote).
      state.chatMessages.set(key(message.chat.id, "any"), { thread: null, deleted: false });
    }
    state.updates.push(update);
    return update;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (api) => requests.filter((r) => r.api === api),
    failNext(api, errorCode, description, parameters) {
      const list = failures.get(api) ?? [];
      list.push(fail(errorCode, description, parameters));
      failures.set(api, list);
    },
    state,
    push,
    forwardToGroup(channelMessageId, opts = {}) {
      const m: TgMessage = {
        message_id: nextGroupMessageId++,
        date: 1_773_158_401,
        chat: groupChat(),
        from: { id: 777000, is_bot: false, first_name: "Telegram" },
        sender_chat: channelChat(),
        is_automatic_forward: true,
        text: state.messages.get(channelMessageId)?.text ?? "",
        ...(opts.legacy
          ? { forward_from_chat: channelChat(), forward_from_message_id: channelMessageId, forward_date: 1_773_158_400 }
          : { forward_origin: { type: "channel", chat: channelChat(), message_id: channelMessageId, date: 1_773_158_400 } }),
        ...(opts.mediaGroupId ? { media_group_id: opts.mediaGroupId } : {}),
      };
      push("message", m);
      return m;
    },
    comment(root, from, text, opts = {}) {
      const m: TgMessage = {
        message_id: nextGroupMessageId++,
        date: opts.date ?? 1_773_160_000,
        chat: groupChat(),
        from,
        message_thread_id: root.message_id,
        reply_to_message: shallow(opts.replyTo ?? root),
        text,
      };
      push("message", m);
      return m;
    },
    privateMessage(from, text) {
      const m: TgMessage = {
        message_id: nextGroupMessageId++,
        date: 1_773_161_000,
        chat: { id: from.id, type: "private", first_name: from.first_name, ...(from.username ? { username: from.username } : {}) },
        from,
        text,
      };
      push("message", m);
      return m;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
