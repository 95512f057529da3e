/**
 * The brand's strategy on SQLite and PostgreSQL, through the API: the demo brand's strategy with
 * KPIs tracked against its data and forecast, the contract's baseline and live subscribers gained,
 * the content mix published against the plan; saving refuses a KPI without a number or a deadline
 * (and a mix that does not add up) field by field with nothing changed; a strategy made from a
 * brief; custom KPI figures; roles; and another workspace answered "not found" on every route.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActorOf } from "../src/api/auth.js";
import { buildApp } from "../src/api/app.js";
import type { ApiContext } from "../src/api/context.js";
import { strategyRoutes } from "../src/api/routes/strategy.routes.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import type { JobQueue } from "../src/jobs/queue.js";
import { createDemo, type DemoResult } from "../src/services/demo.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { contentMixOf } from "../src/services/strategy/content-mix.service.js";
import { seedDemoStrategy } from "../src/services/strategy/demo.js";
import { addMember, createTenant, json, signIn, type Tenant, type TestApi } from "./support/app.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const now = new Date("2026-03-16T09:30:00.000Z");
const today = "2026-03-16";
const demoPassword = "demo-password-strategy";

type Track = {
  kpi: { id: string; metric: string; target: number; deadline: string };
  state: string;
  current: number | null;
  baseline: { value: number; source: string; day: string } | null;
  series: { day: string; value: number }[];
  forecast: { status: string; expected: number | null; pacePerDay: number | null; points: number; line: unknown[] } | null;
  unaudited: { id: string }[];
};

async function createStrategyApp(store: TestStore): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0" });
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: false, telegramApiUrl: undefined });
  const queue: JobQueue = createQueue(store, { pollIntervalMs: 20 });
  const publishing = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  // Registered here until app.ts wires the strategy routes.
  if (!app.apiRoutes.some((r) => r.url === "/api/workspaces/:ws/brands/:brandId/strategy")) {
    const ctx: ApiContext = { store, config, registry, secrets, publishing, inbox: createInboxDeps({ store, registry, secrets, queue }), listening, actorOf: makeActorOf(store) };
    strategyRoutes(app as unknown as Parameters<typeof strategyRoutes>[0], ctx);
  }
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await queue.stop();
    },
  };
}

const briefAnswers = {
  contactName: "Ирина",
  company: "Пекарня «Булка»",
  product: "Хлеб и выпечка на закваске",
  networks: ["vk", "telegram"],
  geography: "Санкт-Петербург",
  audience: "Семьи с детьми, 28–45 лет",
  goals: ["community", "sales"],
  budgetMonthly: 60000,
  adBudgetMonthly: null,
  currency: "RUB",
  periodStart: "2026-04-01",
  periodEnd: "2026-06-30",
  successIndicators: "+3 000 живых подписчиков к 1 июня\nER по охвату не ниже 5%\nБольше постоянных гостей",
};

describe.each(dialects)("strategy (%s)", (dialect) => {
  let store: TestStore;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let demo: DemoResult;
  let owner: string;
  let other: Tenant;
  let url: string;
  const call = (method: "GET" | "PUT" | "POST" | "DELETE", path: string, cookie: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({ method, url: `${url}${path}`, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    store = await createTestStore(dialect);
    ({ app, close } = await createStrategyApp(store));
    demo = await createDemo(store, { secrets, now, password: demoPassword });
    const user = await store.db.selectFrom("users").select("id").where("email", "=", demo.email).executeTakeFirstOrThrow();
    await seedDemoStrategy(store.db, { workspaceId: demo.workspaceId, brandId: demo.brandId, userId: user.id, now, secrets });
    owner = await signIn(app, demo.email, demoPassword);
    other = await createTenant({ app, store } as unknown as TestApi, "Other agency");
    url = `/api/workspaces/${demo.workspaceId}/brands/${demo.brandId}/strategy`;
  }, 240_000);
  afterAll(async () => {
    await close?.();
    await store?.cleanup();
  });

  it("shows the demo brand's strategy with the contract's recorded state", async () => {
    const res = await call("GET", "", owner);
    expect(res.statusCode).toBe(200);
    const view = json<{ strategy: { kpis: { id: string }[]; contentMix: unknown[] }; contract: { followers: number; liveFollowers: number; signedAt: string; unaudited: string[]; channels: { liveShare: number | null }[] }; rubrics: string[] }>(res);
    expect(view.strategy.kpis).toHaveLength(4);
    expect(view.strategy.kpis.every((k) => typeof k.id === "string")).toBe(true);
    expect(view.contract.unaudited).toEqual([]);
    expect(view.contract.followers).toBeGreaterThan(7000);
    // Live followers are followers × each channel's live share: fewer than all of them.
    expect(view.contract.liveFollowers).toBeGreaterThan(view.contract.followers * 0.5);
    expect(view.contract.liveFollowers).toBeLessThan(view.contract.followers);
    expect(view.contract.signedAt.slice(0, 10)).toBe("2026-02-23");
  });

  it("tracks the demo's KPIs against its data with a forecast", async () => {
    const res = await call("GET", `/kpis?at=${today}`, owner);
    expect(res.statusCode).toBe(200);
    const body = json<{ kpis: Track[]; at: string }>(res);
    expect(body.at).toBe(today);
    const by = Object.fromEntries(body.kpis.map((k) => [k.kpi.metric, k]));
    for (const k of body.kpis) expect(k.state).toBe("tracking");

    const live = by.live_followers_gained as Track;
    expect(live.baseline?.source).toBe("contract");
    expect(live.current).toBeGreaterThan(50);
    expect(live.series[0]?.day).toBe("2026-02-23");
    expect(live.forecast?.status).toMatch(/^(on_track|behind)$/);
    expect(live.forecast?.expected).toBeGreaterThan(live.current ?? 0);
    expect(live.forecast?.line).toHaveLength(2);

    // ER by reach: the last 28 days' Σ interactions ÷ Σ reach, recomputed from the posts here.
    const er = by.er_reach as Track;
    const rows = await store.db.selectFrom("channel_posts").select(["likes", "comments", "reposts", "saves", "reach"]).where("brand_id", "=", demo.brandId).where("published_at", ">=", "2026-02-16T21:00:00.000Z").where("published_at", "<", "2026-03-16T21:00:00.000Z").execute();
    const withReach = rows.filter((r) => r.reach !== null);
    const interactions = withReach.reduce((s, r) => s + (r.likes ?? 0) + (r.comments ?? 0) + (r.reposts ?? 0) + (r.saves ?? 0), 0);
    const reach = withReach.reduce((s, r) => s + (r.reach ?? 0), 0);
    expect(er.current).toBeCloseTo((interactions / reach) * 100, 1);
    expect(er.forecast?.points).toBeGreaterThanOrEqual(7);

    const clicks = by.link_clicks_per_day as Track;
    expect(clicks.current).toBeGreaterThan(0);
    const response = by.response_minutes_median as Track;
    expect(response.current).toBeGreaterThan(0);
    expect(response.forecast).not.toBeNull();
  });

  it("shows the published content mix against the plan: more selling posts than planned", async () => {
    const res = await call("GET", "/content-mix?from=2026-02-15&to=2026-03-15", owner);
    expect(res.statusCode).toBe(200);
    const mix = json<{ posts: number; kinds: { kind: string; share: number; plannedShare: number }[]; ratio: { actual: number; planned: number }; outsidePlan: number }>(res);
    expect(mix.posts).toBeGreaterThan(30);
    expect(mix.outsidePlan).toBe(0);
    const selling = mix.kinds.find((k) => k.kind === "selling");
    expect(selling?.plannedShare).toBe(10);
    expect(selling?.share).toBeGreaterThan(15);
    expect(mix.ratio.planned).toBeCloseTo(35 / 25, 10);
    expect(mix.kinds.reduce((s, k) => s + k.share, 0)).toBeCloseTo(100, 0);
    // The function analytics calls answers the same.
    expect(await contentMixOf(store.db, demo.workspaceId, demo.brandId, "2026-02-15", "2026-03-15")).toEqual(mix);
  });

  it("refuses a KPI without a number or a deadline, and a mix that does not add up, changing nothing", async () => {
    const before = await store.db.selectFrom("strategies").select(["data", "updated_at"]).where("brand_id", "=", demo.brandId).executeTakeFirstOrThrow();
    const noTarget = await call("PUT", "", owner, { goalType: "brand", kpis: [{ metric: "followers_gained", deadline: "2026-06-01" }] });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(json<{ errors: { path: string }[] }>(noTarget).errors.map((e) => e.path)).toEqual(["kpis.0.target"]);
    const noDeadline = await call("PUT", "", owner, { goalType: "brand", kpis: [{ metric: "followers_gained", target: 5000 }] });
    expect(json<{ errors: { path: string; message: string }[] }>(noDeadline).errors).toEqual([{ path: "kpis.0.deadline", message: "Give the KPI a deadline (YYYY-MM-DD)" }]);
    const badMix = await call("PUT", "", owner, { goalType: "brand", contentMix: [{ rubric: "Акции", kind: "selling", share: 60 }, { rubric: "Полезное", kind: "educational", share: 30 }] });
    expect(badMix.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(badMix).errors.map((e) => e.path)).toEqual(["contentMix"]);
    const foreignChannel = await call("PUT", "", owner, { goalType: "brand", kpis: [{ metric: "followers", target: 10, deadline: "2026-06-01", channelId: crypto.randomUUID() }] });
    expect(foreignChannel.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(foreignChannel).errors.map((e) => e.path)).toEqual(["kpis.0.channelId"]);
    expect(await store.db.selectFrom("strategies").select(["data", "updated_at"]).where("brand_id", "=", demo.brandId).executeTakeFirstOrThrow()).toEqual(before);
  });

  it("saves an edited strategy, keeping KPI ids, and records it in the audit trail", async () => {
    const current = json<{ strategy: { kpis: { id: string; target: number }[] } & Record<string, unknown> }>(await call("GET", "", owner)).strategy;
    const first = current.kpis[0] as { id: string; target: number };
    const edited = { ...current, toneOfVoice: "Коротко и тепло", kpis: [{ ...first, target: 600 }, ...current.kpis.slice(1)] };
    const res = await call("PUT", "", owner, edited);
    expect(res.statusCode).toBe(200);
    const saved = json<{ strategy: { toneOfVoice: string; kpis: { id: string; target: number }[] }; updatedBy: { name: string } }>(res);
    expect(saved.strategy.toneOfVoice).toBe("Коротко и тепло");
    expect(saved.strategy.kpis[0]).toMatchObject({ id: first.id, target: 600 });
    expect(saved.updatedBy.name).toBe("Demo Manager");
    const events = await store.db.selectFrom("audit_events").select("action").where("workspace_id", "=", demo.workspaceId).where("action", "like", "strategy.%").execute();
    expect(events.map((e) => e.action)).toContain("strategy.save");
  });

  it("lets a client read the strategy but not change it", async () => {
    const client = await addMember({ app, store } as unknown as TestApi, demo.workspaceId, "client", [demo.brandId]);
    expect((await call("GET", "", client.cookie)).statusCode).toBe(200);
    expect((await call("GET", `/kpis?at=${today}`, client.cookie)).statusCode).toBe(200);
    expect((await call("PUT", "", client.cookie, { goalType: "brand" })).statusCode).toBe(403);
    expect((await call("POST", "/contract", client.cookie, {})).statusCode).toBe(403);
  });

  it("makes a strategy from a brief, and refuses to overwrite one unasked", async () => {
    const u = `/api/workspaces/${other.workspaceId}/brands/${other.brandId}/strategy`;
    const res = await app.inject({ method: "POST", url: `${u}/from-brief`, headers: { cookie: other.owner }, payload: { answers: briefAnswers } });
    expect(res.statusCode).toBe(200);
    const s = json<{ strategy: { goalType: string; kpis: { metric: string; target: number; deadline: string }[]; kpiIdeas: string[]; budget: unknown[]; segments: { channels: { network: string }[] }[] } }>(res).strategy;
    expect(s.goalType).toBe("company");
    expect(s.kpis).toMatchObject([
      { metric: "live_followers_gained", target: 3000, deadline: "2026-06-01" },
      { metric: "er_reach", target: 5, deadline: "2026-06-30" },
    ]);
    expect(s.kpiIdeas).toEqual(["Больше постоянных гостей"]);
    expect(s.budget).toHaveLength(3);
    expect(s.segments[0]?.channels.map((c) => c.network)).toEqual(["vk", "telegram"]);
    const again = await app.inject({ method: "POST", url: `${u}/from-brief`, headers: { cookie: other.owner }, payload: { answers: briefAnswers } });
    expect(again.statusCode).toBe(409);
    const bad = await app.inject({ method: "POST", url: `${u}/from-brief`, headers: { cookie: other.owner }, payload: { answers: { ...briefAnswers, networks: [] }, replace: true } });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(bad).errors.map((e) => e.path)).toEqual(["answers.networks"]);
  });

  it("without an audit, signing records no live followers and the live KPI says so", async () => {
    const u = `/api/workspaces/${other.workspaceId}/brands/${other.brandId}/strategy`;
    await store.db
      .insertInto("channels")
      .values({ id: crypto.randomUUID(), workspace_id: other.workspaceId, brand_id: other.brandId, network: "sandbox", name: "Булка", handle: "bulka", external_id: "bulka", status: "active", credentials_enc: null, settings: "{}", last_error: null, connected_by: null, created_at: now.toISOString(), updated_at: now.toISOString() })
      .execute();
    const signed = await app.inject({ method: "POST", url: `${u}/contract`, headers: { cookie: other.owner }, payload: { note: "Договор" } });
    expect(signed.statusCode).toBe(201);
    const contract = json<{ liveFollowers: number | null; unaudited: string[]; note: string }>(signed);
    expect(contract).toMatchObject({ liveFollowers: null, note: "Договор" });
    expect(contract.unaudited).toHaveLength(1);
    const kpis = json<{ kpis: Track[] }>(await app.inject({ method: "GET", url: `${u}/kpis`, headers: { cookie: other.owner } })).kpis;
    expect(kpis.find((k) => k.kpi.metric === "live_followers_gained")?.state).toBe("no_audit");
  });

  it("takes figures for a custom KPI only, and tracks them", async () => {
    const u = `/api/workspaces/${other.workspaceId}/brands/${other.brandId}/strategy`;
    const current = json<{ strategy: Record<string, unknown> & { kpis: unknown[] } }>(await app.inject({ method: "GET", url: u, headers: { cookie: other.owner } })).strategy;
    const saved = await app.inject({
      method: "PUT",
      url: u,
      headers: { cookie: other.owner },
      payload: { ...current, kpis: [...current.kpis, { metric: "custom", label: "Заявки из CRM", target: 100, deadline: "2026-06-30" }] },
    });
    expect(saved.statusCode).toBe(200);
    const kpis = json<{ strategy: { kpis: { id: string; metric: string }[] } }>(saved).strategy.kpis;
    const custom = kpis.find((k) => k.metric === "custom") as { id: string };
    const measured = kpis[0] as { id: string };
    for (const [d, value] of [["2026-03-01", 10], ["2026-03-08", 25]] as const) {
      const res = await app.inject({ method: "POST", url: `${u}/kpis/${custom.id}/progress`, headers: { cookie: other.owner }, payload: { day: d, value } });
      expect(res.statusCode).toBe(200);
    }
    const refused = await app.inject({ method: "POST", url: `${u}/kpis/${measured.id}/progress`, headers: { cookie: other.owner }, payload: { day: today, value: 5 } });
    expect(refused.statusCode).toBe(409);
    const list = json<{ items: { day: string; value: number }[] }>(await app.inject({ method: "GET", url: `${u}/kpis/${custom.id}/progress`, headers: { cookie: other.owner } }));
    expect(list.items.map((i) => i.value)).toEqual([10, 25]);
    const tracked = json<{ kpis: Track[] }>(await app.inject({ method: "GET", url: `${u}/kpis?at=${today}`, headers: { cookie: other.owner } })).kpis.find((k) => k.kpi.metric === "custom");
    expect(tracked).toMatchObject({ state: "tracking", current: 25 });
    expect(tracked?.forecast?.status).toBe("not_enough_data");
    const del = await app.inject({ method: "DELETE", url: `${u}/kpis/${custom.id}/progress?day=2026-03-01`, headers: { cookie: other.owner } });
    expect(del.statusCode).toBe(204);
  });

  it("answers another workspace's owner 'not found' on every route and changes nothing", async () => {
    const kpiId = json<{ strategy: { kpis: { id: string }[] } }>(await call("GET", "", owner)).strategy.kpis[0]?.id ?? "";
    const snapshot = async () => ({
      strategies: await store.db.selectFrom("strategies").select(["id", "data", "updated_at"]).where("workspace_id", "=", demo.workspaceId).execute(),
      contracts: await store.db.selectFrom("strategy_contracts").select(["id"]).where("workspace_id", "=", demo.workspaceId).orderBy("id").execute(),
      progress: await store.db.selectFrom("strategy_kpi_progress").select(["id", "value"]).where("workspace_id", "=", demo.workspaceId).orderBy("id").execute(),
    });
    const before = await snapshot();
    const calls: [method: "GET" | "PUT" | "POST" | "DELETE", path: string, payload?: unknown][] = [
      ["GET", ""],
      ["PUT", "", { goalType: "brand" }],
      ["POST", "/from-brief", { answers: briefAnswers, replace: true }],
      ["GET", `/kpis?at=${today}`],
      ["POST", "/contract", {}],
      ["GET", `/kpis/${kpiId}/progress`],
      ["POST", `/kpis/${kpiId}/progress`, { day: today, value: 1 }],
      ["DELETE", `/kpis/${kpiId}/progress?day=${today}`],
      ["GET", "/content-mix?from=2026-02-15&to=2026-03-15"],
    ];
    for (const [method, path, payload] of calls) {
      const res = await call(method, path, other.owner, payload);
      expect([method, path, res.statusCode]).toEqual([method, path, 404]);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    // Their own workspace with the demo's brand in the path: still not found.
    const mixed = await app.inject({ method: "GET", url: `/api/workspaces/${other.workspaceId}/brands/${demo.brandId}/strategy`, headers: { cookie: other.owner } });
    expect(mixed.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});
