/**
 * Competitors on SQLite and PostgreSQL: the demo's two Sandbox competitors with a month of daily
 * readings, adding a Sandbox page (read once, refused and nothing stored when it does not exist),
 * the daily job with its backoff, the comparison recomputed from the stored rows (ER by followers
 * only — no reach for anyone), and other workspaces answered "not found", in the services and
 * through the API.
 */
import type { FastifyInstance } from "fastify";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActorOf } from "../src/api/auth.js";
import { buildApp } from "../src/api/app.js";
import { competitorsRoutes } from "../src/api/routes/competitors.routes.js";
import { loadConfig } from "../src/config.js";
import { type ConnectorRegistry, createConnectorRegistry } from "../src/connectors/registry.js";
import { ConnectorError } from "../src/connectors/types.js";
import { interactionsOf } from "../src/domain/metrics.js";
import { competitorReadKind, competitorsSweepKind, registerCompetitors, scheduleCompetitorsSweep } from "../src/jobs/competitors.job.js";
import type { JobHandler, JobQueue } from "../src/jobs/queue.js";
import { createUser } from "../src/services/auth.service.js";
import { compareCompetitors } from "../src/services/competitors/comparison.service.js";
import { addCompetitor, deleteCompetitor, listCompetitors, refreshCompetitor, updateCompetitor } from "../src/services/competitors/competitors.service.js";
import type { CompetitorsDeps } from "../src/services/competitors/deps.js";
import { seedDemoCompetitors } from "../src/services/competitors/demo.js";
import { createDemo, type DemoResult } from "../src/services/demo.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import { newId } from "../src/store/ids.js";
import { createQueue } from "../src/jobs/index.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const now = new Date("2026-03-16T09:30:00.000Z");
const zone = "Europe/Moscow";
const hourMs = 3_600_000;
const from = "2026-02-16";
const to = "2026-03-15";

/** A queue that keeps what is enqueued and the handlers registered, so a test runs them by hand. */
function recordingQueue() {
  const handlers = new Map<string, JobHandler<unknown>>();
  const jobs: { kind: string; payload: unknown; key: string | undefined }[] = [];
  const queue = {
    backend: "embedded",
    async enqueue(kind: string, payload: unknown, opts?: { key?: string }) {
      const known = jobs.find((j) => j.kind === kind && opts?.key !== undefined && j.key === opts.key);
      if (!known) jobs.push({ kind, payload, key: opts?.key });
      return { id: newId(), created: !known };
    },
    work(kind: string, handler: JobHandler<unknown>) {
      handlers.set(kind, handler);
    },
  } as unknown as JobQueue;
  const run = async (kind: string) => {
    const todo = jobs.filter((j) => j.kind === kind);
    jobs.splice(0, jobs.length, ...jobs.filter((j) => j.kind !== kind));
    for (const j of todo) await handlers.get(kind)!(j.payload, { id: newId(), kind, attempt: 1, signal: new AbortController().signal });
    return todo;
  };
  return { queue, handlers, jobs, run };
}

/** Keys of an object tree, to prove no reach figure is anywhere in an answer. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

async function sandboxPosts(store: TestStore, account: string, times: string[], format = "image") {
  await store.db
    .insertInto("sandbox_posts")
    .values(times.map((t, i) => ({ id: `${account}-${i}`.padEnd(24, "x").slice(0, 24), account, idempotency_key: `test:${account}:${i}`, text: `Post ${i} of ${account}`, format: i % 2 ? "text" : format, media_count: 0, published_at: t, deleted_at: null })))
    .execute();
}

describe.each(dialects)("competitors on %s", (dialect) => {
  let store: TestStore;
  let demo: DemoResult;
  let actor: { userId: string };
  let registry: ConnectorRegistry;
  let clock: Date;
  let deps: CompetitorsDeps;
  let demoCompetitors: string[];

  beforeAll(async () => {
    store = await createTestStore(dialect);
    demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    const user = await store.db.selectFrom("users").select("id").where("email", "=", demo.email).executeTakeFirstOrThrow();
    actor = { userId: user.id };
    // The demo seeds its two competitors itself.
    demoCompetitors = (await store.db.selectFrom("competitors").select("id").where("brand_id", "=", demo.brandId).orderBy("id").execute()).map((c) => c.id);
    registry = createConnectorRegistry({ db: store.db });
    clock = now;
    deps = { db: store.db, registry, secrets, now: () => clock };
  });
  afterAll(async () => {
    await store?.cleanup();
  });

  it("seeds the demo's two Sandbox competitors with a month of daily readings, once", async () => {
    expect(demoCompetitors).toHaveLength(2);
    expect(await seedDemoCompetitors(store.db, { workspaceId: demo.workspaceId, brandId: demo.brandId, userId: actor.userId, now })).toEqual([]);
    const list = await listCompetitors(deps, actor, demo.workspaceId, demo.brandId);
    expect(list.map((c) => ({ network: c.network, page: c.page, state: c.state, postsVisible: c.postsVisible }))).toEqual([
      { network: "sandbox", page: "kofemania.spb", state: "ok", postsVisible: true },
      { network: "sandbox", page: "zerno.bar", state: "ok", postsVisible: true },
    ]);
    for (const c of list) {
      const days = await store.db.selectFrom("competitor_days").selectAll().where("competitor_id", "=", c.id).orderBy("day").execute();
      expect(days.length).toBeGreaterThanOrEqual(30);
      // Followers grow slowly, as the Sandbox's audiences do.
      expect(days.at(-1)!.followers!).toBeGreaterThan(days[0]!.followers!);
      const posts = await store.db.selectFrom("competitor_posts").selectAll().where("competitor_id", "=", c.id).execute();
      expect(posts.length).toBeGreaterThan(10);
      expect(posts.every((p) => p.followers !== null && p.likes !== null && p.views !== null)).toBe(true);
    }
  });

  it("adds a Sandbox page after reading it once; a page that does not exist is refused and nothing is stored", async () => {
    const times = [1, 2, 3, 5, 8].map((d) => new Date(now.getTime() - d * 24 * hourMs).toISOString());
    await sandboxPosts(store, "rival.beans", times);
    const before = await store.db.selectFrom("competitors").select("id").execute();
    await expect(addCompetitor(deps, actor, demo.workspaceId, { brandId: demo.brandId, network: "sandbox", page: "no.such.page" })).rejects.toMatchObject({ code: "validation_failed", errors: [{ path: "page" }] });
    await expect(addCompetitor(deps, actor, demo.workspaceId, { brandId: demo.brandId, network: "myspace", page: "x" })).rejects.toMatchObject({ code: "validation_failed", errors: [{ path: "network" }] });
    // Bluesky reads through one of the brand's Bluesky accounts, and the demo brand has none.
    await expect(addCompetitor(deps, actor, demo.workspaceId, { brandId: demo.brandId, network: "bluesky", page: "rival.bsky.social" })).rejects.toMatchObject({ code: "validation_failed", errors: [{ path: "channelId" }] });
    expect(await store.db.selectFrom("competitors").select("id").execute()).toEqual(before);
    expect(await store.db.selectFrom("competitor_days").select("competitor_id").where("competitor_id", "not in", before.map((b) => b.id)).execute()).toEqual([]);

    const added = await addCompetitor(deps, actor, demo.workspaceId, { brandId: demo.brandId, network: "sandbox", page: "@Rival.Beans" });
    expect(added).toMatchObject({ page: "rival.beans", name: "rival.beans (Sandbox)", state: "ok", channel: null, enabled: true, postsVisible: true, lastOkAt: now.toISOString() });
    expect(added.followers).toBeGreaterThan(0);
    const posts = await store.db.selectFrom("competitor_posts").selectAll().where("competitor_id", "=", added.id).execute();
    expect(posts).toHaveLength(5);
    expect(posts.every((p) => p.followers === added.followers)).toBe(true);
    await expect(addCompetitor(deps, actor, demo.workspaceId, { brandId: demo.brandId, network: "sandbox", page: "rival.beans" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("reads due competitors daily through the job, with backoff while a page keeps failing", async () => {
    const { queue, run, jobs } = recordingQueue();
    registerCompetitors(queue, deps);
    clock = new Date(now.getTime() + 25 * hourMs);
    await scheduleCompetitorsSweep(queue, clock);
    await run(competitorsSweepKind);
    const reads = jobs.filter((j) => j.kind === competitorReadKind);
    expect(reads).toHaveLength(3);
    await run(competitorReadKind);
    const today = DateTime.fromJSDate(clock, { zone }).toISODate()!;
    const list = await listCompetitors(deps, actor, demo.workspaceId, demo.brandId);
    expect(list.every((c) => c.state === "ok" && c.lastOkAt === clock.toISOString() && c.nextRunAt === new Date(clock.getTime() + 24 * hourMs).toISOString())).toBe(true);
    for (const c of list) expect(await store.db.selectFrom("competitor_days").select("day").where("competitor_id", "=", c.id).where("day", "=", today).executeTakeFirst()).toBeDefined();
    // Nothing is due a minute later.
    clock = new Date(clock.getTime() + 60_000);
    await scheduleCompetitorsSweep(queue, clock);
    await run(competitorsSweepKind);
    expect(jobs.filter((j) => j.kind === competitorReadKind)).toHaveLength(0);

    // A network that is down: 1 hour, then 2 hours until the next try.
    const rival = list.find((c) => c.page === "rival.beans")!;
    const down: ConnectorRegistry = { all: () => registry.all(), get: (n) => (n === "sandbox" ? { ...registry.get("sandbox")!, fetchPublicPage: async () => Promise.reject(new ConnectorError("transient", "Sandbox is down")) } : registry.get(n)) };
    const failing = { ...deps, registry: down };
    let view = await refreshCompetitor(failing, actor, demo.workspaceId, rival.id);
    expect(view).toMatchObject({ state: "error", lastError: "Sandbox is down", failures: 1, nextRunAt: new Date(clock.getTime() + hourMs).toISOString() });
    view = await refreshCompetitor(failing, actor, demo.workspaceId, rival.id);
    expect(view).toMatchObject({ failures: 2, nextRunAt: new Date(clock.getTime() + 2 * hourMs).toISOString() });
    // A page that is gone waits a day; paused competitors are not read; resuming forgets the backoff.
    await store.db.updateTable("competitors").set({ page: "gone.page" }).where("id", "=", rival.id).execute();
    view = await refreshCompetitor(deps, actor, demo.workspaceId, rival.id);
    expect(view).toMatchObject({ state: "error", failures: 3, nextRunAt: new Date(clock.getTime() + 24 * hourMs).toISOString() });
    expect(view.lastError).toMatch(/no account @gone.page/);
    await store.db.updateTable("competitors").set({ page: "rival.beans" }).where("id", "=", rival.id).execute();
    view = await updateCompetitor(deps, actor, demo.workspaceId, rival.id, { enabled: false });
    expect(view).toMatchObject({ state: "paused", nextRunAt: null });
    await expect(refreshCompetitor(deps, actor, demo.workspaceId, rival.id)).rejects.toMatchObject({ code: "conflict" });
    view = await updateCompetitor(deps, actor, demo.workspaceId, rival.id, { enabled: true, name: "Rival Beans" });
    expect(view).toMatchObject({ name: "Rival Beans", failures: 0, nextRunAt: clock.toISOString() });
    view = await refreshCompetitor(deps, actor, demo.workspaceId, rival.id);
    expect(view).toMatchObject({ state: "ok", failures: 0, lastError: null });
    await deleteCompetitor(deps, actor, demo.workspaceId, rival.id);
    expect(await store.db.selectFrom("competitor_posts").select("id").where("competitor_id", "=", rival.id).execute()).toEqual([]);
  });

  it("compares the brand with its competitors exactly as the stored rows say, by ER by followers only", async () => {
    const c = await compareCompetitors(deps, actor, demo.workspaceId, { brandId: demo.brandId, from, to });
    expect(c.period).toEqual({ from, to, days: 28 });
    expect(c.pages.map((p) => p.kind)).toEqual(["brand", "competitor", "competitor"]);
    const keys = keysOf(c.pages);
    for (const k of ["reach", "erReach", "impressions", "saves"]) expect(keys.has(k), k).toBe(false);
    expect(c.formulas.erFollowers).toMatch(/followers at each post's time/);

    const start = DateTime.fromISO(from, { zone }).startOf("day").toUTC().toISO()!;
    const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf("day").toUTC().toISO()!;
    const interactions = (p: { likes: number | null; comments: number | null; reposts: number | null }) => interactionsOf({ likes: p.likes, comments: p.comments, reposts: p.reposts });
    const check = (
      page: (typeof c.pages)[number],
      rows: { likes: number | null; comments: number | null; reposts: number | null; followers: number | null; format: string; published_at: string }[],
      days: { day: string; followers: number | null }[],
    ) => {
      const inPeriod = rows.filter((p) => p.published_at >= start && p.published_at < end);
      expect(inPeriod.length, page.name).toBeGreaterThan(0);
      expect(page.posts).toBe(inPeriod.length);
      expect(page.postsPerDay).toBeCloseTo(inPeriod.length / 28, 12);
      const total = inPeriod.reduce((s, p) => s + interactions(p), 0);
      expect(page.interactions).toBe(total);
      expect(page.interactionsPerPost).toBeCloseTo(total / inPeriod.length, 12);
      const known = inPeriod.filter((p) => p.followers !== null);
      expect(page.erFollowers).toBeCloseTo(known.reduce((s, p) => s + interactions(p), 0) / known.reduce((s, p) => s + (p.followers ?? 0), 0), 12);
      expect(page.loveRate).toBeCloseTo(known.reduce((s, p) => s + (p.likes ?? 0), 0) / known.reduce((s, p) => s + (p.followers ?? 0), 0), 12);
      const formats = new Map<string, number>();
      for (const p of inPeriod) formats.set(p.format, (formats.get(p.format) ?? 0) + 1);
      expect(Object.fromEntries(page.formats.map((f) => [f.format, f.posts]))).toEqual(Object.fromEntries(formats));
      expect(page.formats.reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 12);
      const perDay = new Map<string, number>();
      for (const p of inPeriod) {
        const d = DateTime.fromISO(p.published_at, { zone }).toISODate()!;
        perDay.set(d, (perDay.get(d) ?? 0) + 1);
      }
      expect(page.series).toHaveLength(28);
      for (const s of page.series) expect(s.posts, s.day).toBe(perDay.get(s.day) ?? 0);
      const best = [...inPeriod].sort((a, b) => interactions(b) - interactions(a))[0]!;
      expect(page.topPosts[0]!.interactions).toBe(interactions(best));
      expect(page.followers.start).toBe(days.filter((d) => d.day < from).at(-1)?.followers);
      expect(page.followers.end).toBe(days.filter((d) => d.day <= to).at(-1)?.followers);
      expect(page.followers.growth).toBe(page.followers.end! - page.followers.start!);
      expect(page.series.at(-1)!.followers).toBe(page.followers.end);
    };

    for (const page of c.pages.filter((p) => p.kind === "competitor")) {
      const rows = await store.db.selectFrom("competitor_posts").selectAll().where("competitor_id", "=", page.id).execute();
      const days = await store.db.selectFrom("competitor_days").select(["day", "followers"]).where("competitor_id", "=", page.id).orderBy("day").execute();
      check(page, rows, days);
      expect(page.networks).toEqual(["sandbox"]);
    }
    // The brand: its channels' posts (saves left out, as for the competitors) and the sum of its channels' followers.
    const brand = c.pages[0]!;
    const rows = await store.db.selectFrom("channel_posts").selectAll().where("brand_id", "=", demo.brandId).execute();
    const channelDays = await store.db.selectFrom("channel_days").select(["day", "followers", "channel_id"]).where("brand_id", "=", demo.brandId).orderBy("day").execute();
    const summed = new Map<string, number>();
    for (const d of channelDays) summed.set(d.day, (summed.get(d.day) ?? 0) + (d.followers ?? 0));
    check(brand, rows, [...summed].map(([day, followers]) => ({ day, followers })));
    expect(brand.name).toBe("Северный Кофе / North Coffee");
    // The two ERs stay apart: the brand's ER by followers is not its ER by reach.
    const withReach = rows.filter((p) => p.published_at >= start && p.published_at < end && p.reach);
    expect(brand.erFollowers).not.toBeCloseTo(withReach.reduce((s, p) => s + interactions(p), 0) / withReach.reduce((s, p) => s + (p.reach ?? 0), 0), 4);
  });

  it("answers another workspace's member 'not found' and checks roles", async () => {
    const stranger = await createUser(store.db, { email: `stranger-${newId()}@example.test`, name: "S", password: "a long password 1" });
    const other = { userId: stranger.id };
    await createWorkspace(store.db, { name: "Other", ownerId: stranger.id });
    const id = demoCompetitors[0]!;
    await expect(listCompetitors(deps, other, demo.workspaceId, demo.brandId)).rejects.toMatchObject({ code: "not_found" });
    await expect(compareCompetitors(deps, other, demo.workspaceId, { brandId: demo.brandId, from, to })).rejects.toMatchObject({ code: "not_found" });
    await expect(addCompetitor(deps, other, demo.workspaceId, { brandId: demo.brandId, network: "sandbox", page: "zerno.bar" })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateCompetitor(deps, other, demo.workspaceId, id, { name: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(refreshCompetitor(deps, other, demo.workspaceId, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteCompetitor(deps, other, demo.workspaceId, id)).rejects.toMatchObject({ code: "not_found" });
    // The demo's client reads the comparison but cannot add or remove competitors.
    const client = await store.db.selectFrom("users").select("id").where("email", "=", "client@chorus.local").executeTakeFirstOrThrow();
    expect((await compareCompetitors(deps, { userId: client.id }, demo.workspaceId, { brandId: demo.brandId, from, to })).pages).toHaveLength(3);
    await expect(deleteCompetitor(deps, { userId: client.id }, demo.workspaceId, id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await store.db.selectFrom("competitors").select("id").where("id", "=", id).executeTakeFirst()).toBeDefined();
  });
});

describe.each(dialects)("competitors API (%s)", (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let demo: DemoResult;
  let cookie: string;
  let strangerCookie: string;
  let strangerWs: string;
  let competitorId: string;

  const signIn = async (email: string, password: string) => {
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
    const c = res.cookies.find((x) => x.name === "chorus_session");
    if (!c) throw new Error(`sign-in failed: ${res.body}`);
    return `chorus_session=${c.value}`;
  };

  beforeAll(async () => {
    store = await createTestStore(dialect);
    demo = await createDemo(store, { secrets, now: new Date(), password: "demo-password-123" });
    const user = await store.db.selectFrom("users").select("id").where("email", "=", demo.email).executeTakeFirstOrThrow();
    // The demo seeds its competitors itself; seeding again adds none.
    expect(await seedDemoCompetitors(store.db, { workspaceId: demo.workspaceId, brandId: demo.brandId, userId: user.id, now: new Date() })).toEqual([]);
    competitorId = (await store.db.selectFrom("competitors").select("id").where("brand_id", "=", demo.brandId).orderBy("id").executeTakeFirstOrThrow()).id;
    const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0" });
    const registry = createConnectorRegistry({ db: store.db });
    const queue = createQueue(store);
    const publishing = createPublishingDeps({ store, registry, secrets, queue, config });
    const listening = createListeningDeps({ store, registry, secrets, queue, config });
    app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
    // Until app.ts registers them (then this is a no-op).
    if (!app.apiRoutes.some((r) => r.url.startsWith("/api/workspaces/:ws/competitors"))) {
      competitorsRoutes(app as never, { store, config, registry, secrets, publishing, listening, inbox: createInboxDeps({ store, registry, secrets, queue }), actorOf: makeActorOf(store) });
    }
    await app.ready();
    cookie = await signIn(demo.email, "demo-password-123");
    const stranger = await createUser(store.db, { email: "stranger@example.test", name: "S", password: "a long password 1" });
    strangerWs = (await createWorkspace(store.db, { name: "Other", ownerId: stranger.id })).id;
    strangerCookie = await signIn("stranger@example.test", "a long password 1");
  });
  afterAll(async () => {
    await app?.close();
    await store?.cleanup();
  });

  it("lists, compares, renames and refreshes; validates with clear messages", async () => {
    const w = `/api/workspaces/${demo.workspaceId}/competitors`;
    const list = await app.inject({ method: "GET", url: `${w}?brandId=${demo.brandId}`, headers: { cookie } });
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.body).items).toHaveLength(2);
    const today = DateTime.now().setZone(zone);
    const cmp = await app.inject({ method: "GET", url: `${w}/comparison?brandId=${demo.brandId}&from=${today.minus({ days: 14 }).toISODate()}&to=${today.toISODate()}`, headers: { cookie } });
    expect(cmp.statusCode).toBe(200);
    const body = JSON.parse(cmp.body) as { pages: { kind: string; erFollowers: number | null; posts: number | null }[] };
    expect(body.pages.map((p) => p.kind)).toEqual(["brand", "competitor", "competitor"]);
    expect(body.pages.every((p) => (p.posts ?? 0) > 0 && (p.erFollowers ?? 0) > 0)).toBe(true);
    const bad = await app.inject({ method: "GET", url: `${w}/comparison?brandId=${demo.brandId}&from=16.02.2026&to=2026-03-15`, headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(bad.body).toContain("Must be a day, YYYY-MM-DD");
    const missing = await app.inject({ method: "POST", url: w, headers: { cookie }, payload: { brandId: demo.brandId, network: "sandbox", page: "nobody.here" } });
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ code: "validation_failed", errors: [{ path: "page", message: expect.stringMatching(/no account @nobody.here/) }] });
    const renamed = await app.inject({ method: "PATCH", url: `${w}/${competitorId}`, headers: { cookie }, payload: { name: "Кофемания" } });
    expect(JSON.parse(renamed.body)).toMatchObject({ name: "Кофемания" });
    const refreshed = await app.inject({ method: "POST", url: `${w}/${competitorId}/refresh`, headers: { cookie } });
    expect(refreshed.statusCode).toBe(200);
    expect(JSON.parse(refreshed.body)).toMatchObject({ state: "ok" });
  });

  it("answers another workspace's owner 404 on every competitors route and changes nothing", async () => {
    const w = `/api/workspaces/${demo.workspaceId}/competitors`;
    const before = await store.db.selectFrom("competitors").selectAll().orderBy("id").execute();
    const calls = [
      { method: "GET" as const, url: `${w}?brandId=${demo.brandId}` },
      { method: "POST" as const, url: w, payload: { brandId: demo.brandId, network: "sandbox", page: "zerno.bar" } },
      { method: "PATCH" as const, url: `${w}/${competitorId}`, payload: { enabled: false } },
      { method: "DELETE" as const, url: `${w}/${competitorId}` },
      { method: "POST" as const, url: `${w}/${competitorId}/refresh` },
      { method: "GET" as const, url: `${w}/comparison?brandId=${demo.brandId}&from=2026-01-01&to=2026-01-31` },
      // Inside one's own workspace, another workspace's ids are not found either.
      { method: "PATCH" as const, url: `/api/workspaces/${strangerWs}/competitors/${competitorId}`, payload: { enabled: false } },
      { method: "GET" as const, url: `/api/workspaces/${strangerWs}/competitors/comparison?brandId=${demo.brandId}&from=2026-01-01&to=2026-01-31` },
    ];
    for (const call of calls) {
      const res = await app.inject({ ...call, headers: { cookie: strangerCookie } });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    expect(await store.db.selectFrom("competitors").selectAll().orderBy("id").execute()).toEqual(before);
  });
});
