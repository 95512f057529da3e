/**
 * Importing post statistics from CSV through the API and the `chorus import post-metrics` command,
 * on both databases, with the sample exports in test/fixtures/post-metrics (made up, in the
 * exports' formats): the rows land with the figures ER is computed from, a second import updates
 * instead of duplicating, a bad file stores nothing and names its lines, and only the brand's own
 * channels, for roles that edit posts, can be imported into.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyticsImportRoutes } from "../src/api/routes/analytics-import.routes.js";
import { buildApp } from "../src/api/app.js";
import { makeActorOf } from "../src/api/auth.js";
import { registerImportCommands } from "../src/cli/import.js";
import { loadConfig } from "../src/config.js";
import { interactionsOf, ratio } from "../src/domain/metrics.js";
import { AppError } from "../src/errors.js";
import { createBrand } from "../src/services/brand.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

const fixtures = path.resolve("test/fixtures/post-metrics");
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name));
const route = "/api/workspaces/:ws/brands/:brandId/channels/:channelId/post-metrics/import";

/**
 * The test app with the import routes. Until src/api/app.ts registers them (a file shared with
 * other work), the same app is built here with them added.
 */
async function createImportApi(dialect: (typeof dialects)[number]): Promise<TestApi> {
  const api = await createTestApi(dialect);
  if (api.app.hasRoute({ method: "POST", url: route })) return api;
  const { store, publishing, listening } = api;
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0" });
  const app = await buildApp({ store, config, registry: publishing.registry, secrets: publishing.secrets, publishing, listening, logger: false });
  const inbox = createInboxDeps({ store, registry: publishing.registry, secrets: publishing.secrets, queue: publishing.queue });
  analyticsImportRoutes(app, { store, config, registry: publishing.registry, secrets: publishing.secrets, publishing, inbox, listening, actorOf: makeActorOf(store) });
  await app.ready();
  return {
    ...api,
    app,
    close: async () => {
      await app.close();
      await api.close();
    },
  };
}

type ImportView = { dryRun: boolean; rows: number; created: number; updated: number; snapshots: number; kind: string; columns: { field: string; header: string }[]; warnings: string[]; publishedFrom: string };
type ProblemView = { status: number; code: string; detail: string; problems: { line: number; column: string | null; message: string }[]; problemCount: number; errors: { path: string; message: string }[] };

describe.each(dialects)("post statistics import (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let channelId: string;
  let vkChannelId: string;
  const url = (channel: string, brand = t.brandId, query = "") => `/api/workspaces/${t.workspaceId}/brands/${brand}/channels/${channel}/post-metrics/import${query}`;
  const send = (target: string, body: Buffer | string, cookie = t.owner, contentType = "text/csv") =>
    api.app.inject({ method: "POST", url: target, headers: { cookie, "content-type": contentType }, payload: body });
  const addChannel = async (brandId: string, handle: string) => {
    const res = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/channels`, headers: { cookie: t.owner }, payload: { brandId, network: "sandbox", fields: { handle } } });
    expect(res.statusCode).toBe(201);
    return json<{ id: string }>(res).id;
  };
  const postsOf = (channel: string) => api.store.db.selectFrom("channel_posts").selectAll().where("channel_id", "=", channel).orderBy("published_at").execute();
  const snapshotsOf = async (channel: string) =>
    (await api.store.db.selectFrom("metric_snapshots").select(({ fn }) => fn.countAll<number>().as("n")).where("channel_id", "=", channel).executeTakeFirstOrThrow()).n;

  beforeAll(async () => {
    api = await createImportApi(dialect);
    t = await createTenant(api);
    channelId = await addChannel(t.brandId, "northwind_fb");
    vkChannelId = await addChannel(t.brandId, "northwind_vk");
  });
  afterAll(async () => api?.close());

  it("imports a Meta Business Suite export: its rows carry the figures ER is computed from", async () => {
    const res = await send(url(channelId), fixture("meta-business-suite-posts.csv"));
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ImportView>(res)).toMatchObject({ dryRun: false, rows: 8, created: 8, updated: 0, snapshots: 8, kind: "meta", publishedFrom: "2026-02-02T06:15:00.000Z" });

    const posts = await postsOf(channelId);
    expect(posts).toHaveLength(8);
    for (const p of posts) expect(p).toMatchObject({ origin: "import", workspace_id: t.workspaceId, brand_id: t.brandId, publication_id: null, sync_due_at: null });
    const blend = posts[0]!;
    expect(blend).toMatchObject({ post_key: "104523987654321_1221548933120041", external_id: "104523987654321_1221548933120041", format: "image", published_at: "2026-02-02T06:15:00.000Z", reach: 2980, views: 4210, likes: 154, comments: 21, reposts: 12 });
    // ER by reach = (likes + comments + reposts) / reach, post by post and over the file.
    expect(ratio(interactionsOf(blend), blend.reach)).toBeCloseTo(187 / 2980, 10);
    const sum = (k: "reach" | "likes" | "comments" | "reposts") => posts.reduce((s, p) => s + (p[k] ?? 0), 0);
    expect(sum("reach")).toBe(2980 + 11230 + 2140 + 1530 + 6480 + 9875 + 967 + 2455);
    expect(ratio(posts.reduce((s, p) => s + interactionsOf(p), 0), sum("reach"))).toBeCloseTo((187 + 642 + 64 + 139 + 301 + 512 + 58 + 96) / 37657, 10);

    const snapshots = await api.store.db.selectFrom("metric_snapshots").selectAll().where("channel_id", "=", channelId).execute();
    expect(snapshots).toHaveLength(8);
    expect(new Set(snapshots.map((s) => s.channel_post_id))).toEqual(new Set(posts.map((p) => p.id)));
    expect(snapshots.every((s) => s.publication_id === null)).toBe(true);
    expect(snapshots.find((s) => s.channel_post_id === blend.id)).toMatchObject({ reach: 2980, likes: 154, comments: 21, reposts: 12 });

    const audit = await api.store.db.selectFrom("audit_events").selectAll().where("workspace_id", "=", t.workspaceId).where("action", "=", "analytics.import").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: t.ownerId, target_type: "channel", target_id: channelId });
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ source: "api", kind: "meta", rows: 8, created: 8, updated: 0, snapshots: 8 });
  });

  it("imports VK statistics with the followers at each post's time: ER by followers", async () => {
    const res = await send(url(vkChannelId), fixture("vk-post-stats.csv"));
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ImportView>(res)).toMatchObject({ rows: 6, created: 6, kind: "vk" });
    const posts = await postsOf(vkChannelId);
    const first = posts[0]!;
    expect(first).toMatchObject({ followers: 48310, reach: 12480, views: 15902, likes: 642, comments: 38, reposts: 71, saves: 55 });
    // Interactions count saves where the network has them.
    expect(ratio(interactionsOf(first), first.followers)).toBeCloseTo((642 + 38 + 71 + 55) / 48310, 10);
    expect(posts.map((p) => p.paid)).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it("updates on a second import instead of adding posts, and keeps what a file leaves out", async () => {
    const again = await send(url(channelId), fixture("meta-business-suite-posts.csv"));
    expect(json<ImportView>(again)).toMatchObject({ rows: 8, created: 0, updated: 8, snapshots: 8 });
    expect(await postsOf(channelId)).toHaveLength(8);
    // Each import is a reading: the history has two snapshots per post now.
    expect(await snapshotsOf(channelId)).toBe(16);

    // A later reading of one post, in Chorus's columns and without reach: the likes change, the reach stays.
    const later = "published_at;external_id;likes;comments\n2026-02-02 09:15;104523987654321_1221548933120041;170;25\n";
    const res = await send(url(channelId), later);
    expect(json<ImportView>(res)).toMatchObject({ rows: 1, created: 0, updated: 1 });
    const posts = await postsOf(channelId);
    expect(posts).toHaveLength(8);
    expect(posts[0]).toMatchObject({ likes: 170, comments: 25, reposts: 12, reach: 2980, format: "image", text: expect.stringMatching(/^New winter blend/) });
  });

  it("refuses a bad file with every problem by line and column, and stores nothing", async () => {
    const before = { posts: (await postsOf(channelId)).length, snapshots: await snapshotsOf(channelId) };
    const res = await send(url(channelId), fixture("bad-post-metrics.csv"));
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    const body = json<ProblemView>(res);
    expect(body).toMatchObject({ status: 422, code: "validation_failed", problemCount: 7, detail: expect.stringMatching(/7 problems; nothing was imported/) });
    expect(body.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "reach"],
      [4, "published_at"],
      [5, "likes"],
      [6, "comments"],
      [7, "external_id"],
      [8, "published_at"],
      [9, null],
    ]);
    expect(body.errors[0]).toEqual({ path: "line.3.reach", message: "-5 is negative: a count cannot be." });
    // Line 2 was fine, and still nothing of the file was stored.
    expect({ posts: (await postsOf(channelId)).length, snapshots: await snapshotsOf(channelId) }).toEqual(before);
    expect((await postsOf(channelId)).some((p) => p.post_key === "p-1")).toBe(false);

    const noMetrics = await send(url(channelId), "published_at,text\n2026-03-01 10:00,x\n");
    expect(json<ProblemView>(noMetrics).problems).toEqual([{ line: 1, column: null, message: expect.stringMatching(/^No metric columns/) }]);
  });

  it("refuses a channel of another brand, or of another workspace, as not found", async () => {
    const other = await createBrand(api.store.db, { userId: t.ownerId }, t.workspaceId, { name: "Other brand", timezone: "UTC", locale: "en" });
    const otherChannel = await addChannel(other.id, "other_brand_fb");
    const res = await send(url(otherChannel), fixture("meta-business-suite-posts.csv"));
    expect(res.statusCode).toBe(404);
    expect(json<{ detail: string }>(res).detail).toMatch(/^Channel was not found/);
    expect(await postsOf(otherChannel)).toEqual([]);
    // The other brand's own route works for its own channel.
    expect((await send(url(otherChannel, other.id, "?dryRun=true"), fixture("meta-business-suite-posts.csv"))).statusCode).toBe(200);

    const stranger = await createTenant(api);
    const foreign = await api.app.inject({
      method: "POST",
      url: `/api/workspaces/${t.workspaceId}/brands/${t.brandId}/channels/${channelId}/post-metrics/import`,
      headers: { cookie: stranger.owner, "content-type": "text/csv" },
      payload: fixture("meta-business-suite-posts.csv"),
    });
    expect(foreign.statusCode).toBe(404);
  });

  it("lets roles that edit posts import, and no one else", async () => {
    const editor = await addMember(api, t.workspaceId, "editor");
    const analyst = await addMember(api, t.workspaceId, "analyst");
    const csv = "published_at,reach,likes\n2026-03-05 12:00,100,7\n";
    expect((await send(url(channelId), csv, analyst.cookie)).statusCode).toBe(403);
    const ok = await send(url(channelId), csv, editor.cookie);
    expect(ok.statusCode).toBe(200);
    expect(json<ImportView>(ok)).toMatchObject({ created: 1 });
  });

  it("checks without storing on a dry run, reads mapped columns and plain text, and refuses JSON", async () => {
    const before = (await postsOf(vkChannelId)).length;
    const csv = "Когда;Увидели;Сердечки\n07.03.2026 11:00;900;40\n";
    const dry = await send(url(vkChannelId, t.brandId, `?dryRun=true&map=${encodeURIComponent("published_at=Когда")}&map=${encodeURIComponent("reach=Увидели")}&map=${encodeURIComponent("likes=Сердечки")}`), csv, t.owner, "text/plain; charset=utf-8");
    expect(dry.statusCode, dry.body).toBe(200);
    expect(json<ImportView>(dry)).toMatchObject({ dryRun: true, rows: 1, created: 1, updated: 0, snapshots: 0, kind: "custom" });
    expect((await postsOf(vkChannelId)).length).toBe(before);

    const badMap = await send(url(vkChannelId, t.brandId, "?map=rech%3DX"), csv);
    expect(badMap.statusCode).toBe(400);
    const asJson = await api.app.inject({ method: "POST", url: url(vkChannelId), headers: { cookie: t.owner }, payload: { csv } });
    expect(asJson.statusCode).toBe(400);
    expect(json<{ detail: string }>(asJson).detail).toMatch(/Send the CSV file itself/);
  });

  describe("chorus import post-metrics", () => {
    const env = () => (api.store.databaseUrl ? { DATABASE_URL: api.store.databaseUrl } : { CHORUS_DATA_DIR: api.store.dataDir });
    async function chorus(...args: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const program = new Command().exitOverride();
      registerImportCommands(program, { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) });
      try {
        await program.parseAsync(["node", "chorus", ...args]);
        return { out, err, error: null };
      } catch (e) {
        return { out, err, error: e };
      }
    }

    it("imports a file into the brand's channel, and refuses a bad one with FILE:LINE problems", async () => {
      const cliChannel = await addChannel(t.brandId, "northwind_legacy");
      const legacy = path.join(fixtures, "facebook-insights-legacy.csv");
      const ok = await chorus("import", "post-metrics", legacy, "--brand", t.brandId, "--channel", cliChannel);
      expect(ok.error).toBeNull();
      expect(ok.out.join("\n")).toMatch(/Read .*facebook-insights-legacy\.csv: 5 posts, published 2015-11-06 … 2015-11-27 \(Facebook Insights post data export \(older format\); times without an offset in Europe\/Moscow\)/);
      expect(ok.out.join("\n")).toMatch(/Imported into channel .*: 5 new, 0 updated, 5 metric snapshots\./);
      expect(ok.err).toEqual([expect.stringMatching(/^warning: Line 2 describes the columns/)]);
      expect(await postsOf(cliChannel)).toHaveLength(5);
      const audit = await api.store.db.selectFrom("audit_events").select(["actor_user_id", "data"]).where("action", "=", "analytics.import").where("target_id", "=", cliChannel).executeTakeFirstOrThrow();
      expect(audit.actor_user_id).toBeNull();
      expect(JSON.parse(audit.data)).toMatchObject({ source: "cli", file: "facebook-insights-legacy.csv", rows: 5 });

      const bad = path.join(fixtures, "bad-post-metrics.csv");
      const refused = await chorus("import", "post-metrics", bad, "--brand", t.brandId, "--channel", cliChannel, "--workspace", t.workspaceId);
      expect(refused.error).toBeInstanceOf(AppError);
      expect((refused.error as AppError).message).toBe(`7 problems in ${bad}; nothing was imported.`);
      expect(refused.err[0]).toBe(`${bad}:3: reach: -5 is negative: a count cannot be.`);
      expect(refused.err).toHaveLength(7);
      expect(await postsOf(cliChannel)).toHaveLength(5);

      const elsewhere = await chorus("import", "post-metrics", legacy, "--brand", t.brandId, "--channel", cliChannel, "--workspace", (await createTenant(api)).workspaceId);
      expect((elsewhere.error as AppError).code).toBe("not_found");
      const wrongChannel = await chorus("import", "post-metrics", legacy, "--brand", t.brandId, "--channel", "0190a0a0-0000-7000-8000-000000000000");
      expect((wrongChannel.error as AppError).message).toMatch(/is not a channel of brand/);
    });
  });
});
