/**
 * Listening analytics for a brand and period, each answered by the database: whole past days from
 * the rollups, the rest from the mentions (see rollups.ts), with the same figures either way:
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
import { periodRows, planPeriod, type Scope } from "./rollups.js";

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

/** The brand's mentions, or one query's. */
const scopeOf = (p: Period): Scope => ({ brandId: p.brandId, queryIds: p.queryId ? [p.queryId] : undefined });

/** Mentions per sentiment in a period, and per hour (UTC, "YYYY-MM-DDTHH") when asked. */
async function counts(db: Kysely<Database>, s: Scope, from: Date, to: Date, by: "hour" | "scope") {
  const plan = await planPeriod(db, s.brandId, from, to);
  const key = by === "hour" ? sql`hour` : sql`scope`;
  const { rows } = await sql<{ key: string; sentiment: Sentiment; n: number | string }>`
    select ${key} as key, sentiment, sum(mentions) as n from (${periodRows("hours", s, plan)}) as x group by ${key}, sentiment`.execute(db);
  return rows;
}

export type VolumePoint = Counts & { t: string };

/** Mentions per bucket and sentiment: hours for periods up to three days, else the brand's local days. */
export async function volume(db: Kysely<Database>, p: Period, zone: string): Promise<{ bucket: "hour" | "day"; points: VolumePoint[]; totals: Counts }> {
  const { from, to } = checkPeriod(p);
  const rows = await counts(db, scopeOf(p), from, to, "hour");
  const bucket = to.getTime() - from.getTime() <= 3 * dayMs ? "hour" : "day";
  // Every bucket of the period is present, zeros included, so charts do not skip quiet days. Each
  // hour falls in the bucket that starts last before it (time-zone math once per bucket, not per row).
  const buckets: { key: string; start: number; counts: Counts }[] = [];
  for (let t = DateTime.fromJSDate(from, { zone }).startOf(bucket); t.toJSDate() < to; t = t.plus(bucket === "hour" ? { hours: 1 } : { days: 1 })) {
    buckets.push({ key: bucket === "hour" ? (t.toUTC().toISO() as string) : (t.toISODate() as string), start: t.toMillis(), counts: empty() });
  }
  const bucketOf = (ms: number) => {
    let lo = 0;
    let hi = buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((buckets[mid] as (typeof buckets)[number]).start <= ms) lo = mid;
      else hi = mid - 1;
    }
    return buckets[lo] as (typeof buckets)[number];
  };
  const totals = empty();
  for (const r of rows) {
    const n = Number(r.n);
    const c = bucketOf(Date.parse(`${r.key}:00:00.000Z`)).counts;
    c[r.sentiment] += n;
    c.total += n;
    totals[r.sentiment] += n;
    totals.total += n;
  }
  const points = buckets.map((b) => ({ t: b.key, ...b.counts }));
  return { bucket, points, totals };
}

export type NegativeSource = { network: string; sourceId: string | null; sourceName: string | null; negative: number; total: number };
/** An author of negative mentions: `copies` reposts and copies of them, `reach` followers × negative posts + the copiers' followers (an upper bound of who saw it). */
export type NegativeAuthor = { network: string; handle: string; name: string; followers: number | null; negative: number; total: number; copies: number; reach: number; url: string | null };

/**
 * Where the negativity comes from: sources by negative mentions in the period, and the accounts
 * behind it — authors of negative originals ranked by how far their negativity went: their
 * followers per negative post plus the followers of everyone who reposted or copied it. Ten people
 * writing once each rank below one loud account a storm of reposts repeats.
 */
export async function negativity(db: Kysely<Database>, p: Period, limit = 10): Promise<{ sources: NegativeSource[]; authors: NegativeAuthor[] }> {
  const { from, to } = checkPeriod(p);
  const s = scopeOf(p);
  const plan = await planPeriod(db, p.brandId, from, to);
  const { rows: top } = await sql<{ network: string; source_key: string; negative: number | string; total: number | string }>`
    select network, source_key, sum(negative) as negative, sum(total) as total from (${periodRows("sources", s, plan)}) as x
    group by network, source_key having sum(negative) > 0 order by sum(negative) desc, network, source_key limit ${limit}`.execute(db);
  const sourceIds = top.map((g) => g.source_key).filter((id) => id !== "");
  const names = new Map((sourceIds.length ? await db.selectFrom("listening_sources").select(["id", "name"]).where("id", "in", sourceIds).execute() : []).map((r) => [r.id, r.name]));
  // Ranked among each day's candidates (see rollups.ts), then the ranked authors' figures summed
  // exactly and ranked again.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const { rows: ranked } = await sql<{ network: string; author_handle: string }>`
    select network, author_handle from (${periodRows("authors", s, plan, { candidates: "negative" })}) as x
    group by network, author_handle having sum(negative) > 0
    order by coalesce(max(negative_followers), 0) * sum(negative) + sum(copy_reach) desc, network, author_handle limit ${limit * 3}`.execute(db);
  const chosen = new Set(ranked.map((a) => `${a.network}|${a.author_handle}`));
  const { rows: exact } = ranked.length
    ? await sql<{
        network: string;
        author_handle: string;
        name: string | null;
        url: string | null;
        total: number | string;
        negative: number | string;
        followers: number | string | null;
        copies: number | string;
        reach: number | string;
      }>`
        select network, author_handle, max(name) as name, max(url) as url, sum(kept) as total, sum(negative) as negative,
          max(negative_followers) as followers, sum(copies) as copies, coalesce(max(negative_followers), 0) * sum(negative) + sum(copy_reach) as reach
        from (${periodRows("authors", s, plan, { authors: [...new Set(ranked.map((a) => a.author_handle))], sqlite })}) as x
        group by network, author_handle`.execute(db)
    : { rows: [] };
  const authors = exact
    .filter((a) => chosen.has(`${a.network}|${a.author_handle}`) && Number(a.negative) > 0)
    .sort((a, b) => Number(b.reach) - Number(a.reach) || Number(b.negative) - Number(a.negative) || (a.network + a.author_handle < b.network + b.author_handle ? -1 : 1))
    .slice(0, limit);
  return {
    sources: top.map((g) => ({
      network: g.network,
      sourceId: g.source_key || null,
      sourceName: g.source_key ? (names.get(g.source_key) ?? null) : null,
      negative: Number(g.negative),
      total: Number(g.total),
    })),
    authors: authors.map((a) => ({
      network: a.network,
      handle: a.author_handle,
      name: a.name ?? a.author_handle,
      followers: a.followers === null ? null : Number(a.followers),
      negative: Number(a.negative),
      total: Number(a.total),
      copies: Number(a.copies),
      reach: Number(a.reach),
      url: a.url,
    })),
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
  const rows = await counts(
    db,
    {
      brandId: p.brandId,
      queryIds: queries.map((q) => q.id),
    },
    from,
    to,
    "scope",
  );
  const out = queries.map((q) => ({ queryId: q.id, name: q.name, kind: q.kind, mentions: 0, share: 0, positive: 0, neutral: 0, negative: 0 }));
  for (const r of rows) {
    const o = out.find((x) => x.queryId === r.key);
    if (!o) continue;
    o[r.sentiment] += Number(r.n);
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
 * mentions) × relevance. The database narrows the authors to the 200 with the most followers + 10 ×
 * engagement among each day's 300 loudest (see rollups.ts); the score orders those, on their figures
 * over the whole period.
 */
export async function leaders(db: Kysely<Database>, p: Period, limit = 15): Promise<Leader[]> {
  const { from, to } = checkPeriod(p);
  const plan = await planPeriod(db, p.brandId, from, to);
  const s = scopeOf(p);
  // The 200 loudest among each day's candidates (see rollups.ts), then their figures summed exactly.
  const { rows: loudest } = await sql<{ network: string; author_handle: string }>`
    select network, author_handle from (${periodRows("authors", s, plan, { candidates: "leaders" })}) as x
    group by network, author_handle
    order by coalesce(max(followers), 0) + 10 * sum(engagement) desc, network, author_handle limit 200`.execute(db);
  if (loudest.length === 0) return [];
  const chosen = new Set(loudest.map((a) => `${a.network}|${a.author_handle}`));
  const { rows: exact } = await sql<{
    network: string;
    author_handle: string;
    name: string | null;
    followers: number | string | null;
    mentions: number | string;
    engagement: number | string;
    kept: number | string;
    tone_sum: number | string;
  }>`
    select network, author_handle, max(name) as name, max(followers) as followers, sum(mentions) as mentions,
      sum(engagement) as engagement, sum(kept) as kept, sum(tone_sum) as tone_sum
    from (${periodRows("authors", s, plan, { authors: [...new Set(loudest.map((a) => a.author_handle))], sqlite: db.getExecutor().adapter instanceof SqliteAdapter })}) as x
    group by network, author_handle`.execute(db);
  const rows = exact.filter((r) => chosen.has(`${r.network}|${r.author_handle}`) && Number(r.mentions) > 0);
  return rows
    .map((r) => {
      const followers = r.followers === null ? null : Number(r.followers);
      const mentions = Number(r.mentions);
      const engagement = Number(r.engagement);
      const relevance = mentions ? Number(r.kept) / mentions : 0;
      const tone = Math.round((Number(r.tone_sum) / mentions) * 100) / 100;
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
    counts(db, scopeOf(p), new Date(previousFrom), from, "scope"),
    negativity(db, p),
    trending(db, p),
    shareOfVoice(db, p),
    leaders(db, p),
  ]);
  const previous = empty();
  for (const r of prev) {
    previous[r.sentiment] += Number(r.n);
    previous.total += Number(r.n);
  }
  return { period: { from: from.toISOString(), to: to.toISOString(), previousFrom }, volume: vol, previous, negativity: neg, trending: trend, shareOfVoice: sov, leaders: lead };
}
