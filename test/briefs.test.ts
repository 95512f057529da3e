/**
 * Briefs by link on SQLite and PostgreSQL, through the API: the agency makes a link, the client
 * opens it without an account, sends invalid answers (refused field by field, nothing stored),
 * then valid ones; the agency reads them; the link is closed afterwards (410), as are expired and
 * withdrawn links. Another workspace reaches nothing, and a token names only its own brief.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/api/app.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import { maxRejections } from "../src/services/briefs/public-brief.service.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets, hashToken } from "../src/services/secrets.js";
import { addMember, createTenant, json, type TestApi } from "./support/app.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

type Problem = { status: number; code: string; detail: string; reason?: string; workspaceName?: string | null; errors?: { path: string; message: string }[] };
type Created = { brief: { id: string; status: string; expiresAt: string; prefill: Record<string, unknown> }; url: string };

const secrets = createSecrets(Buffer.alloc(32, 7));
const publicUrl = "https://chorus.example.test";

/** The app on a clock the test moves (brief links expire). */
async function createBriefsApi(store: TestStore, clock: { now: Date }): Promise<TestApi> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0", CHORUS_PUBLIC_URL: publicUrl });
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: false, telegramApiUrl: undefined });
  const queue = createQueue(store, { pollIntervalMs: 20 });
  const publishing = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false, now: () => clock.now });
  await app.ready();
  return {
    app: app as FastifyInstance,
    store,
    queue,
    publishing,
    listening,
    close: async () => {
      await app.close();
      await queue.stop();
      await store.cleanup();
    },
  };
}

/** A complete, valid brief as a Russian-speaking client would send it. */
const goodAnswers = {
  contactName: "Анна Смирнова",
  contactEmail: "anna@coffee.example",
  company: "Северный кофе",
  product: "Кофейни у дома и доставка зерна по Москве",
  website: "https://coffee.example",
  networks: ["vk", "telegram", "Одноклассники"],
  existingPages: ["https://vk.com/northcoffee"],
  geography: "Москва и Подмосковье",
  audience: "25–40 лет, работают рядом",
  goals: ["sales", "community"],
  goalsDetails: "",
  budgetMonthly: 150000,
  adBudgetMonthly: 50000,
  currency: "RUB",
  periodStart: "2026-04-01",
  periodEnd: "2026-09-30",
  successIndicators: "+5 000 живых подписчиков без ботов; 20 заказов в день из соцсетей",
  competitors: ["Coffee Like"],
  toneOfVoice: "На «ты», тепло, без канцелярита",
  restrictions: "<script>alert(1)</script> не упоминать цены конкурентов",
  notes: "",
};

describe.each(dialects)("briefs by link on %s", (dialect) => {
  let api: TestApi;
  const clock = { now: new Date("2026-03-16T09:00:00.000Z") };
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    const store = await createTestStore(dialect);
    api = await createBriefsApi(store, clock);
    a = await createTenant(api, "North Agency");
    b = await createTenant(api, "Other Agency");
  });
  afterAll(async () => api?.close());

  const ws = (t: { workspaceId: string }, p = "") => `/api/workspaces/${t.workspaceId}/briefs${p}`;
  const tokenOf = (url: string) => url.split("/brief/")[1] ?? "";
  const create = async (t = a, body: Record<string, unknown> = {}) => {
    const res = await api.app.inject({ method: "POST", url: ws(t), headers: { cookie: t.owner }, payload: { brandId: t.brandId, title: "Бриф на продвижение", ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return json<Created>(res);
  };
  const open = (token: string) => api.app.inject({ method: "GET", url: `/api/briefs/${token}` });
  const submit = (token: string, payload: object) => api.app.inject({ method: "POST", url: `/api/briefs/${token}`, payload });

  it("goes from a link to the client's answers in the brand, and the link then takes no more", async () => {
    const { brief, url } = await create(a, { message: "Заполните, пожалуйста, до пятницы", language: "ru", prefill: { company: "Северный кофе", networks: ["vk"] } });
    expect(url).toMatch(/^https:\/\/chorus\.example\.test\/brief\/[A-Za-z0-9_-]{40,}$/);
    expect(brief.status).toBe("sent");
    expect(brief.expiresAt).toBe("2026-03-30T09:00:00.000Z");
    expect(brief.prefill).toEqual({ company: "Северный кофе", networks: ["vk"] });
    // Only the hash of the link's secret is stored.
    const token = tokenOf(url);
    const row = await api.store.db.selectFrom("briefs").selectAll().where("id", "=", brief.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    // The client opens the form without signing in.
    const shown = await open(token);
    expect(shown.statusCode).toBe(200);
    const form = json<{ workspaceName: string; brandName: string; message: string; language: string; prefill: object; choices: { networks: { key: string }[]; goals: string[]; currencies: string[] } }>(shown);
    expect(form).toMatchObject({ workspaceName: "North Agency", brandName: "North Agency brand", message: "Заполните, пожалуйста, до пятницы", language: "ru", prefill: { company: "Северный кофе" } });
    expect(form.choices.networks.map((n) => n.key)).toEqual(expect.arrayContaining(["vk", "telegram", "bluesky", "mastodon"]));
    expect(form.choices.networks.map((n) => n.key)).not.toContain("sandbox");
    expect(form.choices.goals).toContain("sales");
    expect(form.choices.currencies[0]).toBe("RUB");
    expect(json<{ status: string }>(await api.app.inject({ method: "GET", url: ws(a, `/${brief.id}`), headers: { cookie: a.owner } })).status).toBe("opened");

    // Mistakes are refused field by field, and nothing is stored.
    const bad = await submit(token, { ...goodAnswers, contactName: "  ", contactEmail: "anna@", website: "javascript:alert(1)", networks: [], goals: ["fame"], budgetMonthly: -5, periodEnd: "2026-03-01" });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    const problem = json<Problem>(bad);
    expect(problem.code).toBe("validation_failed");
    const byPath = Object.fromEntries((problem.errors ?? []).map((e) => [e.path, e.message]));
    expect(byPath).toMatchObject({
      contactName: "Say who is filling in the brief",
      contactEmail: expect.stringMatching(/e-mail/),
      website: expect.stringMatching(/https:\/\//),
      networks: "Choose at least one network",
      "goals.0": expect.any(String),
      budgetMonthly: "The budget cannot be negative",
    });
    const unknownField = await submit(token, { ...goodAnswers, password: "x" });
    expect(unknownField.statusCode).toBe(400);
    const reversed = await submit(token, { ...goodAnswers, periodStart: "2026-09-01", periodEnd: "2026-04-01" });
    expect(json<Problem>(reversed).errors).toEqual([{ path: "periodEnd", message: "The period must end after it starts" }]);
    const afterBad = await api.store.db.selectFrom("briefs").select(["status", "answers", "submitted_at"]).where("id", "=", brief.id).executeTakeFirstOrThrow();
    expect(afterBad).toEqual({ status: "opened", answers: null, submitted_at: null });

    // The valid answers land in the brand.
    clock.now = new Date("2026-03-18T12:00:00.000Z");
    const ok = await submit(token, { ...goodAnswers, contactName: "  Анна Смирнова  " });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok)).toEqual({ submittedAt: "2026-03-18T12:00:00.000Z" });
    const read = await api.app.inject({ method: "GET", url: ws(a, `/${brief.id}`), headers: { cookie: a.owner } });
    const detail = json<{ status: string; submittedAt: string; answers: Record<string, unknown> }>(read);
    expect(detail.status).toBe("submitted");
    expect(detail.answers).toMatchObject({ ...goodAnswers, contactName: "Анна Смирнова" });
    const list = json<{ items: { id: string; status: string; answers?: unknown }[] }>(await api.app.inject({ method: "GET", url: `${ws(a)}?brandId=${a.brandId}`, headers: { cookie: a.owner } }));
    expect(list.items.find((i) => i.id === brief.id)).toMatchObject({ status: "submitted" });
    expect(list.items[0]).not.toHaveProperty("answers");

    // One brief per link: it neither opens nor takes a second answer.
    const again = await submit(token, goodAnswers);
    expect(again.statusCode).toBe(410);
    expect(json<Problem>(again)).toMatchObject({ code: "gone", reason: "submitted", workspaceName: "North Agency" });
    const reopened = await open(token);
    expect(reopened.statusCode).toBe(410);
    expect(json<Problem>(reopened).reason).toBe("submitted");
    // A closed link answers 410 whatever the body.
    expect((await submit(token, {})).statusCode).toBe(410);

    // Audited: made by the owner, sent by nobody known (no IP kept).
    const audit = await api.store.db.selectFrom("audit_events").select(["action", "actor_user_id", "ip"]).where("target_id", "=", brief.id).orderBy("created_at").execute();
    expect(audit.map((e) => e.action)).toEqual(["brief.create", "brief.submit"]);
    expect(audit[1]).toMatchObject({ actor_user_id: null, ip: null });
  });

  it("closes a link when it expires, and reopens it when extended", async () => {
    clock.now = new Date("2026-03-16T09:00:00.000Z");
    const { brief, url } = await create(a, { expiresInDays: 1 });
    clock.now = new Date("2026-03-17T09:00:00.001Z");
    const gone = await open(tokenOf(url));
    expect(gone.statusCode).toBe(410);
    expect(json<Problem>(gone)).toMatchObject({ reason: "expired", workspaceName: "North Agency" });
    expect((await submit(tokenOf(url), goodAnswers)).statusCode).toBe(410);
    const read = await api.app.inject({ method: "GET", url: ws(a, `/${brief.id}`), headers: { cookie: a.owner } });
    expect(json<{ status: string; answers: unknown }>(read)).toMatchObject({ status: "expired", answers: null });

    const extended = await api.app.inject({ method: "POST", url: ws(a, `/${brief.id}/extend`), headers: { cookie: a.owner }, payload: { days: 7 } });
    expect(extended.statusCode).toBe(200);
    expect(json<{ status: string; expiresAt: string }>(extended)).toMatchObject({ status: "sent", expiresAt: "2026-03-24T09:00:00.001Z" });
    expect((await open(tokenOf(url))).statusCode).toBe(200);
    // Bounds: a day to ninety days.
    const tooLong = await api.app.inject({ method: "POST", url: ws(a), headers: { cookie: a.owner }, payload: { brandId: a.brandId, title: "x", expiresInDays: 365 } });
    expect(tooLong.statusCode).toBe(400);
    expect(json<Problem>(tooLong).errors?.[0]?.path).toBe("expiresInDays");
  });

  it("withdraws a link: the client is told so, without the agency's name", async () => {
    const { brief, url } = await create();
    const revoked = await api.app.inject({ method: "POST", url: ws(a, `/${brief.id}/revoke`), headers: { cookie: a.owner } });
    expect(revoked.statusCode).toBe(200);
    expect(json<{ status: string }>(revoked).status).toBe("revoked");
    for (const res of [await open(tokenOf(url)), await submit(tokenOf(url), goodAnswers)]) {
      expect(res.statusCode).toBe(410);
      expect(json<Problem>(res)).toMatchObject({ reason: "revoked", workspaceName: null });
    }
    const row = await api.store.db.selectFrom("briefs").select(["answers"]).where("id", "=", brief.id).executeTakeFirstOrThrow();
    expect(row.answers).toBeNull();
    // A withdrawn link cannot be extended back to life.
    expect((await api.app.inject({ method: "POST", url: ws(a, `/${brief.id}/extend`), headers: { cookie: a.owner }, payload: { days: 7 } })).statusCode).toBe(409);
    // Deleted: the link is unknown.
    expect((await api.app.inject({ method: "DELETE", url: ws(a, `/${brief.id}`), headers: { cookie: a.owner } })).statusCode).toBe(204);
    expect((await open(tokenOf(url))).statusCode).toBe(404);
  });

  it("answers 404 for a link that never existed, and refuses a body over the limit", async () => {
    const unknown = await open("x".repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toMatch(/application\/problem\+json/);
    const { url } = await create();
    const huge = await submit(tokenOf(url), { ...goodAnswers, notes: "я".repeat(200_000) });
    expect(huge.statusCode).toBe(413);
  });

  it("throttles a link that keeps getting refused answers", async () => {
    const { url } = await create();
    for (let i = 0; i < maxRejections; i++) expect((await submit(tokenOf(url), { contactName: "" })).statusCode).toBe(400);
    const limited = await submit(tokenOf(url), goodAnswers);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    clock.now = new Date(clock.now.getTime() + 16 * 60_000);
    expect((await submit(tokenOf(url), goodAnswers)).statusCode).toBe(200);
  });

  it("lets owners and managers make links, and every role of the brand read them", async () => {
    const { brief } = await create();
    for (const role of ["editor", "analyst", "moderator", "client"]) {
      const m = await addMember(api, a.workspaceId, role);
      const made = await api.app.inject({ method: "POST", url: ws(a), headers: { cookie: m.cookie }, payload: { brandId: a.brandId, title: "x" } });
      expect(made.statusCode, role).toBe(403);
      expect((await api.app.inject({ method: "POST", url: ws(a, `/${brief.id}/revoke`), headers: { cookie: m.cookie } })).statusCode, role).toBe(403);
      expect((await api.app.inject({ method: "GET", url: ws(a, `/${brief.id}`), headers: { cookie: m.cookie } })).statusCode, role).toBe(200);
    }
    const manager = await addMember(api, a.workspaceId, "manager");
    expect((await api.app.inject({ method: "POST", url: ws(a), headers: { cookie: manager.cookie }, payload: { brandId: a.brandId, title: "x" } })).statusCode).toBe(201);
  });

  it("keeps a member limited to another brand away from this brand's briefs", async () => {
    const { brief } = await create();
    const other = await api.app.inject({ method: "POST", url: `/api/workspaces/${a.workspaceId}/brands`, headers: { cookie: a.owner }, payload: { name: "Second brand", timezone: "Europe/Moscow", locale: "ru" } });
    expect(other.statusCode).toBe(201);
    const otherBrandId = json<{ id: string }>(other).id;
    const limited = await addMember(api, a.workspaceId, "manager", [otherBrandId]);
    expect((await api.app.inject({ method: "GET", url: ws(a, `/${brief.id}`), headers: { cookie: limited.cookie } })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "POST", url: ws(a, `/${brief.id}/revoke`), headers: { cookie: limited.cookie } })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "POST", url: ws(a), headers: { cookie: limited.cookie }, payload: { brandId: a.brandId, title: "x" } })).statusCode).toBe(404);
    const list = json<{ items: { brandId: string }[] }>(await api.app.inject({ method: "GET", url: ws(a), headers: { cookie: limited.cookie } }));
    expect(list.items.every((i) => i.brandId === otherBrandId)).toBe(true);
  });

  it("keeps another workspace out of every route, and a token names only its own brief", async () => {
    const mine = await create(a, { prefill: { company: "Секрет A" } });
    const theirs = await create(b, { prefill: { company: "Секрет B" } });
    const before = await api.store.db.selectFrom("briefs").selectAll().where("workspace_id", "=", a.workspaceId).orderBy("id").execute();
    const id = mine.brief.id;
    const calls = [
      { method: "GET" as const, url: `${ws(a)}?brandId=${a.brandId}` },
      { method: "POST" as const, url: ws(a), payload: { brandId: a.brandId, title: "Intruder" } },
      { method: "GET" as const, url: ws(a, `/${id}`) },
      { method: "POST" as const, url: ws(a, `/${id}/extend`), payload: { days: 30 } },
      { method: "POST" as const, url: ws(a, `/${id}/revoke`) },
      { method: "DELETE" as const, url: ws(a, `/${id}`) },
      // In one's own workspace, naming the other's brief or brand.
      { method: "GET" as const, url: ws(b, `/${id}`) },
      { method: "POST" as const, url: ws(b, `/${id}/revoke`) },
      { method: "POST" as const, url: ws(b, `/${id}/extend`), payload: { days: 30 } },
      { method: "DELETE" as const, url: ws(b, `/${id}`) },
      { method: "POST" as const, url: ws(b), payload: { brandId: a.brandId, title: "Intruder" } },
    ];
    for (const call of calls) {
      const res = await api.app.inject({ ...call, headers: { cookie: b.owner } });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    const listed = json<{ items: { id: string }[] }>(await api.app.inject({ method: "GET", url: `${ws(b)}?brandId=${a.brandId}`, headers: { cookie: b.owner } }));
    expect(listed.items).toEqual([]);
    // Without signing in, every workspace route answers 401.
    for (const call of calls.slice(0, 6)) expect((await api.app.inject(call)).statusCode).toBe(401);
    expect(await api.store.db.selectFrom("briefs").selectAll().where("workspace_id", "=", a.workspaceId).orderBy("id").execute()).toEqual(before);

    // B's token opens B's brief only, and sends answers into B's brand only.
    const shown = json<{ workspaceName: string; prefill: { company: string } }>(await open(tokenOf(theirs.url)));
    expect(shown).toMatchObject({ workspaceName: "Other Agency", prefill: { company: "Секрет B" } });
    expect((await submit(tokenOf(theirs.url), goodAnswers)).statusCode).toBe(200);
    const aRow = await api.store.db.selectFrom("briefs").select(["answers", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(aRow).toEqual({ answers: null, status: "sent" });
  });
});
