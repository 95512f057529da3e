/**
 * Telegram listening: the brand's bot is also in other groups and channels; what is said there about
 * the brand reaches listening with the bot's updates (the fake Bot API answers the documented
 * shapes), while the inbox keeps only the channel's own comments and private messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestChannel } from "../src/jobs/ingest-comments.job.js";
import { sharedAnalyzer } from "../src/services/inbox/wiring.js";
import { json, type Tenant, type TestApi } from "./support/app.js";
import type { FakeTelegram } from "./support/fake-telegram.js";
import { dialects } from "./support/stores.js";
import { startTelegramTenant } from "./support/telegram-tenant.js";

describe.each(dialects)("listening in the chats of the brand's Telegram bot (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let fake: FakeTelegram;
  let channelId: string;

  beforeAll(async () => {
    ({ api, t, fake, channelId } = await startTelegramTenant(dialect));
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it("stores matching messages of other groups and posts of other channels as mentions, not as inbox items", async () => {
    const post = (url: string, payload: object) => api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/listening${url}`, headers: { cookie: t.owner }, payload });
    expect((await post("/queries", { brandId: t.brandId, name: "Бренд", kind: "brand", query: '"северный кофе"' })).statusCode).toBe(201);
    const source = await post("/sources", { type: "network", brandId: t.brandId, channelId });
    expect(source.statusCode).toBe(201);
    expect(json<{ name: string }>(source).name).toMatch(/groups and channels/);

    const now = Math.floor(Date.now() / 1000);
    const group = { id: -1001777, type: "supergroup", title: "Кофе СПб", username: "spb_coffee_chat" };
    const otherChannel = { id: -1001888, type: "channel", title: "Городские новости", username: "city_news" };
    fake.push("message", { message_id: 11, date: now, chat: group, from: { id: 501, is_bot: false, first_name: "Олег", username: "oleg_k" }, text: "В «Северный кофе» на Невском опять очередь на полчаса" });
    fake.push("message", { message_id: 12, date: now, chat: group, from: { id: 502, is_bot: false, first_name: "Ира" }, text: "Кто знает хороший сервис доставки?" });
    fake.push("channel_post", { message_id: 90, date: now, chat: otherChannel, text: "«Северный кофе» открывает точку на Садовой" });

    const inboxDeps = { db: api.store.db, registry: api.listening.registry, secrets: api.listening.secrets, queue: api.queue, analyzer: sharedAnalyzer };
    expect(await ingestChannel(inboxDeps, channelId)).toBe(0);
    // channel_post updates are asked for: other channels' posts arrive at all.
    expect(fake.calls("getUpdates").at(-1)?.params.allowed_updates).toEqual(expect.arrayContaining(["channel_post"]));

    const mentions = await api.store.db.selectFrom("mentions").select(["network", "external_id", "url", "author_handle", "text"]).where("brand_id", "=", t.brandId).orderBy("external_id").execute();
    expect(mentions).toEqual([
      expect.objectContaining({ network: "telegram", external_id: "-1001777:11", url: "https://t.me/spb_coffee_chat/11", author_handle: "@oleg_k" }),
      expect.objectContaining({ network: "telegram", external_id: "-1001888:90", url: "https://t.me/city_news/90", author_handle: "@city_news" }),
    ]);
    const inbox = await api.store.db.selectFrom("inbox_items").select("id").where("channel_id", "=", channelId).execute();
    expect(inbox).toHaveLength(0);
    const state = await api.store.db.selectFrom("listening_sources").select(["state", "items_total"]).where("brand_id", "=", t.brandId).executeTakeFirstOrThrow();
    expect(state).toEqual({ state: "ok", items_total: 2 });
  });
});
