/**
 * The inbox side of Telegram, VK and Mastodon against local servers answering each network's
 * documented shapes (test/support/fake-*.ts): what fetchComments makes of comments, replies,
 * mentions and messages, how the cursor moves, edits and deletions, what reply/like/delete send,
 * and how refusals read. The networks themselves cannot be reached from here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMastodonConnector } from "../src/connectors/mastodon/index.js";
import { createTelegramConnector } from "../src/connectors/telegram/index.js";
import type { ChannelContext, CommentPage, Connector, RemoteComment } from "../src/connectors/types.js";
import { createVkConnector, guidFor } from "../src/connectors/vk/index.js";
import { type FakeMastodon, startFakeMastodon } from "./support/fake-mastodon.js";
import { type FakeTelegram, startFakeTelegram, type TgUser } from "./support/fake-telegram.js";
import { type FakeVk, startFakeVk } from "./support/fake-vk.js";

const byId = (page: CommentPage) => new Map(page.items.map((i) => [i.externalId, i]));
const summary = (items: RemoteComment[]) => items.map((i) => ({ id: i.externalId, post: i.postExternalId, parent: i.parentExternalId, kind: i.kind }));

describe("telegram inbox (Bot API shapes)", () => {
  let fake: FakeTelegram;
  let telegram: Connector;
  let channel: ChannelContext;
  const anna: TgUser = { id: 501, is_bot: false, first_name: "Анна", last_name: "К.", username: "anna_k" };
  const ivan: TgUser = { id: 502, is_bot: false, first_name: "Иван" };
  const olga: TgUser = { id: 503, is_bot: false, first_name: "Ольга", username: "olga" };

  beforeAll(async () => {
    fake = await startFakeTelegram();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(async () => {
    fake.state.updates.length = 0;
    fake.state.webhookUrl = null;
    telegram = createTelegramConnector({ baseUrl: fake.url });
    const c = await telegram.connect({ botToken: fake.state.token, chatId: "@north_coffee" });
    channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
    fake.requests.length = 0;
  });

  const group = () => fake.state.discussion.id;

  it("offers comments, replies, likes and private messages, not hiding", () => {
    expect(telegram.capabilities).toMatchObject({ comments: true, reply: true, like: true, directMessages: true, hide: false });
    expect(telegram.hide).toBeUndefined();
    expect(channel.credentials.linkedChatId).toBe(fake.state.discussion.id);
  });

  it("reads comments under the channel's posts and private messages; the cursor confirms them and re-fetching is idempotent", async () => {
    const post = await telegram.publish(channel, { text: "Новое меню", format: "text", media: [] }, "p1");
    const postId = Number(post.externalId.split(":")[1]);
    const fwd = fake.forwardToGroup(postId);
    const c1 = fake.comment(fwd, anna, "Где вы находитесь?");
    const c2 = fake.comment(fwd, ivan, "У парка", { replyTo: c1 });
    const dm = fake.privateMessage(olga, "Вы открыты в воскресенье?");
    fake.requests.length = 0;

    const first = await telegram.fetchComments!(channel, null);
    expect(fake.calls("getUpdates")[0]!.params).toEqual({ limit: 100, timeout: 0, allowed_updates: ["message", "edited_message", "channel_post"] });
    expect(summary(first.items)).toEqual([
      { id: `${group()}:${c1.message_id}`, post: post.externalId, parent: null, kind: "comment" },
      { id: `${group()}:${c2.message_id}`, post: post.externalId, parent: `${group()}:${c1.message_id}`, kind: "reply" },
      { id: `${olga.id}:${dm.message_id}`, post: String(olga.id), parent: null, kind: "message" },
    ]);
    expect(first.items[0]).toMatchObject({ authorName: "Анна К.", authorHandle: "@anna_k", text: "Где вы находитесь?", url: `https://t.me/north_coffee/${postId}?comment=${c1.message_id}` });
    expect(first.complete).toBeUndefined();
    const lastUpdate = fake.state.updates.at(-1)!.update_id;
    expect(first.cursor).toBe(`${lastUpdate + 1};${fwd.message_id}=${postId}`);

    // Not confirmed until a later call passes the cursor: the same page again, the same items.
    const again = await telegram.fetchComments!(channel, null);
    expect(summary(again.items)).toEqual(summary(first.items));
    const after = await telegram.fetchComments!(channel, first.cursor);
    expect(fake.calls("getUpdates").at(-1)!.params.offset).toBe(lastUpdate + 1);
    expect(after).toEqual({ items: [], cursor: null });
    expect(fake.state.updates).toHaveLength(0);

    // Another worker (a fresh connector) links a reply to a comment through the cursor's thread roots.
    const c3 = fake.comment(fwd, anna, "Спасибо!", { replyTo: c2 });
    fake.push("edited_message", { ...c1, text: "Где вы находитесь? Есть парковка?", edit_date: 1_773_160_600 });
    const other = createTelegramConnector({ baseUrl: fake.url });
    const next = await other.fetchComments!(channel, first.cursor);
    expect(byId(next).get(`${group()}:${c3.message_id}`)).toMatchObject({ postExternalId: post.externalId, parentExternalId: `${group()}:${c2.message_id}`, kind: "reply" });
    expect(byId(next).get(`${group()}:${c1.message_id}`)).toMatchObject({ text: "Где вы находитесь? Есть парковка?", editedAt: "2026-03-10T16:36:40.000Z" });
  });

  it("replies under the comment (reply_parameters), likes with 👍 and deletes; a deleted comment is a clear error", async () => {
    const fwd = fake.forwardToGroup(100);
    const c1 = fake.comment(fwd, anna, "Вкусно!");
    const dm = fake.privateMessage(olga, "Привет");
    const comment = `${group()}:${c1.message_id}`;

    const sent = await telegram.reply!(channel, comment, "Спасибо, Анна!", { idempotencyKey: "reply-1" });
    expect(fake.calls("sendMessage").at(-1)!.params).toEqual({ chat_id: String(group()), text: "Спасибо, Анна!", reply_parameters: { message_id: c1.message_id } });
    expect(sent.externalId).toMatch(new RegExp(`^${group()}:\\d+$`));
    // A retried job in this process gets the reply already made.
    expect(await telegram.reply!(channel, comment, "Спасибо, Анна!", { idempotencyKey: "reply-1" })).toEqual(sent);
    expect(fake.calls("sendMessage")).toHaveLength(1);

    await telegram.reply!(channel, `${olga.id}:${dm.message_id}`, "Да, с 9 до 18", { idempotencyKey: "reply-2" });
    expect(fake.calls("sendMessage").at(-1)!.params).toMatchObject({ chat_id: String(olga.id), reply_parameters: { message_id: dm.message_id } });

    await telegram.like!(channel, comment);
    expect(fake.calls("setMessageReaction")[0]!.params).toEqual({ chat_id: String(group()), message_id: c1.message_id, reaction: [{ type: "emoji", emoji: "👍" }] });

    await telegram.deleteComment!(channel, comment);
    expect(fake.calls("deleteMessage")[0]!.params).toEqual({ chat_id: String(group()), message_id: c1.message_id });
    await expect(telegram.deleteComment!(channel, comment)).resolves.toBeUndefined();

    await expect(telegram.reply!(channel, comment, "Ещё раз спасибо", { idempotencyKey: "reply-3" })).rejects.toMatchObject({
      kind: "invalid_content",
      message: expect.stringMatching(/no longer on Telegram \(it was deleted\)/),
    });
    await expect(telegram.like!(channel, comment)).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/deleted/) });
    await expect(telegram.reply!(channel, `${olga.id}:${dm.message_id}`, "x".repeat(4097))).rejects.toMatchObject({ kind: "invalid_content" });
  });

  it("maps rate limits, the webhook conflict and a bot that left the group to clear errors", async () => {
    fake.failNext("getUpdates", 429, "Too Many Requests: retry after 7", { retry_after: 7 });
    await expect(telegram.fetchComments!(channel, null)).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 7 });
    fake.state.webhookUrl = "https://example.test/hook";
    await expect(telegram.fetchComments!(channel, null)).rejects.toMatchObject({
      kind: "invalid_content",
      message: expect.stringMatching(/webhook.*409|409.*webhook|deleteWebhook/),
    });
    const fwd = fake.forwardToGroup(100);
    const c1 = fake.comment(fwd, anna, "?");
    fake.failNext("sendMessage", 403, "Forbidden: bot is not a member of the supergroup chat");
    await expect(telegram.reply!(channel, `${group()}:${c1.message_id}`, "!")).rejects.toMatchObject({ kind: "revoked", message: expect.stringMatching(/discussion group/) });
    fake.failNext("sendMessage", 429, "Too Many Requests: retry after 3", { retry_after: 3 });
    await expect(telegram.reply!(channel, `${group()}:${c1.message_id}`, "!")).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 3 });
  });

  it("parses a webhook Update the same way: other chats' messages go to listening, null for what is not for this channel", () => {
    const fwd = fake.forwardToGroup(300);
    const c1 = fake.comment(fwd, anna, "Через вебхук");
    const [fwdUpdate, commentUpdate] = fake.state.updates.slice(-2);
    const fresh = createTelegramConnector({ baseUrl: fake.url });
    expect(fresh.parseWebhook!(channel, fwdUpdate)).toEqual({ items: [], cursor: null });
    expect(fresh.parseWebhook!(channel, commentUpdate)).toMatchObject({
      items: [{ externalId: `${group()}:${c1.message_id}`, postExternalId: `${channel.externalId}:300`, kind: "comment", text: "Через вебхук" }],
      cursor: null,
    });
    expect(fresh.parseWebhook!(channel, { hello: "world" })).toBeNull();
    // A message in another group the bot is in is not the inbox's, but listening hears it.
    expect(fresh.parseWebhook!(channel, { update_id: 1, message: { message_id: 1, date: 1, chat: { id: -100777, type: "supergroup" }, text: "x" } })).toEqual({
      items: [],
      cursor: null,
      seen: [expect.objectContaining({ externalId: "-100777:1", text: "x" })],
    });
    expect(fresh.parseWebhook!(channel, { update_id: 2, callback_query: {} })).toBeNull();
  });
});

describe("vk inbox (API 5.199 shapes)", () => {
  let fake: FakeVk;
  let vk: Connector;
  let channel: ChannelContext;
  const at = new Date("2026-03-12T12:00:00Z");
  const day = 86_400;
  const community = -218375;

  beforeAll(async () => {
    fake = await startFakeVk();
    vk = createVkConnector({ baseUrl: fake.url, minIntervalMs: 0 });
    const c = await vk.connect({ accessToken: fake.state.token, groupId: 218375 });
    channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
    fake.state.profiles.set(42, { id: 42, first_name: "Анна", last_name: "Смирнова", screen_name: "anna.s", photo_100: "https://vk.test/anna.jpg", followers_count: 312 });
    fake.state.profiles.set(43, { id: 43, first_name: "Иван", last_name: "Петров" });
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake.state.posts.clear();
    fake.state.comments.clear();
    fake.requests.length = 0;
  });

  it("offers comments, replies and likes, not hiding", () => {
    expect(vk.capabilities).toMatchObject({ comments: true, reply: true, like: true, hide: false, directMessages: false });
    expect(vk.hide).toBeUndefined();
  });

  it("reads every comment and thread of the recent posts, with authors, parents, deletions and complete posts", async () => {
    const post = await vk.publish(channel, { text: "Осеннее меню", format: "text", media: [] }, "post-1");
    const quiet = fake.addPost({ date: at.getTime() / 1000 - 2 * day });
    const old = fake.addPost({ date: at.getTime() / 1000 - 20 * day });
    fake.addComment(old, { fromId: 42, text: "старый" });
    const c1 = fake.addComment(post.externalId, { fromId: 42, text: "Очень вкусно" });
    const own = fake.addComment(post.externalId, { fromId: community, text: "Спасибо!", replyTo: c1 });
    const r1 = fake.addComment(post.externalId, { fromId: 43, text: "Согласен", replyTo: c1 });
    const replies = Array.from({ length: 11 }, (_, i) => fake.addComment(post.externalId, { fromId: 43, text: `ответ ${i}`, replyTo: r1 }));
    const c2 = fake.addComment(post.externalId, { fromId: -555, text: "Соседи рекомендуют" });

    const page = await vk.fetchComments!(channel, null, at);
    expect(fake.calls("wall.get")[0]!.params).toMatchObject({ owner_id: String(community), count: "30", filter: "owner" });
    const firstRead = fake.calls("wall.getComments")[0]!.params;
    expect(firstRead).toMatchObject({ owner_id: String(community), extended: "1", need_likes: "1", count: "100", sort: "asc", thread_items_count: "10", offset: "0" });
    expect(firstRead.fields).toContain("photo_100");
    // The thread holds 13 replies: VK sent 10 with the comment, the rest are read with comment_id.
    expect(fake.calls("wall.getComments").map((r) => r.params.comment_id ?? null)).toEqual([null, String(c1)]);
    expect(fake.calls("wall.getComments").every((r) => r.params.post_id !== old.split("_")[1] && r.params.post_id !== quiet.split("_")[1])).toBe(true);

    const id = (c: number) => `${post.externalId}_${c}`;
    expect(page.cursor).toBeNull();
    expect(page.complete?.sort()).toEqual([post.externalId, quiet].sort());
    expect(page.items.map((i) => i.externalId)).not.toContain(id(own));
    expect(page.items).toHaveLength(1 + 1 + 11 + 1);
    expect(byId(page).get(id(c1))).toMatchObject({
      postExternalId: post.externalId,
      parentExternalId: null,
      kind: "comment",
      authorName: "Анна Смирнова",
      authorHandle: "anna.s",
      authorFollowers: 312,
      authorAvatarUrl: "https://vk.test/anna.jpg",
      text: "Очень вкусно",
      url: `https://vk.com/wall${post.externalId}?reply=${c1}`,
    });
    expect(byId(page).get(id(r1))).toMatchObject({ parentExternalId: id(c1), kind: "reply", authorName: "Иван Петров", url: `https://vk.com/wall${post.externalId}?reply=${r1}&thread=${c1}` });
    expect(byId(page).get(id(replies[10]!))).toMatchObject({ parentExternalId: id(r1), kind: "reply" });
    expect(byId(page).get(id(c2))).toMatchObject({ kind: "comment", authorName: "Community 555", authorHandle: "club555" });

    // Fetching again gives the same items; a deleted reply disappears, a deleted comment with replies is reported deleted.
    const again = await vk.fetchComments!(channel, null, at);
    expect(summary(again.items)).toEqual(summary(page.items));
    for (const c of fake.state.comments.get(post.externalId)!) if (c.id === c1 || c.id === replies[0]) c.deleted = true;
    const later = await vk.fetchComments!(channel, null, at);
    expect(byId(later).get(id(c1))).toMatchObject({ deleted: true, text: "" });
    expect(byId(later).has(id(replies[0]!))).toBe(false);
    expect(later.complete).toContain(post.externalId);
  });

  it("pages the top level with offset", async () => {
    const post = fake.addPost({ date: at.getTime() / 1000 - day });
    for (let i = 0; i < 150; i++) fake.addComment(post, { fromId: 42, text: `#${i}` });
    const page = await vk.fetchComments!(channel, null, at);
    expect(fake.calls("wall.getComments").map((r) => r.params.offset)).toEqual(["0", "100"]);
    expect(page.items).toHaveLength(150);
    expect(page.complete).toEqual([post]);
  });

  it("replies as the community with reply_to_comment and a guid from the idempotency key; likes and deletes", async () => {
    const post = fake.addPost({ date: at.getTime() / 1000 - day });
    const c1 = fake.addComment(post, { fromId: 42, text: "Вопрос" });
    const [owner, postId] = post.split("_");
    const sent = await vk.reply!(channel, `${post}_${c1}`, "Ответ", { idempotencyKey: "reply-1" });
    expect(fake.calls("wall.createComment")[0]!.params).toMatchObject({
      owner_id: owner,
      post_id: postId,
      message: "Ответ",
      reply_to_comment: String(c1),
      from_group: "218375",
      guid: guidFor("reply-1"),
    });
    expect(sent).toEqual({ externalId: expect.stringMatching(new RegExp(`^${post}_\\d+$`)), url: expect.stringMatching(/^https:\/\/vk\.com\/wall-218375_\d+\?reply=\d+$/) });
    // The same guid: VK answers with the comment it already made.
    expect(await vk.reply!(channel, `${post}_${c1}`, "Ответ", { idempotencyKey: "reply-1" })).toEqual(sent);
    expect(fake.state.comments.get(post)!.filter((c) => c.text === "Ответ")).toHaveLength(1);
    // Answering the post itself: a top-level comment.
    await vk.reply!(channel, post, "Всем спасибо");
    expect(fake.calls("wall.createComment").at(-1)!.params).not.toHaveProperty("reply_to_comment");

    await vk.like!(channel, `${post}_${c1}`);
    expect(fake.calls("likes.add")[0]!.params).toMatchObject({ type: "comment", owner_id: owner, item_id: String(c1) });
    await vk.deleteComment!(channel, `${post}_${c1}`);
    expect(fake.calls("wall.deleteComment")[0]!.params).toMatchObject({ owner_id: owner, comment_id: String(c1) });
    await expect(vk.deleteComment!(channel, `${post}_${c1}`)).resolves.toBeUndefined();
  });

  it("maps refusals: a deleted comment, closed comments, rate limits", async () => {
    const post = fake.addPost({ date: at.getTime() / 1000 - day });
    const c1 = fake.addComment(post, { fromId: 42, text: "Вопрос" });
    fake.state.comments.get(post)![0]!.deleted = true;
    await expect(vk.reply!(channel, `${post}_${c1}`, "Ответ")).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/deleted/) });
    await expect(vk.like!(channel, `${post}_${c1}`)).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/deleted/) });
    fake.state.closed.add(post);
    await expect(vk.reply!(channel, post, "Ответ")).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/comments are closed/) });
    fake.state.closed.delete(post);
    fake.failNext("wall.createComment", 6, "Too many requests per second");
    await expect(vk.reply!(channel, post, "Ответ")).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 1 });
    fake.addComment(post, { fromId: 42, text: "ещё" });
    fake.failNext("wall.getComments", 9, "Flood control");
    await expect(vk.fetchComments!(channel, null, at)).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 600 });
    fake.failNext("wall.get", 5, "User authorization failed: access_token has expired.");
    await expect(vk.fetchComments!(channel, null, at)).rejects.toMatchObject({ kind: "auth_expired" });
  });

  it("skips a post that vanished between wall.get and wall.getComments, reading the others", async () => {
    const a = fake.addPost({ date: at.getTime() / 1000 - day });
    const b = fake.addPost({ date: at.getTime() / 1000 - day });
    fake.addComment(a, { fromId: 42, text: "a" });
    fake.addComment(b, { fromId: 42, text: "b" });
    fake.failNext("wall.getComments", 100, "One of the parameters specified was missing or invalid: post_id is invalid");
    const page = await vk.fetchComments!(channel, null, at);
    expect(page.items).toHaveLength(1);
    expect(page.complete).toHaveLength(1);
  });
});

describe("mastodon inbox (documented API shapes)", () => {
  let fake: FakeMastodon;
  let mastodon: Connector;
  let channel: ChannelContext;

  beforeAll(async () => {
    fake = await startFakeMastodon();
    mastodon = createMastodonConnector({ pollIntervalMs: 5 });
    const c = await mastodon.connect({ instanceUrl: fake.url, accessToken: fake.state.token, visibility: "unlisted" });
    channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake.state.statuses.clear();
    fake.state.notifications.length = 0;
    fake.requests.length = 0;
  });

  it("offers comments, replies, likes and direct messages; no hiding or deleting others' statuses", () => {
    expect(mastodon.capabilities).toMatchObject({ comments: true, reply: true, like: true, directMessages: true, hide: false });
    expect(mastodon.hide).toBeUndefined();
    expect(mastodon.deleteComment).toBeUndefined();
  });

  it("reads replies in the account's threads (mentioning it or not), mentions elsewhere and direct messages; the cursor moves on", async () => {
    const anna = fake.addAccount("anna", { acct: "anna@social.example", displayName: "Анна", followers: 120 });
    const ivan = fake.addAccount("ivan");
    const post = await mastodon.publish(channel, { text: "Осеннее меню", format: "text", media: [] }, "post-1");
    const old = fake.addStatus(null, "Летнее меню", { createdAt: new Date(Date.now() - 20 * 86_400_000).toISOString() });
    const c1 = fake.addStatus(anna, "@northcoffee Очень вкусно", {
      inReplyTo: post.externalId,
      html: '<p><span class="h-card"><a href="x" class="u-url mention">@<span>northcoffee</span></a></span> Очень вкусно &amp; тепло<br />Спасибо</p>',
    });
    const r1 = fake.addStatus(ivan, "Согласен", { inReplyTo: c1, mention: false });
    const elsewhere = fake.addStatus(ivan, "Попробуйте @northcoffee", {});
    const dm = fake.addStatus(anna, "@northcoffee а можно заказать торт?", { visibility: "direct" });
    const oldReply = fake.addStatus(anna, "@northcoffee а летнее вернётся?", { inReplyTo: old });

    const at = new Date();
    const page = await mastodon.fetchComments!(channel, null, at);
    const notifRequest = fake.calls("GET /api/v1/notifications")[0]!;
    expect(notifRequest.query).toMatchObject({ "types[]": "mention", limit: "40" });
    expect(fake.calls("GET /api/v1/accounts/:id/statuses")[0]!.query).toMatchObject({ exclude_replies: "true", exclude_reblogs: "true", limit: "20" });
    expect(summary(page.items).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: c1, post: post.externalId, parent: null, kind: "comment" },
        { id: r1, post: post.externalId, parent: c1, kind: "reply" },
        { id: elsewhere, post: elsewhere, parent: null, kind: "mention" },
        { id: dm, post: dm, parent: null, kind: "message" },
        { id: oldReply, post: old, parent: null, kind: "comment" },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(byId(page).get(c1)).toMatchObject({
      authorName: "Анна",
      authorHandle: "@anna@social.example",
      authorFollowers: 120,
      authorAvatarUrl: `${fake.url}/avatars/anna.png`,
      text: "@northcoffee Очень вкусно & тепло\nСпасибо",
      url: `${fake.url}/@anna@social.example/${c1}`,
      editedAt: null,
    });
    expect(byId(page).get(r1)!.authorHandle).toBe(`@ivan@${fake.host}`);
    // The old post's thread was looked up for the mention, but only the recent post was read whole.
    expect(page.complete).toEqual([post.externalId]);
    const newest = fake.state.notifications.at(-1)!.id;
    expect(page.cursor).toBe(`${newest}|${at.getTime()}`);

    // Nothing new, threads read a moment ago: no more for now.
    fake.requests.length = 0;
    expect(await mastodon.fetchComments!(channel, page.cursor, at)).toEqual({ items: [], cursor: null, complete: [] });
    expect(fake.calls("GET /api/v1/notifications")[0]!.query).toMatchObject({ min_id: newest });
    expect(fake.calls("GET /api/v1/statuses/:id/context")).toHaveLength(0);

    // A new mention arrives at once; the cursor moves past it.
    const later = fake.addStatus(ivan, "@northcoffee спасибо за кофе", {});
    const next = await mastodon.fetchComments!(channel, page.cursor, at);
    expect(summary(next.items)).toEqual([{ id: later, post: later, parent: null, kind: "mention" }]);
    expect(next.cursor).toBe(`${fake.state.notifications.at(-1)!.id}|${at.getTime()}`);
  });

  it("reports edits and, once the thread is read again, what was deleted", async () => {
    const anna = fake.addAccount("anna");
    const post = await mastodon.publish(channel, { text: "Пост", format: "text", media: [] }, "post-2");
    const c1 = fake.addStatus(anna, "Было", { inReplyTo: post.externalId, mention: false });
    const c2 = fake.addStatus(anna, "Удалю", { inReplyTo: post.externalId, mention: false });
    const at = new Date();
    const first = await mastodon.fetchComments!(channel, null, at);
    expect(first.items.map((i) => i.externalId).sort()).toEqual([c1, c2].sort());

    fake.editStatus(c1, "Стало", "2026-03-10T18:00:00.000Z");
    fake.state.statuses.delete(c2);
    const soon = await mastodon.fetchComments!(channel, first.cursor, new Date(at.getTime() + 60_000));
    expect(soon.items).toEqual([]);
    const later = await mastodon.fetchComments!(channel, first.cursor, new Date(at.getTime() + 6 * 60_000));
    expect(later.items.map((i) => i.externalId)).toEqual([c1]);
    expect(later.items[0]).toMatchObject({ text: "Стало", editedAt: "2026-03-10T18:00:00.000Z" });
    expect(later.complete).toEqual([post.externalId]);
  });

  it("replies to the author (@acct first), never more open than the comment, with an Idempotency-Key; likes with favourite", async () => {
    const anna = fake.addAccount("anna", { acct: "anna@social.example" });
    const post = await mastodon.publish(channel, { text: "Пост", format: "text", media: [] }, "post-3");
    const c1 = fake.addStatus(anna, "Вкусно", { inReplyTo: post.externalId });
    const sent = await mastodon.reply!(channel, c1, "Спасибо!", { idempotencyKey: "reply-1" });
    const req = fake.calls("POST /api/v1/statuses").at(-1)!;
    expect(req.form).toEqual({ status: "@anna@social.example Спасибо!", in_reply_to_id: c1, visibility: "unlisted" });
    expect(req.headers["idempotency-key"]).toBe("reply-1");
    expect(sent).toEqual({ externalId: expect.any(String), url: `${fake.url}/@northcoffee/${sent.externalId}` });
    expect(await mastodon.reply!(channel, c1, "Спасибо!", { idempotencyKey: "reply-1" })).toEqual(sent);

    await mastodon.reply!(channel, c1, "@anna@social.example спасибо ещё раз");
    expect(fake.calls("POST /api/v1/statuses").at(-1)!.form.status).toBe("@anna@social.example спасибо ещё раз");
    const dm = fake.addStatus(anna, "@northcoffee вопрос", { visibility: "direct" });
    await mastodon.reply!(channel, dm, "Ответили в личку");
    expect(fake.calls("POST /api/v1/statuses").at(-1)!.form).toMatchObject({ visibility: "direct", status: "@anna@social.example Ответили в личку" });

    // Mastodon counts a remote mention as its @username: 495 + " @anna" passes 500.
    const before = fake.calls("POST /api/v1/statuses").length;
    await expect(mastodon.reply!(channel, c1, "д".repeat(495))).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/@anna@social\.example/) });
    expect(fake.calls("POST /api/v1/statuses")).toHaveLength(before);

    await mastodon.like!(channel, c1);
    expect(fake.calls("POST /api/v1/statuses/:id/favourite")[0]!.path).toBe(`/api/v1/statuses/${c1}/favourite`);
    expect(fake.state.statuses.get(c1)!.favourited).toBe(true);
  });

  it("maps refusals: a deleted comment, a rate limit with its reset time", async () => {
    const anna = fake.addAccount("anna");
    const c1 = fake.addStatus(anna, "Удалю", {});
    fake.state.statuses.delete(c1);
    await expect(mastodon.reply!(channel, c1, "Ответ")).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/deleted/) });
    await expect(mastodon.like!(channel, c1)).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/deleted/) });
    const reset = new Date(Date.now() + 30_000).toISOString();
    fake.failNext("GET /api/v1/notifications", 429, { error: "Too many requests" }, { "x-ratelimit-reset": reset });
    const err = await mastodon.fetchComments!(channel, null).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited" });
    expect((err as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(29);
    fake.failNext("GET /api/v1/notifications", 401, { error: "The access token is invalid" });
    await expect(mastodon.fetchComments!(channel, null)).rejects.toMatchObject({ kind: "auth_expired" });
  });
});
