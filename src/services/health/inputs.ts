/**
 * What the plan health rules look at, read from the store for one brand and period. Posts are
 * read one row per variant (the findings link to them, and a brand plans hundreds a month, not
 * millions); everything that grows with the audience — the engagement history, comments, response
 * times, ER by followers — is summed, counted or ranked in the database, and only bounded samples
 * of ids leave it.
 */
import { type Kysely, sql } from "kysely";
import { DateTime } from "luxon";
import type { ChannelAudit, ChannelEngagement, DeletedComment, InboxStats } from "../../domain/plan-health-audience.js";
import type { HourCell, PlanChannel, PlanPost } from "../../domain/plan-health.js";
import { maxItems } from "../../domain/plan-health.js";
import type { PlanHealthInput } from "../../domain/plan-health-check.js";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { localParts } from "../../store/local-time.js";
import type { Database } from "../../store/schema.js";
import { readStrategy } from "../strategy/strategy.service.js";
import { responseMedians } from "../strategy/measure.js";

const dayMs = 86_400_000;
/** The engagement history behind the hours: like the composer's best times, the last 90 days. */
const historyDays = 90;
/** Counters accrue for about two days (sync-metrics' schedule): younger posts would look weak at any hour. */
const settleMs = 2 * dayMs;
const answerable = ["comment", "reply", "message"] as const;

export type BrandRow = { id: string; workspace_id: string; name: string; timezone: string; locale: string; settings: string };

export type Gathered = { input: PlanHealthInput; summary: { posts: number; planned: number; published: number; historyPosts: number; comments: number } };

export async function channelsOfBrand(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<PlanChannel[]> {
  const rows = await db
    .selectFrom("channels")
    .select(["id", "name", "network", "created_at"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("status", "!=", "disconnected")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, network: r.network, since: r.created_at }));
}

/** The period's posts per channel: published ones at their publication's time, planned ones at their scheduled time. */
export async function planPosts(db: Kysely<Database>, workspaceId: string, channelIds: string[], start: Date, end: Date): Promise<PlanPost[]> {
  if (channelIds.length === 0) return [];
  const published = await db
    .selectFrom("publications as pb")
    .innerJoin("variants as v", "v.id", "pb.variant_id")
    .innerJoin("posts as p", "p.id", "v.post_id")
    .select(["p.id as postId", "v.id as variantId", "v.channel_id as channelId", "pb.published_at as at", "p.format", "p.rubric"])
    .where("pb.workspace_id", "=", workspaceId)
    .where("pb.channel_id", "in", channelIds)
    .where("pb.item", "=", 0)
    .where("pb.status", "=", "published")
    .where("pb.published_at", ">=", start.toISOString())
    .where("pb.published_at", "<", end.toISOString())
    .execute();
  const planned = await db
    .selectFrom("variants as v")
    .innerJoin("posts as p", "p.id", "v.post_id")
    .select(["p.id as postId", "v.id as variantId", "v.channel_id as channelId", "v.scheduled_at as at", "p.format", "p.rubric"])
    .where("v.workspace_id", "=", workspaceId)
    .where("v.channel_id", "in", channelIds)
    .where("v.status", "in", ["scheduled", "publishing", "held"])
    .where("p.status", "!=", "cancelled")
    .where("v.scheduled_at", ">=", start.toISOString())
    .where("v.scheduled_at", "<", end.toISOString())
    .execute();
  return [
    ...published.map((r) => ({ ...r, at: r.at as string, state: "published" as const })),
    ...planned.map((r) => ({ ...r, at: r.at as string, state: "scheduled" as const })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Engagement per post by the brand's local hour over the last 90 days (channel_posts: Chorus's own
 * and imported posts with their latest counters). Each channel's sums by hour come from the
 * database; a post's weight is its channel's mean, so channels of any size pool (see HourCell).
 */
export async function hourCells(db: Kysely<Database>, workspaceId: string, brandId: string, zone: string, now: Date): Promise<{ cells: HourCell[]; posts: number }> {
  const to = new Date(now.getTime() - settleMs);
  const from = new Date(now.getTime() - historyDays * dayMs);
  const local = localParts("published_at", zone, from, to);
  const hour = sql<number>`((${local.hour}) + 48) % 24`;
  const interactions = sql<number>`sum(coalesce(likes, 0) + coalesce(comments, 0) + coalesce(reposts, 0) + coalesce(saves, 0))`;
  const rows = await db
    .selectFrom("channel_posts")
    .select(["channel_id", hour.as("h"), sql<number>`count(*)`.as("n"), interactions.as("i")])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("published_at", ">=", from.toISOString())
    .where("published_at", "<", to.toISOString())
    .where("metrics_at", "is not", null)
    // By position: PostgreSQL would not match the select's expression (its instants are parameters).
    .groupBy([sql`1`, sql`2`])
    .execute();
  const perChannel = new Map<string, { n: number; i: number }>();
  for (const r of rows) {
    const c = perChannel.get(r.channel_id) ?? { n: 0, i: 0 };
    c.n += Number(r.n);
    c.i += Number(r.i);
    perChannel.set(r.channel_id, c);
  }
  const byHour = new Map<number, { posts: number; weighted: number }>();
  let posts = 0;
  for (const r of rows) {
    const ch = perChannel.get(r.channel_id)!;
    const mean = ch.i / ch.n;
    // A channel whose posts never got an interaction says nothing about hours.
    if (!(mean > 0)) continue;
    const h = Number(r.h);
    const cell = byHour.get(h) ?? { posts: 0, weighted: 0 };
    cell.posts += Number(r.n);
    cell.weighted += Number(r.i) / mean;
    byHour.set(h, cell);
    posts += Number(r.n);
  }
  const cells = [...byHour.entries()].map(([h, c]) => ({ hour: h, posts: c.posts, index: c.weighted / c.posts })).sort((a, b) => a.hour - b.hour);
  return { cells, posts };
}

/** Comments past the answer target, answers after it, and the median first response, counted in the database. */
export async function inboxStats(db: Kysely<Database>, o: { workspaceId: string; brandId: string; channelIds: string[]; zone: string; from: string; to: string; start: Date; end: Date; now: Date; targetMinutes: number }): Promise<InboxStats> {
  const empty: InboxStats = { targetMinutes: o.targetMinutes, unanswered: [], unansweredCount: 0, unansweredNegative: 0, answered: 0, answeredLate: 0, medianFirstResponseMinutes: null, late: [] };
  if (o.channelIds.length === 0) return empty;
  const nowIso = o.now.toISOString();
  const base = () =>
    db
      .selectFrom("inbox_items")
      .where("workspace_id", "=", o.workspaceId)
      .where("brand_id", "=", o.brandId)
      .where("channel_id", "in", o.channelIds)
      .where("kind", "in", answerable)
      .where("occurred_at", ">=", o.start.toISOString())
      .where("occurred_at", "<", o.end.toISOString());
  const waiting = () => base().where("first_response_at", "is", null).where("deleted_at", "is", null).where("hidden_at", "is", null).where("status", "!=", "resolved").where("due_at", "<", nowIso);
  const counts = await waiting()
    .select([sql<number>`count(*)`.as("n"), sql<number>`sum(case when sentiment = 'negative' then 1 else 0 end)`.as("neg")])
    .executeTakeFirst();
  const sample = await waiting()
    .select(["id", "occurred_at", "sentiment"])
    .orderBy(sql`case when sentiment = 'negative' then 0 else 1 end`)
    .orderBy("occurred_at")
    .limit(maxItems)
    .execute();
  const answered = await base()
    .where("first_response_at", "is not", null)
    .select([sql<number>`count(*)`.as("n"), sql<number>`sum(case when due_at is not null and first_response_at > due_at then 1 else 0 end)`.as("late")])
    .executeTakeFirst();
  const late = await base().where("first_response_at", "is not", null).where("due_at", "is not", null).whereRef("first_response_at", ">", "due_at").select(["id"]).orderBy("occurred_at", "desc").limit(maxItems).execute();
  const medians = await responseMedians(db, o.brandId, o.channelIds, { from: o.from, to: o.to, zone: o.zone }, false);
  return {
    targetMinutes: o.targetMinutes,
    unanswered: sample.map((r) => ({ id: r.id, occurredAt: r.occurred_at, negative: r.sentiment === "negative" })),
    unansweredCount: Number(counts?.n ?? 0),
    unansweredNegative: Number(counts?.neg ?? 0),
    answered: Number(answered?.n ?? 0),
    answeredLate: Number(answered?.late ?? 0),
    medianFirstResponseMinutes: medians.get("all") ?? null,
    late: late.map((r) => ({ id: r.id })),
  };
}

/** Negative comments the team deleted in the period (deleted_at is set only by a person's delete through Chorus). */
export async function deletedNegatives(db: Kysely<Database>, workspaceId: string, brandId: string, start: Date, end: Date): Promise<DeletedComment[]> {
  const rows = await db
    .selectFrom("inbox_items")
    .select(["id", "deleted_at", "first_response_at", "hidden_at"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("sentiment", "=", "negative")
    .where("deleted_at", ">=", start.toISOString())
    .where("deleted_at", "<", end.toISOString())
    .orderBy("deleted_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, deletedAt: r.deleted_at as string, answered: r.first_response_at !== null, hidden: r.hidden_at !== null }));
}

/** Each channel's latest audience audit up to now. */
export async function latestChannelAudits(db: Kysely<Database>, workspaceId: string, channelIds: string[], now: Date): Promise<ChannelAudit[]> {
  if (channelIds.length === 0) return [];
  const rows = await db
    .selectFrom("audience_audits as a")
    .innerJoin(
      (eb) =>
        eb
          .selectFrom("audience_audits")
          .select(["channel_id", sql<string>`max(audited_at)`.as("last")])
          .where("workspace_id", "=", workspaceId)
          .where("channel_id", "in", channelIds)
          .where("audited_at", "<=", now.toISOString())
          .groupBy("channel_id")
          .as("l"),
      (j) => j.onRef("l.channel_id", "=", "a.channel_id").onRef("l.last", "=", "a.audited_at"),
    )
    .select(["a.channel_id", "a.audited_at", "a.sample_size", "a.bot_share", "a.dead_share", "a.live_share"])
    .where("a.workspace_id", "=", workspaceId)
    .execute();
  return rows.map((r) => ({ channelId: r.channel_id, auditedAt: r.audited_at, sampleSize: Number(r.sample_size), botShare: Number(r.bot_share), deadShare: Number(r.dead_share), liveShare: Number(r.live_share) }));
}

/** ER by followers per channel over the period's settled posts (interactions ÷ the channel's followers at posting), and its weakest posts. */
export async function channelEngagement(db: Kysely<Database>, workspaceId: string, brandId: string, start: Date, end: Date, now: Date): Promise<ChannelEngagement[]> {
  const until = new Date(Math.min(end.getTime(), now.getTime() - settleMs)).toISOString();
  const interactions = sql<number>`(coalesce(cp.likes, 0) + coalesce(cp.comments, 0) + coalesce(cp.reposts, 0) + coalesce(cp.saves, 0))`;
  const scoped = () =>
    db
      .selectFrom("channel_posts as cp")
      .where("cp.workspace_id", "=", workspaceId)
      .where("cp.brand_id", "=", brandId)
      .where("cp.published_at", ">=", start.toISOString())
      .where("cp.published_at", "<", until)
      .where("cp.metrics_at", "is not", null)
      .where("cp.followers", ">", 0);
  const sums = await scoped()
    .select(["cp.channel_id", sql<number>`count(*)`.as("n"), sql<number>`sum(${interactions})`.as("i"), sql<number>`sum(cp.followers)`.as("f"), sql<number>`max(cp.followers)`.as("top")])
    .groupBy("cp.channel_id")
    .execute();
  const out: ChannelEngagement[] = [];
  for (const s of sums) {
    const lowest = await scoped()
      .leftJoin("publications as pb", "pb.id", "cp.publication_id")
      .leftJoin("variants as v", "v.id", "pb.variant_id")
      .select(["v.post_id", interactions.as("i")])
      .where("cp.channel_id", "=", s.channel_id)
      .orderBy(interactions)
      .limit(5)
      .execute();
    out.push({
      channelId: s.channel_id,
      posts: Number(s.n),
      followers: Number(s.top),
      // The pooled ratio Σ interactions ÷ Σ followers (the dashboard's ER by followers), in percent.
      erFollowers: (Number(s.i) / Number(s.f)) * 100,
      lowest: lowest.map((l) => ({ postId: l.post_id ?? null, interactions: Number(l.i) })),
    });
  }
  return out;
}

/** Everything the rules need for the brand's days [from, to]. */
export async function gatherInputs(db: Kysely<Database>, brand: BrandRow, period: { from: string; to: string }, now: Date): Promise<Gathered> {
  const zone = brand.timezone;
  const start = DateTime.fromISO(period.from, { zone }).startOf("day").toJSDate();
  const end = DateTime.fromISO(period.to, { zone }).plus({ days: 1 }).startOf("day").toJSDate();
  const channels = await channelsOfBrand(db, brand.workspace_id, brand.id);
  const ids = channels.map((c) => c.id);
  const settings = parseBrandSettings(brand.settings, brand.locale);
  const posts = await planPosts(db, brand.workspace_id, ids, start, end);
  const hours = await hourCells(db, brand.workspace_id, brand.id, zone, now);
  const inbox = await inboxStats(db, { workspaceId: brand.workspace_id, brandId: brand.id, channelIds: ids, zone, from: period.from, to: period.to, start, end, now, targetMinutes: settings.responseSlaMinutes });
  const strategy = await readStrategy(db, brand.workspace_id, brand.id);
  const input: PlanHealthInput = {
    zone,
    start: start.toISOString(),
    end: end.toISOString(),
    now: now.toISOString(),
    channels,
    posts,
    mix: strategy?.strategy.contentMix ?? [],
    hours: hours.cells,
    inbox,
    deleted: await deletedNegatives(db, brand.workspace_id, brand.id, start, end),
    audits: await latestChannelAudits(db, brand.workspace_id, ids, now),
    engagement: await channelEngagement(db, brand.workspace_id, brand.id, start, end, now),
  };
  const planned = posts.filter((p) => p.state === "scheduled").length;
  return {
    input,
    summary: { posts: new Set(posts.map((p) => p.postId)).size, planned, published: posts.length - planned, historyPosts: hours.posts, comments: inbox.answered + inbox.unansweredCount },
  };
}
