/**
 * Giveaways on SQLite and PostgreSQL, on the Sandbox network, through the API: entrants read from
 * a post's reposts and comments, bots and the brand's team left out with their reasons, the
 * freeze publishing the commitment (on the public page and as a reply under the post), the draw,
 * and then the draw recomputed here from the public data alone — with the algorithm as
 * docs/giveaways.md specifies it, written again below, not Chorus's own function. A post with no
 * entrants is refused and nothing changes; another workspace gets 404; the CLI verifies a saved
 * result and catches a tampered one.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/api/app.js";
import { makeActorOf } from "../src/api/auth.js";
import type { ApiContext } from "../src/api/context.js";
import { giveawaysRoutes } from "../src/api/routes/giveaways.routes.js";
import { verifyGiveaway } from "../src/cli/giveaway.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createSandboxConnector, sandboxReplies } from "../src/connectors/sandbox/index.js";
import { createQueue } from "../src/jobs/index.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import { newId } from "../src/store/ids.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const password = "correct horse battery";

/**
 * The draw as docs/giveaways.md specifies it ("The algorithm"), from the published JSON alone:
 * check the list's hash and the commitment, then rank entries by HMAC-SHA256(seed, entry).
 */
function recompute(p: { commitment: string; winnersCount: number; seed: string; entrants: { canonical: string; sha256: string } }) {
  const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
  const seed = Buffer.from(p.seed, "hex");
  const entries = p.entrants.canonical.split("\n");
  const sorted = [...new Set(entries)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return {
    listOk: sha256(Buffer.from(p.entrants.canonical, "utf8")) === p.entrants.sha256 && sorted.join("\n") === p.entrants.canonical,
    commitmentOk: seed.length === 32 && sha256(seed) === p.commitment,
    winners: entries
      .map((entry) => ({ entry, ticket: crypto.createHmac("sha256", seed).update(entry, "utf8").digest("hex") }))
      .sort((a, b) => (a.ticket < b.ticket ? -1 : 1))
      .slice(0, p.winnersCount)
      .map((e, i) => ({ place: i + 1, entry: e.entry })),
  };
}

type Api = { app: FastifyInstance; close: () => Promise<void> };

async function createGiveawaysApi(store: TestStore): Promise<Api> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0", CHORUS_PUBLIC_URL: "https://chorus.example" });
  const registry = createConnectorRegistry({ db: store.db });
  const queue = createQueue(store, { pollIntervalMs: 20 });
  const publishing = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  // Registered here until src/api/app.ts wires the giveaways routes.
  if (!app.apiRoutes.some((r) => r.url === "/api/workspaces/:ws/giveaways")) {
    const ctx: ApiContext = { store, config, registry, secrets, publishing, inbox: createInboxDeps({ store, registry, secrets, queue }), listening, actorOf: makeActorOf(store) };
    giveawaysRoutes(app as unknown as Parameters<typeof giveawaysRoutes>[0], ctx);
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

type Tenant = { workspaceId: string; brandId: string; cookie: string; channelId: string; account: string; posts: { busy: string; quiet: string; busyExternal: string } };

let seq = 0;
async function signIn(app: FastifyInstance, email: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  expect(res.statusCode).toBe(200);
  return `chorus_session=${res.cookies.find((c) => c.name === "chorus_session")?.value}`;
}

/** A workspace with a brand, two Sandbox accounts of it and two published posts: one three days old with people taking part, one just out. */
async function tenant(store: TestStore, app: FastifyInstance): Promise<Tenant> {
  const n = ++seq;
  const email = `giveaway${n}@example.test`;
  const user = await createUser(store.db, { email, name: `Owner ${n}`, password });
  const ws = await createWorkspace(store.db, { name: `WS ${n}`, ownerId: user.id });
  const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: "Северный кофе", timezone: "Europe/Moscow", locale: "ru" });
  const sandbox = createSandboxConnector({ db: store.db });
  const iso = new Date().toISOString();
  const channel = async (handle: string, followers: number) => {
    const c = await sandbox.connect({ handle, followers, botShare: 0.3 });
    const id = newId();
    await store.db
      .insertInto("channels")
      .values({ id, workspace_id: ws.id, brand_id: brand.id, network: "sandbox", name: c.name, handle: c.handle, external_id: c.externalId, status: "active", credentials_enc: secrets.encryptJson(c.credentials), settings: "{}", created_at: iso, updated_at: iso })
      .execute();
    return id;
  };
  const account = `north_${n}_${Date.now().toString(36)}`;
  const channelId = await channel(account, 50_000);
  await channel(`north_team_${n}_${Date.now().toString(36)}`, 300);
  // The quiet post is on a new account nobody follows yet: nobody can repost or comment it, however late the test asks.
  const quietAccount = `north_new_${n}_${Date.now().toString(36)}`;
  const quietChannelId = await channel(quietAccount, 0);
  const posts: Record<string, string> = {};
  for (const [key, age, handle, chId] of [
    ["busy", 3 * 86_400_000, account, channelId],
    ["quiet", 0, quietAccount, quietChannelId],
  ] as const) {
    const res = await sandbox.publish(
      { externalId: `sandbox:${handle}`, handle, credentials: { ...secrets.decryptJson<Record<string, unknown>>((await store.db.selectFrom("channels").select("credentials_enc").where("id", "=", chId).executeTakeFirstOrThrow()).credentials_enc as string) } },
      { text: "Розыгрыш! Репост или комментарий — и вы участвуете.", format: "image", media: [] },
      `giveaway-test:${n}:${key}`,
    );
    const publishedAt = new Date(Date.now() - age).toISOString();
    await store.db.updateTable("sandbox_posts").set({ published_at: publishedAt }).where("id", "=", res.externalId).execute();
    const cpId = newId();
    await store.db
      .insertInto("channel_posts")
      .values({ id: cpId, workspace_id: ws.id, brand_id: brand.id, channel_id: chId, publication_id: null, post_key: res.externalId, external_id: res.externalId, origin: "network", url: res.url, text: "Розыгрыш!", format: "image", rubric: null, paid: 0, campaign: null, published_at: publishedAt, followers: 50_000, created_at: iso, updated_at: iso })
      .execute();
    posts[key] = cpId;
    if (key === "busy") posts.busyExternal = res.externalId;
  }
  return { workspaceId: ws.id, brandId: brand.id, cookie: await signIn(app, email), channelId, account, posts: posts as Tenant["posts"] };
}

describe.each(dialects)("giveaways on %s", (dialect) => {
  let store: TestStore;
  let api: Api;
  let a: Tenant;
  let b: Tenant;
  let giveawayId: string;
  let publicId: string;
  let dir: string;
  const call = (t: Tenant, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    api.app.inject({ method, url: `/api/workspaces/${t.workspaceId}/giveaways${url}`, headers: { cookie: t.cookie }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    store = await createTestStore(dialect);
    api = await createGiveawaysApi(store);
    a = await tenant(store, api.app);
    b = await tenant(store, api.app);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-giveaway-"));
  });
  afterAll(async () => {
    await api?.close();
    await store?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the brand's published posts and creates a giveaway on one", async () => {
    const posts = await call(a, "GET", `/posts?brandId=${a.brandId}`);
    expect(posts.statusCode).toBe(200);
    expect(posts.json().items.map((p: { channelPostId: string }) => p.channelPostId).sort()).toEqual([a.posts.busy, a.posts.quiet].sort());
    // Another brand's post, in another workspace: it does not exist here.
    const foreign = await call(a, "POST", "", { brandId: a.brandId, channelPostId: b.posts.busy, title: "x", conditions: { action: "repost", mustFollow: false, excludeBots: true }, winnersCount: 1 });
    expect(foreign.statusCode).toBe(404);

    const created = await call(a, "POST", "", {
      brandId: a.brandId,
      channelPostId: a.posts.busy,
      title: "Месяц кофе бесплатно",
      conditions: { action: "repost_or_comment", mustFollow: true, excludeBots: true },
      winnersCount: 3,
      teamHandles: [],
      announce: true,
    });
    expect(created.statusCode).toBe(201);
    const g = created.json();
    expect(g).toMatchObject({ status: "draft", winnersCount: 3, algorithm: "chorus-giveaway-v1", commitment: null, seed: null, canAnnounce: true, channel: { network: "sandbox", simulated: true } });
    expect(g.publicUrl).toBe(`https://chorus.example/g/${g.publicId}`);
    giveawayId = g.id;
    publicId = g.publicId;
    // A draft has nothing to verify yet.
    expect((await api.app.inject({ method: "GET", url: `/api/giveaways/${publicId}` })).statusCode).toBe(404);
  });

  it("reads entrants from the post's reposts and comments, with bots and the team left out", async () => {
    // The brand answers under its own post: its account is then among the commenters, as the team.
    const sandbox = createSandboxConnector({ db: store.db });
    const row = await store.db.selectFrom("channels").selectAll().where("id", "=", a.channelId).executeTakeFirstOrThrow();
    await sandbox.reply?.({ externalId: row.external_id, handle: row.handle, credentials: secrets.decryptJson(row.credentials_enc as string) }, a.posts.busyExternal, "Спасибо всем за участие!", { idempotencyKey: "team-reply" });

    const preview = await call(a, "POST", `/${giveawayId}/preview`);
    expect(preview.statusCode).toBe(200);
    const view = preview.json() as { frozen: boolean; entrants: { entry: string; handle: string; reposted: boolean; commented: boolean; eligible: boolean; reasons: string[] }[]; counts: { total: number; eligible: number; reasons: Record<string, number> } };
    expect(view.frozen).toBe(false);
    expect(view.entrants.some((e) => e.reposted)).toBe(true);
    expect(view.entrants.some((e) => e.commented)).toBe(true);
    expect(view.counts.eligible).toBeGreaterThan(3);
    expect(view.counts.reasons.likely_bot).toBeGreaterThan(0);
    const brandAccount = view.entrants.find((e) => e.handle === a.account);
    expect(brandAccount?.reasons).toContain("team");
    for (const e of view.entrants) expect(e.eligible).toBe(e.reasons.length === 0);
    expect(view.entrants.filter((e) => e.handle.match(/^id\d{8}$/)).every((e) => !e.eligible)).toBe(true);

    // A team member listed by hand is left out too.
    const someone = view.entrants.find((e) => e.eligible)!;
    const patched = await call(a, "PATCH", `/${giveawayId}`, { teamHandles: [`@${someone.handle.toUpperCase()}`] });
    expect(patched.statusCode).toBe(200);
    const again = (await call(a, "POST", `/${giveawayId}/preview`)).json() as typeof view;
    expect(again.entrants.find((e) => e.handle === someone.handle)?.reasons).toContain("team");
    // Nothing is kept by a preview.
    expect((await call(a, "GET", `/${giveawayId}/entrants`)).json()).toMatchObject({ frozen: false, entrants: [] });
  });

  it("refuses a giveaway whose post has no entrants, and changes nothing", async () => {
    const created = await call(a, "POST", "", { brandId: a.brandId, channelPostId: a.posts.quiet, title: "Пусто", conditions: { action: "repost", mustFollow: false, excludeBots: true }, winnersCount: 1, announce: true });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const before = await store.db.selectFrom("giveaways").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const audits = async () => (await store.db.selectFrom("audit_events").select("action").where("target_id", "=", id).execute()).map((e) => e.action);
    const repliesBefore = (await sandboxReplies(store.db, a.account)).length;
    const res = await call(a, "POST", `/${id}/freeze`);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/Nobody has reposted or commented the post yet.*Nothing was changed/);
    expect(await store.db.selectFrom("giveaways").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await audits()).toEqual(["giveaway.create"]);
    expect((await sandboxReplies(store.db, a.account)).length).toBe(repliesBefore);
    // Drawing a draft is refused as well.
    expect((await call(a, "POST", `/${id}/draw`)).statusCode).toBe(409);
    expect((await call(a, "DELETE", `/${id}`)).statusCode).toBe(204);
  });

  it("freezes once: the commitment goes on the public page and under the post", async () => {
    const res = await call(a, "POST", `/${giveawayId}/freeze`);
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.status).toBe("frozen");
    expect(g.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(g.listSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(g.seed).toBeNull();
    expect(g.commitmentReplyId).not.toBeNull();
    const replies = await sandboxReplies(store.db, a.account);
    expect(replies.some((r) => r.parentExternalId === a.posts.busyExternal && r.text.includes(g.commitment) && r.text.includes(g.publicUrl))).toBe(true);

    const pub = await api.app.inject({ method: "GET", url: `/api/giveaways/${publicId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: "frozen", commitment: g.commitment, seed: null, winners: null, entrants: { sha256: g.listSha256, count: g.eligibleCount } });

    expect((await call(a, "POST", `/${giveawayId}/freeze`)).statusCode).toBe(409);
    expect((await call(a, "PATCH", `/${giveawayId}`, { winnersCount: 5 })).statusCode).toBe(409);
    expect((await call(a, "DELETE", `/${giveawayId}`)).statusCode).toBe(409);
    const stored = await store.db.selectFrom("giveaways").select(["seed", "seed_enc"]).where("id", "=", giveawayId).executeTakeFirstOrThrow();
    expect(stored.seed).toBeNull();
    expect(stored.seed_enc).toMatch(/^v1:/);
  });

  it("draws, and the winners are recomputed from the public data alone", async () => {
    const res = await call(a, "POST", `/${giveawayId}/draw`);
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.status).toBe("drawn");
    expect(g.winners).toHaveLength(3);
    expect((await call(a, "POST", `/${giveawayId}/draw`)).statusCode).toBe(409);

    const pub = (await api.app.inject({ method: "GET", url: `/api/giveaways/${publicId}` })).json();
    expect(pub.seed).toBe(g.seed);
    const again = recompute(pub);
    expect(again.listOk).toBe(true);
    expect(again.commitmentOk).toBe(true);
    expect(again.winners).toEqual(pub.winners.map((w: { place: number; entry: string }) => ({ place: w.place, entry: w.entry })));
    // No winner is excluded, of the team, or a bot.
    const all = new Map<string, { eligible: boolean }>(pub.entrants.all.map((e: { entry: string; eligible: boolean }) => [e.entry, e]));
    for (const w of pub.winners) expect(all.get(w.entry)?.eligible).toBe(true);
    expect(pub.entrants.all.filter((e: { reasons: string[] }) => e.reasons.includes("likely_bot")).length).toBeGreaterThan(0);

    const replies = await sandboxReplies(store.db, a.account);
    expect(replies.some((r) => r.text.startsWith("Победители розыгрыша") && r.text.includes(`@${g.winners[0].handle}`))).toBe(true);
    const actions = (await store.db.selectFrom("audit_events").select("action").where("target_id", "=", giveawayId).orderBy("created_at").orderBy("id").execute()).map((e) => e.action);
    expect(actions).toEqual(["giveaway.create", "giveaway.update", "giveaway.freeze", "giveaway.draw"]);
  });

  it("the CLI verifies a saved result and catches a tampered one", async () => {
    const pub = (await api.app.inject({ method: "GET", url: `/api/giveaways/${publicId}` })).json();
    const saved = path.join(dir, "result.json");
    fs.writeFileSync(saved, JSON.stringify(pub));
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await verifyGiveaway(saved, io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^VERIFIED/);
    expect(lines.join("\n")).toContain(pub.winners[0].entry);

    // Someone swaps the first winner for another entrant.
    const other = pub.entrants.canonical.split("\n").find((e: string) => !pub.winners.some((w: { entry: string }) => w.entry === e));
    const tampered = path.join(dir, "tampered.json");
    fs.writeFileSync(tampered, JSON.stringify({ ...pub, winners: [{ ...pub.winners[0], entry: other }, ...pub.winners.slice(1)] }));
    lines.length = 0;
    expect(await verifyGiveaway(tampered, io)).toBe(1);
    expect(lines.join("\n")).toMatch(/MISMATCH/);
    // A list with an entry added after the freeze no longer matches its published hash.
    fs.writeFileSync(tampered, JSON.stringify({ ...pub, entrants: { ...pub.entrants, canonical: `${pub.entrants.canonical}\nsandbox:zz_latecomer` } }));
    expect(await verifyGiveaway(tampered, io)).toBe(1);
    expect(await verifyGiveaway(path.join(dir, "missing.json"), io)).toBe(2);
  });

  it("answers another workspace 404 for every giveaway route, and keeps the public page anonymous", async () => {
    const asB = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
      api.app.inject({ method, url: `/api/workspaces/${a.workspaceId}/giveaways${url}`, headers: { cookie: b.cookie }, ...(payload ? { payload } : {}) });
    const before = await store.db.selectFrom("giveaways").selectAll().where("workspace_id", "=", a.workspaceId).orderBy("id").execute();
    for (const [method, url, payload] of [
      ["GET", `?brandId=${a.brandId}`],
      ["GET", `/posts?brandId=${a.brandId}`],
      ["POST", "", { brandId: a.brandId, channelPostId: a.posts.busy, title: "x", conditions: { action: "repost", mustFollow: false, excludeBots: false }, winnersCount: 1 }],
      ["GET", `/${giveawayId}`],
      ["PATCH", `/${giveawayId}`, { title: "x" }],
      ["DELETE", `/${giveawayId}`],
      ["GET", `/${giveawayId}/entrants`],
      ["POST", `/${giveawayId}/preview`],
      ["POST", `/${giveawayId}/freeze`],
      ["POST", `/${giveawayId}/draw`],
    ] as const) {
      const res = await asB(method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    // Their own giveaway list does not show A's.
    expect((await call(b, "GET", `?brandId=${b.brandId}`)).json().items).toEqual([]);
    expect(await store.db.selectFrom("giveaways").selectAll().where("workspace_id", "=", a.workspaceId).orderBy("id").execute()).toEqual(before);
    expect((await api.app.inject({ method: "GET", url: `/api/giveaways/${crypto.randomBytes(16).toString("base64url")}` })).statusCode).toBe(404);
    const pub = (await api.app.inject({ method: "GET", url: `/api/giveaways/${publicId}` })).json();
    expect(JSON.stringify(pub)).not.toContain(a.workspaceId);
    expect(JSON.stringify(pub)).not.toContain(giveawayId);
  });
});
