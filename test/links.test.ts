/** UTM tagging and short links end to end: the link policy, the public redirect, click counting without IPs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLinkPolicy } from "../src/services/link.service.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type LinkItem = { code: string; shortUrl: string; targetUrl: string; postId: string; clicks: number; uniqueVisitors: number; botClicks: number };

describe.each(dialects)("links (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let ids: { postId: string; variantId: string; channelId: string };
  const publicUrl = "https://chorus.example.test";

  beforeAll(async () => {
    api = await createTestApi(dialect, { CHORUS_PUBLIC_URL: publicUrl });
    t = await createTenant(api);
    const ch = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/channels`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, network: "sandbox", fields: { handle: "links_shop" } } });
    const channelId = json<{ id: string }>(ch).id;
    const post = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/posts`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, baseText: "Sale", format: "text", variants: [{ channelId }] } });
    const body = json<{ id: string; variants: { id: string }[] }>(post);
    ids = { postId: body.id, variantId: body.variants[0]?.id as string, channelId };
  });
  afterAll(async () => api?.close());

  const text = "Весенняя распродажа: https://shop.example.ru/sale?color=red, подробности — https://пример.рф/faq.";
  const utm = (postId: string) => `utm_source=telegram&utm_medium=social&utm_campaign=vesennyaya-rasprodazha&utm_content=${postId}`;

  it("tags every link with the post's UTM parameters", async () => {
    const out = await applyLinkPolicy(api.store.db, {
      workspaceId: t.workspaceId,
      ...ids,
      network: "telegram",
      campaign: "Весенняя распродажа",
      text,
      link: "https://shop.example.ru/?utm_source=newsletter",
      shorten: false,
      publicUrl,
    });
    expect(out.text).toBe(`Весенняя распродажа: https://shop.example.ru/sale?color=red&${utm(ids.postId)}, подробности — https://пример.рф/faq?${utm(ids.postId)}.`);
    // A value someone set on purpose stays.
    expect(out.link).toBe(`https://shop.example.ru/?utm_source=newsletter&utm_medium=social&utm_campaign=vesennyaya-rasprodazha&utm_content=${ids.postId}`);
    expect(await api.store.db.selectFrom("links").select("id").execute()).toEqual([]);
  });

  it("shortens tagged links, and a retried publish gets the same short links", async () => {
    const input = { workspaceId: t.workspaceId, ...ids, network: "telegram", campaign: "Весенняя распродажа", text, link: null, shorten: true, publicUrl };
    const out = await applyLinkPolicy(api.store.db, input);
    const codes = [...out.text.matchAll(/https:\/\/chorus\.example\.test\/l\/([2-9a-zA-Z]{8})/g)].map((m) => m[1]);
    expect(codes).toHaveLength(2);
    expect(out.text).toMatch(/^Весенняя распродажа: https:\/\/chorus\.example\.test\/l\/\w{8}, подробности — https:\/\/chorus\.example\.test\/l\/\w{8}\.$/);
    const rows = await api.store.db.selectFrom("links").selectAll().where("workspace_id", "=", t.workspaceId).orderBy("target_url").execute();
    expect(rows.map((r) => r.target_url)).toEqual([`https://shop.example.ru/sale?color=red&${utm(ids.postId)}`, `https://пример.рф/faq?${utm(ids.postId)}`]);
    expect(rows.every((r) => r.post_id === ids.postId && r.variant_id === ids.variantId && r.channel_id === ids.channelId)).toBe(true);
    expect((await applyLinkPolicy(api.store.db, input)).text).toBe(out.text);
    expect(await api.store.db.selectFrom("links").select("id").where("workspace_id", "=", t.workspaceId).execute()).toHaveLength(2);
  });

  it("redirects a short link, counts the click and keeps no IP address", async () => {
    const link = await api.store.db.selectFrom("links").selectAll().where("workspace_id", "=", t.workspaceId).orderBy("id").executeTakeFirstOrThrow();
    const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36";
    const click = (ip: string, ua: string, referer?: string) =>
      api.app.inject({ method: "GET", url: `/l/${link.code}`, remoteAddress: ip, headers: { "user-agent": ua, ...(referer ? { referer } : {}) } });

    const res = await click("198.51.100.23", browser, "https://t.me/s/shop?x=1");
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(link.target_url);
    expect(res.headers["cache-control"]).toBe("no-store");
    await click("198.51.100.23", browser);
    await click("203.0.113.99", browser);
    await click("198.51.100.23", "TelegramBot (like TwitterBot)");

    const clicks = await api.store.db.selectFrom("link_clicks").selectAll().where("link_id", "=", link.id).orderBy("id").execute();
    expect(clicks).toHaveLength(4);
    expect(clicks[0]).toMatchObject({ workspace_id: t.workspaceId, referrer_host: "t.me", bot: 0 });
    expect(clicks[0]?.visitor_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(clicks[1]?.visitor_hash).toBe(clicks[0]?.visitor_hash);
    expect(clicks[2]?.visitor_hash).not.toBe(clicks[0]?.visitor_hash);
    expect(clicks[3]?.bot).toBe(1);
    const everything = JSON.stringify(clicks);
    for (const ip of ["198.51.100.23", "203.0.113.99", "198.51.100", "203.0.113"]) expect(everything).not.toContain(ip);
    // Only today's salt exists, and never beside the hashes.
    const salts = await api.store.db.selectFrom("link_salts").selectAll().execute();
    expect(salts.map((s) => s.day)).toEqual([new Date().toISOString().slice(0, 10)]);

    const list = await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/links`, headers: { cookie: t.owner } });
    expect(list.statusCode).toBe(200);
    const item = json<{ items: LinkItem[] }>(list).items.find((i) => i.code === link.code);
    expect(item).toMatchObject({ shortUrl: `${publicUrl}/l/${link.code}`, targetUrl: link.target_url, postId: ids.postId, clicks: 3, uniqueVisitors: 2, botClicks: 1 });
    const other = json<{ items: LinkItem[] }>(list).items.find((i) => i.code !== link.code);
    expect(other).toMatchObject({ clicks: 0, uniqueVisitors: 0, botClicks: 0 });
    const byPost = json<{ items: LinkItem[]; nextCursor: string | null }>(await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/links?postId=${ids.postId}&limit=1`, headers: { cookie: t.owner } }));
    expect(byPost.items).toHaveLength(1);
    expect(byPost.nextCursor).not.toBeNull();
  });

  it("answers an unknown code with a plain 404 page", async () => {
    for (const code of ["zzzzzzzz", "nope", "../../etc"]) {
      const res = await api.app.inject({ method: "GET", url: `/l/${encodeURIComponent(code)}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(res.body).toBe("This short link does not exist. Check that it was copied in full.");
    }
  });

  it("drops salts older than yesterday", async () => {
    await api.store.db.insertInto("link_salts").values({ day: "2000-01-01", salt: "old" }).execute();
    const link = await api.store.db.selectFrom("links").select("code").where("workspace_id", "=", t.workspaceId).executeTakeFirstOrThrow();
    await api.app.inject({ method: "GET", url: `/l/${link.code}`, headers: { "user-agent": "Mozilla/5.0" } });
    const days = (await api.store.db.selectFrom("link_salts").select("day").execute()).map((s) => s.day);
    expect(days).not.toContain("2000-01-01");
  });
});
