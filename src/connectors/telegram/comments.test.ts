import { describe, expect, it } from "vitest";
import { ConnectorError } from "../types.js";
import { decodeCursor, encodeCursor, type MapContext, mapUpdate, mapUpdates, messageText, newThreadMemory } from "./comments.js";
import { TelegramApiError, toConnectorError, toInboxError } from "./errors.js";
import { type TelegramUpdate, updateSchema } from "./types.js";

const channel = { id: -1001234567890, type: "channel", title: "North", username: "north_coffee" };
const group = { id: -1009876543210, type: "supergroup", title: "North chat" };
const anna = { id: 501, is_bot: false, first_name: "Анна", last_name: "К.", username: "anna_k" };
const ivan = { id: 502, is_bot: false, first_name: "Иван" };

const ctx = (over: Partial<MapContext> = {}): MapContext => ({
  channelChatId: channel.id,
  discussionChatId: group.id,
  channelUsername: "north_coffee",
  botId: 123456789,
  memory: newThreadMemory(),
  ...over,
});
let nextUpdate = 1;
const update = (message: Record<string, unknown>, kind: "message" | "edited_message" = "message"): TelegramUpdate =>
  updateSchema.parse({ update_id: nextUpdate++, [kind]: message });
const forward = (groupId: number, channelId: number, extra: Record<string, unknown> = {}) => ({
  message_id: groupId,
  date: 1_773_158_401,
  chat: group,
  from: { id: 777000, is_bot: false, first_name: "Telegram" },
  sender_chat: channel,
  is_automatic_forward: true,
  forward_origin: { type: "channel", chat: channel, message_id: channelId, date: 1_773_158_400 },
  text: "Пост",
  ...extra,
});
const comment = (id: number, thread: number, replyTo: Record<string, unknown>, from: Record<string, unknown> = anna, extra: Record<string, unknown> = {}) => ({
  message_id: id,
  date: 1_773_160_000,
  chat: group,
  from,
  message_thread_id: thread,
  reply_to_message: replyTo,
  text: `comment ${id}`,
  ...extra,
});

describe("telegram updates → inbox items", () => {
  it("learns the thread from the automatic forward and maps a top-level comment to the channel post", () => {
    const c = ctx();
    const fwd = forward(900, 100);
    const { items } = mapUpdates([update(fwd), update(comment(901, 900, fwd))], c);
    expect(items).toEqual([
      {
        externalId: `${group.id}:901`,
        postExternalId: `${channel.id}:100`,
        parentExternalId: null,
        kind: "comment",
        authorName: "Анна К.",
        authorHandle: "@anna_k",
        authorFollowers: null,
        authorAvatarUrl: null,
        text: "comment 901",
        occurredAt: "2026-03-10T16:26:40.000Z",
        url: "https://t.me/north_coffee/100?comment=901",
        editedAt: null,
      },
    ]);
    expect(c.memory.threads.get(900)).toEqual([100]);
  });

  it("maps a reply to a comment through the thread memory, even without having seen the forward in this batch", () => {
    const c = ctx();
    mapUpdates([update(forward(900, 100))], c);
    const first = comment(901, 900, forward(900, 100));
    const { items } = mapUpdates([update(comment(902, 900, first, ivan))], c);
    expect(items[0]).toMatchObject({
      externalId: `${group.id}:902`,
      postExternalId: `${channel.id}:100`,
      parentExternalId: `${group.id}:901`,
      kind: "reply",
      authorName: "Иван",
      authorHandle: "502",
    });
  });

  it("reads the pre-7.0 forward fields, and links an unknown thread to its root in the group", () => {
    const legacy = { ...forward(910, 110), forward_origin: undefined, forward_from_chat: channel, forward_from_message_id: 110 };
    expect(mapUpdates([update(comment(911, 910, legacy))], ctx()).items[0]).toMatchObject({ postExternalId: `${channel.id}:110`, kind: "comment" });
    const orphan = mapUpdates([update(comment(921, 920, comment(919, 920, {})))], ctx()).items[0];
    expect(orphan).toMatchObject({ postExternalId: `${group.id}:920`, parentExternalId: `${group.id}:919`, kind: "reply" });
  });

  it("keeps every message id of an album post, as publish() returned them", () => {
    const c = ctx();
    const a = forward(930, 200, { media_group_id: "g1", photo: [{}] });
    const b = forward(931, 201, { media_group_id: "g1", photo: [{}] });
    const { items } = mapUpdates([update(a), update(b), update(comment(932, 930, a)), update(comment(933, 931, b))], c);
    expect(items.map((i) => i.postExternalId)).toEqual([`${channel.id}:200,201`, `${channel.id}:200,201`]);
  });

  it("maps private messages to the bot as messages, and edits with editedAt", () => {
    const dm = { message_id: 7, date: 1_773_161_000, chat: { id: 501, type: "private", first_name: "Анна" }, from: anna, text: "Вы открыты?" };
    expect(mapUpdate(update(dm), ctx()).item).toMatchObject({ externalId: "501:7", postExternalId: "501", parentExternalId: null, kind: "message", url: null });
    const edited = mapUpdate(update({ ...dm, text: "Вы открыты завтра?", edit_date: 1_773_161_060 }, "edited_message"), ctx()).item;
    expect(edited).toMatchObject({ externalId: "501:7", text: "Вы открыты завтра?", editedAt: "2026-03-10T16:44:20.000Z" });
  });

  it("skips other chats, the team's own messages, general chat and service messages", () => {
    const fwd = forward(900, 100);
    const c = ctx();
    mapUpdates([update(fwd)], c);
    const other = { ...comment(901, 900, fwd), chat: { id: -100555, type: "supergroup" } };
    const asChannel = comment(902, 900, fwd, anna, { sender_chat: channel });
    const asGroup = comment(903, 900, fwd, anna, { sender_chat: group });
    const bot = comment(904, 900, fwd, { id: 123456789, is_bot: true, first_name: "Chorus" });
    const general = { message_id: 905, date: 1, chat: group, from: anna, text: "привет всем" };
    const joined = { ...comment(906, 900, fwd), text: undefined, new_chat_members: [anna] };
    const { items } = mapUpdates([other, asChannel, asGroup, bot, general, joined].map((m) => update(m)), c);
    expect(items).toEqual([]);
  });

  it("learns the discussion group from an automatic forward when getChat did not say", () => {
    const fwd = forward(900, 100);
    const r = mapUpdates([update(fwd), update(comment(901, 900, fwd))], ctx({ discussionChatId: null }));
    expect(r.discussionChatId).toBe(group.id);
    expect(r.items).toHaveLength(1);
  });

  it("describes messages without text", () => {
    expect(messageText({ photo: [{}], caption: "Латте" })).toBe("Латте");
    expect(messageText({ sticker: { emoji: "☕" } })).toBe("[sticker ☕]");
    expect(messageText({ voice: {} })).toBe("[voice message]");
    expect(messageText({ pinned_message: {} })).toBeNull();
  });

  it("keeps the offset and the thread roots in the cursor", () => {
    const memory = newThreadMemory();
    memory.threads.set(900, [100]);
    memory.threads.set(930, [200, 201]);
    const cursor = encodeCursor(700_010, memory);
    expect(cursor).toBe("700010;930=200.201,900=100");
    const restored = newThreadMemory();
    expect(decodeCursor(cursor, restored)).toBe(700_010);
    expect(restored.threads.get(930)).toEqual([200, 201]);
    expect(decodeCursor("700010", newThreadMemory())).toBe(700_010);
    expect(decodeCursor("garbage", newThreadMemory())).toBeNull();
    expect(decodeCursor(null, newThreadMemory())).toBeNull();
  });
});

describe("telegram inbox errors", () => {
  const api = (code: number, d: string) => new TelegramApiError("x", code, d);
  it("names the webhook conflict, a deleted comment, a blocked bot and a group without the bot", () => {
    const webhook = toConnectorError(api(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"), "reading");
    expect(webhook).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/webhook/) });
    expect(toConnectorError(api(409, "Conflict: terminated by other getUpdates request"), "reading").kind).toBe("transient");
    expect(toInboxError(api(400, "Bad Request: message to be replied not found"), "sending the reply")).toMatchObject({
      kind: "invalid_content",
      message: expect.stringMatching(/deleted/),
    });
    expect(toInboxError(api(403, "Forbidden: bot was blocked by the user"), "sending the reply").kind).toBe("invalid_content");
    expect(toInboxError(api(403, "Forbidden: bot is not a member of the supergroup chat"), "sending the reply")).toMatchObject({
      kind: "revoked",
      message: expect.stringMatching(/discussion group/),
    });
    expect(toInboxError(api(429, "Too Many Requests: retry after 3"), "x")).toBeInstanceOf(ConnectorError);
  });
});
