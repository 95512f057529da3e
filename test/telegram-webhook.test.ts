/**
 * Telegram comments pushed by webhook, on SQLite and PostgreSQL: with an https CHORUS_PUBLIC_URL,
 * connecting a channel sets the bot's webhook (against the local fake Bot API), updates POSTed to
 * /api/hooks/telegram/:channelId with the channel's secret land in the inbox once, anything else is
 * refused or ignored, polling leaves the channel alone, and disconnecting removes the webhook.
 * Without an https address, or when Telegram refuses, the channel is polled as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestChannel } from "../src/jobs/ingest-comments.job.js";
import type { InboxDeps } from "../src/services/inbox/deps.js";
import { webhookSecret } from "../src/services/inbox/webhook.service.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { type FakeTelegram, startFakeTelegram, type TgUser } from "./support/fake-telegram.js";
import { dialects } from "./support/stores.js";

const publicUrl = "https://chorus.example.test";
const anna: TgUser = { id: 501, is_bot: false, first_name: "Анна", username: "anna_k" };
const olga: TgUser = { id: 503, is_bot: false, first_name: "Ольга" };

describe.each(dialects)("Telegram webhook (%s)", (dialect) => {
  let fake: FakeTelegram;
  let api: TestApi;
  let t: Tenant;
  let channelId: string;

  const connect = async (target: TestApi, tenant: Tenant) =>
    target.app.inject({
      method: "POST",
      url: `/api/workspaces/${tenant.workspaceId}/channels`,
      payload: { brandId: tenant.brandId, network: "telegram", fields: { botToken: fake.state.token, chatId: "@north_coffee" } },
      headers: { cookie: tenant.owner },
    });
  const push = (id: string, body: unknown, secret?: string) =>
    api.app.inject({
      method: "POST",
      url: `/api/hooks/telegram/${id}`,
      payload: body as object,
      headers: secret === undefined ? {} : { "x-telegram-bot-api-secret-token": secret },
    });
  const secretOf = (id: string) => webhookSecret(api.publishing.secrets, id);
  const items = (id = channelId) =>
    api.store.db.selectFrom("inbox_items").select(["external_id", "post_external_id", "kind", "text", "edited_at", "author_name"]).where("channel_id", "=", id).orderBy("external_id").execute();
  const credentialsOf = async (target: TestApi, id: string) => {
    const row = await target.store.db.selectFrom("channels").select("credentials_enc").where("id", "=", id).executeTakeFirstOrThrow();
    return target.publishing.secrets.decryptJson<Record<string, unknown>>(row.credentials_enc as string);
  };
  const inboxDeps = (target: TestApi): InboxDeps => ({
    db: target.store.db,
    registry: target.publishing.registry,
    secrets: target.publishing.secrets,
    queue: target.queue,
    analyzer: async () => ({ analyze: () => ({ lang: "ru", sentiment: "neutral", score: 0, confidence: 0.5 }) }),
  });

  beforeAll(async () => {
    fake = await startFakeTelegram();
    api = await createTestApi(dialect, { CHORUS_PUBLIC_URL: publicUrl, CHORUS_TELEGRAM_API_URL: fake.url });
    t = await createTenant(api);
    const res = await connect(api, t);
    expect(res.statusCode, res.body).toBe(201);
    channelId = json<{ id: string }>(res).id;
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it("sets the webhook on connect: this channel's URL, its derived secret, the updates polling reads", async () => {
    expect(fake.calls("setWebhook")).toHaveLength(1);
    expect(fake.state.webhookUrl).toBe(`${publicUrl}/api/hooks/telegram/${channelId}`);
    const secret = secretOf(channelId);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(fake.state.webhook).toEqual({ secretToken: secret, allowedUpdates: ["message", "edited_message", "channel_post"], maxConnections: 1 });
    // Derived, not stored: nothing in the channel's row or credentials holds it.
    const row = await api.store.db.selectFrom("channels").selectAll().where("id", "=", channelId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    const credentials = await credentialsOf(api, channelId);
    expect(JSON.stringify(credentials)).not.toContain(secret);
    expect(credentials.webhookUrl).toBe(fake.state.webhookUrl);
    expect(row.last_error).toBeNull();
  });

  it("stores a pushed comment once however often it is pushed, and an edited_message updates it", async () => {
    const group = fake.state.discussion.id;
    const fwd = fake.forwardToGroup(100);
    const c1 = fake.comment(fwd, anna, "Где вы находитесь?");
    const [fwdUpdate, commentUpdate] = fake.state.updates.slice(-2);
    const secret = secretOf(channelId);

    for (const update of [fwdUpdate, commentUpdate, commentUpdate]) {
      const res = await push(channelId, update, secret);
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res)).toEqual({ ok: true });
    }
    expect(await items()).toEqual([
      { external_id: `${group}:${c1.message_id}`, post_external_id: `${fake.state.chat.id}:100`, kind: "comment", text: "Где вы находитесь?", edited_at: null, author_name: "Анна" },
    ]);

    const edited = fake.push("edited_message", { ...c1, text: "Где вы находитесь? Есть парковка?", edit_date: 1_773_160_600 });
    expect((await push(channelId, edited, secret)).statusCode).toBe(200);
    expect(await items()).toEqual([
      expect.objectContaining({ external_id: `${group}:${c1.message_id}`, text: "Где вы находитесь? Есть парковка?", edited_at: "2026-03-10T16:36:40.000Z" }),
    ]);

    // The item is in the inbox like a polled one.
    const listed = await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/inbox?limit=50`, headers: { cookie: t.owner } });
    expect(json<{ items: { text: string; channelId: string }[] }>(listed).items).toEqual([expect.objectContaining({ channelId, text: "Где вы находитесь? Есть парковка?" })]);
  });

  it("refuses a wrong or missing secret, and another channel's id, alike (401) and stores nothing", async () => {
    const other = await createTenant(api);
    const res = await connect(api, other);
    expect(res.statusCode, res.body).toBe(201);
    const otherId = json<{ id: string }>(res).id;
    fake.privateMessage(olga, "Вы открыты в воскресенье?");
    const update = fake.state.updates.at(-1);
    const before = await items();

    const refusals = [
      await push(channelId, update, "not-the-secret"),
      await push(channelId, update, ""),
      await push(channelId, update),
      await push(channelId, update, secretOf(otherId)),
      // This channel's secret on another channel's URL, and on an id that names no channel.
      await push(otherId, update, secretOf(channelId)),
      await push(crypto.randomUUID(), update, secretOf(channelId)),
    ];
    for (const r of refusals) {
      expect(r.statusCode, r.body).toBe(401);
      expect(r.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    // The same answer whatever was wrong: nothing says which channels exist.
    const bodies = refusals.map((r) => {
      const { instance: _instance, ...rest } = json(r);
      return rest;
    });
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ code: "unauthenticated", status: 401 });
    expect(await items()).toEqual(before);
    expect(await items(otherId)).toEqual([]);
  });

  it("answers 200 and stores nothing for a body that is not an update for this channel", async () => {
    const before = await items();
    const secret = secretOf(channelId);
    const notForUs = [
      { hello: "world" },
      { update_id: 1, callback_query: { id: "1" } },
      { update_id: 2, message: { message_id: 1, date: 1, chat: { id: -100777, type: "supergroup" }, text: "another group" }, some_new_field: true },
    ];
    for (const body of notForUs) {
      const res = await push(channelId, body, secret);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await items()).toEqual(before);
  });

  it("leaves the channel alone when polling: no getUpdates while the webhook is set", async () => {
    fake.requests.length = 0;
    expect(await ingestChannel(inboxDeps(api), channelId)).toBe(0);
    expect(fake.calls("getUpdates")).toEqual([]);
    const cursor = await api.store.db.selectFrom("inbox_cursors").selectAll().where("channel_id", "=", channelId).executeTakeFirst();
    expect(cursor?.last_error ?? null).toBeNull();
  });

  it("removes the webhook on disconnect; pushes for the channel are then refused", async () => {
    fake.requests.length = 0;
    const res = await api.app.inject({ method: "DELETE", url: `/api/workspaces/${t.workspaceId}/channels/${channelId}`, headers: { cookie: t.owner } });
    expect(res.statusCode, res.body).toBe(204);
    expect(fake.calls("deleteWebhook")).toHaveLength(1);
    expect(fake.state.webhookUrl).toBeNull();
    const late = await push(channelId, { update_id: 9, message: { message_id: 9, date: 1, chat: { id: olga.id, type: "private" }, from: olga, text: "ещё" } }, secretOf(channelId));
    expect(late.statusCode).toBe(404);
  });

  it("polls when Telegram refuses the webhook, and says why in the channel's last error", async () => {
    // The bot of the channels above (in real use each channel has a bot of its own).
    fake.state.webhookUrl = null;
    fake.state.webhook = null;
    fake.failNext("setWebhook", 400, "Bad Request: bad webhook: Failed to resolve host: Name or service not known");
    const tenant = await createTenant(api);
    const res = await connect(api, tenant);
    expect(res.statusCode, res.body).toBe(201);
    const created = json<{ id: string; status: string; lastError: string | null }>(res);
    expect(created.status).toBe("active");
    expect(created.lastError).toMatch(/webhook.*Failed to resolve host.*polling/s);
    expect(fake.state.webhookUrl).toBeNull();
    expect((await credentialsOf(api, created.id)).webhookUrl).toBeUndefined();

    fake.requests.length = 0;
    fake.privateMessage(olga, "Polling still works");
    expect(await ingestChannel(inboxDeps(api), created.id)).toBeGreaterThan(0);
    expect(fake.calls("getUpdates").length).toBeGreaterThan(0);
  });

  it("polls without an https address (the default http://localhost): no webhook is set", async () => {
    fake.state.webhookUrl = null;
    const plain = await createTestApi(dialect, { CHORUS_TELEGRAM_API_URL: fake.url });
    try {
      fake.requests.length = 0;
      const tenant = await createTenant(plain);
      const res = await connect(plain, tenant);
      expect(res.statusCode, res.body).toBe(201);
      const created = json<{ id: string; lastError: string | null }>(res);
      expect(created.lastError).toBeNull();
      expect(fake.calls("setWebhook")).toEqual([]);
      expect((await credentialsOf(plain, created.id)).webhookUrl).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
