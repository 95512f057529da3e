/**
 * Social listening through the API on both databases, with real parts: the Sandbox network's public
 * chatter searched through a connected account (with its negative incident), an RSS feed on a local
 * HTTP server, a CSV import, and alerts delivered to a local SMTP server and a local webhook
 * receiver whose signature is checked.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatterBrands, incidentHandles } from "../src/connectors/sandbox/chatter.js";
import { checkBrandAlerts } from "../src/services/listening/alerts.service.js";
import { countTerms, type IncomingPost, storeMentions } from "../src/services/listening/ingest.js";
import { runSource } from "../src/services/listening/run.js";
import { verifyWebhookSignature } from "../src/services/notify/webhook.js";
import { createSecrets } from "../src/services/secrets.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { type HookCatcher, type MailCatcher, type ReceivedRequest, startHookCatcher, startMailCatcher } from "./support/receivers.js";
import { dialects } from "./support/stores.js";

const rss = (items: { title: string; text: string; link: string; date: string }[]) => `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Кофейный блог</title><link>http://127.0.0.1/</link><description>d</description>
${items.map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate><description><![CDATA[<p>${i.text}</p>]]></description></item>`).join("\n")}
</channel></rss>`;

describe.each(dialects)("listening (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let mail: MailCatcher;
  let hooks: HookCatcher;
  let feedServer: http.Server;
  let feedBody = "";
  let feedStatus = 200;
  const mails = () => mail.messages;
  const hookCalls = () => hooks.requests;
  const w = () => `/api/workspaces/${t.workspaceId}/listening`;
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) => api.app.inject({ method, url: `${w()}${url}`, headers: { cookie: t.owner }, ...(payload ? { payload } : {}) });
  const port = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;

  beforeAll(async () => {
    [mail, hooks] = await Promise.all([startMailCatcher(), startHookCatcher()]);
    feedServer = http.createServer((_req, res) => {
      res.writeHead(feedStatus, { "content-type": feedStatus === 200 ? "application/rss+xml" : "text/plain" }).end(feedStatus === 200 ? feedBody : "down");
    });
    await new Promise<void>((r) => feedServer.listen(0, "127.0.0.1", r));
    api = await createTestApi(dialect, { CHORUS_SMTP_URL: mail.url, CHORUS_ALLOW_PRIVATE_FETCH: "1" });
    t = await createTenant(api);
  });
  afterAll(async () => {
    await api?.close();
    mail?.close();
    hooks?.close();
    feedServer?.close();
  });

  it("checks queries as they are typed and refuses a mistake with its position", async () => {
    const ok = json<{ ok: boolean; searchTerms: string[] }>(await call("POST", "/queries/check", { query: chatterBrands.north.query }));
    expect(ok).toEqual({ ok: true, searchTerms: ['"северный кофе"', '"north coffee"', "#северныйкофе"] });
    const bad = json<{ ok: boolean; position: number }>(await call("POST", "/queries/check", { query: 'coffee AND ("north' }));
    expect(bad).toMatchObject({ ok: false, position: 12 });
    const refused = await call("POST", "/queries", { brandId: t.brandId, name: "Broken", kind: "brand", query: "coffee OR" });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(json<{ errors: { path: string; position: number }[] }>(refused).errors[0]).toMatchObject({ path: "query", position: expect.any(Number) });
    expect(await api.store.db.selectFrom("listening_queries").select("id").where("brand_id", "=", t.brandId).execute()).toHaveLength(0);
  });

  let sourceId = "";
  let channelId = "";
  // The network's clock stands still at a fixed time, so the simulated chatter (seeded per hour) is
  // the same in every run; the incident began three hours before it.
  const at = new Date("2026-11-20T15:00:00.000Z");
  const still = () => ({ ...api.listening, now: () => at });

  it("collects the brand's and a competitor's mentions from the Sandbox network, once each, copies folded", async () => {
    for (const [name, kind, query] of [
      ["Северный Кофе", "brand", chatterBrands.north.query],
      ["Бодрое утро", "competitor", chatterBrands.morningBrew.query],
    ] as const) {
      expect((await call("POST", "/queries", { brandId: t.brandId, name, kind, query })).statusCode).toBe(201);
    }
    const ch = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/channels`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, network: "sandbox", fields: { handle: `north_${t.workspaceId.slice(-6)}` } } });
    channelId = json<{ id: string }>(ch).id;
    // The demo sets an incident on its Sandbox account: a negative storm that began three hours ago.
    const secrets = createSecrets(Buffer.alloc(32, 7));
    const row = await api.store.db.selectFrom("channels").select("credentials_enc").where("id", "=", channelId).executeTakeFirstOrThrow();
    const creds = secrets.decryptJson<Record<string, unknown>>(row.credentials_enc as string);
    await api.store.db
      .updateTable("channels")
      .set({ credentials_enc: secrets.encryptJson({ ...creds, incidentAt: new Date(at.getTime() - 3 * 3_600_000).toISOString() }) })
      .where("id", "=", channelId)
      .execute();

    const preview = json<{ matches: { from: string; text: string }[]; sources: unknown[] }>(await call("POST", "/queries/preview", { brandId: t.brandId, query: chatterBrands.north.query }));
    expect(preview.matches).toHaveLength(0); // no source yet, nothing stored
    const src = await call("POST", "/sources", { type: "network", brandId: t.brandId, channelId });
    expect(src.statusCode).toBe(201);
    sourceId = json<{ id: string }>(src).id;
    const livePreview = json<{ matches: { from: string }[] }>(await call("POST", "/queries/preview", { brandId: t.brandId, query: chatterBrands.north.query }));
    expect(livePreview.matches.length).toBeGreaterThan(0);
    expect(livePreview.matches.every((m) => m.from === "live")).toBe(true);

    const first = await runSource(still(), sourceId);
    expect(first.error).toBeNull();
    expect(first.added).toBeGreaterThan(50);
    expect(first.duplicates).toBeGreaterThan(0);
    // Nothing new on the network since: the second run adds nothing.
    const again = await runSource(still(), sourceId);
    expect(again).toMatchObject({ added: 0, error: null });

    const state = json<{ items: { id: string; state: string; itemsTotal: number; nextRunAt: string }[] }>(await call("GET", `/sources?brandId=${t.brandId}`)).items[0];
    expect(state).toMatchObject({ state: "ok", itemsTotal: first.added });
    expect(Date.parse(state?.nextRunAt ?? "")).toBeGreaterThan(at.getTime());

    const feed = json<{ items: { text: string; queries: { name: string }[]; copies: number; duplicateOf: string | null }[] }>(await call("GET", `/mentions?brandId=${t.brandId}&limit=100`));
    expect(feed.items.length).toBe(100);
    expect(feed.items.every((m) => m.queries.length > 0 && m.duplicateOf === null)).toBe(true);
    expect(feed.items.some((m) => m.queries.some((q) => q.name === "Бодрое утро"))).toBe(true);
    const dupes = await api.store.db.selectFrom("mentions").select("id").where("brand_id", "=", t.brandId).where("duplicate_of", "is not", null).execute();
    expect(dupes.length).toBe(first.duplicates);
  });

  it("names the accounts behind the negative spike, and shows share of voice and trending terms", async () => {
    expect(await countTerms(api.store.db)).toBeGreaterThan(0);
    const to = new Date(at.getTime() + 60_000).toISOString();
    const from = new Date(at.getTime() - 24 * 3_600_000).toISOString();
    const res = await call("GET", `/analytics?brandId=${t.brandId}&from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    const a = json<{
      volume: { bucket: string; points: { negative: number; total: number }[]; totals: { negative: number; total: number } };
      negativity: { authors: { handle: string; negative: number; copies: number }[] };
      shareOfVoice: { name: string; mentions: number; share: number }[];
      trending: { term: string }[];
      leaders: { handle: string; score: number }[];
    }>(res);
    expect(a.volume.bucket).toBe("hour");
    expect(a.volume.totals.negative).toBeGreaterThan(0);
    // The loud accounts whose posts were reposted lead, not the many who wrote once. (The third
    // loud account's complaint — "вы серьёзно? … поддержка молчит" — reads as neutral to the
    // lexicon baseline: what the team's corrections are for.)
    const top = a.negativity.authors.slice(0, 2);
    expect(top.every((x) => incidentHandles.includes(x.handle) && x.copies >= 5)).toBe(true);
    expect(a.shareOfVoice.map((s) => s.name).sort()).toEqual(["Бодрое утро", "Северный Кофе"]);
    expect(a.shareOfVoice.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 2);
    expect(a.leaders.length).toBeGreaterThan(0);
    // The incident's words are new against the brand's two weeks: they trend.
    expect(a.trending.length).toBeGreaterThan(0);
    const bad = await call("GET", `/analytics?brandId=${t.brandId}&from=${to}&to=${from}`);
    expect(bad.statusCode).toBe(400);
  });

  it("raises the spike by e-mail and signed webhook, once per cool-down", async () => {
    const rule = await call("POST", "/alert-rules", {
      brandId: t.brandId,
      name: "Негатив",
      type: "negative_share",
      params: { threshold: 0.3, windowMinutes: 120 },
      emails: ["pr@example.test"],
      webhookUrl: hooks.url(),
    });
    expect(rule.statusCode).toBe(201);
    const secret = json<{ webhookSecret: string }>(rule).webhookSecret;
    expect(secret).toMatch(/^whsec_/);
    const bad = await call("POST", "/alert-rules", { brandId: t.brandId, name: "x", type: "negative_share", params: { threshold: 30, windowMinutes: 120 } });
    expect(bad.statusCode).toBe(400);

    const results = await checkBrandAlerts(still(), t.brandId);
    expect(results.filter((r) => r.fired)).toHaveLength(1);
    expect(mails()).toHaveLength(1);
    expect(mails()[0]).toMatch(/pr@example\.test/);
    expect(hookCalls()).toHaveLength(1);
    const hook = hookCalls()[0] as ReceivedRequest;
    expect(verifyWebhookSignature(secret, String(hook.headers["chorus-timestamp"]), hook.body, String(hook.headers["chorus-signature"]))).toBe(true);
    const body = JSON.parse(hook.body) as { event: string; alert: { figures: { share: number }; mentions: unknown[] } };
    expect(body.event).toBe("alert.raised");
    expect(body.alert.figures.share).toBeGreaterThan(0.3);
    expect(body.alert.mentions.length).toBeGreaterThan(0);

    expect((await checkBrandAlerts(still(), t.brandId)).some((r) => r.fired)).toBe(false);
    expect(mails()).toHaveLength(1);
    const alerts = json<{ items: { deliveries: { channel: string; ok: boolean }[] }[]; unread: number }>(await call("GET", `/alerts?brandId=${t.brandId}`));
    expect(alerts.unread).toBe(1);
    expect(alerts.items[0]?.deliveries.map((d) => [d.channel, d.ok])).toEqual([
      ["app", true],
      ["email", true],
      ["webhook", true],
    ]);
  });

  it("learns from the team: corrections are kept, irrelevant mentions leave the feed and the figures, a mention goes to the inbox", async () => {
    const page = json<{ items: { id: string; sentiment: string }[] }>(await call("GET", `/mentions?brandId=${t.brandId}&limit=3`)).items;
    const [m1, m2] = page as [{ id: string; sentiment: string }, { id: string; sentiment: string }];
    const to = m1.sentiment === "negative" ? "positive" : "negative";
    expect((await call("PATCH", `/mentions/${m1.id}`, { sentiment: to })).statusCode).toBe(200);
    const correction = await api.store.db.selectFrom("sentiment_corrections").selectAll().where("mention_id", "=", m1.id).executeTakeFirstOrThrow();
    expect(correction).toMatchObject({ from_label: m1.sentiment, to_label: to, item_id: null });

    const before = json<{ volume: { totals: { total: number } } }>(await call("GET", `/analytics?brandId=${t.brandId}&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`)).volume.totals.total;
    expect((await call("PATCH", `/mentions/${m2.id}`, { irrelevant: true })).statusCode).toBe(200);
    const after = json<{ volume: { totals: { total: number } } }>(await call("GET", `/analytics?brandId=${t.brandId}&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`)).volume.totals.total;
    expect(after).toBe(before - 1);
    const feed = json<{ items: { id: string }[] }>(await call("GET", `/mentions?brandId=${t.brandId}&limit=100`)).items.map((m) => m.id);
    expect(feed).not.toContain(m2.id);
    const setAside = json<{ items: { id: string; irrelevant: string }[] }>(await call("GET", `/mentions?brandId=${t.brandId}&show=irrelevant`)).items;
    expect(setAside).toEqual([expect.objectContaining({ id: m2.id, irrelevant: "person" })]);

    const sent = await call("POST", `/mentions/${m1.id}/inbox`);
    expect(sent.statusCode).toBe(200);
    const itemId = json<{ inboxItemId: string }>(sent).inboxItemId;
    const item = await api.store.db.selectFrom("inbox_items").selectAll().where("id", "=", itemId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ kind: "mention", channel_id: channelId, brand_id: t.brandId });
    expect(json<{ inboxItemId: string }>(await call("POST", `/mentions/${m1.id}/inbox`)).inboxItemId).toBe(itemId);
  });

  it("reads an RSS feed; a failing feed shows its error and backs off while other sources go on", async () => {
    const now = Date.now();
    feedBody = rss([
      { title: "Обзор кофеен", text: "В «Северный кофе» открыли новую точку", link: "http://127.0.0.1/a", date: new Date(now - 3_600_000).toISOString() },
      { title: "Погода", text: "Северный ветер принесёт снег", link: "http://127.0.0.1/b", date: new Date(now - 7_200_000).toISOString() },
    ]);
    const created = await call("POST", "/sources", { type: "feed", brandId: t.brandId, url: `http://127.0.0.1:${port(feedServer)}/feed.xml` });
    expect(created.statusCode).toBe(201);
    const feedId = json<{ id: string; name: string }>(created).id;
    expect(json<{ name: string }>(created).name).toBe("Кофейный блог");
    expect(await runSource(api.listening, feedId)).toMatchObject({ added: 1, error: null });
    const fromFeed = json<{ items: { title: string; network: string }[] }>(await call("GET", `/mentions?brandId=${t.brandId}&network=feed`)).items;
    expect(fromFeed).toEqual([expect.objectContaining({ title: "Обзор кофеен" })]);

    feedStatus = 500;
    const failed = await runSource(api.listening, feedId);
    expect(failed.error).toMatch(/500/);
    const sources = json<{ items: { id: string; state: string; lastError: string | null; failures: number; nextRunAt: string }[] }>(await call("GET", `/sources?brandId=${t.brandId}`)).items;
    const feedState = sources.find((s) => s.id === feedId);
    expect(feedState).toMatchObject({ state: "error", failures: 1, lastError: expect.stringMatching(/500/) });
    expect(Date.parse(feedState?.nextRunAt ?? "")).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(sources.find((s) => s.id === sourceId)?.state).toBe("ok");
    feedStatus = 200;

    const notFeed = await call("POST", "/sources", { type: "feed", brandId: t.brandId, url: "ftp://example.com/feed" });
    expect(notFeed.statusCode).toBe(400);
  });

  it("imports a CSV all or nothing, with the line of every problem", async () => {
    const bad = await call("POST", "/import", { brandId: t.brandId, format: "csv", content: "text;published_at;followers\nСеверный кофе — лучший;2026-11-20T10:00:00Z;120\n;2026-11-20;5\nОк;not a date;-3\n" });
    expect(bad.statusCode).toBe(400);
    const paths = json<{ errors: { path: string }[] }>(bad).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["line 3.text", "line 4.published_at", "line 4.followers"]));
    expect(await api.store.db.selectFrom("mentions").select("id").where("network", "=", "import").execute()).toHaveLength(0);
    const good = await call("POST", "/import", { brandId: t.brandId, format: "csv", content: "text,published_at,author,url\nСеверный кофе — лучший,2026-11-20T10:00:00Z,Ира,https://forum.example/t/1\nПросто текст,2026-11-20T11:00:00Z,Олег,\n" });
    expect(json(good)).toMatchObject({ rows: 2, added: 2 });
    expect(json(await call("POST", "/import", { brandId: t.brandId, format: "csv", content: "text,published_at,author,url\nСеверный кофе — лучший,2026-11-20T10:00:00Z,Ира,https://forum.example/t/1\n" }))).toMatchObject({ added: 0, alreadyHeld: 1 });
    const lines = await call("POST", "/import", { brandId: t.brandId, format: "json", content: '{"text":"Северный кофе","published_at":"2026-11-21T10:00:00Z"}\n{"text": oops}\n' });
    expect(lines.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(lines).errors).toEqual([expect.objectContaining({ path: "line 2" })]);
    expect(json(await call("POST", "/import", { brandId: t.brandId, format: "json", content: '[{"text":"Северный кофе в JSON","published_at":"2026-11-21T10:00:00Z","followers":"12"}]' }))).toMatchObject({ added: 1 });
  });

  it("folds near-copies under the earliest post, in a batch and across batches, and keeps other texts apart", async () => {
    const classify = await api.listening.classifierFor(t.workspaceId);
    const target = { workspaceId: t.workspaceId, brandId: t.brandId, sourceId: null, network: "import" };
    const post = (id: string, text: string, occurredAt: string, author = id): IncomingPost => ({ externalId: `near-${id}`, url: null, authorName: author, authorHandle: author, authorFollowers: 10, text, occurredAt });
    const store = (posts: IncomingPost[]) => storeMentions(api.store.db, target, posts, [], classify, { now: new Date("2025-06-30T00:00:00Z"), keepUnmatched: true });
    const held = async () => {
      const rows = await api.store.db.selectFrom("mentions").select(["external_id", "duplicate_of", "id"]).where("brand_id", "=", t.brandId).where("external_id", "like", "near-%").execute();
      const idOf = new Map(rows.map((r) => [r.id, r.external_id]));
      return Object.fromEntries(rows.map((r) => [r.external_id.slice(5), r.duplicate_of === null ? null : idOf.get(r.duplicate_of)?.slice(5)]));
    };
    const base = "Доставка Северного кофе опять привезла холодный латте, третий раз за неделю";

    // A hashtag added in the same batch folds onto the batch's first post; another text on the
    // same subject stays apart.
    expect(
      await store([
        post("a", base, "2025-05-10T10:00:00Z"),
        post("b", `${base} #северныйкофе`, "2025-05-10T12:00:00Z"),
        post("c", "Ждала заказ из Северного Кофе сорок минут, латте приехал холодный", "2025-05-10T13:00:00Z"),
      ]),
    ).toMatchObject({ added: 3, duplicates: 1 });
    expect(await held()).toEqual({ a: null, b: "a", c: null });

    // A word changed and "+1" appended, found later, folds onto the held original; an earlier
    // near-copy found later takes over, with the copies already held.
    expect(
      await store([
        post("d", "Доставка Северного кофе снова привезла холодный латте, третий раз за неделю +1", "2025-05-11T09:00:00Z"),
        post("e", "Доставка Северного кофе опять привезла холодный латте, третий раз за эту неделю", "2025-05-09T08:00:00Z"),
      ]),
    ).toMatchObject({ added: 2, duplicates: 2 });
    expect(await held()).toEqual({ a: "e", b: "e", c: null, d: "e", e: null });

    // The new original is found by its own bands: a typo of its text folds onto it. The same
    // near-copy a month later is a post of its own (near-copies fold within a week).
    expect(
      await store([
        post("f", "Доставка Северного кофе опять привезла холоный латте, третий раз за эту неделю", "2025-05-12T09:00:00Z"),
        post("g", `${base} #кофе`, "2025-06-20T09:00:00Z"),
      ]),
    ).toMatchObject({ added: 2, duplicates: 1 });
    expect(await held()).toEqual({ a: "e", b: "e", c: null, d: "e", e: null, f: "e", g: null });

    // Only originals have band rows.
    const banded = await api.store.db.selectFrom("mention_bands as b").innerJoin("mentions as m", "m.id", "b.mention_id").select(["m.external_id", "m.duplicate_of"]).where("b.brand_id", "=", t.brandId).where("m.external_id", "like", "near-%").execute();
    expect([...new Set(banded.map((r) => r.external_id.slice(5)))].sort()).toEqual(["c", "e", "g"]);
    expect(banded.every((r) => r.duplicate_of === null)).toBe(true);
  });
});
