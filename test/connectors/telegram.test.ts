/**
 * The Telegram connector against a local server answering the Bot API's documented shapes
 * (test/support/fake-telegram.ts): what is sent, how answers are read, how errors are classified.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelegramConnector } from "../../src/connectors/telegram/index.js";
import { type ChannelContext, type Connector, ConnectorError, type MediaInput } from "../../src/connectors/types.js";
import { type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.js";

/** A call that should have failed but published: the test fails with this. */
const expectedFailure = (): never => {
  throw new Error("expected the call to fail, but it succeeded");
};

let fake: FakeTelegram;
let telegram: Connector;
let channel: ChannelContext;

const photo = (name: string, body = `jpeg-bytes-${name}`): MediaInput => ({
  type: "image/jpeg",
  bytes: body.length,
  width: 1080,
  height: 1080,
  fileName: name,
  read: async () => Buffer.from(body),
});

beforeAll(async () => {
  fake = await startFakeTelegram();
  telegram = createTelegramConnector({ baseUrl: fake.url });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.requests.length = 0;
  fake.state.member = { status: "administrator", can_post_messages: true };
  const c = await telegram.connect({ botToken: fake.state.token, chatId: "https://t.me/north_coffee" });
  channel = { externalId: c.externalId, handle: c.handle, credentials: c.credentials };
  fake.requests.length = 0;
});

describe("telegram connector (documented Bot API shapes)", () => {
  it("connects with getMe, getChat and the bot's own ChatMember, keeping the numeric chat id", async () => {
    fake.requests.length = 0;
    const c = await telegram.connect({ botToken: fake.state.token, chatId: "@north_coffee" });
    expect(fake.requests.map((r) => r.api)).toEqual(["getMe", "getChat", "getChatMember"]);
    expect(fake.calls("getChat")[0]!.params).toEqual({ chat_id: "@north_coffee" });
    expect(fake.calls("getChatMember")[0]!.params).toEqual({ chat_id: "-1001234567890", user_id: fake.state.bot.id });
    expect(c).toMatchObject({ externalId: "-1001234567890", handle: "@north_coffee", name: "Кофейня North" });
    expect(c.credentials).toMatchObject({ chatId: "-1001234567890", username: "north_coffee", botId: 123456789 });
  });

  it("refuses to connect when the bot may not post, and when the token is wrong", async () => {
    fake.state.member = { status: "administrator", can_post_messages: false };
    await expect(telegram.connect({ botToken: fake.state.token, chatId: "@north_coffee" })).rejects.toMatchObject({ kind: "revoked" });
    fake.state.member = { status: "left" };
    await expect(telegram.connect({ botToken: fake.state.token, chatId: "@north_coffee" })).rejects.toThrow(/no longer an admin/);
    await expect(telegram.connect({ botToken: "123456789:AAE-wrong-token-000000000000", chatId: "@north_coffee" })).rejects.toMatchObject({
      kind: "auth_expired",
    });
  });

  it("sends text as typed (no parse_mode), previews off without a link", async () => {
    const text = "<b>не жирный</b> *и не курсив* 👍🏽";
    const r = await telegram.publish(channel, { text, format: "text", media: [] }, "k1");
    const sent = fake.calls("sendMessage")[0]!;
    expect(sent.headers["content-type"]).toMatch(/^application\/json/);
    expect(sent.token).toBe(fake.state.token);
    expect(sent.params).toEqual({ chat_id: "-1001234567890", text, link_preview_options: { is_disabled: true } });
    expect(r).toEqual({ externalId: "-1001234567890:100", url: "https://t.me/north_coffee/100", publishedAt: "2026-03-10T16:00:00.000Z" });
  });

  it("adds the link to the text and turns its preview on", async () => {
    await telegram.publish(channel, { text: "Новое меню", format: "link", media: [], link: "https://north.coffee/menu" }, "k2");
    expect(fake.calls("sendMessage")[0]!.params).toMatchObject({
      text: "Новое меню\n\nhttps://north.coffee/menu",
      link_preview_options: { url: "https://north.coffee/menu" },
    });
  });

  it("uploads one photo with sendPhoto as multipart, the text as its caption, replying when asked", async () => {
    const r = await telegram.publish(channel, { text: "Латте-арт", format: "image", media: [photo("latte.jpg")] }, "k3", {
      replyTo: { parentExternalId: "-1001234567890:42", rootExternalId: "-1001234567890:42" },
    });
    const sent = fake.calls("sendPhoto")[0]!;
    expect(sent.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.params).toEqual({ chat_id: "-1001234567890", caption: "Латте-арт", reply_parameters: { message_id: 42 } });
    expect(sent.files.photo).toEqual({ name: "latte.jpg", type: "image/jpeg", size: 20, text: "jpeg-bytes-latte.jpg" });
    expect(r.externalId).toMatch(/^-1001234567890:\d+$/);
  });

  it("sends a video with sendVideo", async () => {
    const video: MediaInput = { type: "video/mp4", bytes: 5, fileName: "clip.mp4", read: async () => Buffer.from("mp4!!") };
    await telegram.publish(channel, { text: "", format: "video", media: [video] }, "k4");
    const sent = fake.calls("sendVideo")[0]!;
    expect(sent.files.video).toMatchObject({ name: "clip.mp4", type: "video/mp4", text: "mp4!!" });
    expect(sent.params).not.toHaveProperty("caption");
  });

  it("publishes an album with sendMediaGroup (caption on the first item) and deletes every message of it", async () => {
    fake.state.nextMessageId = 200;
    const r = await telegram.publish(channel, { text: "Три кофе", format: "carousel", media: [photo("a.jpg"), photo("b.jpg"), photo("c.jpg")] }, "k5");
    const sent = fake.calls("sendMediaGroup")[0]!;
    expect(sent.params.media).toEqual([
      { type: "photo", media: "attach://file0", caption: "Три кофе" },
      { type: "photo", media: "attach://file1" },
      { type: "photo", media: "attach://file2" },
    ]);
    expect(Object.keys(sent.files)).toEqual(["file0", "file1", "file2"]);
    expect(sent.files.file1!.text).toBe("jpeg-bytes-b.jpg");
    expect(r).toMatchObject({ externalId: "-1001234567890:200,201,202", url: "https://t.me/north_coffee/200" });

    await telegram.delete!(channel, r.externalId);
    expect(fake.calls("deleteMessages")[0]!.params).toEqual({ chat_id: "-1001234567890", message_ids: [200, 201, 202] });
    await telegram.delete!(channel, "-1001234567890:7");
    expect(fake.calls("deleteMessage")[0]!.params).toEqual({ chat_id: "-1001234567890", message_id: 7 });
    fake.failNext("deleteMessage", 400, "Bad Request: message to delete not found");
    await expect(telegram.delete!(channel, "-1001234567890:7")).resolves.toBeUndefined();
    fake.failNext("deleteMessage", 400, "Bad Request: message can't be deleted");
    await expect(telegram.delete!(channel, "-1001234567890:8")).rejects.toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/48 hours/) });
  });

  it("edits a text post with editMessageText (as typed, no parse_mode) and a media post's caption with editMessageCaption", async () => {
    fake.state.nextMessageId = 400;
    const posted = await telegram.publish(channel, { text: "Было", format: "text", media: [] }, "e1");
    const r = await telegram.edit!(channel, posted.externalId, { text: "Стало <b>так</b>", format: "text", media: [], link: "https://north.coffee/menu" });
    expect(fake.calls("editMessageText")[0]!.params).toEqual({
      chat_id: "-1001234567890",
      message_id: 400,
      text: "Стало <b>так</b>\n\nhttps://north.coffee/menu",
      link_preview_options: { url: "https://north.coffee/menu" },
    });
    expect(r).toEqual({ externalId: "-1001234567890:400", url: "https://t.me/north_coffee/400", publishedAt: "2026-03-10T16:00:00.000Z" });

    const album = await telegram.publish(channel, { text: "Три кофе", format: "carousel", media: [photo("a.jpg"), photo("b.jpg")] }, "e2");
    const meta = [photo("a.jpg"), photo("b.jpg")].map(({ read: _read, ...m }) => m);
    await telegram.edit!(channel, album.externalId, { text: "Два кофе", format: "carousel", media: meta });
    expect(fake.calls("editMessageCaption")[0]!.params).toEqual({ chat_id: "-1001234567890", message_id: 401, caption: "Два кофе" });
    expect(fake.calls("editMessageText")).toHaveLength(1);
    // A caption over 1024 is refused before Telegram is called.
    await expect(telegram.edit!(channel, album.externalId, { text: "a".repeat(1025), format: "carousel", media: meta })).rejects.toMatchObject({ kind: "invalid_content" });
    expect(fake.calls("editMessageCaption")).toHaveLength(1);
  });

  it("treats an unchanged text as done, and maps edit refusals like publish ones", async () => {
    fake.state.nextMessageId = 500;
    const posted = await telegram.publish(channel, { text: "Same", format: "text", media: [] }, "e3");
    await expect(telegram.edit!(channel, posted.externalId, { text: "Same", format: "text", media: [] })).resolves.toMatchObject({ url: "https://t.me/north_coffee/500" });
    await expect(telegram.edit!(channel, "-1001234567890:9999", { text: "x", format: "text", media: [] })).rejects.toMatchObject({
      kind: "invalid_content",
      message: expect.stringMatching(/no longer in the channel/),
    });
    fake.failNext("editMessageText", 403, "Forbidden: bot is not a member of the channel chat");
    await expect(telegram.edit!(channel, posted.externalId, { text: "y", format: "text", media: [] })).rejects.toMatchObject({ kind: "revoked" });
    fake.failNext("editMessageText", 429, "Too Many Requests: retry after 5", { retry_after: 5 });
    await expect(telegram.edit!(channel, posted.externalId, { text: "y", format: "text", media: [] })).rejects.toMatchObject({ kind: "rate_limited", retryAfter: 5 });
    expect(telegram.capabilities.edit).toBe(true);
  });

  it("links private channels as t.me/c/<id>/<message>", async () => {
    const priv = { ...channel, credentials: { ...channel.credentials, username: null } };
    const saved = fake.state.chat.username;
    delete fake.state.chat.username;
    try {
      fake.state.nextMessageId = 300;
      const r = await telegram.publish(priv, { text: "Только для своих", format: "text", media: [] }, "k6");
      expect(r.url).toBe("https://t.me/c/1234567890/300");
    } finally {
      fake.state.chat.username = saved;
    }
  });

  it("reads the subscriber count; offers no post metrics and cannot look for a published post", async () => {
    expect(await telegram.fetchChannelStats!(channel)).toEqual({ followers: 1523, following: null, posts: 0 });
    expect(fake.calls("getChatMemberCount")[0]!.params).toEqual({ chat_id: "-1001234567890" });
    expect(telegram.capabilities.postMetrics).toBe(false);
    expect(telegram.fetchPostMetrics).toBeUndefined();
    expect(telegram.findPublished).toBeUndefined();
  });

  it("reports health: ok, then not an admin any more, then a revoked token", async () => {
    expect(await telegram.checkHealth!(channel)).toMatchObject({ ok: true, message: null });
    fake.state.member = { status: "administrator", can_post_messages: false };
    expect(await telegram.checkHealth!(channel)).toMatchObject({ ok: false, message: expect.stringMatching(/no longer an admin/) });
    fake.failNext("getMe", 401, "Unauthorized");
    expect(await telegram.checkHealth!(channel)).toMatchObject({ ok: false, message: expect.stringMatching(/token was revoked/) });
  });

  it("classifies the documented error answers", async () => {
    const post = () => telegram.publish(channel, { text: "x", format: "text", media: [] }, "k7");
    const failWith = async (code: number, description: string, parameters?: Record<string, unknown>) => {
      fake.failNext("sendMessage", code, description, parameters);
      return post().then(expectedFailure, (e: unknown) => e as ConnectorError);
    };
    const limited = await failWith(429, "Too Many Requests: retry after 17", { retry_after: 17 });
    expect(limited).toBeInstanceOf(ConnectorError);
    expect(limited).toMatchObject({ kind: "rate_limited", retryAfter: 17 });
    expect(await failWith(401, "Unauthorized")).toMatchObject({ kind: "auth_expired" });
    expect(await failWith(403, "Forbidden: bot was kicked from the channel chat")).toMatchObject({ kind: "revoked" });
    expect(await failWith(400, "Bad Request: message is too long")).toMatchObject({ kind: "invalid_content" });
    expect(await failWith(502, "Bad Gateway")).toMatchObject({ kind: "transient" });
    // No token in any message: it is part of every request URL.
    expect((await failWith(400, "Bad Request: chat not found")).message).not.toContain(fake.state.token);
  });

  it("treats an unreachable server as transient", async () => {
    const down = createTelegramConnector({ baseUrl: "http://127.0.0.1:9" });
    await expect(down.publish(channel, { text: "x", format: "text", media: [] }, "k8")).rejects.toMatchObject({ kind: "transient" });
  });

  it("refuses content over the limits before calling Telegram", async () => {
    await expect(telegram.publish(channel, { text: "a".repeat(4097), format: "text", media: [] }, "k9")).rejects.toMatchObject({
      kind: "invalid_content",
    });
    expect(fake.requests).toHaveLength(0);
  });
});
