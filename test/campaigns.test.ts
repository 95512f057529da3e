/**
 * Campaigns on SQLite and PostgreSQL, through the API: a campaign whose conversions arrive by the
 * signed webhook shows its ROMI; a wrong signature, a stale timestamp or an unknown brand is
 * refused with 401 and stores nothing; a replayed order id stores nothing twice; a period that
 * ends before it starts is refused with nothing stored; spend and conversions import from CSV all
 * or nothing; results (clicks without bots, CTR, CPC, CPM, CPA, CR, cost per subscriber, ROMI, paid
 * vs organic) are recomputed here from the rows; another workspace gets 404 and changes nothing.
 * The demo's campaign shows ROMI on the first start.
 */
import type { FastifyInstance } from "fastify";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActorOf } from "../src/api/auth.js";
import { buildApp } from "../src/api/app.js";
import type { ApiContext } from "../src/api/context.js";
import { campaignsRoutes } from "../src/api/routes/campaigns.routes.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { signatureFor } from "../src/domain/campaign-signature.js";
import { createQueue } from "../src/jobs/index.js";
import type { JobQueue } from "../src/jobs/queue.js";
import { campaignResults } from "../src/services/campaigns/results.js";
import { demoCampaignName, seedDemoCampaigns } from "../src/services/campaigns/demo.js";
import { createDemo } from "../src/services/demo.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import type { PublishingDeps } from "../src/services/publishing/deps.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { newId } from "../src/store/ids.js";
import { addMember, createTenant, json, type Tenant, type TestApi } from "./support/app.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const publicUrl = "https://chorus.example.test";

/** The app with the campaigns routes (registered here until app.ts wires them). */
async function createCampaignsApi(store: TestStore): Promise<TestApi> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0", CHORUS_PUBLIC_URL: publicUrl });
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: false, telegramApiUrl: undefined });
  const queue: JobQueue = createQueue(store, { pollIntervalMs: 20 });
  const publishing: PublishingDeps = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  if (!app.apiRoutes.some((r) => r.url === "/api/workspaces/:ws/campaigns")) {
    const ctx: ApiContext = { store, config, registry, secrets, publishing, inbox: createInboxDeps({ store, registry, secrets, queue }), listening, actorOf: makeActorOf(store) };
    campaignsRoutes(app as unknown as Parameters<typeof campaignsRoutes>[0], ctx);
  }
  await app.ready();
  return {
    app,
    store,
    queue,
    publishing,
    listening,
    close: async () => {
      await app.close();
      await queue.stop();
    },
  };
}

type PostSeed = { campaign: string | null; paid: boolean; impressions: number | null; reach: number | null; clicks: { human: number; bots: number } | null; likes: number };

/** A channel with posts (as published through Chorus: post, variant, publication, channel post, short link and its clicks) and daily follower counts. */
async function seedBrand(store: TestStore, t: Tenant, posts: PostSeed[], followers: [day: string, count: number][]): Promise<{ channelId: string }> {
  const db = store.db;
  const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const channelId = newId();
  await db
    .insertInto("channels")
    .values({ id: channelId, workspace_id: t.workspaceId, brand_id: t.brandId, network: "sandbox", name: "North Coffee", handle: `north_${channelId.slice(-6)}`, external_id: channelId, status: "active", credentials_enc: null, settings: "{}", last_error: null, connected_by: t.ownerId, created_at: at, updated_at: at })
    .execute();
  for (const [i, p] of posts.entries()) {
    const postId = newId();
    const variantId = newId();
    const publicationId = newId();
    await db.insertInto("posts").values({ id: postId, workspace_id: t.workspaceId, brand_id: t.brandId, status: "published", rubric: null, format: "text", base_text: `Post ${i}`, tags: "[]", campaign: p.campaign, approval_step: null, created_by: t.ownerId, created_at: at, updated_at: at }).execute();
    await db
      .insertInto("variants")
      .values({ id: variantId, workspace_id: t.workspaceId, post_id: postId, channel_id: channelId, text: `Post ${i}`, media: "[]", link: "https://north.example/raf", first_comment: null, scheduled_at: at, status: "published", thread: "[]", customised: 0, error: null, created_at: at, updated_at: at })
      .execute();
    await db
      .insertInto("publications")
      .values({ id: publicationId, workspace_id: t.workspaceId, variant_id: variantId, channel_id: channelId, idempotency_key: `k-${publicationId}`, external_id: `x-${i}`, url: null, status: "published", attempts: 1, item: 0, late: 0, error: null, published_at: at, created_at: at })
      .execute();
    await db
      .insertInto("channel_posts")
      .values({
        id: newId(),
        workspace_id: t.workspaceId,
        brand_id: t.brandId,
        channel_id: channelId,
        publication_id: publicationId,
        post_key: `x-${i}`,
        external_id: `x-${i}`,
        origin: "chorus",
        url: null,
        text: `Post ${i}`,
        format: "text",
        rubric: null,
        paid: p.paid ? 1 : 0,
        campaign: p.campaign,
        published_at: at,
        followers: 1000,
        reach: p.reach,
        impressions: p.impressions,
        views: null,
        likes: p.likes,
        comments: 0,
        reposts: 0,
        saves: 0,
        clicks: p.clicks ? p.clicks.human : null,
        metrics_at: at,
        sync_due_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    if (p.clicks) {
      const linkId = newId();
      await db.insertInto("links").values({ id: linkId, workspace_id: t.workspaceId, code: `c${linkId.slice(-7)}`, target_url: "https://north.example/raf", post_id: postId, variant_id: variantId, channel_id: channelId, created_at: at }).execute();
      const clicks = [...Array(p.clicks.human).fill(0), ...Array(p.clicks.bots).fill(1)].map((bot: number) => ({ id: newId(), link_id: linkId, workspace_id: t.workspaceId, clicked_at: at, referrer_host: null, visitor_hash: newId(), bot }));
      if (clicks.length) await db.insertInto("link_clicks").values(clicks).execute();
    }
  }
  for (const [day, count] of followers) {
    await db.insertInto("channel_days").values({ channel_id: channelId, day, workspace_id: t.workspaceId, brand_id: t.brandId, followers: count, following: null, posts: null, joined: null, left: null, reach: null, impressions: null, views: null, taken_at: `${day}T20:00:00.000Z` }).execute();
  }
  return { channelId };
}

const today = () => DateTime.now().setZone("Europe/Moscow").toISODate() as string;
const dayOffset = (days: number) => DateTime.now().setZone("Europe/Moscow").plus({ days }).toISODate() as string;

describe.each(dialects)("campaigns on %s", (dialect) => {
  let store: TestStore;
  let api: TestApi;
  let app: FastifyInstance;
  let a: Tenant;
  let b: Tenant;
  let campaignId: string;
  let secret: string;
  const w = () => `/api/workspaces/${a.workspaceId}/campaigns`;
  const as = (t: Tenant) => ({ cookie: t.owner });
  const count = async (table: "campaigns" | "conversions" | "campaign_spend", ws = a.workspaceId) =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", ws).executeTakeFirstOrThrow()).n);
  const hook = (brandId: string, body: string, header: string | undefined) =>
    app.inject({ method: "POST", url: `/api/hooks/conversions/${brandId}`, payload: body, headers: { "content-type": "application/json", ...(header === undefined ? {} : { "x-chorus-signature": header }) } });
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    store = await createTestStore(dialect);
    api = await createCampaignsApi(store);
    app = api.app;
    a = await createTenant(api, "Agency A");
    b = await createTenant(api, "Agency B");
    await seedBrand(
      store,
      a,
      [
        { campaign: "Весенний раф", paid: true, impressions: 20_000, reach: 15_000, clicks: { human: 30, bots: 5 }, likes: 100 },
        { campaign: "Весенний раф", paid: false, impressions: 5_000, reach: 4_000, clicks: { human: 10, bots: 2 }, likes: 40 },
        { campaign: "Весенний раф", paid: false, impressions: null, reach: null, clicks: null, likes: 5 },
        { campaign: "Другое", paid: false, impressions: 9_999, reach: 9_999, clicks: { human: 99, bots: 0 }, likes: 999 },
      ],
      [
        [dayOffset(-6), 1000],
        [dayOffset(-3), 1080],
        [today(), 1100],
      ],
    );
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it("refuses a period that ends before it starts, storing nothing", async () => {
    const res = await app.inject({ method: "POST", url: w(), headers: as(a), payload: { brandId: a.brandId, name: "Весенний раф", goal: "sales", startDay: dayOffset(0), endDay: dayOffset(-1), currency: "RUB" } });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(json<{ detail: string; errors: { path: string }[] }>(res).detail).toMatch(/before it starts/);
    expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toEqual(["endDay"]);
    expect(await count("campaigns")).toBe(0);
  });

  it("creates a campaign whose slug is the utm_campaign, and refuses a second one with the same name or slug", async () => {
    const res = await app.inject({
      method: "POST",
      url: w(),
      headers: as(a),
      payload: { brandId: a.brandId, name: "Весенний раф", goal: "sales", startDay: dayOffset(-6), endDay: dayOffset(7), budget: 50_000, currency: "rub", utm: { medium: "cpc" } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = json<{ id: string; slug: string; currency: string; utm: { campaign: string; medium: string }; results: { posts: number; spend: number | null } }>(res);
    campaignId = c.id;
    expect(c).toMatchObject({ slug: "vesenniy-raf", currency: "RUB", utm: { campaign: "vesenniy-raf", medium: "cpc" } });
    expect(c.results.posts).toBe(3);
    expect(c.results.spend).toBeNull();
    const again = await app.inject({ method: "POST", url: w(), headers: as(a), payload: { brandId: a.brandId, name: "Весенний  Раф", goal: "sales", startDay: dayOffset(0), endDay: dayOffset(1), currency: "RUB" } });
    expect(again.statusCode).toBe(409);
    expect(await count("campaigns")).toBe(1);
  });

  it("adds spend by hand and from a semicolon CSV; a file with a problem stores none of it", async () => {
    const add = await app.inject({ method: "POST", url: `${w()}/${campaignId}/spend`, headers: as(a), payload: { day: dayOffset(-5), amount: 1000.5, note: "Таргет" } });
    expect(add.statusCode, add.body).toBe(201);
    const bad = await app.inject({ method: "POST", url: `${w()}/${campaignId}/spend/import`, headers: { ...as(a), "content-type": "text/csv" }, payload: "Дата;Сумма;Валюта\n01.03.2026;500;RUB\n2026-03-02;abc;RUB\n2026-03-03;10;EUR\n" });
    expect(bad.statusCode).toBe(422);
    expect(json<{ problems: { line: number; column: string }[] }>(bad).problems.map((p) => [p.line, p.column])).toEqual([
      [3, "amount"],
      [4, "currency"],
    ]);
    expect(await count("campaign_spend")).toBe(1);
    const good = await app.inject({ method: "POST", url: `${w()}/${campaignId}/spend/import`, headers: { ...as(a), "content-type": "text/csv" }, payload: `Дата;Сумма;Канал;Статья\n${dayOffset(-4)};1 499,50;VK Реклама;Таргет\n${dayOffset(-3)};2000;;\n` });
    expect(good.statusCode, good.body).toBe(200);
    expect(json(good)).toEqual({ imported: 2, total: 3499.5, currency: "RUB" });
    const list = json<{ items: { amount: number; channelLabel: string | null }[] }>(await app.inject({ method: "GET", url: `${w()}/${campaignId}/spend`, headers: as(a) }));
    expect(list.items.map((s) => s.amount).sort()).toEqual([1000.5, 2000, 1499.5].sort());
  });

  it("stores a conversion pushed with a right signature and shows ROMI", async () => {
    const rotate = await app.inject({ method: "POST", url: `${w()}/webhook/secret`, headers: as(a), payload: { brandId: a.brandId } });
    expect(rotate.statusCode, rotate.body).toBe(200);
    const hookInfo = json<{ secret: string; url: string }>(rotate);
    secret = hookInfo.secret;
    expect(hookInfo.url).toBe(`${publicUrl}/api/hooks/conversions/${a.brandId}`);
    const stored = await store.db.selectFrom("conversion_hooks").select("secret_enc").where("brand_id", "=", a.brandId).executeTakeFirstOrThrow();
    expect(stored.secret_enc).not.toContain(secret);
    // The secret is never shown again.
    expect(JSON.stringify(json(await app.inject({ method: "GET", url: `${w()}/webhook?brandId=${a.brandId}`, headers: as(a) })))).not.toContain(secret);

    const body = JSON.stringify({ id: "order-1001", value: 6000, currency: "RUB", utm_source: "vk", utm_medium: "social", utm_campaign: "vesenniy-raf" });
    const res = await hook(a.brandId, body, signatureFor(secret, now(), body));
    expect(res.statusCode, res.body).toBe(201);
    expect(json<{ status: string; conversion: { campaignId: string } }>(res)).toMatchObject({ status: "stored", conversion: { campaignId } });
    const body2 = JSON.stringify({ id: 1002, value: 4500.5, occurred_at: new Date(Date.now() - 3_600_000).toISOString() });
    const viaCampaignId = await hook(a.brandId, JSON.stringify({ ...JSON.parse(body2), campaign_id: campaignId }), undefined);
    expect(viaCampaignId.statusCode).toBe(401);
    const signed = JSON.stringify({ ...JSON.parse(body2), campaign_id: campaignId });
    expect((await hook(a.brandId, signed, signatureFor(secret, now(), signed))).statusCode).toBe(201);

    const c = json<{ results: { conversions: number; revenue: number; spend: number; rates: { romi: number; cpa: number } } }>(await app.inject({ method: "GET", url: `${w()}/${campaignId}`, headers: as(a) }));
    expect(c.results.conversions).toBe(2);
    expect(c.results.revenue).toBe(10_500.5);
    expect(c.results.spend).toBe(4500);
    expect(c.results.rates.romi).toBeCloseTo((10_500.5 - 4500) / 4500, 10);
    expect(c.results.rates.cpa).toBe(2250);
  });

  it("refuses a wrong signature, a missing one, another brand's secret and an unknown brand with 401, storing nothing", async () => {
    const before = await count("conversions");
    const body = JSON.stringify({ id: "order-evil", value: 1_000_000, utm_campaign: "vesenniy-raf" });
    for (const header of [signatureFor("whsec_wrong", now(), body), undefined, "garbage", signatureFor(secret, now(), `${body} `)]) {
      const res = await hook(a.brandId, body, header);
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    const bSecret = json<{ secret: string }>(await app.inject({ method: "POST", url: `/api/workspaces/${b.workspaceId}/campaigns/webhook/secret`, headers: as(b), payload: { brandId: b.brandId } })).secret;
    expect((await hook(a.brandId, body, signatureFor(bSecret, now(), body))).statusCode).toBe(401);
    expect((await hook(newId(), body, signatureFor(secret, now(), body))).statusCode).toBe(401);
    expect(await count("conversions")).toBe(before);
  });

  it("refuses a stale timestamp even with a right signature", async () => {
    const before = await count("conversions");
    const body = JSON.stringify({ id: "order-old", value: 10 });
    const res = await hook(a.brandId, body, signatureFor(secret, now() - 301, body));
    expect(res.statusCode).toBe(401);
    expect(json<{ detail: string }>(res).detail).toMatch(/5 minutes/);
    expect(await count("conversions")).toBe(before);
  });

  it("stores a replayed order id once: the same request again, or the id with another value", async () => {
    const before = await count("conversions");
    const body = JSON.stringify({ id: "order-1001", value: 6000, currency: "RUB", utm_campaign: "vesenniy-raf" });
    const replay = await hook(a.brandId, body, signatureFor(secret, now(), body));
    expect(replay.statusCode).toBe(200);
    expect(json<{ status: string }>(replay).status).toBe("duplicate");
    const changed = JSON.stringify({ id: "order-1001", value: 999_999 });
    const again = await hook(a.brandId, changed, signatureFor(secret, now(), changed));
    expect(json<{ status: string; conversion: { value: number } }>(again)).toMatchObject({ status: "duplicate", conversion: { value: 6000 } });
    expect(await count("conversions")).toBe(before);
  });

  it("refuses a bad body or another currency after a right signature, storing nothing", async () => {
    const before = await count("conversions");
    for (const payload of [{ value: 10 }, { id: "x", value: -1 }, { id: "x", value: 1.234 }, { id: "order-eur", value: 10, currency: "EUR", utm_campaign: "vesenniy-raf" }]) {
      const body = JSON.stringify(payload);
      const res = await hook(a.brandId, body, signatureFor(secret, now(), body));
      expect(res.statusCode, body).toBe(400);
    }
    expect(await count("conversions")).toBe(before);
  });

  it("keeps a conversion with an unknown utm_campaign for the brand until a campaign with that slug takes it", async () => {
    const body = JSON.stringify({ id: "order-2001", value: 300, currency: "RUB", utm_campaign: "black-friday" });
    expect((await hook(a.brandId, body, signatureFor(secret, now(), body))).statusCode).toBe(201);
    const un = json<{ items: { utmCampaign: string; conversions: number }[] }>(await app.inject({ method: "GET", url: `${w()}/unattributed?brandId=${a.brandId}`, headers: as(a) }));
    expect(un.items).toEqual([{ utmCampaign: "black-friday", conversions: 1, value: 300, currency: "RUB" }]);
    const created = await app.inject({ method: "POST", url: w(), headers: as(a), payload: { brandId: a.brandId, name: "Black Friday", goal: "sales", startDay: dayOffset(-1), endDay: dayOffset(1), currency: "RUB" } });
    expect(created.statusCode, created.body).toBe(201);
    expect(json<{ results: { conversions: number; revenue: number } }>(created).results).toMatchObject({ conversions: 1, revenue: 300 });
  });

  it("imports conversions from CSV once: a second import of the same file counts them as duplicates", async () => {
    const csv = `id,date,value,utm_source\nSHOP-1,${dayOffset(-1)} 12:00,"1 000,00",vk\nSHOP-2,,500,telegram\n`;
    const first = await app.inject({ method: "POST", url: `${w()}/${campaignId}/conversions/import`, headers: { ...as(a), "content-type": "text/csv" }, payload: csv });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toEqual({ imported: 2, duplicates: 0, value: 1500, currency: "RUB" });
    const second = await app.inject({ method: "POST", url: `${w()}/${campaignId}/conversions/import`, headers: { ...as(a), "content-type": "text/csv" }, payload: csv });
    expect(json(second)).toEqual({ imported: 0, duplicates: 2, value: 0, currency: "RUB" });
    const list = json<{ items: { externalId: string }[]; total: number }>(await app.inject({ method: "GET", url: `${w()}/${campaignId}/conversions`, headers: as(a) }));
    expect(list.total).toBe(4);
  });

  it("computes the results from the rows: human clicks, CTR, CPC, CPM, CR, cost per subscriber, paid vs organic", async () => {
    const r = await campaignResults(store.db, a.workspaceId, campaignId);
    // Three posts named for the campaign; "Другое" is another campaign's.
    expect(r.posts).toBe(3);
    expect(r.impressions).toBe(25_000);
    expect(r.clicks).toBe(40);
    expect(r.clicksSource).toBe("links");
    expect(r.conversions).toBe(4);
    expect(r.revenue).toBe(12_000.5);
    expect(r.spend).toBe(4500);
    expect(r.rates.ctr).toBeCloseTo(40 / 25_000, 12);
    expect(r.rates.cpc).toBeCloseTo(4500 / 40, 12);
    expect(r.rates.cpm).toBeCloseTo((4500 / 25_000) * 1000, 12);
    expect(r.rates.cr).toBeCloseTo(4 / 40, 12);
    expect(r.rates.cpa).toBeCloseTo(4500 / 4, 12);
    expect(r.newSubscribers).toBe(100);
    expect(r.rates.costPerSubscriber).toBeCloseTo(45, 12);
    expect(r.rates.romi).toBeCloseTo((12_000.5 - 4500) / 4500, 12);
    expect(r.paid).toMatchObject({ posts: 1, impressions: 20_000, clicks: 30 });
    expect(r.paid.cpc).toBeCloseTo(150, 12);
    expect(r.organic).toMatchObject({ posts: 2, impressions: 5000, clicks: 10, cpc: null });
    const summary = await app.inject({ method: "GET", url: `${w()}/summary?brandId=${a.brandId}&from=${dayOffset(-7)}&to=${today()}`, headers: as(a) });
    expect(summary.statusCode, summary.body).toBe(200);
    const s = json<{ campaigns: { name: string }[]; totals: { currency: string; results: { spend: number } }[] }>(summary);
    expect(s.campaigns.map((c) => c.name).sort()).toEqual(["Black Friday", "Весенний раф"]);
    expect(s.totals).toEqual([expect.objectContaining({ currency: "RUB", results: expect.objectContaining({ spend: 4500 }) })]);
  });

  it("renames a campaign on its posts, keeping them", async () => {
    const res = await app.inject({ method: "PATCH", url: `${w()}/${campaignId}`, headers: as(a), payload: { name: "Весенний раф 2026" } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<{ slug: string; results: { posts: number } }>(res)).toMatchObject({ slug: "vesenniy-raf-2026", results: { posts: 3 } });
    const bad = await app.inject({ method: "PATCH", url: `${w()}/${campaignId}`, headers: as(a), payload: { endDay: "2000-01-01" } });
    expect(bad.statusCode).toBe(400);
  });

  it("lets a client read but not change, and answers another workspace 404 with nothing changed", async () => {
    const client = await addMember(api, a.workspaceId, "client", [a.brandId]);
    expect((await app.inject({ method: "GET", url: `${w()}?brandId=${a.brandId}`, headers: { cookie: client.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: "PATCH", url: `${w()}/${campaignId}`, headers: { cookie: client.cookie }, payload: { status: "paused" } })).statusCode).toBe(403);

    const spendId = json<{ items: { id: string }[] }>(await app.inject({ method: "GET", url: `${w()}/${campaignId}/spend`, headers: as(a) })).items[0]!.id;
    const conversionId = json<{ items: { id: string }[] }>(await app.inject({ method: "GET", url: `${w()}/${campaignId}/conversions`, headers: as(a) })).items[0]!.id;
    const before = [await count("campaigns"), await count("campaign_spend"), await count("conversions")];
    const csv = { "content-type": "text/csv" };
    const calls = [
      { method: "GET" as const, url: `${w()}?brandId=${a.brandId}` },
      { method: "GET" as const, url: `${w()}/${campaignId}` },
      { method: "PATCH" as const, url: `${w()}/${campaignId}`, payload: { status: "paused" } },
      { method: "DELETE" as const, url: `${w()}/${campaignId}` },
      { method: "GET" as const, url: `${w()}/${campaignId}/spend` },
      { method: "POST" as const, url: `${w()}/${campaignId}/spend`, payload: { day: today(), amount: 1 } },
      { method: "DELETE" as const, url: `${w()}/${campaignId}/spend/${spendId}` },
      { method: "POST" as const, url: `${w()}/${campaignId}/spend/import`, payload: `date,amount\n${today()},1\n`, headers: csv },
      { method: "GET" as const, url: `${w()}/${campaignId}/conversions` },
      { method: "DELETE" as const, url: `${w()}/${campaignId}/conversions/${conversionId}` },
      { method: "POST" as const, url: `${w()}/${campaignId}/conversions/import`, payload: "id,value\nx,1\n", headers: csv },
      { method: "GET" as const, url: `${w()}/webhook?brandId=${a.brandId}` },
      { method: "POST" as const, url: `${w()}/webhook/secret`, payload: { brandId: a.brandId } },
      { method: "GET" as const, url: `${w()}/unattributed?brandId=${a.brandId}` },
      { method: "GET" as const, url: `${w()}/summary?brandId=${a.brandId}&from=${today()}&to=${today()}` },
      { method: "POST" as const, url: w(), payload: { brandId: a.brandId, name: "Intruder", goal: "sales", startDay: today(), endDay: today(), currency: "RUB" } },
      // Inside one's own workspace, naming the other's objects.
      { method: "GET" as const, url: `/api/workspaces/${b.workspaceId}/campaigns/${campaignId}` },
      { method: "POST" as const, url: `/api/workspaces/${b.workspaceId}/campaigns`, payload: { brandId: a.brandId, name: "Intruder", goal: "sales", startDay: today(), endDay: today(), currency: "RUB" } },
    ];
    for (const call of calls) {
      const res = await app.inject({ ...call, headers: { ...as(b), ...(call.headers ?? {}) } });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    expect([await count("campaigns"), await count("campaign_spend"), await count("conversions")]).toEqual(before);
    // A's secret still works: B rotating its own changed nothing of A's.
    const body = JSON.stringify({ id: "order-after", value: 1 });
    expect((await hook(a.brandId, body, signatureFor(secret, now(), body))).statusCode).toBe(201);
  });

  it("deletes a campaign with its spend, keeping its conversions for the brand", async () => {
    const res = await app.inject({ method: "DELETE", url: `${w()}/${campaignId}`, headers: as(a) });
    expect(res.statusCode).toBe(204);
    expect(await count("campaign_spend")).toBe(0);
    const kept = await store.db.selectFrom("conversions").select("campaign_id").where("workspace_id", "=", a.workspaceId).where("external_id", "=", "order-1001").executeTakeFirstOrThrow();
    expect(kept.campaign_id).toBeNull();
  });
});

describe.each(dialects)("the demo's campaign on %s", (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(dialect);
  });
  afterAll(async () => store?.cleanup());

  it("has posts, clicks, spend and conversions, so ROMI shows", async () => {
    const now = new Date("2026-03-16T09:30:00.000Z");
    const demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    // createDemo seeds the campaign once demo.service.ts calls seedDemoCampaigns; until then, here.
    let campaign = await store.db.selectFrom("campaigns").select("id").where("brand_id", "=", demo.brandId).executeTakeFirst();
    if (!campaign) {
      const user = await store.db.selectFrom("users").select("id").where("email", "=", demo.email).executeTakeFirstOrThrow();
      campaign = { id: await seedDemoCampaigns(store.db, { workspaceId: demo.workspaceId, brandId: demo.brandId, userId: user.id, now }) };
    }
    const r = await campaignResults(store.db, demo.workspaceId, campaign.id, { now });
    expect(r.posts).toBeGreaterThan(3);
    expect(r.paid.posts).toBeGreaterThan(0);
    expect(r.clicks).toBeGreaterThan(0);
    expect(r.conversions).toBe(46);
    expect(r.spend).toBeGreaterThan(0);
    expect(r.rates.romi).not.toBeNull();
    expect(r.rates.romi).toBeGreaterThan(0);
    expect(r.rates.cpc).not.toBeNull();
    const named = await store.db.selectFrom("posts").select("id").where("brand_id", "=", demo.brandId).where("campaign", "=", demoCampaignName).execute();
    expect(named.length).toBe(r.posts / (await store.db.selectFrom("channels").select("id").where("brand_id", "=", demo.brandId).execute()).length);
  });
});
