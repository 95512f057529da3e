/**
 * Listening analytics for a brand and period, each answered by the database from its indexes:
 * - volume and sentiment over time (hours counted in SQL, grouped into the brand's local days here);
 * - where the negativity comes from: sources (network, feed, import) and authors ranked by negative
 *   mentions;
 * - trending terms: words and two-word phrases of the period against the brand's own baseline (the
 *   same length of time before it, four times over), from the per-day term counts;
 * - share of voice: mentions per brand / product / competitor query;
 * - opinion leaders: authors ranked by reach × engagement × relevance, with their tone.
 * Mentions set aside as irrelevant never count. Copies and reposts count in volume (each is a post
 * people saw) but a storm of reposts is one voice in trending terms.
 */
import { type Kysely, SqliteAdapter, sql } from "kysely";
import { DateTime } from "luxon";
import { AppError } from "../../errors.js";
import type { Database, Sentiment } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { findBrand } from "../brand.service.js";

export type Period = { brandId: string; from: string; to: string; queryId?: string | undefined };

type Counts = { positive: number; neutral: number; negative: number; total: number };
const empty = (): Counts => ({ positive: 0, neutral: 0, negative: 0, total: 0 });

const dayMs = 86_400_000;
const maxPeriodDays = 400;

export function checkPeriod(p: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(p.from);
  const to = new Date(p.to);
  if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime())) throw new AppError("validation_failed", "from and to must be dates (ISO 8601).");
  if (to <= from) throw new AppError("validation_failed", "The period ends before it starts: to must be after from.", { errors: [{ path: "to", message: "Must be after from" }] });
  if (to.getTime() - from.getTime() > maxPeriodDays * dayMs) throw new AppError("validation_failed", `The period is longer than ${maxPeriodDays} days: choose a shorter one.`);
  return { from, to };
}

/** Mentions of the brand (or of one query) in [from, to) that were not set aside. */
function scoped(db: Kysely<Database>, p: Period, from: string, to: string) {
  let q = db.selectFrom("mentions as m").where("m.brand_id", "=", p.brandId).where("m.published_at", ">=", from).where("m.published_at", "<", to).where("m.irrelevant", "=", 0);
  if (p.queryId) {
    const queryId = p.queryId;
    q = q.where((eb) => eb.exists(eb.selectFrom("mention_queries as mq").select("mq.mention_id").whereRef("mq.mention_id", "=", "m.id").where("mq.query_id", "=", queryId)));
  }
  return q;
}

export type VolumePoint = Counts & { t: string };

/** Mentions per bucket and sentiment: hours for periods up to three days, else the brand's local days. */
export async function volume(db: Kysely<Database>, p: Period, zone: string): Promise<{ bucket: "hour" | "day"; points: VolumePoint[]; totals: Counts }> {
  const { from, to } = checkPeriod(p);
  const rows = await scoped(db, p, from.toISOString(), to.toISOString())
    .select([sql<string>`substr(m.published_at, 1, 13)`.as("h"), "m.sentiment", (eb) => eb.fn.countAll<number | string>().as("n")])
    .groupBy([sql`substr(m.published_at, 1, 13)`, "m.sentiment"])
    .execute();
  const bucket = to.getTime() - from.getTime() <= 3 * dayMs ? "hour" : "day";
  const byKey = new Map<string, Counts>();
  const keyOf = (hourUtc: string) => {
    const t = DateTime.fromISO(`${hourUtc}:00:00Z`, { zone });
    return bucket === "hour" ? (t.toUTC().toISO() as string) : (t.toISODate() as string);
  };
  // Every bucket of the period is present, zeros included, so charts do not skip quiet days.
  for (let t = DateTime.fromJSDate(from, { zone }).startOf(bucket); t.toJSDate() < to; t = t.plus(bucket === "hour" ? { hours: 1 } : { days: 1 })) {
    byKey.set(bucket === "hour" ? (t.toUTC().toISO() as string) : (t.toISODate() as string), empty());
  }
  const totals = empty();
  for (const r of rows) {
    const n = Number(r.n);
    const key = keyOf(r.h);
    const c = byKey.get(key) ?? empty();
    c[r.sentiment as Sentiment] += n;
    c.total += n;
    byKey.set(key, c);
    totals[r.sentiment as Sentiment] += n;
    totals.total += n;
  }
  const points = [...byKey].map(([t, c]) => ({ t, ...c })).sort((a, b) => (a.t < b.t ? -1 : 1));
  return { bucket, points, totals };
}

export type NegativeSource = { network: string; sourceId: string | null; sourceName: string | null; negative: number; total: number };
/** An author of negative mentions: `copies` reposts and copies of them, `reach` followers × negative posts + the copiers' followers (an upper bound of who saw it). */
export type NegativeAuthor = { network: string; handle: string; name: string; followers: number | null; negative: number; total: number; copies: number; reach: number; url: string | null };

/** Where the negativity comes from: sources and authors by negative mentions in the period. */
export async function negativity(db: Kysely<Database>, p: Period, limit = 10): Promise<{ sources: NegativeSource[]; authors: NegativeAuthor[] }> {
  const { from, to } = checkPeriod(p);
  const f = from.toISOString();
  const t = to.toISOString();
  const grouped = await scoped(db, p, f, t)
    .select(["m.network", "m.source_id", sql<number | string>`sum(case when m.sentiment = 'negative' then 1 else 0 end)`.as("negative"), (eb) => eb.fn.countAll<number | string>().as("total")])
    .groupBy(["m.network", "m.source_id"])
    .execute();
  const top = grouped
    .map((g) => ({ network: g.network, sourceId: g.source_id, negative: Number(g.negative), total: Number(g.total) }))
    .filter((g) => g.negative > 0)
    .sort((a, b) => b.negative - a.negative)
    .slice(0, limit);
  const sourceIds = top.map((g) => g.sourceId).filter((id): id is string => id !== null);
  const names = new Map((sourceIds.length ? await db.selectFrom("listening_sources").select(["id", "name"]).where("id", "in", sourceIds).execute() : []).map((r) => [r.id, r.name]));
  // The accounts behind negativity: authors of negative originals, ranked by how far their
  // negativity went — their followers per negative post plus the followers of everyone who
  // reposted or copied it. Ten people writing once each rank below one loud account a storm of
  // reposts repeats.
  // Two grouped reads walking the period's index (one join would make SQLite scan the brand):
  // negative originals per author, and the copies of negative originals per original author.
  const originals = await scoped(db, p, f, t)
    .where("m.sentiment", "=", "negative")
    .where("m.duplicate_of", "is", null)
    .select(["m.network", "m.author_handle", (eb) => eb.fn.countAll<number | string>().as("negative"), (eb) => eb.fn.max("m.author_followers").as("followers")])
    .groupBy(["m.network", "m.author_handle"])
    .execute();
  const copied = await scoped(db, p, f, t)
    .innerJoin("mentions as o", "o.id", "m.duplicate_of")
    .where("m.duplicate_of", "is not", null)
    .where("o.sentiment", "=", "negative")
    .select(["o.network", "o.author_handle", (eb) => eb.fn.countAll<number | string>().as("copies"), sql<number | string>`coalesce(sum(m.author_followers), 0)`.as("copy_reach")])
    .groupBy(["o.network", "o.author_handle"])
    .execute();
  const copiesOf = new Map(copied.map((c) => [`${c.network}|${c.author_handle}`, c]));
  const negativeAuthors = originals
    .map((o) => {
      const c = copiesOf.get(`${o.network}|${o.author_handle}`);
      const followers = o.followers === null ? null : Number(o.followers);
      const copies = Number(c?.copies ?? 0);
      const copyReach = Number(c?.copy_reach ?? 0);
      return { ...o, followers, copies, copyReach, reach: (followers ?? 0) * Number(o.negative) + copyReach };
    })
    .sort((x, y) => y.reach - x.reach || Number(y.negative) - Number(x.negative))
    .slice(0, limit);
  // Each author's mentions of any tone in the period, for the share: one lookup by handle. SQLite,
  // without statistics, would walk the whole brand by another index: it is told which one.
  const handles = [...new Set(negativeAuthors.map((a) => a.author_handle))];
  const hint = db.getExecutor().adapter instanceof SqliteAdapter ? sql` indexed by mentions_brand_author` : sql``;
  const ofQuery = p.queryId ? sql` and exists (select 1 from mention_queries mq where mq.mention_id = m.id and mq.query_id = ${p.queryId})` : sql``;
  const totals = handles.length
    ? (
        await sql<{ network: string; author_handle: string; total: number | string; name: string | null; url: string | null }>`
          select m.network, m.author_handle, count(*) as total, max(m.author_name) as name, max(m.url) as url
          from mentions as m${hint}
          where m.brand_id = ${p.brandId} and m.author_handle in (${sql.join(handles)}) and m.published_at >= ${f} and m.published_at < ${t} and m.irrelevant = 0${ofQuery}
          group by m.network, m.author_handle`.execute(db)
      ).rows
    : [];
  const totalOf = new Map(totals.map((r) => [`${r.network}|${r.author_handle}`, r]));
  const authors: NegativeAuthor[] = negativeAuthors.map((a) => {
    const all = totalOf.get(`${a.network}|${a.author_handle}`);
    return {
      network: a.network,
      handle: a.author_handle,
      name: all?.name ?? a.author_handle,
      followers: a.followers,
      negative: Number(a.negative),
      total: Number(all?.total ?? a.negative),
      copies: a.copies,
      reach: a.reach,
      url: all?.url ?? null,
    };
  });
  return {
    sources: top.map((g) => ({ ...g, sourceName: g.sourceId ? (names.get(g.sourceId) ?? null) : null })),
    authors,
  };
}

export type TrendingTerm = { term: string; mentions: number; baseline: number; lift: number; isNew: boolean };

const baselinePeriods = 4;
const minTrendingMentions = 3;

/**
 * Terms of the period (whole UTC days it covers) against the average of the four periods of the
 * same length before it. lift = (mentions + 1) / (baseline + 1); a term never seen before is new.
 */
export async function trending(db: Kysely<Database>, p: Period, limit = 20): Promise<TrendingTerm[]> {
  const { from, to } = checkPeriod(p);
  const fromDay = from.toISOString().slice(0, 10);
  // The day `to` falls on counts when the period reaches into it.
  const toDay = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  const days = Math.max(1, Math.round((Date.parse(toDay) - Date.parse(fromDay)) / dayMs) + 1);
  const baseFrom = new Date(Date.parse(fromDay) - days * baselinePeriods * dayMs).toISOString().slice(0, 10);
  const current = await db
    .selectFrom("mention_terms")
    .select(["term", (eb) => eb.fn.sum<number | string>("mentions").as("n")])
    .where("brand_id", "=", p.brandId)
    .where("day", ">=", fromDay)
    .where("day", "<=", toDay)
    .groupBy("term")
    .having((eb) => eb.fn.sum("mentions"), ">=", minTrendingMentions)
    .orderBy(sql`sum(mentions)`, "desc")
    .limit(400)
    .execute();
  if (current.length === 0) return [];
  const base = new Map<string, number>();
  const terms = current.map((c) => c.term);
  for (let i = 0; i < terms.length; i += 200) {
    const rows = await db
      .selectFrom("mention_terms")
      .select(["term", (eb) => eb.fn.sum<number | string>("mentions").as("n")])
      .where("brand_id", "=", p.brandId)
      .where("term", "in", terms.slice(i, i + 200))
      .where("day", ">=", baseFrom)
      .where("day", "<", fromDay)
      .groupBy("term")
      .execute();
    for (const r of rows) base.set(r.term, Number(r.n) / baselinePeriods);
  }
  const scored = current.map((c) => {
    const mentions = Number(c.n);
    const baseline = Math.round((base.get(c.term) ?? 0) * 10) / 10;
    const lift = Math.round(((mentions + 1) / (baseline + 1)) * 10) / 10;
    return { term: c.term, mentions, baseline, lift, isNew: !base.has(c.term) };
  });
  // A phrase that trends makes its words trend too: keep the phrase, drop a word it explains.
  const phrases = scored.filter((s) => s.term.includes(" ") && s.lift >= 2);
  const kept = scored.filter((s) => s.term.includes(" ") || !phrases.some((ph) => ph.term.split(" ").includes(s.term) && ph.mentions >= s.mentions * 0.6));
  return kept
    .filter((s) => s.lift >= 1.5)
    .sort((a, b) => b.lift * Math.log2(1 + b.mentions) - a.lift * Math.log2(1 + a.mentions))
    .slice(0, limit);
}

export type VoiceShare = { queryId: string; name: string; kind: string; mentions: number; share: number; positive: number; neutral: number; negative: number };

/** Share of voice: each brand, product and competitor query's mentions in the period, and its part of their sum. */
export async function shareOfVoice(db: Kysely<Database>, p: Period): Promise<VoiceShare[]> {
  const { from, to } = checkPeriod(p);
  const queries = await db.selectFrom("listening_queries").select(["id", "name", "kind"]).where("brand_id", "=", p.brandId).where("kind", "in", ["brand", "product", "competitor"]).execute();
  if (queries.length === 0) return [];
  const rows = await db
    .selectFrom("mention_queries as mq")
    .innerJoin("mentions as m", "m.id", "mq.mention_id")
    .select(["mq.query_id", "m.sentiment", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where(
      "mq.query_id",
      "in",
      queries.map((q) => q.id),
    )
    .where("mq.published_at", ">=", from.toISOString())
    .where("mq.published_at", "<", to.toISOString())
    .where("m.irrelevant", "=", 0)
    .groupBy(["mq.query_id", "m.sentiment"])
    .execute();
  const out = queries.map((q) => ({ queryId: q.id, name: q.name, kind: q.kind, mentions: 0, share: 0, positive: 0, neutral: 0, negative: 0 }));
  for (const r of rows) {
    const o = out.find((x) => x.queryId === r.query_id);
    if (!o) continue;
    o[r.sentiment as Sentiment] += Number(r.n);
    o.mentions += Number(r.n);
  }
  const sum = out.reduce((s, o) => s + o.mentions, 0);
  for (const o of out) o.share = sum ? Math.round((o.mentions / sum) * 1000) / 1000 : 0;
  return out.sort((a, b) => b.mentions - a.mentions);
}

export type Leader = {
  network: string;
  handle: string;
  name: string;
  followers: number | null;
  mentions: number;
  engagement: number;
  /** Share of the author's mentions the team kept (not set aside as irrelevant). */
  relevance: number;
  /** Average sentiment score of the author's mentions, −1 … 1. */
  tone: number;
  toneLabel: Sentiment;
  score: number;
};

/**
 * Opinion leaders: score = log10(1 + followers) × log2(2 + likes + reposts + replies of their
 * mentions) × relevance. The database narrows the authors to the 200 with the most followers and
 * engagement; the score orders those.
 */
export async function leaders(db: Kysely<Database>, p: Period, limit = 15): Promise<Leader[]> {
  const { from, to } = checkPeriod(p);
  let q = db.selectFrom("mentions as m").where("m.brand_id", "=", p.brandId).where("m.published_at", ">=", from.toISOString()).where("m.published_at", "<", to.toISOString());
  if (p.queryId) {
    const queryId = p.queryId;
    q = q.where((eb) => eb.exists(eb.selectFrom("mention_queries as mq").select("mq.mention_id").whereRef("mq.mention_id", "=", "m.id").where("mq.query_id", "=", queryId)));
  }
  const rows = await q
    .select([
      "m.network",
      "m.author_handle",
      (eb) => eb.fn.max("m.author_name").as("name"),
      (eb) => eb.fn.max("m.author_followers").as("followers"),
      (eb) => eb.fn.countAll<number | string>().as("mentions"),
      sql<number | string>`sum(m.likes + m.reposts + m.replies)`.as("engagement"),
      sql<number | string>`sum(case when m.irrelevant = 0 then 1 else 0 end)`.as("kept"),
      sql<number | string>`avg(m.sentiment_score)`.as("tone"),
    ])
    .groupBy(["m.network", "m.author_handle"])
    .orderBy(sql`coalesce(max(m.author_followers), 0) + 10 * sum(m.likes + m.reposts + m.replies)`, "desc")
    .limit(200)
    .execute();
  return rows
    .map((r) => {
      const followers = r.followers === null ? null : Number(r.followers);
      const mentions = Number(r.mentions);
      const engagement = Number(r.engagement);
      const relevance = mentions ? Number(r.kept) / mentions : 0;
      const tone = Math.round(Number(r.tone) * 100) / 100;
      return {
        network: r.network,
        handle: r.author_handle,
        name: r.name ?? r.author_handle,
        followers,
        mentions,
        engagement,
        relevance: Math.round(relevance * 100) / 100,
        tone,
        toneLabel: (tone >= 0.2 ? "positive" : tone <= -0.2 ? "negative" : "neutral") as Sentiment,
        score: Math.round(Math.log10(1 + (followers ?? 0)) * Math.log2(2 + engagement) * relevance * 100) / 100,
      };
    })
    .filter((l) => l.relevance > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

export type ListeningAnalytics = {
  period: { from: string; to: string; previousFrom: string };
  volume: Awaited<ReturnType<typeof volume>>;
  previous: Counts;
  negativity: Awaited<ReturnType<typeof negativity>>;
  trending: TrendingTerm[];
  shareOfVoice: VoiceShare[];
  leaders: Leader[];
};

/** Everything the listening dashboard shows, with the previous period's totals for comparison. */
export async function listeningAnalytics(db: Kysely<Database>, actor: Actor, workspaceId: string, p: Period): Promise<ListeningAnalytics> {
  await requireAccess(db, actor, workspaceId, "listening.read");
  const brand = await findBrand(db, workspaceId, p.brandId);
  if (p.queryId) {
    const q = await db.selectFrom("listening_queries").select("id").where("id", "=", p.queryId).where("brand_id", "=", p.brandId).executeTakeFirst();
    if (!q) throw new AppError("not_found", "Listening query was not found in this brand.");
  }
  const { from, to } = checkPeriod(p);
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime())).toISOString();
  const [vol, prev, neg, trend, sov, lead] = await Promise.all([
    volume(db, p, brand.timezone),
    scoped(db, p, previousFrom, from.toISOString())
      .select(["m.sentiment", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy("m.sentiment")
      .execute(),
    negativity(db, p),
    trending(db, p),
    shareOfVoice(db, p),
    leaders(db, p),
  ]);
  const previous = empty();
  for (const r of prev) {
    previous[r.sentiment as Sentiment] += Number(r.n);
    previous.total += Number(r.n);
  }
  return { period: { from: from.toISOString(), to: to.toISOString(), previousFrom }, volume: vol, previous, negativity: neg, trending: trend, shareOfVoice: sov, leaders: lead };
}
