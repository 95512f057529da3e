/**
 * Opinion leaders on SQLite and PostgreSQL, through the API: a leader added by hand gets a
 * placement for a campaign with a tracked short link; people (not bots) who follow it through the
 * public redirect and the orders that come back with its utm_content or link code give its CPA,
 * CPC, CPM and ROMI, recomputed here from the rows; bad input is refused with errors[].path and
 * nothing stored; another workspace gets 404 and changes nothing; roles are respected; the demo's
 * leaders show CPA and listening's leaders can be added from the candidates.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActorOf } from "../src/api/auth.js";
import { buildApp } from "../src/api/app.js";
import type { ApiContext } from "../src/api/context.js";
import { leadersRoutes } from "../src/api/routes/leaders.routes.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import type { JobQueue } from "../src/jobs/queue.js";
import { createBrand } from "../src/services/brand.service.js";
import { createDemo } from "../src/services/demo.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { seedDemoLeaders } from "../src/services/leaders/demo.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import type { PublishingDeps } from "../src/services/publishing/deps.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { newId } from "../src/store/ids.js";
import { addMember, createTenant, json, signIn, type Tenant, type TestApi } from "./support/app.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const publicUrl = "https://chorus.example.test";
const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** The app with the leaders routes (registered here until app.ts wires them). */
async function createLeadersApi(store: TestStore): Promise<TestApi> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0", CHORUS_PUBLIC_URL: publicUrl });
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: false, telegramApiUrl: undefined });
  const queue: JobQueue = createQueue(store, { pollIntervalMs: 20 });
  const publishing: PublishingDeps = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  if (!app.apiRoutes.some((r) => r.url === "/api/workspaces/:ws/leaders")) {
    const ctx: ApiContext = { store, config, registry, secrets, publishing, inbox: createInboxDeps({ store, registry, secrets, queue }), listening, actorOf: makeActorOf(store) };
    leadersRoutes(app as unknown as Parameters<typeof leadersRoutes>[0], ctx);
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

type Results = { reach: number | null; views: number | null; clicks: number | null; conversions: number; revenue: number | null; price: number; cpa: number | null; cpc: number | null; cpm: number | null; romi: number | null };
type Placement = { id: string; day: string; price: number; currency: string; campaign: { id: string; slug: string } | null; trackedLink: { code: string; shortUrl: string; target: string } | null; results: Results };
type Leader = { id: string; name: string; status: string; contact: string | null; followers: number | null; followersSource: string; placements: number; totals: (Results & { currency: string; bestCpa: number | null })[]; bestCpa: { value: number; currency: string } | null; listening: { mentions: number } | null };

async function insertCampaign(store: TestStore, t: Tenant, name: string, slug: string): Promise<string> {
  const id = newId();
  const at = new Date().toISOString();
  await store.db
    .insertInto("campaigns")
    .values({ id, workspace_id: t.workspaceId, brand_id: t.brandId, name, slug, goal: "sales", status: "active", start_day: "2026-03-01", end_day: "2026-03-31", budget_cents: null, currency: "RUB", channel_ids: "[]", utm_source: null, utm_medium: null, utm_content: null, utm_term: null, notes: null, created_by: t.ownerId, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function insertConversion(store: TestStore, t: Tenant, c: { externalId: string; valueCents: number; utmContent?: string; linkCode?: string; currency?: string }) {
  const at = new Date().toISOString();
  await store.db
    .insertInto("conversions")
    .values({
      id: newId(),
      workspace_id: t.workspaceId,
      brand_id: t.brandId,
      campaign_id: null,
      external_id: c.externalId,
      occurred_at: at,
      value_cents: c.valueCents,
      currency: c.currency ?? "RUB",
      utm_source: "spb-coffee-walks",
      utm_medium: "influencer",
      utm_campaign: null,
      utm_content: c.utmContent ?? null,
      utm_term: null,
      link_code: c.linkCode ?? null,
      source: "webhook",
      received_at: at,
    })
    .execute();
}

describe.each(dialects)("opinion leaders on %s", (dialect) => {
  let store: TestStore;
  let api: TestApi;
  let app: FastifyInstance;
  let a: Tenant;
  let b: Tenant;
  const w = (t: Tenant) => `/api/workspaces/${t.workspaceId}/leaders`;
  const as = (t: Tenant) => ({ cookie: t.owner });
  const rows = async (table: "opinion_leaders" | "opinion_leader_placements" | "links" | "audit_events") => Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const snapshot = async () => ({
    leaders: await store.db.selectFrom("opinion_leaders").selectAll().orderBy("id").execute(),
    placements: await store.db.selectFrom("opinion_leader_placements").selectAll().orderBy("id").execute(),
    links: await rows("links"),
    audit: await rows("audit_events"),
  });

  let leaderId: string;
  let campaignId: string;
  let placement: Placement;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    api = await createLeadersApi(store);
    app = api.app;
    a = await createTenant(api);
    b = await createTenant(api);
    campaignId = await insertCampaign(store, a, "Весенний раф", "vesenniy-raf");
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it("adds a leader by hand with several profiles", async () => {
    const res = await app.inject({
      method: "POST",
      url: w(a),
      headers: as(a),
      payload: {
        brandId: a.brandId,
        name: "Кофейные прогулки",
        kind: "influencer",
        profiles: [
          { network: "telegram", handle: "@SPB_Coffee_Walks", url: "https://t.me/spb_coffee_walks" },
          { network: "instagram", handle: "spb_coffee_walks" },
        ],
        followers: 48200,
        topics: ["кофе", "Петербург", "кофе"],
        contact: "Через менеджера в Telegram",
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const leader = json<Leader & { topics: string[] }>(res);
    expect(leader).toMatchObject({ status: "prospect", followers: 48200, followersSource: "manual", placements: 0, totals: [], bestCpa: null, contact: "Через менеджера в Telegram" });
    expect(leader.topics).toEqual(["кофе", "Петербург"]);
    leaderId = leader.id;
  });

  it("refuses the same profile twice in the brand's directory (409, nothing stored)", async () => {
    const before = await snapshot();
    const res = await app.inject({ method: "POST", url: w(a), headers: as(a), payload: { brandId: a.brandId, name: "Copy", kind: "influencer", profiles: [{ network: "telegram", handle: "spb_coffee_walks" }] } });
    expect(res.statusCode).toBe(409);
    expect(json<{ errors: { path: string }[] }>(res).errors[0]?.path).toBe("profiles.0");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad leaders with errors[].path and stores nothing", async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "X", kind: "influencer", profiles: [{ network: "vk", url: "javascript:alert(1)" }] }, "profiles.0.url"],
      [{ name: "X", kind: "influencer", profiles: [{ network: "vk" }] }, "profiles.0.handle"],
      [{ name: "X", kind: "influencer", profiles: [{ network: "myspace", handle: "x" }] }, "profiles.0.network"],
      [{ name: "X", kind: "influencer", profiles: [{ network: "vk", handle: "x" }], followers: -5 }, "followers"],
      [{ name: "X", kind: "celebrity", profiles: [{ network: "vk", handle: "x" }] }, "kind"],
      [{ name: "", kind: "influencer", profiles: [{ network: "vk", handle: "x" }] }, "name"],
    ];
    for (const [payload, path] of cases) {
      const res = await app.inject({ method: "POST", url: w(a), headers: as(a), payload: { brandId: a.brandId, ...payload } });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toContain(path);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("adds a placement for a campaign with a tracked link tagged for it", async () => {
    const res = await app.inject({
      method: "POST",
      url: `${w(a)}/${leaderId}/placements`,
      headers: as(a),
      payload: { campaignId, day: "2026-03-10", price: 9000, currency: "rub", format: "video", url: "https://t.me/spb_coffee_walks/812", targetUrl: "https://north.example/raf?ref=1" },
    });
    expect(res.statusCode, res.body).toBe(201);
    placement = json<Placement>(res);
    expect(placement.currency).toBe("RUB");
    expect(placement.campaign?.slug).toBe("vesenniy-raf");
    const link = placement.trackedLink;
    expect(link?.shortUrl).toBe(`${publicUrl}/l/${link?.code}`);
    const target = new URL(link?.target ?? "");
    expect(Object.fromEntries(target.searchParams)).toEqual({ ref: "1", utm_source: "spb-coffee-walks", utm_medium: "influencer", utm_campaign: "vesenniy-raf", utm_content: placement.id });
    // Nothing clicked or bought yet: clicks 0, every cost but nothing per click is unknown.
    expect(placement.results).toMatchObject({ clicks: 0, conversions: 0, revenue: null, cpa: null, cpc: null, cpm: null, romi: null, price: 9000 });
  });

  it("counts people (not bots) through the redirect and conversions by utm_content or link code: CPA, CPC, CPM, ROMI", async () => {
    const code = placement.trackedLink?.code as string;
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({ method: "GET", url: `/l/${code}`, headers: { "user-agent": `${browser} ${i}` } });
      expect(r.statusCode).toBe(302);
      expect(r.headers.location).toBe(placement.trackedLink?.target);
    }
    await app.inject({ method: "GET", url: `/l/${code}`, headers: { "user-agent": "TelegramBot (like TwitterBot)" } });
    await insertConversion(store, a, { externalId: "o-1", valueCents: 6000_00, utmContent: placement.id });
    await insertConversion(store, a, { externalId: "o-2", valueCents: 4000_00, linkCode: code });
    // Another currency counts as a conversion but not as revenue (no conversion of currencies).
    await insertConversion(store, a, { externalId: "o-3", valueCents: 100_00, utmContent: placement.id, currency: "EUR" });
    // Another placement's or nobody's orders do not count.
    await insertConversion(store, a, { externalId: "o-4", valueCents: 999_00, utmContent: newId() });

    const patched = await app.inject({ method: "PATCH", url: `${w(a)}/${leaderId}/placements/${placement.id}`, headers: as(a), payload: { reach: 30000, views: 41000 } });
    expect(patched.statusCode, patched.body).toBe(200);
    const r = json<Placement>(patched).results;
    const clicks = Number(
      (await store.db.selectFrom("link_clicks").innerJoin("links", "links.id", "link_clicks.link_id").select((eb) => eb.fn.countAll<number>().as("n")).where("links.code", "=", code).where("bot", "=", 0).executeTakeFirstOrThrow()).n,
    );
    expect(clicks).toBe(3);
    expect(r).toMatchObject({ reach: 30000, views: 41000, clicks: 3, conversions: 3, revenue: 10000, price: 9000 });
    expect(r.cpa).toBe(3000);
    expect(r.cpc).toBe(3000);
    expect(r.cpm).toBe(300);
    expect(r.romi).toBeCloseTo((10000 - 9000) / 9000);
    // The link kept its code and follows the placement.
    expect(json<Placement>(patched).trackedLink?.code).toBe(code);
  });

  it("totals per leader with the best CPA, in the list and on the leader", async () => {
    const second = await app.inject({ method: "POST", url: `${w(a)}/${leaderId}/placements`, headers: as(a), payload: { day: "2026-03-20", price: 3500, currency: "RUB", format: "story" } });
    expect(second.statusCode).toBe(201);
    // No tracked link: clicks are unknown, not 0.
    expect(json<Placement>(second).results).toMatchObject({ clicks: null, cpc: null, cpa: null });
    const list = json<{ items: Leader[] }>(await app.inject({ method: "GET", url: `${w(a)}?brandId=${a.brandId}`, headers: as(a) }));
    const l = list.items.find((x) => x.id === leaderId) as Leader;
    expect(l.placements).toBe(2);
    expect(l.totals[0]).toMatchObject({ currency: "RUB", price: 12500, conversions: 3, clicks: 3, bestCpa: 3000 });
    expect(l.totals[0]?.cpa).toBeCloseTo(12500 / 3);
    // CPM and CPC over the placements that report reach and have a link: the first only.
    expect(l.totals[0]?.cpm).toBe(300);
    expect(l.totals[0]?.cpc).toBe(3000);
    expect(l.bestCpa).toEqual({ value: 3000, currency: "RUB" });
    const one = json<{ placementList: Placement[] }>(await app.inject({ method: "GET", url: `${w(a)}/${leaderId}`, headers: as(a) }));
    expect(one.placementList.map((p) => p.day)).toEqual(["2026-03-20", "2026-03-10"]);
    const filtered = json<{ items: Leader[] }>(await app.inject({ method: "GET", url: `${w(a)}?brandId=${a.brandId}&status=agreed`, headers: as(a) }));
    expect(filtered.items).toEqual([]);
  });

  it("refuses bad placements with errors[].path, all at once, and stores nothing", async () => {
    const before = await snapshot();
    const post = (payload: Record<string, unknown>) => app.inject({ method: "POST", url: `${w(a)}/${leaderId}/placements`, headers: as(a), payload: { day: "2026-03-10", price: 100, currency: "RUB", format: "post", ...payload } });
    const cases: [Record<string, unknown>, string][] = [
      [{ price: -1 }, "price"],
      [{ price: null }, "price"],
      [{ day: "2026-02-30" }, "day"],
      [{ day: "yesterday" }, "day"],
      [{ url: "ftp://x.example/1" }, "url"],
      [{ targetUrl: "javascript:alert(1)" }, "targetUrl"],
      [{ price: 10.555 }, "price"],
      [{ campaignId, currency: "EUR" }, "currency"],
      [{ format: "tweet" }, "format"],
    ];
    for (const [payload, path] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path), JSON.stringify(payload)).toContain(path);
    }
    const many = await post({ price: -1, day: "2026-13-01", url: "nope" });
    expect(many.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(many).errors.map((e) => e.path).sort()).toEqual(["day", "price", "url"]);
    const patch = await app.inject({ method: "PATCH", url: `${w(a)}/${leaderId}/placements/${placement.id}`, headers: as(a), payload: { targetUrl: null } });
    expect(patch.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(patch).errors[0]?.path).toBe("targetUrl");
    expect(await snapshot()).toEqual(before);
  });

  it("another workspace gets 404 for the leader, its placements and its campaign, and changes nothing", async () => {
    const before = await snapshot();
    const calls = [
      { method: "GET" as const, url: `${w(a)}?brandId=${a.brandId}` },
      { method: "GET" as const, url: `${w(a)}/${leaderId}` },
      { method: "PATCH" as const, url: `${w(a)}/${leaderId}`, payload: { status: "blacklisted" } },
      { method: "DELETE" as const, url: `${w(a)}/${leaderId}` },
      { method: "GET" as const, url: `${w(a)}/${leaderId}/placements` },
      { method: "POST" as const, url: `${w(a)}/${leaderId}/placements`, payload: { day: "2026-03-10", price: 1, currency: "RUB", format: "post" } },
      { method: "PATCH" as const, url: `${w(a)}/${leaderId}/placements/${placement.id}`, payload: { price: 1 } },
      { method: "DELETE" as const, url: `${w(a)}/${leaderId}/placements/${placement.id}` },
      // Through its own workspace's path, naming A's leader or brand.
      { method: "GET" as const, url: `${w(b)}/${leaderId}` },
      { method: "GET" as const, url: `${w(b)}?brandId=${a.brandId}` },
      { method: "GET" as const, url: `${w(b)}/candidates?brandId=${a.brandId}&from=2026-03-01T00:00:00Z&to=2026-03-15T00:00:00Z` },
    ];
    for (const call of calls) {
      const res = await app.inject({ ...call, headers: as(b) });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    // B's own leader cannot take A's campaign.
    const own = await app.inject({ method: "POST", url: w(b), headers: as(b), payload: { brandId: b.brandId, name: "B's", kind: "media", profiles: [{ network: "website", url: "https://b.example" }] } });
    expect(own.statusCode).toBe(201);
    const bLeader = json<Leader>(own).id;
    const after = await snapshot();
    const taken = await app.inject({ method: "POST", url: `${w(b)}/${bLeader}/placements`, headers: as(b), payload: { campaignId, day: "2026-03-10", price: 1, currency: "RUB", format: "post" } });
    expect(taken.statusCode).toBe(404);
    expect(await snapshot()).toEqual(after);
    expect(before.placements).toEqual(after.placements);
  });

  it("lets analysts and clients read, not change; hides the contact from them", async () => {
    const client = await addMember(api, a.workspaceId, "client");
    const read = await app.inject({ method: "GET", url: `${w(a)}/${leaderId}`, headers: { cookie: client.cookie } });
    expect(read.statusCode).toBe(200);
    expect(json<Leader>(read).contact).toBeNull();
    const analyst = await addMember(api, a.workspaceId, "analyst");
    const before = await snapshot();
    const change = await app.inject({ method: "PATCH", url: `${w(a)}/${leaderId}`, headers: { cookie: analyst.cookie }, payload: { status: "declined" } });
    expect(change.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
    const manager = await addMember(api, a.workspaceId, "manager");
    const ok = await app.inject({ method: "PATCH", url: `${w(a)}/${leaderId}`, headers: { cookie: manager.cookie }, payload: { status: "agreed", followers: 50000 } });
    expect(ok.statusCode).toBe(200);
    expect(json<Leader>(ok)).toMatchObject({ status: "agreed", followers: 50000, contact: "Через менеджера в Telegram" });
  });

  it("a member limited to another brand gets 404 for this brand's leader and placements", async () => {
    const other = await createBrand(store.db, { userId: a.ownerId }, a.workspaceId, { name: "Other brand", timezone: "Europe/Moscow", locale: "ru" });
    const limited = await addMember(api, a.workspaceId, "manager", [other.id]);
    const before = await snapshot();
    for (const call of [
      { method: "GET" as const, url: `${w(a)}/${leaderId}` },
      { method: "GET" as const, url: `${w(a)}?brandId=${a.brandId}` },
      { method: "PATCH" as const, url: `${w(a)}/${leaderId}/placements/${placement.id}`, payload: { price: 1 } },
    ]) {
      const res = await app.inject({ ...call, headers: { cookie: limited.cookie } });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
    // Their own brand's leader cannot take this brand's campaign.
    const mine = await app.inject({ method: "POST", url: w(a), headers: { cookie: limited.cookie }, payload: { brandId: other.id, name: "Mine", kind: "media", profiles: [{ network: "website", url: "https://mine.example" }] } });
    expect(mine.statusCode, mine.body).toBe(201);
    const after = await snapshot();
    const taken = await app.inject({ method: "POST", url: `${w(a)}/${json<Leader>(mine).id}/placements`, headers: { cookie: limited.cookie }, payload: { campaignId, day: "2026-03-10", price: 1, currency: "RUB", format: "post" } });
    expect(taken.statusCode).toBe(404);
    expect(await snapshot()).toEqual(after);
  });

  it("deletes a placement and a leader; the short link keeps redirecting", async () => {
    const code = placement.trackedLink?.code as string;
    expect((await app.inject({ method: "DELETE", url: `${w(a)}/${leaderId}/placements/${placement.id}`, headers: as(a) })).statusCode).toBe(204);
    expect((await app.inject({ method: "DELETE", url: `${w(a)}/${leaderId}`, headers: as(a) })).statusCode).toBe(204);
    expect(await store.db.selectFrom("opinion_leader_placements").select("id").where("leader_id", "=", leaderId).execute()).toEqual([]);
    expect((await app.inject({ method: "GET", url: `/l/${code}`, headers: { "user-agent": browser } })).statusCode).toBe(302);
    const audit = await store.db.selectFrom("audit_events").select("action").where("workspace_id", "=", a.workspaceId).where("action", "like", "%.delete").execute();
    expect(audit.map((e) => e.action).sort()).toEqual(["leader.delete", "placement.delete"]);
  });
});

describe.each(dialects)("the demo's opinion leaders on %s", (dialect) => {
  let store: TestStore;
  let api: TestApi;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    api = await createLeadersApi(store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  it("show CPA on the first start, and listening's leaders can be added", async () => {
    const now = new Date("2026-03-16T09:30:00.000Z");
    const demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    // createDemo seeds the leaders once demo.service.ts calls seedDemoLeaders; until then, here.
    if (!(await store.db.selectFrom("opinion_leaders").select("id").where("brand_id", "=", demo.brandId).executeTakeFirst())) {
      const user = await store.db.selectFrom("users").select("id").where("email", "=", demo.email).executeTakeFirstOrThrow();
      await seedDemoLeaders(store.db, { workspaceId: demo.workspaceId, brandId: demo.brandId, userId: user.id, now });
    }
    const cookie = await signIn(api.app, demo.email, "demo-password-123");
    const w = `/api/workspaces/${demo.workspaceId}/leaders`;
    const list = json<{ items: Leader[] }>(await api.app.inject({ method: "GET", url: `${w}?brandId=${demo.brandId}`, headers: { cookie } }));
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    const blogger = list.items.find((l) => l.name === "Кофейные прогулки по Петербургу") as Leader;
    expect(blogger.placements).toBe(2);
    expect(blogger.bestCpa?.value).toBeGreaterThan(0);
    expect(blogger.totals[0]?.clicks).toBeGreaterThan(0);
    const one = json<{ placementList: Placement[] }>(await api.app.inject({ method: "GET", url: `${w}/${blogger.id}`, headers: { cookie } }));
    const review = one.placementList.find((p) => p.campaign !== null) as Placement;
    expect(review.results.conversions).toBe(5);
    expect(review.results.cpa).toBe(8000 / 5);
    expect(review.results.clicks).toBe(164);

    const from = new Date(now.getTime() - 14 * 86_400_000).toISOString();
    const to = now.toISOString();
    const candidates = json<{ items: { network: string; handle: string; followers: number | null; mentions: number; leaderId: string | null }[] }>(
      await api.app.inject({ method: "GET", url: `${w}/candidates?brandId=${demo.brandId}&from=${from}&to=${to}`, headers: { cookie } }),
    );
    expect(candidates.items.length).toBeGreaterThan(1);
    const fresh = candidates.items.find((c) => c.leaderId === null);
    expect(fresh).toBeDefined();
    if (!fresh) return;
    const added = await api.app.inject({ method: "POST", url: w, headers: { cookie }, payload: { brandId: demo.brandId, name: fresh.handle, kind: "influencer", profiles: [], fromListening: { network: fresh.network, handle: fresh.handle, from, to } } });
    // An empty profile list is refused by the schema; listening's profile is added to the ones given.
    expect(added.statusCode).toBe(400);
    const ok = await api.app.inject({ method: "POST", url: w, headers: { cookie }, payload: { brandId: demo.brandId, name: fresh.handle, kind: "influencer", profiles: [{ network: "website", url: "https://example.org/blog" }], fromListening: { network: fresh.network, handle: fresh.handle, from, to } } });
    expect(ok.statusCode, ok.body).toBe(201);
    const leader = json<Leader & { profiles: { network: string; handle: string | null }[] }>(ok);
    expect(leader.listening?.mentions).toBe(fresh.mentions);
    expect(leader.followersSource).toBe(fresh.followers === null ? "manual" : "listening");
    expect(leader.profiles[0]).toMatchObject({ network: fresh.network, handle: fresh.handle });
    const again = json<{ items: { handle: string; leaderId: string | null }[] }>(await api.app.inject({ method: "GET", url: `${w}/candidates?brandId=${demo.brandId}&from=${from}&to=${to}`, headers: { cookie } }));
    expect(again.items.find((c) => c.handle === fresh.handle)?.leaderId).toBe(leader.id);
    const unknown = await api.app.inject({ method: "POST", url: w, headers: { cookie }, payload: { brandId: demo.brandId, name: "Nobody", kind: "influencer", profiles: [{ network: "vk", handle: "nobody_here" }], fromListening: { network: "vk", handle: "nobody_here", from, to } } });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(unknown).errors[0]?.path).toBe("fromListening.handle");
  });
});
