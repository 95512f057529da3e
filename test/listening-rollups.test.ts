/**
 * The listening analytics read whole past days from rollups (src/services/listening/rollups.ts) and
 * the rest from the mentions. On both databases, over ten days of Sandbox chatter with its negative
 * incident, copies, irrelevant marks and corrections: the figures are the same before and after the
 * days are computed, for periods with partial days at both ends, by hours, within one day and for
 * one query; the rollups are what is read; a correction shows at once and its days are recomputed.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatterBetween, chatterBrands, remotePostAt } from "../src/connectors/sandbox/chatter.js";
import { parseQuery } from "../src/domain/listening-query.js";
import { createAnalyzer } from "../src/services/analysis/index.js";
import { listeningAnalytics, type Period } from "../src/services/listening/analytics.service.js";
import { storeMentions } from "../src/services/listening/ingest.js";
import { updateMentions } from "../src/services/listening/mentions.service.js";
import { computeRollups } from "../src/services/listening/rollups.js";
import { newId } from "../src/store/ids.js";
import { createTenant, createTestApi, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

describe.each(dialects)("listening rollups (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  const at = new Date("2026-11-20T15:00:00.000Z");
  const queryIds: string[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const periods = (): [string, Omit<Period, "brandId">][] => [
    ["7 days to now", { from: iso(at.getTime() - 7 * dayMs), to: at.toISOString() }],
    ["all ten days, odd edges", { from: iso(at.getTime() - 10 * dayMs - 17 * 60_000), to: iso(at.getTime() - 5 * hourMs - 3 * 60_000) }],
    ["three days, by hour", { from: iso(at.getTime() - 3 * dayMs), to: at.toISOString() }],
    ["within one day", { from: "2026-11-17T04:30:00.000Z", to: "2026-11-17T21:00:00.000Z" }],
    ["whole days", { from: "2026-11-12T00:00:00.000Z", to: "2026-11-19T00:00:00.000Z" }],
    ["one query, 7 days", { from: iso(at.getTime() - 7 * dayMs), to: at.toISOString(), queryId: queryIds[1] }],
  ];
  const analytics = async () => {
    const out: Record<string, unknown> = {};
    for (const [name, p] of periods()) out[name] = await listeningAnalytics(api.store.db, { userId: t.ownerId }, t.workspaceId, { brandId: t.brandId, ...p });
    return out;
  };
  const staleDays = async () =>
    (await api.store.db.selectFrom("listening_days").select("day").where("brand_id", "=", t.brandId).whereRef("computed", "<>", "touched").orderBy("day").execute()).map((r) => r.day);

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    const now = at.toISOString();
    const queries = [
      { name: "Северный Кофе", kind: "brand" as const, query: chatterBrands.north.query },
      { name: "Бодрое утро", kind: "competitor" as const, query: chatterBrands.morningBrew.query },
      { name: "Зерно", kind: "competitor" as const, query: chatterBrands.zerno.query },
    ];
    for (const q of queries) {
      const id = newId();
      queryIds.push(id);
      await api.store.db.insertInto("listening_queries").values({ id, workspace_id: t.workspaceId, brand_id: t.brandId, name: q.name, kind: q.kind, query: q.query, enabled: 1, created_by: t.ownerId, created_at: now, updated_at: now }).execute();
    }
    const compiled = queries.map((q, i) => ({ id: queryIds[i] as string, node: parseQuery(q.query) }));
    const analyzer = await createAnalyzer();
    const posts = chatterBetween(new Date(at.getTime() - 10 * dayMs), at, { incidentAt: new Date(at.getTime() - 3 * hourMs) }).map((p) => remotePostAt(p, at));
    // Two networks, so sources differ: the even posts as Sandbox, the odd ones as if from Bluesky.
    for (const [network, part] of [
      ["sandbox", posts.filter((_, i) => i % 2 === 0)],
      ["bluesky", posts.filter((_, i) => i % 2 === 1)],
    ] as const) {
      for (let i = 0; i < part.length; i += 500) {
        await storeMentions(api.store.db, { workspaceId: t.workspaceId, brandId: t.brandId, sourceId: null, network }, part.slice(i, i + 500), compiled, analyzer.analyze, { now: at });
      }
    }
    // The team has set some aside and corrected some.
    const some = await api.store.db.selectFrom("mentions").select(["id", "sentiment"]).where("brand_id", "=", t.brandId).orderBy("id").execute();
    expect(some.length).toBeGreaterThan(500);
    await updateMentions(api.listening, { userId: t.ownerId }, t.workspaceId, some.filter((_, i) => i % 17 === 0).map((m) => m.id), { irrelevant: true });
    await updateMentions(api.listening, { userId: t.ownerId }, t.workspaceId, some.filter((m, i) => i % 13 === 0 && m.sentiment === "neutral").map((m) => m.id), { sentiment: "negative" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("gives the same figures from the rollups as from the mentions", async () => {
    // Nothing computed yet: every figure comes from the mentions.
    expect((await staleDays()).length).toBeGreaterThanOrEqual(10);
    const fromMentions = await analytics();
    const negative = fromMentions["7 days to now"] as { negativity: { authors: unknown[] }; volume: { totals: { total: number } } };
    expect(negative.negativity.authors.length).toBeGreaterThan(0);
    expect(negative.volume.totals.total).toBeGreaterThan(100);

    const computed = await computeRollups(api.store.db, at);
    expect(computed).toBeGreaterThanOrEqual(10);
    // Every past day is computed; today is left to the mentions.
    expect(await staleDays()).toEqual(["2026-11-20"]);
    const hours = await api.store.db.selectFrom("mention_hours").select((eb) => eb.fn.countAll<number | string>().as("n")).where("brand_id", "=", t.brandId).executeTakeFirstOrThrow();
    expect(Number(hours.n)).toBeGreaterThan(100);
    expect(await analytics()).toEqual(fromMentions);
  });

  it("reads the rollups for whole past days", async () => {
    // A figure planted in a computed day shows; recomputing the day puts the truth back.
    const before = await analytics();
    await sql`update mention_hours set mentions = mentions + 1000 where brand_id = ${t.brandId} and scope = '' and hour = '2026-11-16T12' and sentiment = 'neutral'`.execute(api.store.db);
    const planted = (await analytics())["7 days to now"] as { volume: { totals: { neutral: number } } };
    expect(planted.volume.totals.neutral).toBe((before["7 days to now"] as typeof planted).volume.totals.neutral + 1000);
    await api.store.db.updateTable("listening_days").set({ touched: 99 }).where("brand_id", "=", t.brandId).where("day", "=", "2026-11-16").execute();
    expect(await computeRollups(api.store.db, at)).toBe(1);
    expect(await analytics()).toEqual(before);
  });

  it("shows a correction at once and recomputes the days it changed", async () => {
    const before = await analytics();
    // A negative original of five days ago with copies on other days.
    const original = await api.store.db
      .selectFrom("mentions as o")
      .innerJoin("mentions as c", "c.duplicate_of", "o.id")
      .select(["o.id", "o.published_at"])
      .where("o.brand_id", "=", t.brandId)
      .where("o.sentiment", "=", "negative")
      .where("o.irrelevant", "=", 0)
      .where("o.published_at", "<", "2026-11-19")
      .groupBy(["o.id", "o.published_at"])
      .orderBy(sql`count(*)`, "desc")
      .executeTakeFirstOrThrow();
    await updateMentions(api.listening, { userId: t.ownerId }, t.workspaceId, [original.id], { sentiment: "positive" });
    const stale = await staleDays();
    expect(stale).toContain(original.published_at.slice(0, 10));
    const corrected = await analytics();
    const week = (r: Record<string, unknown>) => r["all ten days, odd edges"] as { volume: { totals: { negative: number; positive: number } } };
    expect(week(corrected).volume.totals.negative).toBe(week(before).volume.totals.negative - 1);
    expect(week(corrected).volume.totals.positive).toBe(week(before).volume.totals.positive + 1);
    await computeRollups(api.store.db, at);
    expect(await staleDays()).toEqual(["2026-11-20"]);
    expect(await analytics()).toEqual(corrected);
  });

  it("drops a deleted query's rollups", async () => {
    const scoped = () => api.store.db.selectFrom("mention_author_days").select("day").where("brand_id", "=", t.brandId).where("scope", "=", queryIds[2] as string).execute();
    expect((await scoped()).length).toBeGreaterThan(0);
    const res = await api.app.inject({ method: "DELETE", url: `/api/workspaces/${t.workspaceId}/listening/queries/${queryIds[2]}`, headers: { cookie: t.owner } });
    expect(res.statusCode).toBe(204);
    expect(await scoped()).toHaveLength(0);
  });
});
