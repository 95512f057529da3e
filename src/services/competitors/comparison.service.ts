/**
 * A brand beside its competitors for a period of the brand's days: followers at the start and end
 * and their growth, posts per day, the share of each format, interactions per post, ER by
 * followers (Σ interactions ÷ Σ followers at each post's time — the only ER that compares, since
 * a competitor's reach is never visible) with love, talk and amplification rates, a daily series,
 * and the top posts by interactions.
 *
 * The database does the sums: one grouped query per side (the brand's channel_posts, the
 * competitors' competitor_posts) by page and format, one for posts per local day (the brand's
 * zone, src/store/local-time.ts), the follower counts from the days tables, and the top posts
 * ordered in SQL. Rates come from src/domain/metrics.ts (ratesOf, growthOf).
 */
import { type Kysely, sql } from "kysely";
import { DateTime } from "luxon";
import { type Growth, growthOf, ratesOf, ratio } from "../../domain/metrics.js";
import { notFound } from "../../errors.js";
import { localParts } from "../../store/local-time.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { findBrand } from "../brand.service.js";
import type { CompetitorsDeps } from "./deps.js";
import { addSums, type FormatShare, followersByDay, formatShares, noSums, type PostSums, periodDays, shiftDay, totalsOf } from "./figures.js";

export const comparisonFormulas = {
  interactions: "likes + comments + reposts (saves left out for everyone: no network shows a competitor's)",
  erFollowers: "Σ interactions ÷ Σ followers at each post's time, over the period's posts",
  loveRate: "Σ likes ÷ Σ followers at each post's time",
  talkRate: "Σ comments ÷ Σ followers at each post's time",
  amplificationRate: "Σ reposts ÷ Σ followers at each post's time",
  interactionsPerPost: "Σ interactions ÷ posts",
  postsPerDay: "posts ÷ days in the period",
  growth: "followers at the end − followers at the start",
  growthRate: "(followers at the end − followers at the start) ÷ followers at the start",
} as const;

const topPostsCount = 5;

export type TopPost = {
  id: string;
  url: string | null;
  text: string;
  format: string;
  publishedAt: string;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  views: number | null;
  interactions: number;
  followers: number | null;
  erFollowers: number | null;
};

export type PageFigures = {
  kind: "brand" | "competitor";
  id: string;
  name: string;
  /** The competitor's network; the brand's networks (its channels'). */
  networks: string[];
  url: string | null;
  /** False when the network shows Chorus no posts of the page (Telegram channels): every post figure below is null or empty. */
  postsVisible: boolean;
  followers: Growth;
  posts: number | null;
  postsPerDay: number | null;
  formats: FormatShare[];
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  interactions: number | null;
  interactionsPerPost: number | null;
  /** Σ followers at each post's time: the ERs' denominator. */
  followersAtPosts: number | null;
  erFollowers: number | null;
  loveRate: number | null;
  talkRate: number | null;
  amplificationRate: number | null;
  series: { day: string; followers: number | null; posts: number | null }[];
  topPosts: TopPost[];
};

export type Comparison = {
  brand: { id: string; name: string; timezone: string };
  period: { from: string; to: string; days: number };
  pages: PageFigures[];
  formulas: typeof comparisonFormulas;
};

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const n = (column: string) => sql`coalesce(${sql.ref(column)}, 0)`;
const interactionsSql = sql`(${n("likes")} + ${n("comments")} + ${n("reposts")})`;
const withFollowers = (value: ReturnType<typeof n>) => sql`sum(case when followers is not null then ${value} end)`;
const sumsSelect = [
  sql<number>`count(*)`.as("posts"),
  sql<number>`sum(${n("likes")})`.as("likes"),
  sql<number>`sum(${n("comments")})`.as("comments"),
  sql<number>`sum(${n("reposts")})`.as("reposts"),
  sql<number | null>`sum(followers)`.as("followers_at_posts"),
  withFollowers(n("likes")).as("likes_with_followers"),
  withFollowers(n("comments")).as("comments_with_followers"),
  withFollowers(n("reposts")).as("reposts_with_followers"),
];
const sumsOf = (r: Row): PostSums => ({
  posts: num(r.posts),
  likes: num(r.likes),
  comments: num(r.comments),
  reposts: num(r.reposts),
  followersAtPosts: numOrNull(r.followers_at_posts),
  likesWithFollowers: num(r.likes_with_followers),
  commentsWithFollowers: num(r.comments_with_followers),
  repostsWithFollowers: num(r.reposts_with_followers),
});

type Side = { table: "channel_posts" | "competitor_posts"; key: "channel_id" | "competitor_id"; ids: string[] };

/** Sums per page and format over the period: the only pass over the posts. */
async function sumsByPageAndFormat(db: Kysely<Database>, brandId: string, side: Side, start: Date, end: Date): Promise<{ page: string; format: string; sums: PostSums }[]> {
  if (side.ids.length === 0) return [];
  const rows = await db
    .selectFrom(side.table)
    .select([sql<string>`${sql.ref(side.key)}`.as("page"), "format", ...sumsSelect])
    .where("brand_id", "=", brandId)
    .where(side.key, "in", side.ids)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    .groupBy([side.key, "format"])
    .execute();
  return rows.map((r) => ({ page: String(r.page), format: String(r.format), sums: sumsOf(r as Row) }));
}

/** Posts per page and local day of the brand's zone. */
async function postsByDay(db: Kysely<Database>, brandId: string, side: Side, zone: string, start: Date, end: Date): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (side.ids.length === 0) return out;
  const local = localParts("published_at", zone, start, end);
  const rows = await db
    .selectFrom(side.table)
    .select([sql<string>`${sql.ref(side.key)}`.as("page"), local.day.as("day"), local.hour.as("hour"), sql<number>`count(*)`.as("n")])
    .where("brand_id", "=", brandId)
    .where(side.key, "in", side.ids)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    // By position: PostgreSQL would not match the select's expressions (the zone is a parameter in each).
    .groupBy([sql`1`, sql`2`, sql`3`])
    .execute();
  for (const r of rows) {
    const { day } = local.resolve(r.day, r.hour);
    const m = out.get(String(r.page)) ?? new Map<string, number>();
    m.set(day, (m.get(day) ?? 0) + Number(r.n));
    out.set(String(r.page), m);
  }
  return out;
}

/** The top posts of pages (one competitor, or all the brand's channels) by interactions, in SQL. */
async function topPosts(db: Kysely<Database>, brandId: string, side: Side, ids: string[], start: Date, end: Date): Promise<TopPost[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom(side.table)
    .select(["id", "url", "text", "format", "published_at", "likes", "comments", "reposts", "views", "followers", interactionsSql.as("interactions")])
    .where("brand_id", "=", brandId)
    .where(side.key, "in", ids)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    .orderBy(sql`interactions`, "desc")
    .orderBy("published_at", "desc")
    .limit(topPostsCount)
    .execute();
  return rows.map((r) => {
    const interactions = Number(r.interactions);
    return {
      id: r.id,
      url: r.url,
      text: String(r.text ?? "").slice(0, 280),
      format: r.format,
      publishedAt: r.published_at,
      likes: r.likes,
      comments: r.comments,
      reposts: r.reposts,
      views: r.views,
      interactions,
      followers: r.followers,
      erFollowers: ratio(interactions, r.followers),
    };
  });
}

type DaysTable = { table: "channel_days" | "competitor_days"; key: "channel_id" | "competitor_id" };

/** Each page's followers on its last day with a count up to `day` (and from `since`; the first such day when `first`). */
async function followersOn(db: Kysely<Database>, t: DaysTable, ids: string[], day: string, since = "0000-00-00", first = false): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const picked = await db
    .selectFrom(t.table)
    .select([sql<string>`${sql.ref(t.key)}`.as("page"), (first ? sql<string>`min(day)` : sql<string>`max(day)`).as("day")])
    .where(t.key, "in", ids)
    .where("day", ">=", since)
    .where("day", "<=", day)
    .where("followers", "is not", null)
    .groupBy(t.key)
    .execute();
  if (picked.length === 0) return new Map();
  const wanted = new Set(picked.map((d) => `${d.page}|${d.day}`));
  const rows = await db
    .selectFrom(t.table)
    .select([sql<string>`${sql.ref(t.key)}`.as("page"), "day", "followers"])
    .where(
      t.key,
      "in",
      picked.map((d) => String(d.page)),
    )
    .where("day", "in", [...new Set(picked.map((d) => String(d.day)))])
    .execute();
  return new Map(rows.flatMap((r) => (r.followers !== null && wanted.has(`${r.page}|${r.day}`) ? [[String(r.page), Number(r.followers)]] : [])));
}

/**
 * Followers at the start (the end of the day before the period, else the first reading in it) and
 * at the end, with the daily series; several pages (the brand's channels) are summed over those
 * read at both ends, so an account connected mid-period is not growth.
 */
async function followersOf(db: Kysely<Database>, t: DaysTable, ids: string[], from: string, to: string) {
  const dayBefore = await followersOn(db, t, ids, shiftDay(from, -1));
  const before = new Map(dayBefore);
  const missing = ids.filter((id) => !before.has(id));
  if (missing.length) for (const [id, v] of await followersOn(db, t, missing, to, from, true)) before.set(id, v);
  const after = await followersOn(db, t, ids, to);
  const both = ids.filter((id) => before.has(id) && after.has(id));
  const sum = (m: Map<string, number>) => both.reduce((s, id) => s + (m.get(id) ?? 0), 0);
  const growth = both.length ? growthOf(sum(before), sum(after)) : growthOf(null, after.size ? [...after.values()].reduce((a, b) => a + b, 0) : null);
  const readings =
    ids.length === 0
      ? []
      : await db
          .selectFrom(t.table)
          .select([sql<string>`${sql.ref(t.key)}`.as("page"), "day", "followers"])
          .where(t.key, "in", ids)
          .where("day", ">=", from)
          .where("day", "<=", to)
          .where("followers", "is not", null)
          .execute();
  const series = followersByDay(
    readings.map((r) => ({ key: String(r.page), day: String(r.day), followers: Number(r.followers) })),
    dayBefore,
    from,
    to,
  );
  return { growth, series };
}

function figures(opts: {
  kind: PageFigures["kind"];
  id: string;
  name: string;
  networks: string[];
  url: string | null;
  postsVisible: boolean;
  days: number;
  groups: { format: string; sums: PostSums }[];
  followers: Awaited<ReturnType<typeof followersOf>>;
  perDay: Map<string, number> | undefined;
  top: TopPost[];
}): PageFigures {
  const { followers, postsVisible } = opts;
  const series = followers.series.map((d) => ({ day: d.day, followers: d.followers, posts: postsVisible ? (opts.perDay?.get(d.day) ?? 0) : null }));
  if (!postsVisible) {
    return { kind: opts.kind, id: opts.id, name: opts.name, networks: opts.networks, url: opts.url, postsVisible, followers: followers.growth, posts: null, postsPerDay: null, formats: [], likes: null, comments: null, reposts: null, interactions: null, interactionsPerPost: null, followersAtPosts: null, erFollowers: null, loveRate: null, talkRate: null, amplificationRate: null, series, topPosts: [] };
  }
  const sums = opts.groups.reduce((a, g) => addSums(a, g.sums), noSums());
  const totals = totalsOf(sums);
  const rates = ratesOf(totals);
  const byFormat = new Map<string, number>();
  for (const g of opts.groups) byFormat.set(g.format, (byFormat.get(g.format) ?? 0) + g.sums.posts);
  return {
    kind: opts.kind,
    id: opts.id,
    name: opts.name,
    networks: opts.networks,
    url: opts.url,
    postsVisible,
    followers: followers.growth,
    posts: totals.posts,
    postsPerDay: totals.posts / opts.days,
    formats: formatShares(byFormat),
    likes: totals.likes,
    comments: totals.comments,
    reposts: totals.reposts,
    interactions: totals.interactions,
    interactionsPerPost: ratio(totals.interactions, totals.posts),
    followersAtPosts: totals.followersAtPosts,
    erFollowers: rates.erFollowers,
    loveRate: rates.loveRate,
    talkRate: rates.talkRate,
    amplificationRate: rates.amplificationRate,
    series,
    topPosts: opts.top,
  };
}

export type ComparisonQuery = { brandId: string; from: string; to: string };

export async function compareCompetitors(deps: Pick<CompetitorsDeps, "db">, actor: Actor, workspaceId: string, q: ComparisonQuery): Promise<Comparison> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  return computeComparison(deps.db, workspaceId, q);
}

/** The comparison without an access check (the command line, reports). */
export async function computeComparison(db: Kysely<Database>, workspaceId: string, q: ComparisonQuery): Promise<Comparison> {
  const days = periodDays(q.from, q.to);
  const brand = await findBrand(db, workspaceId, q.brandId).catch(() => {
    throw notFound("Brand");
  });
  const zone = brand.timezone;
  const start = DateTime.fromISO(q.from, { zone }).startOf("day").toJSDate();
  const end = DateTime.fromISO(q.to, { zone }).plus({ days: 1 }).startOf("day").toJSDate();

  const channels = await db.selectFrom("channels").select(["id", "network"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", brand.id).execute();
  const competitors = await db
    .selectFrom("competitors")
    .select(["id", "name", "network", "url", "posts_visible"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brand.id)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

  const brandSide: Side = { table: "channel_posts", key: "channel_id", ids: channels.map((c) => c.id) };
  const rivalSide: Side = { table: "competitor_posts", key: "competitor_id", ids: competitors.map((c) => c.id) };

  const brandGroups = await sumsByPageAndFormat(db, brand.id, brandSide, start, end);
  const brandPerDay = new Map<string, number>();
  for (const m of (await postsByDay(db, brand.id, brandSide, zone, start, end)).values()) for (const [day, count] of m) brandPerDay.set(day, (brandPerDay.get(day) ?? 0) + count);
  const pages: PageFigures[] = [
    figures({
      kind: "brand",
      id: brand.id,
      name: brand.name,
      networks: [...new Set(channels.map((c) => c.network))].sort(),
      url: null,
      postsVisible: true,
      days,
      groups: brandGroups,
      followers: await followersOf(db, { table: "channel_days", key: "channel_id" }, brandSide.ids, q.from, q.to),
      perDay: brandPerDay,
      top: await topPosts(db, brand.id, brandSide, brandSide.ids, start, end),
    }),
  ];

  const rivalGroups = await sumsByPageAndFormat(db, brand.id, rivalSide, start, end);
  const rivalPerDay = await postsByDay(db, brand.id, rivalSide, zone, start, end);
  for (const c of competitors) {
    pages.push(
      figures({
        kind: "competitor",
        id: c.id,
        name: c.name,
        networks: [c.network],
        url: c.url,
        postsVisible: c.posts_visible === 1,
        days,
        groups: rivalGroups.filter((g) => g.page === c.id),
        followers: await followersOf(db, { table: "competitor_days", key: "competitor_id" }, [c.id], q.from, q.to),
        perDay: rivalPerDay.get(c.id),
        top: c.posts_visible === 1 ? await topPosts(db, brand.id, rivalSide, [c.id], start, end) : [],
      }),
    );
  }
  return { brand: { id: brand.id, name: brand.name, timezone: zone }, period: { from: q.from, to: q.to, days }, pages, formulas: comparisonFormulas };
}
