/**
 * The plan health check on the demo brand, through the API and the weekly job, on SQLite and
 * PostgreSQL: the demo (with seedDemoMistakes) yields concrete findings that link to its posts and
 * comments; the latest run is returned; bad periods are refused field by field; another
 * workspace, and a member limited to another brand, get 404; the weekly sweep stores one run per
 * brand and week however often it runs.
 */
import type { FastifyInstance } from "fastify";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/api/app.js";
import { makeActorOf } from "../src/api/auth.js";
import type { ApiContext } from "../src/api/context.js";
import { healthRoutes } from "../src/api/routes/health.routes.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import { dueHealthRuns, registerPlanHealth, sweepHealth, weeklyDue } from "../src/jobs/plan-health.job.js";
import { createBrand } from "../src/services/brand.service.js";
import { createDemo, type DemoResult } from "../src/services/demo.service.js";
import { type DemoMistakes, seedDemoMistakes } from "../src/services/health/demo.js";
import { checkPlanHealth } from "../src/services/health/health.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { addMember, createTenant, json, signIn, type TestApi } from "./support/app.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
// The real clock: once app.ts registers the routes, they run with it, and the demo must be "now".
const now = new Date();

type Finding = { rule: string; severity: string; params: Record<string, string>; evidence: Record<string, number>; items: { kind: string; id: string }[] };
type Run = { id: string; trigger: string; period: { from: string; to: string }; counts: { critical: number; warning: number; info: number }; findings: Finding[]; summary: Record<string, number> };

async function createHealthApi(store: TestStore): Promise<TestApi> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0" });
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: false, telegramApiUrl: undefined });
  const queue = createQueue(store, { pollIntervalMs: 20 });
  const publishing = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  // Registered here until app.ts wires them.
  if (!app.apiRoutes.some((r) => r.url === "/api/workspaces/:ws/brands/:brandId/health")) {
    const ctx: ApiContext = { store, config, registry, secrets, publishing, inbox: createInboxDeps({ store, registry, secrets, queue }), listening, actorOf: makeActorOf(store) };
    healthRoutes(app as unknown as Parameters<typeof healthRoutes>[0], ctx);
  }
  await app.ready();
  return {
    app: app as unknown as FastifyInstance,
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

/** The mistakes the demo was seeded with (src/services/health/demo.ts), found in its data. */
async function demoMistakesOf(store: TestStore, demo: DemoResult): Promise<DemoMistakes> {
  const db = store.db;
  const { timezone } = await db.selectFrom("brands").select("timezone").where("id", "=", demo.brandId).executeTakeFirstOrThrow();
  const deleted = await db.selectFrom("inbox_items").select("id").where("brand_id", "=", demo.brandId).where("sentiment", "=", "negative").where("deleted_at", "is not", null).executeTakeFirst();
  const quiet = await db.selectFrom("posts").select("id").where("brand_id", "=", demo.brandId).where("base_text", "=", "Как выбрать зерно для турки: три совета от нашего обжарщика.").executeTakeFirst();
  const upcoming = await db
    .selectFrom("variants")
    .innerJoin("posts", "posts.id", "variants.post_id")
    .select(["variants.channel_id", "variants.scheduled_at"])
    .where("posts.brand_id", "=", demo.brandId)
    .where("variants.status", "=", "scheduled")
    .execute();
  const perDay = new Map<string, number>();
  for (const v of upcoming) {
    const key = `${v.channel_id} ${DateTime.fromISO(v.scheduled_at as string, { zone: timezone }).toISODate()}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  const crowded = [...perDay].find(([, n]) => n > 3)?.[0].split(" ")[1] ?? null;
  return { crowdedDay: crowded, deletedItemId: deleted?.id ?? null, quietHourPostId: quiet?.id ?? null };
}

describe.each(dialects)("plan health on %s", (dialect) => {
  let store: TestStore;
  let api: TestApi;
  let demo: DemoResult;
  let mistakes: DemoMistakes;
  let cookie: string;
  let userId: string;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    userId = (await store.db.selectFrom("users").select("id").where("email", "=", demo.email).executeTakeFirstOrThrow()).id;
    mistakes = await demoMistakesOf(store, demo);
    api = await createHealthApi(store);
    cookie = await signIn(api.app, demo.email, "demo-password-123");
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
  });

  const url = (p = "", brandId = demo.brandId, ws = demo.workspaceId) => `/api/workspaces/${ws}/brands/${brandId}/health${p}`;

  it("says there is no run before the first", async () => {
    const res = await api.app.inject({ method: "GET", url: url(), headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(json<{ run: Run | null }>(res).run).toBeNull();
  });

  it("seeds the demo's mistakes once (the demo seeds them; again adds nothing)", async () => {
    expect(mistakes.crowdedDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(mistakes.deletedItemId).not.toBeNull();
    const again = await seedDemoMistakes(store.db, { workspaceId: demo.workspaceId, brandId: demo.brandId, userId, now });
    expect(again).toEqual({ crowdedDay: null, deletedItemId: null, quietHourPostId: null });
  });

  it("finds concrete mistakes in the demo plan, each with evidence and links", async () => {
    const res = await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie }, payload: {} });
    expect(res.statusCode).toBe(201);
    const run = json<Run>(res);
    const rules = run.findings.map((f) => f.rule);
    // For a person to look at: what the demo gives.
    console.log(`[${dialect}] plan health findings:`, run.findings.map((f) => `${f.severity} ${f.rule} ${JSON.stringify(f.params)} ${JSON.stringify(f.evidence)} items=${f.items.length}`).join("\n  "));
    expect(new Set(rules).size).toBeGreaterThanOrEqual(3);

    const crowded = run.findings.find((f) => f.rule === "too_many_posts");
    expect(crowded?.params.day).toBe(mistakes.crowdedDay);
    expect(crowded?.evidence.maxPerDay).toBeGreaterThanOrEqual(4);
    const postIds = crowded?.items.filter((i) => i.kind === "post").map((i) => i.id) ?? [];
    expect(postIds.length).toBeGreaterThanOrEqual(4);
    const posts = await store.db.selectFrom("posts").select("id").where("workspace_id", "=", demo.workspaceId).where("id", "in", postIds).execute();
    expect(posts).toHaveLength(postIds.length);

    const deleted = run.findings.find((f) => f.rule === "deleted_negative");
    expect(deleted).toMatchObject({ severity: "critical", evidence: { deleted: 1, unanswered: 1 } });
    expect(deleted?.items).toEqual([{ kind: "inbox_item", id: mistakes.deletedItemId }]);

    if (mistakes.quietHourPostId) {
      const quiet = run.findings.find((f) => f.rule === "low_activity_hours");
      expect(quiet?.items).toContainEqual({ kind: "post", id: mistakes.quietHourPostId });
    }
    // Most severe first, and the counts agree.
    const order = ["critical", "warning", "info"];
    expect(run.findings.map((f) => order.indexOf(f.severity))).toEqual([...run.findings.map((f) => order.indexOf(f.severity))].sort((a, b) => a - b));
    expect(run.counts.critical + run.counts.warning + run.counts.info).toBe(run.findings.length);
    expect(run.summary.posts).toBeGreaterThan(20);

    const latest = await api.app.inject({ method: "GET", url: url(), headers: { cookie } });
    expect(json<{ run: Run }>(latest).run.id).toBe(run.id);
    // Asked again at once: the same run, not another row.
    const again = await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie } });
    expect(again.statusCode, again.body).toBe(201);
    expect(json<Run>(again).id).toBe(run.id);
  });

  it("checks the period asked for", async () => {
    const today = DateTime.fromJSDate(now, { zone: "Europe/Moscow" });
    const from = today.minus({ days: 7 }).toISODate() as string;
    const to = today.toISODate() as string;
    const res = await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie }, payload: { from, to } });
    expect(res.statusCode).toBe(201);
    const run = json<Run>(res);
    expect(run.period).toEqual({ from, to });
    expect(run.findings.find((f) => f.rule === "too_many_posts")).toBeUndefined();
  });

  it("refuses a backwards or too long period as problem+json, field by field", async () => {
    const back = await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie }, payload: { from: "2026-03-10", to: "2026-03-01" } });
    expect(back.statusCode).toBe(400);
    expect(back.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(json<{ errors: { path: string }[] }>(back).errors.map((e) => e.path)).toContain("to");
    const long = await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie }, payload: { from: "2026-01-01", to: "2026-12-31" } });
    expect(long.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(long).errors.map((e) => e.path)).toContain("to");
    const junk = await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie }, payload: { from: "yesterday", extra: 1 } });
    expect(junk.statusCode).toBe(400);
  });

  it("answers 404 to another workspace, to a brand of another workspace, and to a member limited to another brand", async () => {
    const other = await createTenant(api, "Other agency");
    const before = await store.db.selectFrom("plan_health_runs").select("id").execute();
    for (const req of [
      { method: "GET" as const, url: url(), headers: { cookie: other.owner } },
      { method: "POST" as const, url: url("/runs"), headers: { cookie: other.owner }, payload: {} },
      // The other workspace's brand addressed through the demo's workspace.
      { method: "POST" as const, url: url("/runs", other.brandId), headers: { cookie }, payload: {} },
      { method: "GET" as const, url: url("", other.brandId), headers: { cookie } },
    ]) {
      const res = await api.app.inject(req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    const bakery = await createBrand(store.db, { userId }, demo.workspaceId, { name: "Another brand", timezone: "Europe/Moscow", locale: "ru" });
    const limited = await addMember(api, demo.workspaceId, "client", [bakery.id]);
    expect((await api.app.inject({ method: "GET", url: url(), headers: { cookie: limited.cookie } })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "POST", url: url("/runs"), headers: { cookie: limited.cookie }, payload: {} })).statusCode).toBe(404);
    // Their own brand: a client may read and run the check (it changes nothing but a stored run).
    const own = await api.app.inject({ method: "POST", url: url("/runs", bakery.id), headers: { cookie: limited.cookie }, payload: {} });
    expect(own.statusCode).toBe(201);
    expect(json<Run>(own).findings.filter((f) => f.rule === "too_many_posts")).toEqual([]);
    const after = await store.db.selectFrom("plan_health_runs").select(["id", "brand_id"]).execute();
    expect(after.filter((r) => !before.some((b) => b.id === r.id)).map((r) => r.brand_id)).toEqual([bakery.id]);
  });

  it("runs weekly on Monday morning in the brand's zone, once per brand and week", async () => {
    // Monday 16 March 2026, 08:00 in Moscow = 05:00Z; a Sunday evening is still last week's.
    expect(weeklyDue("Europe/Moscow", new Date("2026-03-16T05:30:00.000Z")).toISOString()).toBe("2026-03-16T05:00:00.000Z");
    expect(weeklyDue("Europe/Moscow", new Date("2026-03-16T04:59:00.000Z")).toISOString()).toBe("2026-03-09T05:00:00.000Z");
    // Across the spring change in Berlin (29 March): Monday 30 March 08:00 CEST = 06:00Z.
    expect(weeklyDue("Europe/Berlin", new Date("2026-03-30T07:00:00.000Z")).toISOString()).toBe("2026-03-30T06:00:00.000Z");

    const due = await dueHealthRuns(store.db, now);
    expect(due.map((d) => d.brandId)).toContain(demo.brandId);
    const queue = createQueue(store, { pollIntervalMs: 20 });
    const deps = { db: store.db, now: () => now };
    registerPlanHealth(queue, deps);
    await sweepHealth(deps, queue);
    await queue.start();
    const deadline = Date.now() + 60_000;
    const weekly = () => store.db.selectFrom("plan_health_runs").select(["id", "brand_id", "run_key"]).where("trigger", "=", "weekly").where("workspace_id", "=", demo.workspaceId).execute();
    while ((await weekly()).filter((r) => r.brand_id === demo.brandId).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await queue.stop();
    const stored = (await weekly()).filter((r) => r.brand_id === demo.brandId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.run_key).toBe(weeklyDue("Europe/Moscow", now).toISOString());
    // Swept again (another worker, a restart): nothing more is due, and a duplicate run returns the stored one.
    expect((await dueHealthRuns(store.db, now)).map((d) => d.brandId)).not.toContain(demo.brandId);
    const dup = await checkPlanHealth(deps, { workspaceId: demo.workspaceId, brandId: demo.brandId, trigger: "weekly", runKey: stored[0]?.run_key ?? null });
    expect(dup.id).toBe(stored[0]?.id);
    expect((await weekly()).filter((r) => r.brand_id === demo.brandId)).toHaveLength(1);
  }, 90_000);
});
