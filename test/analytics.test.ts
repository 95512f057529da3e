import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createVkConnector } from "../src/connectors/vk/index.js";
import { interactionsOf, metricsScheduleHours } from "../src/domain/metrics.js";
import { AppError } from "../src/errors.js";
import { syncChannelStats, syncPostMetrics } from "../src/jobs/sync-metrics.job.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { dashboard } from "../src/services/analytics/dashboard.service.js";
import { tableOf, toCsv } from "../src/services/analytics/export.js";
import { createDemo, type DemoResult } from "../src/services/demo.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import { newId } from "../src/store/ids.js";
import { sampleVkStats, startFakeVk } from "./support/fake-vk.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const now = new Date("2026-03-16T09:30:00.000Z");
const hourMs = 3_600_000;
const zone = "Europe/Moscow";

describe.each(dialects)("analytics on %s", (dialect) => {
  let store: TestStore;
  let demo: DemoResult;
  let actor: { userId: string };

  beforeAll(async () => {
    store = await createTestStore(dialect);
    demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    const user = await store.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
    actor = { userId: user.id };
  });
  afterAll(async () => {
    await store?.cleanup();
  });

  const from = "2026-02-15";
  const to = "2026-03-15";

  it("tracks the demo's publications as channel posts with their latest counters and the channels' days", async () => {
    const pubs = await store.db.selectFrom("publications").select(["id"]).where("status", "=", "published").where("item", "=", 0).execute();
    const posts = await store.db.selectFrom("channel_posts").selectAll().where("brand_id", "=", demo.brandId).execute();
    expect(posts).toHaveLength(pubs.length);
    expect(posts.every((p) => p.origin === "chorus" && p.likes !== null && p.reach !== null && p.followers !== null)).toBe(true);
    // The counters are the latest snapshot's.
    const sample = posts[0]!;
    const latest = await store.db.selectFrom("metric_snapshots").selectAll().where("publication_id", "=", sample.publication_id).orderBy("taken_at", "desc").limit(1).executeTakeFirstOrThrow();
    expect({ likes: sample.likes, reach: sample.reach, metricsAt: sample.metrics_at }).toEqual({ likes: latest.likes, reach: latest.reach, metricsAt: latest.taken_at });
    expect(latest.channel_post_id).toBe(sample.id);
    const days = await store.db.selectFrom("channel_days").selectAll().where("brand_id", "=", demo.brandId).execute();
    expect(days.length).toBe(3 * 31);
  });

  it("sums the period's posts exactly as the formulas say, by group, day and local hour", async () => {
    const d = await dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from, to });
    const start = DateTime.fromISO(from, { zone }).startOf("day").toUTC().toISO()!;
    const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf("day").toUTC().toISO()!;
    const rows = (await store.db.selectFrom("channel_posts").selectAll().where("brand_id", "=", demo.brandId).execute()).filter((p) => p.published_at >= start && p.published_at < end);
    expect(rows.length).toBeGreaterThan(20);
    const sum = (f: (p: (typeof rows)[number]) => number) => rows.reduce((s, p) => s + f(p), 0);
    const interactions = sum((p) => interactionsOf(p));
    expect(d.totals.posts).toBe(rows.length);
    expect(d.totals.interactions).toBe(interactions);
    const withReach = rows.filter((p) => p.reach !== null);
    expect(d.rates.erReach).toBeCloseTo(withReach.reduce((s, p) => s + interactionsOf(p), 0) / withReach.reduce((s, p) => s + (p.reach ?? 0), 0), 10);
    const withFollowers = rows.filter((p) => p.followers !== null);
    expect(d.rates.erFollowers).toBeCloseTo(withFollowers.reduce((s, p) => s + interactionsOf(p), 0) / withFollowers.reduce((s, p) => s + (p.followers ?? 0), 0), 10);
    // The two ERs differ: never one passed off as the other.
    expect(d.rates.erReach).not.toBeCloseTo(d.rates.erFollowers!, 4);
    expect(d.formulas.erReach).toContain("reach");
    // Breakdowns add up to the totals.
    for (const b of [d.byFormat, d.byNetwork, d.byRubric, d.byChannel]) expect(b.reduce((s, x) => s + x.totals.interactions, 0)).toBe(interactions);
    expect(d.byChannel).toHaveLength(3);
    // Each post in its local weekday and hour, and its local day in the series.
    const heat = new Map<string, number>();
    const perDay = new Map<string, number>();
    for (const p of rows) {
      const local = DateTime.fromISO(p.published_at, { zone });
      heat.set(`${local.weekday}:${local.hour}`, (heat.get(`${local.weekday}:${local.hour}`) ?? 0) + 1);
      perDay.set(local.toISODate()!, (perDay.get(local.toISODate()!) ?? 0) + 1);
    }
    for (const c of d.heatmap) expect(c.posts, `${c.weekday}:${c.hour}`).toBe(heat.get(`${c.weekday}:${c.hour}`) ?? 0);
    expect(d.series).toHaveLength(29);
    for (const s of d.series) expect(s.posts, s.day).toBe(perDay.get(s.day) ?? 0);
    // Followers: the sum of the channels on the day before the period and on its last day.
    const followersOn = async (day: string) =>
      (await store.db.selectFrom("channel_days").select("followers").where("brand_id", "=", demo.brandId).where("day", "=", day).execute()).reduce((s, r) => s + (r.followers ?? 0), 0);
    expect(d.followers.start).toBe(await followersOn("2026-02-14"));
    expect(d.followers.end).toBe(await followersOn(to));
    expect(d.followers.growth).toBe(d.followers.end! - d.followers.start!);
    expect(d.audience.at(-1)?.followers).toBe(d.followers.end);
    // The best posts by ER by reach really are the highest.
    const byEr = await dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from, to, rankBy: "erReach" });
    const ers = withReach.filter((p) => (p.reach ?? 0) > 0).map((p) => interactionsOf(p) / (p.reach as number)).sort((a, b) => b - a);
    expect(byEr.best[0]?.erReach).toBeCloseTo(ers[0]!, 10);
    expect(byEr.worst[0]?.erReach).toBeCloseTo(ers.at(-1)!, 10);
    // The funnel goes from reach to followers to people who wrote.
    expect(d.funnel.map((f) => f.key)).toEqual(["reach", "followers", "engaged", "visitors", "conversions"]);
    expect(d.funnel[2]!.value).toBeGreaterThan(0);
  });

  it("compares with the previous period of the same length", async () => {
    const d = await dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from: "2026-03-09", to: "2026-03-15" });
    const before = await dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from: "2026-03-02", to: "2026-03-08" });
    expect(d.previous).toEqual({ from: "2026-03-02", to: "2026-03-08" });
    expect(d.previousTotals).toEqual(before.totals);
    expect(d.previousFollowers).toEqual(before.followers);
  });

  it("puts posts in the brand's hours on both sides of a DST change", async () => {
    const owner = await createUser(store.db, { email: `dst-${newId()}@example.test`, name: "Dst", password: "a long password 1" });
    const ws = await createWorkspace(store.db, { name: "DST", ownerId: owner.id });
    const brand = await createBrand(store.db, { userId: owner.id }, ws.id, { name: "Berlin", timezone: "Europe/Berlin", locale: "en" });
    const channelId = newId();
    const iso = now.toISOString();
    await store.db
      .insertInto("channels")
      .values({ id: channelId, workspace_id: ws.id, brand_id: brand.id, network: "sandbox", name: "B", handle: "b", external_id: "b", status: "active", credentials_enc: null, settings: "{}", created_at: iso, updated_at: iso })
      .execute();
    // Around 29 March (01:00 UTC: 02:00 CET → 03:00 CEST) and 25 October (01:00 UTC: 03:00 CEST → 02:00 CET).
    const times = ["2026-03-28T23:30:00.000Z", "2026-03-29T00:59:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-29T22:30:00.000Z", "2026-10-24T22:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z", "2026-10-25T23:30:00.000Z"];
    await store.db
      .insertInto("channel_posts")
      .values(times.map((t, i) => ({ id: newId(), workspace_id: ws.id, brand_id: brand.id, channel_id: channelId, post_key: `k${i}`, origin: "import" as const, text: "", format: "text", paid: 0, published_at: t, likes: 1, created_at: iso, updated_at: iso })))
      .execute();
    const d = await dashboard(store.db, { userId: owner.id }, ws.id, { brandId: brand.id, from: "2026-03-28", to: "2026-10-26" });
    const expected = new Map<string, number>();
    for (const t of times) {
      const l = DateTime.fromISO(t, { zone: "Europe/Berlin" });
      expected.set(`${l.weekday}:${l.hour}`, (expected.get(`${l.weekday}:${l.hour}`) ?? 0) + 1);
    }
    const got = new Map(d.heatmap.filter((c) => c.posts > 0).map((c) => [`${c.weekday}:${c.hour}`, c.posts]));
    expect(got).toEqual(expected);
    expect(d.series.find((s) => s.day === "2026-03-29")?.posts).toBe(3);
    expect(d.series.find((s) => s.day === "2026-03-30")?.posts).toBe(1);
    expect(d.series.find((s) => s.day === "2026-10-25")?.posts).toBe(3);
  });

  it("reads due post metrics on schedule and a channel's followers once a day", async () => {
    const registry = createConnectorRegistry({ db: store.db });
    const post = await store.db.selectFrom("channel_posts").selectAll().where("brand_id", "=", demo.brandId).where("sync_due_at", "is not", null).orderBy("published_at", "desc").limit(1).executeTakeFirstOrThrow();
    const due = new Date(post.sync_due_at!);
    const clock = new Date(due.getTime() + 60_000);
    const read = await syncPostMetrics({ db: store.db, registry, secrets, now: () => clock }, post.channel_id);
    expect(read).toBeGreaterThanOrEqual(1);
    const after = await store.db.selectFrom("channel_posts").selectAll().where("id", "=", post.id).executeTakeFirstOrThrow();
    expect(after.metrics_at).toBe(clock.toISOString());
    const published = Date.parse(post.published_at);
    const next = metricsScheduleHours.map((h) => published + h * hourMs).find((t) => t > clock.getTime());
    expect(after.sync_due_at).toBe(next === undefined ? null : new Date(next).toISOString());
    const snap = await store.db.selectFrom("metric_snapshots").selectAll().where("channel_post_id", "=", post.id).where("taken_at", "=", clock.toISOString()).executeTakeFirstOrThrow();
    expect({ likes: snap.likes, reach: snap.reach, publication: snap.publication_id }).toEqual({ likes: after.likes, reach: after.reach, publication: post.publication_id });

    expect(await syncChannelStats({ db: store.db, registry, secrets, now: () => clock }, post.channel_id)).toBe(true);
    const day = DateTime.fromJSDate(clock, { zone }).toISODate()!;
    const row = await store.db.selectFrom("channel_days").selectAll().where("channel_id", "=", post.channel_id).where("day", "=", day).executeTakeFirstOrThrow();
    expect(row.followers).toBeGreaterThan(0);
    expect(row.taken_at).toBe(clock.toISOString());
  });

  it("keeps a VK community's daily statistics: who came and left, reach, and the audience by sex, age, city and country", async () => {
    const fake = await startFakeVk();
    try {
      const vk = createVkConnector({ baseUrl: fake.url, minIntervalMs: 0 });
      const connected = await vk.connect({ accessToken: fake.state.token, groupId: 218375 });
      const channelId = newId();
      const iso = now.toISOString();
      await store.db
        .insertInto("channels")
        .values({ id: channelId, workspace_id: demo.workspaceId, brand_id: demo.brandId, network: "vk", name: "VK", handle: connected.handle, external_id: connected.externalId, status: "active", credentials_enc: secrets.encryptJson(connected.credentials), settings: "{}", created_at: iso, updated_at: iso })
        .execute();
      fake.state.stats = sampleVkStats;
      const registry = { get: (network: string) => (network === "vk" ? vk : undefined), all: () => [vk] };
      const at = new Date("2026-03-15T07:00:00.000Z");
      expect(await syncChannelStats({ db: store.db, registry, secrets, now: () => at }, channelId)).toBe(true);
      const day = await store.db.selectFrom("channel_days").selectAll().where("channel_id", "=", channelId).executeTakeFirstOrThrow();
      expect(day).toMatchObject({ day: "2026-03-15", followers: 8120, joined: 37, left: 12, reach: 5230 });

      const d = await dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from: "2026-03-09", to: "2026-03-15" });
      expect(d.demographics).toMatchObject({ day: "2026-03-15", channels: 1 });
      expect(d.demographics?.sex.map((b) => [b.label, b.count])).toEqual([
        ["female", 260],
        ["male", 150],
      ]);
      // Age bands in their own order; cities by count.
      expect(d.demographics?.age.map((b) => b.key)).toEqual(["18-21", "21-24"]);
      expect(d.demographics?.cities[0]).toMatchObject({ label: "Санкт-Петербург", count: 300 });
      expect(d.audience.find((a) => a.day === "2026-03-15")).toMatchObject({ joined: 37, left: 12 });
      await store.db.deleteFrom("channels").where("id", "=", channelId).execute();
    } finally {
      await fake.close();
    }
  });

  it("refuses another workspace's user and a backwards period, and exports tables a spreadsheet cannot run", async () => {
    const stranger = await createUser(store.db, { email: `stranger-${newId()}@example.test`, name: "S", password: "a long password 1" });
    await expect(dashboard(store.db, { userId: stranger.id }, demo.workspaceId, { brandId: demo.brandId, from, to })).rejects.toMatchObject({ code: "not_found" });
    await expect(dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from: to, to: from })).rejects.toBeInstanceOf(AppError);
    await expect(dashboard(store.db, actor, demo.workspaceId, { brandId: newId(), from, to })).rejects.toMatchObject({ code: "not_found" });

    const p = await store.db.selectFrom("channel_posts").select("id").where("brand_id", "=", demo.brandId).orderBy("likes", "desc").limit(1).executeTakeFirstOrThrow();
    await store.db.updateTable("channel_posts").set({ text: '=HYPERLINK("http://evil.example","x")', likes: 100_000 }).where("id", "=", p.id).execute();
    const d = await dashboard(store.db, actor, demo.workspaceId, { brandId: demo.brandId, from: "2026-01-01", to: "2026-03-16" });
    const csv = toCsv(tableOf(d, "best"));
    expect(csv.startsWith("\uFEFFpublished_at,channel")).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});
