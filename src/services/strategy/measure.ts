/**
 * The daily figures KPIs are measured by, aggregated in the database from the rows analytics
 * keeps (src/services/analytics/track.ts): channel_days for followers, channel_posts for posts and
 * their counters, link_clicks for clicks by people, inbox_items for response times, and
 * audience_audits for the live share. Days are the brand's (its time zone), as on the dashboard.
 *
 * Only sums and medians leave the database: at most one row per channel and day, or per local
 * day and hour, whatever the number of posts, clicks or comments behind them.
 */
import { dayRange } from "../../domain/day-range.js";
import { linkClicksByDay } from "../analytics/dashboard.service.js";
import { type Kysely, SqliteAdapter, sql } from "kysely";
import { DateTime } from "luxon";
import type { Point } from "../../domain/kpi-forecast.js";
import { localParts } from "../../store/local-time.js";
import type { Database } from "../../store/schema.js";

export type Period = { from: string; to: string; zone: string };

/** Every day of the period, in order. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 })) out.push(d.toISODate() as string);
  return out;
}

export const shiftDay = (day: string, days: number) => DateTime.fromISO(day).plus({ days }).toISODate() as string;

/** The instants a period of a zone's days covers: [start of from, start of the day after to). */
export function instantsOf(p: Period): { start: Date; end: Date } {
  return dayRange(p.from, p.to, p.zone);
}

/**
 * Each channel's followers at the end of each day of the period: the day's reading, else the last
 * one before it (a channel not read on a day keeps its count). Days before a channel's first
 * reading have none.
 */
export async function followersByChannel(db: Kysely<Database>, channelIds: string[], p: Period): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (channelIds.length === 0) return out;
  // The last reading before the period, per channel: where each one starts.
  const before = await db
    .selectFrom("channel_days")
    .select(["channel_id", sql<string>`max(day)`.as("day")])
    .where("channel_id", "in", channelIds)
    .where("day", "<", p.from)
    .where("followers", "is not", null)
    .groupBy("channel_id")
    .execute();
  const rows = await db
    .selectFrom("channel_days")
    .select(["channel_id", "day", "followers"])
    .where("channel_id", "in", channelIds)
    .where((eb) => eb.or([eb.and([eb("day", ">=", p.from), eb("day", "<=", p.to)]), ...before.map((b) => eb.and([eb("channel_id", "=", b.channel_id), eb("day", "=", b.day)]))]))
    .where("followers", "is not", null)
    .orderBy("day")
    .execute();
  const known = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.followers === null) continue;
    if (!known.has(r.channel_id)) known.set(r.channel_id, new Map());
    known.get(r.channel_id)?.set(r.day, r.followers);
  }
  const days = daysOf(p.from, p.to);
  for (const [channelId, readings] of known) {
    const first = [...readings.keys()].sort()[0];
    let last: number | undefined = first !== undefined && first < p.from ? readings.get(first) : undefined;
    const filled = new Map<string, number>();
    for (const d of days) {
      last = readings.get(d) ?? last;
      if (last !== undefined) filled.set(d, last);
    }
    out.set(channelId, filled);
  }
  return out;
}

export type LatestAudit = { channelId: string; auditId: string; auditedAt: string; liveShare: number };

/** Each channel's latest audience audit at or before `at` (channels never audited are absent). */
export async function latestAudits(db: Kysely<Database>, workspaceId: string, channelIds: string[], at: string): Promise<Map<string, LatestAudit>> {
  if (channelIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("audience_audits as a")
    .innerJoin(
      (eb) =>
        eb
          .selectFrom("audience_audits")
          .select(["channel_id", sql<string>`max(audited_at)`.as("last")])
          .where("workspace_id", "=", workspaceId)
          .where("channel_id", "in", channelIds)
          .where("audited_at", "<=", at)
          .groupBy("channel_id")
          .as("l"),
      (j) => j.onRef("l.channel_id", "=", "a.channel_id").onRef("l.last", "=", "a.audited_at"),
    )
    .select(["a.id", "a.channel_id", "a.audited_at", "a.live_share"])
    .where("a.workspace_id", "=", workspaceId)
    .execute();
  return new Map(rows.map((r) => [r.channel_id, { channelId: r.channel_id, auditId: r.id, auditedAt: r.audited_at, liveShare: Number(r.live_share) }]));
}

/** Sums of the posts that went out on one local day (the pairs ER is computed from, as on the dashboard). */
export type PostDay = { posts: number; interactionsWithReach: number; reach: number; interactionsWithFollowers: number; followersAtPosts: number };

const n = (column: string) => sql`coalesce(${sql.ref(column)}, 0)`;
const interactions = sql`(${n("likes")} + ${n("comments")} + ${n("reposts")} + ${n("saves")})`;

/** The brand's channel posts per local day: count, and the ER pairs (only posts that report reach, or the followers at their time). */
export async function postsByDay(db: Kysely<Database>, brandId: string, channelIds: string[], p: Period): Promise<Map<string, PostDay>> {
  const out = new Map<string, PostDay>();
  if (channelIds.length === 0) return out;
  const { start, end } = instantsOf(p);
  const local = localParts("published_at", p.zone, start, end);
  const rows = await db
    .selectFrom("channel_posts")
    .select([
      local.day.as("day"),
      local.hour.as("hour"),
      sql<number>`count(*)`.as("posts"),
      sql<number>`sum(case when reach is not null then ${interactions} else 0 end)`.as("iwr"),
      sql<number>`sum(coalesce(reach, 0))`.as("reach"),
      sql<number>`sum(case when followers is not null then ${interactions} else 0 end)`.as("iwf"),
      sql<number>`sum(coalesce(followers, 0))`.as("followers"),
    ])
    .where("brand_id", "=", brandId)
    .where("channel_id", "in", channelIds)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    // By position: PostgreSQL would not match the select's expressions (their instants are parameters).
    .groupBy([sql`1`, sql`2`])
    .execute();
  for (const r of rows) {
    const { day } = local.resolve(r.day, r.hour);
    const d = out.get(day) ?? { posts: 0, interactionsWithReach: 0, reach: 0, interactionsWithFollowers: 0, followersAtPosts: 0 };
    d.posts += Number(r.posts);
    d.interactionsWithReach += Number(r.iwr);
    d.reach += Number(r.reach);
    d.interactionsWithFollowers += Number(r.iwf);
    d.followersAtPosts += Number(r.followers);
    out.set(day, d);
  }
  return out;
}

/** Clicks by people (bots left out) on Chorus's short links of the channels, per local day: the dashboard's count. */
export async function clicksByDay(db: Kysely<Database>, workspaceId: string, channelIds: string[], p: Period): Promise<Map<string, number>> {
  const { start, end } = instantsOf(p);
  return linkClicksByDay(db, workspaceId, channelIds, p.zone, start, end);
}

/** Minutes from a comment's arrival to the first reply sent through Chorus, in each database's date arithmetic. */
function responseMinutes(db: Kysely<Database>) {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<number>`((julianday(first_response_at) - julianday(occurred_at)) * 1440.0)`
    : sql<number>`(extract(epoch from (cast(first_response_at as timestamptz) - cast(occurred_at as timestamptz))) / 60.0)`;
}

/**
 * The median first response (minutes) of the items that arrived in the period and were answered:
 * per local day of arrival (`byDay`), or over the whole period (under the key "all"). The median
 * is taken in the database: the middle row (or the mean of the two middle rows) by rank.
 */
export async function responseMedians(db: Kysely<Database>, brandId: string, channelIds: string[], p: Period, byDay: boolean): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (channelIds.length === 0) return out;
  const { start, end } = instantsOf(p);
  const local = localParts("occurred_at", p.zone, start, end);
  const minutes = responseMinutes(db);
  // The local day is the UTC day plus a carry of −1, 0 or +1 (see local-time.ts): both partition.
  const dayKey = byDay ? sql`${local.day}` : sql`'all'`;
  const carry = byDay ? sql`((${local.hour}) + 24) / 24` : sql`1`;
  const rows = await db
    .selectFrom(
      db
        .selectFrom("inbox_items")
        .select([
          dayKey.as("d"),
          carry.as("c"),
          minutes.as("m"),
          sql<number>`row_number() over (partition by ${dayKey}, ${carry} order by ${minutes})`.as("rn"),
          sql<number>`count(*) over (partition by ${dayKey}, ${carry})`.as("cnt"),
        ])
        .where("brand_id", "=", brandId)
        .where("channel_id", "in", channelIds)
        .where("first_response_at", "is not", null)
        .where("occurred_at", ">=", start.toISOString())
        .where("occurred_at", "<", end.toISOString())
        .as("x"),
    )
    .select(["x.d", "x.c", sql<number>`avg(x.m)`.as("median")])
    .where((eb) => eb.or([eb("x.rn", "=", sql<number>`(x.cnt + 1) / 2`), eb("x.rn", "=", sql<number>`(x.cnt + 2) / 2`)]))
    .groupBy(["x.d", "x.c"])
    .execute();
  for (const r of rows) {
    const key = byDay ? local.resolve(r.d, (Number(r.c) - 1) * 24).day : "all";
    out.set(key, Math.max(0, Number(r.median)));
  }
  return out;
}

/** A trailing sum over `window` days ending on each day of `days` (days without a value count as 0). */
export function trailing(days: readonly string[], values: Map<string, number>, window: number): Point[] {
  return days.map((day) => {
    let sum = 0;
    for (let i = 0; i < window; i++) sum += values.get(shiftDay(day, -i)) ?? 0;
    return { day, value: sum };
  });
}
