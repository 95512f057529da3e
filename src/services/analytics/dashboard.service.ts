/**
 * The analytics dashboard of a brand, a channel, a campaign or all brands of a workspace, for a
 * period of the brand's days with the previous period of the same length beside it.
 *
 * Posts count in the period they went out in, with their latest counters (channel_posts). All the
 * counters are sums, so the database sums them once per finest group — channel × format × rubric,
 * and local day × hour — and the totals, the breakdowns, the daily series and the weekday × hour
 * heatmap are added up from those few rows here: two passes over the period's posts, whatever the
 * number of snapshots behind them. Rates are computed from the sums (src/domain/metrics.ts), never
 * averaged. Days and hours are the brand's (its time zone, in the query: src/store/local-time.ts);
 * across brands, each brand's own.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import { DateTime } from "luxon";
import { formulas, type Growth, growthOf, type PostTotals, type Rates, ratesOf, ratio } from "../../domain/metrics.js";
import { AppError, notFound } from "../../errors.js";
import type { AudienceBucket } from "../../connectors/types.js";
import { localParts } from "../../store/local-time.js";
import type { Database } from "../../store/schema.js";
import { dayRange } from "../../domain/day-range.js";
import type { BrandScope } from "../../domain/roles.js";
import { type Actor, requireBrandAccess } from "../access.js";

export type DashboardQuery = {
  /** One brand; without it, every brand of the workspace. */
  brandId?: string | undefined;
  channelId?: string | undefined;
  campaign?: string | undefined;
  /** First and last day of the period (YYYY-MM-DD, the brand's days), inclusive. */
  from: string;
  to: string;
  /** What ranks the best and worst posts. */
  rankBy?: RankMetric | undefined;
};

export const rankMetrics = ["interactions", "erReach", "erFollowers", "reach", "views", "likes", "comments", "reposts", "clicks"] as const;
export type RankMetric = (typeof rankMetrics)[number];

export type Breakdown = { key: string; label: string; totals: PostTotals; rates: Rates };
export type SeriesPoint = { day: string; posts: number; interactions: number; reach: number | null; impressions: number | null; views: number | null; followers: number | null; linkClicks: number };
export type HeatCell = { weekday: number; hour: number; posts: number; interactions: number; reach: number | null; interactionsWithReach: number; erReach: number | null; avgInteractions: number };
export type RankedPost = {
  id: string;
  channelId: string;
  channelName: string;
  network: string;
  url: string | null;
  text: string;
  format: string;
  rubric: string | null;
  publishedAt: string;
  reach: number | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  clicks: number | null;
  interactions: number;
  erReach: number | null;
  erFollowers: number | null;
};
export type FunnelStep = { key: "reach" | "followers" | "engaged" | "visitors" | "conversions"; value: number | null; conversion: number | null };
export type AudienceDay = { day: string; followers: number | null; joined: number | null; left: number | null; net: number | null };
export type Demographics = { day: string; channels: number; sex: AudienceBucket[]; age: AudienceBucket[]; cities: AudienceBucket[]; countries: AudienceBucket[] };

export type Dashboard = {
  scope: { workspaceId: string; brands: { id: string; name: string; timezone: string }[]; channels: { id: string; name: string; network: string; brandId: string }[]; channelId: string | null; campaign: string | null };
  period: { from: string; to: string; days: number };
  previous: { from: string; to: string };
  totals: PostTotals;
  rates: Rates;
  previousTotals: PostTotals;
  previousRates: Rates;
  followers: Growth;
  previousFollowers: Growth;
  linkClicks: number;
  previousLinkClicks: number;
  engagedPeople: number;
  byFormat: Breakdown[];
  byNetwork: Breakdown[];
  byRubric: Breakdown[];
  byChannel: Breakdown[];
  series: SeriesPoint[];
  heatmap: HeatCell[];
  rankBy: RankMetric;
  best: RankedPost[];
  worst: RankedPost[];
  audience: AudienceDay[];
  /** The audience by sex, age, city and country where the network reports it (VK): the latest day of the period. */
  demographics: Demographics | null;
  funnel: FunnelStep[];
  formulas: typeof formulas;
};

const maxPeriodDays = 731;
const rankedPosts = 10;

export function emptyTotals(): PostTotals {
  return {
    posts: 0,
    likes: 0,
    comments: 0,
    reposts: 0,
    saves: 0,
    interactions: 0,
    reach: null,
    interactionsWithReach: 0,
    impressions: null,
    views: null,
    interactionsWithViews: 0,
    viewsWithImpressions: 0,
    impressionsWithViews: 0,
    clicks: null,
    impressionsWithClicks: 0,
    clicksWithImpressions: 0,
    followersAtPosts: null,
    interactionsWithFollowers: 0,
    likesWithFollowers: 0,
    commentsWithFollowers: 0,
    repostsWithFollowers: 0,
  };
}

const addNullable = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** Adds b into a (every field is a sum; null is "reported by none of the posts"). */
export function addTotals(a: PostTotals, b: PostTotals): PostTotals {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof PostTotals)[]) {
    const x = a[k];
    const y = b[k];
    (out as Record<string, number | null>)[k] = typeof x === "number" && typeof y === "number" ? x + y : addNullable(x, y);
  }
  return out;
}

// --- SQL ---------------------------------------------------------------------------------------

const n = (column: string) => sql`coalesce(${sql.ref(column)}, 0)`;
const interactionsSql = sql`(${n("likes")} + ${n("comments")} + ${n("reposts")} + ${n("saves")})`;
const whenKnown = (column: string, value: RawBuilder<unknown> | Expression<unknown>) => sql`sum(case when ${sql.ref(column)} is not null then ${value} end)`;

/** The sums of PostTotals, as select items (snake names, read back by totalsOf). */
const totalsSelect = [
  sql<number>`count(*)`.as("posts"),
  sql<number>`sum(${n("likes")})`.as("likes"),
  sql<number>`sum(${n("comments")})`.as("comments"),
  sql<number>`sum(${n("reposts")})`.as("reposts"),
  sql<number>`sum(${n("saves")})`.as("saves"),
  sql<number>`sum(${interactionsSql})`.as("interactions"),
  sql<number | null>`sum(reach)`.as("reach"),
  whenKnown("reach", interactionsSql).as("interactions_with_reach"),
  sql<number | null>`sum(impressions)`.as("impressions"),
  sql<number | null>`sum(views)`.as("views"),
  whenKnown("views", interactionsSql).as("interactions_with_views"),
  whenKnown("impressions", sql.ref("views")).as("views_with_impressions"),
  whenKnown("views", sql.ref("impressions")).as("impressions_with_views"),
  sql<number | null>`sum(clicks)`.as("clicks"),
  whenKnown("clicks", sql.ref("impressions")).as("impressions_with_clicks"),
  whenKnown("impressions", sql.ref("clicks")).as("clicks_with_impressions"),
  sql<number | null>`sum(followers)`.as("followers_at_posts"),
  whenKnown("followers", interactionsSql).as("interactions_with_followers"),
  whenKnown("followers", n("likes")).as("likes_with_followers"),
  whenKnown("followers", n("comments")).as("comments_with_followers"),
  whenKnown("followers", n("reposts")).as("reposts_with_followers"),
];

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function totalsOf(r: Row): PostTotals {
  return {
    posts: num(r.posts),
    likes: num(r.likes),
    comments: num(r.comments),
    reposts: num(r.reposts),
    saves: num(r.saves),
    interactions: num(r.interactions),
    reach: numOrNull(r.reach),
    interactionsWithReach: num(r.interactions_with_reach),
    impressions: numOrNull(r.impressions),
    views: numOrNull(r.views),
    interactionsWithViews: num(r.interactions_with_views),
    viewsWithImpressions: num(r.views_with_impressions),
    impressionsWithViews: num(r.impressions_with_views),
    clicks: numOrNull(r.clicks),
    impressionsWithClicks: num(r.impressions_with_clicks),
    clicksWithImpressions: num(r.clicks_with_impressions),
    followersAtPosts: numOrNull(r.followers_at_posts),
    interactionsWithFollowers: num(r.interactions_with_followers),
    likesWithFollowers: num(r.likes_with_followers),
    commentsWithFollowers: num(r.comments_with_followers),
    repostsWithFollowers: num(r.reposts_with_followers),
  };
}

// --- Periods -----------------------------------------------------------------------------------

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

export function checkDays(from: string, to: string): { days: number } {
  const problems = [];
  if (!isoDay.test(from) || !DateTime.fromISO(from).isValid) problems.push({ path: "from", message: "Must be a day, YYYY-MM-DD" });
  if (!isoDay.test(to) || !DateTime.fromISO(to).isValid) problems.push({ path: "to", message: "Must be a day, YYYY-MM-DD" });
  if (problems.length) throw new AppError("validation_failed", "from and to must be days (YYYY-MM-DD).", { errors: problems });
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), "days").days + 1;
  if (days < 1) throw new AppError("validation_failed", "The period ends before it starts: to must not be before from.", { errors: [{ path: "to", message: "Must not be before from" }] });
  if (days > maxPeriodDays) throw new AppError("validation_failed", `The period is longer than ${maxPeriodDays} days: choose a shorter one.`, { errors: [{ path: "from", message: "Too long a period" }] });
  return { days };
}

/** The instants a period of a zone's days covers: [start of from, start of the day after to). */

/** Conversions the brand's site reported in a span; with a campaign, those attributed to it. */
async function conversionsOf(db: Kysely<Database>, workspaceId: string, brandId: string, campaign: string | null, start: Date, end: Date): Promise<number> {
  let q = db
    .selectFrom("conversions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("conversions.workspace_id", "=", workspaceId)
    .where("conversions.brand_id", "=", brandId)
    .where("conversions.occurred_at", ">=", start.toISOString())
    .where("conversions.occurred_at", "<", end.toISOString());
  if (campaign !== null) q = q.where("conversions.campaign_id", "in", (eb) => eb.selectFrom("campaigns").select("id").where("brand_id", "=", brandId).where("name", "=", campaign));
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

const shiftDay = (day: string, days: number) => DateTime.fromISO(day).plus({ days }).toISODate() as string;

// --- One brand ---------------------------------------------------------------------------------

type Filter = { brandId: string; channelIds: string[] | null; campaign: string | null };

type BrandPart = {
  groups: { channelId: string; format: string; rubric: string | null; totals: PostTotals }[];
  hours: { day: string; hour: number; totals: PostTotals }[];
};

function scoped<QB extends { where: (...a: never[]) => QB }>(qb: QB, f: Filter): QB {
  // biome-ignore lint/suspicious/noExplicitAny: the builder's where is generic over the table
  let q: any = qb;
  q = q.where("brand_id", "=", f.brandId);
  if (f.channelIds) q = q.where("channel_id", "in", f.channelIds.length ? f.channelIds : [""]);
  if (f.campaign !== null) q = q.where("campaign", "=", f.campaign);
  return q;
}

async function brandPart(db: Kysely<Database>, f: Filter, zone: string, start: Date, end: Date, withHours: boolean): Promise<BrandPart> {
  const groupsQ = scoped(db.selectFrom("channel_posts").select(["channel_id", "format", "rubric", ...totalsSelect]), f)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    .groupBy(["channel_id", "format", "rubric"]);
  const groups = (await groupsQ.execute()).map((r) => ({ channelId: r.channel_id, format: r.format, rubric: r.rubric, totals: totalsOf(r as Row) }));
  if (!withHours) return { groups, hours: [] };
  const local = localParts("published_at", zone, start, end);
  const hoursQ = scoped(db.selectFrom("channel_posts").select([local.day.as("day"), local.hour.as("hour"), ...totalsSelect]), f)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    // By position: PostgreSQL would not match the select's expressions (the CASE's instants are parameters in each).
    .groupBy([sql`1`, sql`2`]);
  const hours = (await hoursQ.execute()).map((r) => ({ ...local.resolve(r.day, r.hour), totals: totalsOf(r as Row) }));
  return { groups, hours };
}

/**
 * Each channel's followers at the end of each of `days` (its last day with a count at or before
 * it): the days in one pass of the primary key (an aggregate per cut-off), then their counts.
 */
async function followersOn(db: Kysely<Database>, channelIds: string[], days: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map(days.map((d) => [d, new Map<string, number>()]));
  if (channelIds.length === 0 || days.length === 0) return out;
  const last = await db
    .selectFrom("channel_days")
    .select(["channel_id", ...days.map((d, i) => sql<string | null>`max(day) filter (where day <= ${d})`.as(`d${i}`))])
    .where("channel_id", "in", channelIds)
    .where("day", "<=", [...days].sort().at(-1) as string)
    .where("followers", "is not", null)
    .groupBy("channel_id")
    .execute();
  const wanted = new Map<string, string[]>();
  for (const r of last as Record<string, string | null>[]) {
    days.forEach((d, i) => {
      const day = r[`d${i}`];
      if (day) wanted.set(`${r.channel_id}|${day}`, [...(wanted.get(`${r.channel_id}|${day}`) ?? []), d]);
    });
  }
  if (wanted.size === 0) return out;
  const rows = await db
    .selectFrom("channel_days")
    .select(["channel_id", "day", "followers"])
    .where("channel_id", "in", [...new Set(last.map((r) => r.channel_id))])
    .where("day", "in", [...new Set([...wanted.keys()].map((k) => k.slice(k.indexOf("|") + 1)))])
    .execute();
  for (const r of rows) {
    if (r.followers === null) continue;
    for (const d of wanted.get(`${r.channel_id}|${r.day}`) ?? []) out.get(d)?.set(r.channel_id, r.followers);
  }
  return out;
}

/** Each channel's first count within [from, to]: the start of a channel connected during the period. */
async function firstFollowers(db: Kysely<Database>, channelIds: string[], from: string, to: string): Promise<Map<string, number>> {
  if (channelIds.length === 0) return new Map();
  const first = await db
    .selectFrom("channel_days")
    .select(["channel_id", sql<string>`min(day)`.as("day")])
    .where("channel_id", "in", channelIds)
    .where("day", ">=", from)
    .where("day", "<=", to)
    .where("followers", "is not", null)
    .groupBy("channel_id")
    .execute();
  if (first.length === 0) return new Map();
  const rows = await db
    .selectFrom("channel_days")
    .select(["channel_id", "day", "followers"])
    .where(
      "channel_id",
      "in",
      first.map((f) => f.channel_id),
    )
    .where("day", "in", [...new Set(first.map((f) => f.day))])
    .execute();
  const wanted = new Set(first.map((f) => `${f.channel_id}|${f.day}`));
  return new Map(rows.flatMap((r) => (r.followers !== null && wanted.has(`${r.channel_id}|${r.day}`) ? [[r.channel_id, r.followers]] : [])));
}

/**
 * Followers at the start (end of the day before, else the first reading in the period) and at the
 * end of each period, the ends of all periods read at once.
 */
async function followersGrowth(db: Kysely<Database>, channelIds: string[], periods: { from: string; to: string }[]): Promise<{ start: number | null; end: number | null }[]> {
  const cutoffs = [...new Set(periods.flatMap((p) => [shiftDay(p.from, -1), p.to]))];
  const at = await followersOn(db, channelIds, cutoffs);
  const out = [];
  for (const p of periods) {
    const before = new Map(at.get(shiftDay(p.from, -1)));
    const after = at.get(p.to) ?? new Map<string, number>();
    const missing = channelIds.filter((id) => !before.has(id));
    if (missing.length) for (const [id, n] of await firstFollowers(db, missing, p.from, p.to)) before.set(id, n);
    // Only channels read at both ends compare: a channel connected mid-period is not "growth".
    const both = channelIds.filter((id) => before.has(id) && after.has(id));
    if (both.length === 0) out.push({ start: null, end: after.size ? [...after.values()].reduce((a, b) => a + b, 0) : null });
    else out.push({ start: both.reduce((s, id) => s + (before.get(id) ?? 0), 0), end: both.reduce((s, id) => s + (after.get(id) ?? 0), 0) });
  }
  return out;
}

/** Clicks by people on Chorus's short links of the channels, per local day: the links first, then their clicks by (link, time). */
export async function linkClicksByDay(db: Kysely<Database>, workspaceId: string, channelIds: string[], zone: string, start: Date, end: Date): Promise<Map<string, number>> {
  if (channelIds.length === 0) return new Map();
  const links = (await db.selectFrom("links").select("id").where("workspace_id", "=", workspaceId).where("channel_id", "in", channelIds).execute()).map((l) => l.id);
  const out = new Map<string, number>();
  const local = localParts("clicked_at", zone, start, end);
  for (let i = 0; i < links.length; i += 500) {
    const rows = await db
      .selectFrom("link_clicks")
      .select([local.day.as("day"), local.hour.as("hour"), sql<number>`count(*)`.as("n")])
      .where("link_id", "in", links.slice(i, i + 500))
      .where("clicked_at", ">=", start.toISOString())
      .where("clicked_at", "<", end.toISOString())
      .where("bot", "=", 0)
      .groupBy([sql`1`, sql`2`])
      .execute();
    for (const r of rows) {
      const { day } = local.resolve(r.day, r.hour);
      out.set(day, (out.get(day) ?? 0) + Number(r.n));
    }
  }
  return out;
}

/** People who commented, replied or wrote to the channels in the period (distinct authors per channel). */
async function engagedPeople(db: Kysely<Database>, brandId: string, channelIds: string[], start: Date, end: Date): Promise<number> {
  if (channelIds.length === 0) return 0;
  const row = await db
    .selectFrom("inbox_items")
    .select(sql<number>`count(distinct channel_id || ':' || author_handle)`.as("n"))
    // The brand is the workspace's (checked above): by brand alone the index covers the count.
    .where("brand_id", "=", brandId)
    .where("channel_id", "in", channelIds)
    .where("occurred_at", ">=", start.toISOString())
    .where("occurred_at", "<", end.toISOString())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function audienceDays(db: Kysely<Database>, channelIds: string[], from: string, to: string): Promise<AudienceDay[]> {
  if (channelIds.length === 0) return [];
  const rows = await db
    .selectFrom("channel_days")
    .select(["channel_id", "day", "followers", "joined", "left"])
    .where("channel_id", "in", channelIds)
    .where("day", ">=", shiftDay(from, -1))
    .where("day", "<=", to)
    .orderBy("day")
    .execute();
  // A channel not read on a day keeps its last count (carried forward), so the sum does not dip.
  const last = new Map<string, number>();
  const byDay = new Map<string, { joined: number | null; left: number | null }>();
  const perDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.followers !== null) {
      const m = perDay.get(r.day) ?? new Map<string, number>();
      m.set(r.channel_id, r.followers);
      perDay.set(r.day, m);
    }
    const d = byDay.get(r.day) ?? { joined: null, left: null };
    d.joined = addNullable(d.joined, r.joined);
    d.left = addNullable(d.left, r.left);
    byDay.set(r.day, d);
  }
  const out: AudienceDay[] = [];
  let previous: number | null = null;
  for (let day = shiftDay(from, -1); day <= to; day = shiftDay(day, 1)) {
    for (const [channel, followers] of perDay.get(day) ?? []) last.set(channel, followers);
    const followers = last.size ? [...last.values()].reduce((a, b) => a + b, 0) : null;
    if (day >= from) {
      const d = byDay.get(day);
      out.push({ day, followers, joined: d?.joined ?? null, left: d?.left ?? null, net: followers !== null && previous !== null ? followers - previous : null });
    }
    previous = followers;
  }
  return out;
}

/** Each channel's latest audience breakdown in the period, added up over the channels (cities and countries: the top 10). */
async function demographicsOf(db: Kysely<Database>, channelIds: string[], from: string, to: string): Promise<Demographics | null> {
  if (channelIds.length === 0) return null;
  const latest = await db
    .selectFrom("channel_audience")
    .select(["channel_id", sql<string>`max(day)`.as("day")])
    .where("channel_id", "in", channelIds)
    .where("day", ">=", from)
    .where("day", "<=", to)
    .groupBy("channel_id")
    .execute();
  if (latest.length === 0) return null;
  const wanted = new Set(latest.map((l) => `${l.channel_id}|${l.day}`));
  const rows = await db
    .selectFrom("channel_audience")
    .select(["channel_id", "day", "dimension", "key", "label", "count"])
    .where(
      "channel_id",
      "in",
      latest.map((l) => l.channel_id),
    )
    .where("day", "in", [...new Set(latest.map((l) => l.day))])
    .execute();
  const sums = new Map<string, AudienceBucket & { dimension: string }>();
  for (const r of rows) {
    if (!wanted.has(`${r.channel_id}|${r.day}`)) continue;
    const k = `${r.dimension}|${r.key}`;
    sums.set(k, { dimension: r.dimension, key: r.key, label: r.label, count: (sums.get(k)?.count ?? 0) + Number(r.count) });
  }
  const of = (dimension: string, top?: number) =>
    [...sums.values()]
      .filter((b) => b.dimension === dimension)
      .map(({ key, label, count }) => ({ key, label, count }))
      .sort((a, b) => (dimension === "age" ? a.key.localeCompare(b.key) : b.count - a.count))
      .slice(0, top);
  return { day: latest.map((l) => l.day).sort().at(-1) as string, channels: latest.length, sex: of("sex"), age: of("age"), cities: of("cities", 10), countries: of("countries", 10) };
}

const rankExpr: Record<RankMetric, RawBuilder<number>> = {
  interactions: sql<number>`${interactionsSql}`,
  erReach: sql<number>`(1.0 * ${interactionsSql} / reach)`,
  erFollowers: sql<number>`(1.0 * ${interactionsSql} / followers)`,
  reach: sql<number>`reach`,
  views: sql<number>`views`,
  likes: sql<number>`likes`,
  comments: sql<number>`comments`,
  reposts: sql<number>`reposts`,
  clicks: sql<number>`clicks`,
};
/** The column a post must report (above zero, for a rate's denominator) to be ranked by a metric. */
const rankNeeds: Partial<Record<RankMetric, "reach" | "followers" | "views" | "likes" | "comments" | "reposts" | "clicks">> = {
  erReach: "reach",
  erFollowers: "followers",
  reach: "reach",
  views: "views",
  likes: "likes",
  comments: "comments",
  reposts: "reposts",
  clicks: "clicks",
};

async function ranked(db: Kysely<Database>, filters: Filter[], spans: Map<string, { start: Date; end: Date }>, metric: RankMetric, order: "desc" | "asc") {
  const needs = rankNeeds[metric];
  const rows: Row[] = [];
  for (const f of filters) {
    const span = spans.get(f.brandId) as { start: Date; end: Date };
    const q = scoped(db.selectFrom("channel_posts").selectAll().select(rankExpr[metric].as("rank_value")), f)
      .where("published_at", ">=", span.start.toISOString())
      .where("published_at", "<", span.end.toISOString())
      .$if(needs !== undefined, (b) => b.where(needs as "reach", "is not", null).$if(metric.startsWith("er"), (c) => c.where(needs as "reach", ">", 0)))
      .orderBy(sql`rank_value`, order)
      .orderBy("published_at", "desc")
      .limit(rankedPosts);
    rows.push(...((await q.execute()) as Row[]));
  }
  const value = (r: Row) => Number(r.rank_value);
  rows.sort((a, b) => (order === "desc" ? value(b) - value(a) : value(a) - value(b)));
  return rows.slice(0, rankedPosts);
}

// --- The dashboard -----------------------------------------------------------------------------

export async function dashboard(db: Kysely<Database>, actor: Actor, workspaceId: string, q: DashboardQuery): Promise<Dashboard> {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "analytics.read");
  return computeDashboard(db, workspaceId, q, brands);
}

/**
 * The dashboard without an access check: for the command line, which has the database itself.
 * `scope`: the brands "every brand" means (a member limited to some brands sees those only).
 */
export async function computeDashboard(db: Kysely<Database>, workspaceId: string, q: DashboardQuery, scope: BrandScope = null): Promise<Dashboard> {
  const { days } = checkDays(q.from, q.to);
  const rankBy = q.rankBy ?? "interactions";
  const brands = await db
    .selectFrom("brands")
    .select(["id", "name", "timezone"])
    .where("workspace_id", "=", workspaceId)
    .$if(q.brandId !== undefined, (b) => b.where("id", "=", q.brandId as string))
    .$if(scope !== null, (b) => b.where("id", "in", scope as readonly string[]))
    .orderBy("name")
    .execute();
  if (q.brandId !== undefined && brands.length === 0) throw notFound("Brand");
  const channels = await db
    .selectFrom("channels")
    .select(["id", "name", "network", "brand_id"])
    .where("workspace_id", "=", workspaceId)
    .where(
      "brand_id",
      "in",
      brands.map((b) => b.id).concat(""),
    )
    .$if(q.channelId !== undefined, (c) => c.where("id", "=", q.channelId as string))
    .orderBy("name")
    .execute();
  if (q.channelId !== undefined && channels.length === 0) throw notFound("Channel");
  // A channel narrows the brands to its own.
  const inScope = q.channelId !== undefined ? brands.filter((b) => channels.some((c) => c.brand_id === b.id)) : brands;
  const filters: Filter[] = inScope.map((b) => ({ brandId: b.id, channelIds: q.channelId !== undefined ? [q.channelId] : null, campaign: q.campaign ?? null }));

  const prevTo = shiftDay(q.from, -1);
  const prevFrom = shiftDay(q.from, -days);
  const spans = new Map(inScope.map((b) => [b.id, dayRange(q.from, q.to, b.timezone)]));

  let totals = emptyTotals();
  let previousTotals = emptyTotals();
  const byGroup = { format: new Map<string, PostTotals>(), network: new Map<string, PostTotals>(), rubric: new Map<string, PostTotals>(), channel: new Map<string, PostTotals>() };
  const daily = new Map<string, PostTotals>();
  const heat = new Map<string, PostTotals>();
  const clicksByDay = new Map<string, number>();
  let previousLinkClicks = 0;
  let engaged = 0;
  let conversions = 0;
  let followers: Growth = growthOf(null, null);
  let previousFollowers: Growth = growthOf(null, null);
  let audience: AudienceDay[] = [];
  let demographics: Demographics | null = null;
  const channelById = new Map(channels.map((c) => [c.id, c]));
  const addTo = (map: Map<string, PostTotals>, key: string, t: PostTotals) => map.set(key, addTotals(map.get(key) ?? emptyTotals(), t));

  for (const f of filters) {
    const brand = inScope.find((b) => b.id === f.brandId) as (typeof inScope)[number];
    const { start, end } = spans.get(brand.id) as { start: Date; end: Date };
    const prev = dayRange(prevFrom, prevTo, brand.timezone);
    const current = await brandPart(db, f, brand.timezone, start, end, true);
    const before = await brandPart(db, f, brand.timezone, prev.start, prev.end, false);
    for (const g of current.groups) {
      totals = addTotals(totals, g.totals);
      addTo(byGroup.format, g.format, g.totals);
      addTo(byGroup.rubric, g.rubric ?? "", g.totals);
      addTo(byGroup.channel, g.channelId, g.totals);
      addTo(byGroup.network, channelById.get(g.channelId)?.network ?? "", g.totals);
    }
    for (const g of before.groups) previousTotals = addTotals(previousTotals, g.totals);
    for (const h of current.hours) {
      addTo(daily, h.day, h.totals);
      addTo(heat, `${DateTime.fromISO(h.day).weekday}:${h.hour}`, h.totals);
    }
    const brandChannels = channels.filter((c) => c.brand_id === brand.id).map((c) => c.id);
    // Link clicks and engaged people are the channels' (a campaign is a set of posts; they are not split by post here).
    // One read for both periods (the previous one ends where this one starts).
    for (const [day, count] of await linkClicksByDay(db, workspaceId, brandChannels, brand.timezone, prev.start, end)) {
      if (day < q.from) previousLinkClicks += count;
      else clicksByDay.set(day, (clicksByDay.get(day) ?? 0) + count);
    }
    engaged += await engagedPeople(db, brand.id, brandChannels, start, end);
    conversions += await conversionsOf(db, workspaceId, brand.id, f.campaign, start, end);
    const [g, pg] = (await followersGrowth(db, brandChannels, [
      { from: q.from, to: q.to },
      { from: prevFrom, to: prevTo },
    ])) as [{ start: number | null; end: number | null }, { start: number | null; end: number | null }];
    followers = growthOf(addNullable(followers.start, g.start), addNullable(followers.end, g.end));
    previousFollowers = growthOf(addNullable(previousFollowers.start, pg.start), addNullable(previousFollowers.end, pg.end));
    const dem = await demographicsOf(db, brandChannels, q.from, q.to);
    if (dem) demographics = mergeDemographics(demographics, dem);
    const a = await audienceDays(db, brandChannels, q.from, q.to);
    audience = audience.length === 0 ? a : audience.map((d, i) => mergeAudience(d, a[i]));
  }

  const breakdown = (map: Map<string, PostTotals>, label: (key: string) => string): Breakdown[] =>
    [...map]
      .map(([key, t]) => ({ key, label: label(key), totals: t, rates: ratesOf(t) }))
      .sort((a, b) => b.totals.interactions - a.totals.interactions || b.totals.posts - a.totals.posts);

  const series: SeriesPoint[] = [];
  const followersByDay = new Map(audience.map((d) => [d.day, d.followers]));
  for (let day = q.from; day <= q.to; day = shiftDay(day, 1)) {
    const t = daily.get(day) ?? emptyTotals();
    series.push({ day, posts: t.posts, interactions: t.interactions, reach: t.reach, impressions: t.impressions, views: t.views, followers: followersByDay.get(day) ?? null, linkClicks: clicksByDay.get(day) ?? 0 });
  }
  const heatmap: HeatCell[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const t = heat.get(`${weekday}:${hour}`) ?? emptyTotals();
      heatmap.push({ weekday, hour, posts: t.posts, interactions: t.interactions, reach: t.reach, interactionsWithReach: t.interactionsWithReach, erReach: ratio(t.interactionsWithReach, t.reach), avgInteractions: t.posts ? t.interactions / t.posts : 0 });
    }
  }
  const linkClicks = [...clicksByDay.values()].reduce((a, b) => a + b, 0);
  const toRanked = (r: Row): RankedPost => {
    const c = channelById.get(String(r.channel_id));
    const interactions = num(r.likes) + num(r.comments) + num(r.reposts) + num(r.saves);
    return {
      id: String(r.id),
      channelId: String(r.channel_id),
      channelName: c?.name ?? "",
      network: c?.network ?? "",
      url: (r.url as string | null) ?? null,
      text: String(r.text ?? "").slice(0, 280),
      format: String(r.format),
      rubric: (r.rubric as string | null) ?? null,
      publishedAt: String(r.published_at),
      reach: numOrNull(r.reach),
      views: numOrNull(r.views),
      likes: numOrNull(r.likes),
      comments: numOrNull(r.comments),
      reposts: numOrNull(r.reposts),
      clicks: numOrNull(r.clicks),
      interactions,
      erReach: ratio(interactions, numOrNull(r.reach)),
      erFollowers: ratio(interactions, numOrNull(r.followers)),
    };
  };
  const best = (await ranked(db, filters, spans, rankBy, "desc")).map(toRanked);
  const worst = (await ranked(db, filters, spans, rankBy, "asc")).map(toRanked);

  const funnelValues: [FunnelStep["key"], number | null][] = [
    ["reach", totals.reach],
    ["followers", followers.end],
    ["engaged", engaged],
    ["visitors", linkClicks],
    // Orders and leads the brand's site reported (by its webhook or a file), see docs/campaigns.md.
    ["conversions", conversions],
  ];
  const funnel = funnelValues.map(([key, value], i) => ({ key, value, conversion: i === 0 ? null : ratio(value, funnelValues[i - 1]?.[1] ?? null) }));

  return {
    scope: { workspaceId, brands: inScope, channels: channels.map((c) => ({ id: c.id, name: c.name, network: c.network, brandId: c.brand_id })), channelId: q.channelId ?? null, campaign: q.campaign ?? null },
    period: { from: q.from, to: q.to, days },
    previous: { from: prevFrom, to: prevTo },
    totals,
    rates: ratesOf(totals),
    previousTotals,
    previousRates: ratesOf(previousTotals),
    followers,
    previousFollowers,
    linkClicks,
    previousLinkClicks,
    engagedPeople: engaged,
    byFormat: breakdown(byGroup.format, (k) => k),
    byNetwork: breakdown(byGroup.network, (k) => k),
    byRubric: breakdown(byGroup.rubric, (k) => k),
    byChannel: breakdown(byGroup.channel, (k) => channelById.get(k)?.name ?? k),
    series,
    heatmap,
    rankBy,
    best,
    worst,
    audience,
    demographics,
    funnel,
    formulas,
  };
}

function mergeDemographics(a: Demographics | null, b: Demographics): Demographics {
  if (!a) return b;
  const add = (x: AudienceBucket[], y: AudienceBucket[]) => {
    const by = new Map(x.map((v) => [v.key, { ...v }]));
    for (const v of y) by.set(v.key, { ...v, count: (by.get(v.key)?.count ?? 0) + v.count });
    return [...by.values()].sort((p, q) => q.count - p.count);
  };
  return { day: [a.day, b.day].sort().at(-1) as string, channels: a.channels + b.channels, sex: add(a.sex, b.sex), age: add(a.age, b.age).sort((p, q) => p.key.localeCompare(q.key)), cities: add(a.cities, b.cities).slice(0, 10), countries: add(a.countries, b.countries).slice(0, 10) };
}

function mergeAudience(a: AudienceDay, b: AudienceDay | undefined): AudienceDay {
  if (!b) return a;
  return { day: a.day, followers: addNullable(a.followers, b.followers), joined: addNullable(a.joined, b.joined), left: addNullable(a.left, b.left), net: addNullable(a.net, b.net) };
}
