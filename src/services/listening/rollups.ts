/**
 * Listening rollups (see migration 011): each whole UTC day of a brand's mentions summed once — per
 * hour and sentiment, per source, per author — so the analytics of a month or a quarter read a few
 * thousand rows instead of every mention.
 *
 * The aggregates are written once, as SQL over the mentions (`hoursOf`, `sourcesOf`, `authorsOf`),
 * and serve twice: the sweep stores them per day, and the analytics run them directly over what the
 * rollups do not cover — the partial days at a period's edges, today, and days changed since they
 * were computed. So a figure is the same whichever way it was read.
 *
 * Every write that changes a day's figures calls `touchDays`; `computeRollups` (the minute sweep)
 * recomputes the days touched since, before today, newest first.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from "kysely";
import type { Database } from "../../store/schema.js";

const dayMs = 86_400_000;

/** A brand's mentions ('' scope), or those of some of its queries (one scope per query). */
export type Scope = { brandId: string; queryIds?: string[] | undefined };

const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const nextDay = (day: string) => new Date(Date.parse(dayStart(day)) + dayMs).toISOString().slice(0, 10);

/** Marks the UTC days of these timestamps (or days) changed for a brand: their rollups are read around until recomputed. */
export async function touchDays(db: Kysely<Database>, brandId: string, timestamps: Iterable<string>): Promise<void> {
  const days = [...new Set([...timestamps].map((t) => t.slice(0, 10)))].sort();
  if (days.length === 0) return;
  // Sorted, so concurrent writers lock the rows in the same order (PostgreSQL).
  await db
    .insertInto("listening_days")
    .values(days.map((day) => ({ brand_id: brandId, day, touched: 1, computed: 0 })))
    .onConflict((oc) => oc.columns(["brand_id", "day"]).doUpdateSet((eb) => ({ touched: eb("listening_days.touched", "+", 1) })))
    .execute();
}

/** Marks changed the days of these mentions and of their copies (a copy is counted by its original's tone). */
export async function touchMentions(db: Kysely<Database>, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 400) {
    const part = ids.slice(i, i + 400);
    const rows = await db
      .selectFrom("mentions")
      .select(["brand_id", "published_at"])
      .where((eb) => eb.or([eb("id", "in", part), eb("duplicate_of", "in", part)]))
      .execute();
    const byBrand = new Map<string, string[]>();
    for (const r of rows) byBrand.set(r.brand_id, [...(byBrand.get(r.brand_id) ?? []), r.published_at]);
    for (const [brandId, at] of byBrand) await touchDays(db, brandId, at);
  }
}

// --- The aggregates, over the mentions of a scope published in [from, to) ---------------------

/** `m` read by (brand, author, time) when told: SQLite, without statistics, would otherwise walk the whole brand. */
function scoped(s: Scope, from: string, to: string, byAuthor = false) {
  const m = byAuthor ? sql`mentions as m indexed by mentions_brand_author` : sql`mentions as m`;
  if (s.queryIds) {
    return {
      from: sql`mention_queries as mq inner join ${m} on m.id = mq.mention_id`,
      // The brand is named only for the (brand, author) index: otherwise SQLite would walk the brand.
      where: sql`${byAuthor ? sql`m.brand_id = ${s.brandId} and ` : sql``}mq.query_id in (${sql.join(s.queryIds)}) and mq.published_at >= ${from} and mq.published_at < ${to}`,
      scope: sql`mq.query_id`,
      groups: [sql`mq.query_id`],
    };
  }
  return { from: m, where: sql`m.brand_id = ${s.brandId} and m.published_at >= ${from} and m.published_at < ${to}`, scope: sql`''`, groups: [] as RawBuilder<unknown>[] };
}

/** scope, hour, sentiment, mentions — what was not set aside. */
function hoursOf(s: Scope, from: string, to: string): RawBuilder<unknown> {
  const q = scoped(s, from, to);
  return sql`select ${q.scope} as scope, substr(m.published_at, 1, 13) as hour, m.sentiment as sentiment, count(*) as mentions
    from ${q.from} where ${q.where} and m.irrelevant = 0
    group by ${sql.join([...q.groups, sql`substr(m.published_at, 1, 13)`, sql`m.sentiment`])}`;
}

/** scope, network, source_key ('' for none), negative, total — what was not set aside. */
function sourcesOf(s: Scope, from: string, to: string): RawBuilder<unknown> {
  const q = scoped(s, from, to);
  return sql`select ${q.scope} as scope, m.network as network, coalesce(m.source_id, '') as source_key,
      sum(case when m.sentiment = 'negative' then 1 else 0 end) as negative, count(*) as total
    from ${q.from} where ${q.where} and m.irrelevant = 0
    group by ${sql.join([...q.groups, sql`m.network`, sql`coalesce(m.source_id, '')`])}`;
}

/**
 * scope, network, author_handle and the author's figures: their mentions (all, and kept), engagement,
 * the sum of sentiment scores, their negative originals kept with the followers they had, and the
 * copies of their negative originals posted in the range (kept), with the copiers' followers.
 */
function authorsOf(s: Scope, from: string, to: string, only?: Only): RawBuilder<unknown> {
  const q = scoped(s, from, to);
  const ofAuthors = only?.authors && only.sqlite ? scoped(s, from, to, true) : q;
  const own = only?.authors ? sql` and m.author_handle in (${sql.join(only.authors)})` : sql``;
  const copied = only?.authors ? sql` and o.author_handle in (${sql.join(only.authors)})` : sql``;
  const negativeOriginal = sql`m.irrelevant = 0 and m.sentiment = 'negative' and m.duplicate_of is null`;
  return sql`select scope, network, author_handle, max(name) as name, max(url) as url, max(followers) as followers,
      sum(mentions) as mentions, sum(kept) as kept, sum(engagement) as engagement, sum(tone_sum) as tone_sum,
      sum(negative) as negative, max(negative_followers) as negative_followers, sum(copies) as copies, sum(copy_reach) as copy_reach
    from (
      select ${q.scope} as scope, m.network as network, m.author_handle as author_handle, max(m.author_name) as name,
        max(case when m.irrelevant = 0 then m.url end) as url, max(m.author_followers) as followers, count(*) as mentions,
        sum(case when m.irrelevant = 0 then 1 else 0 end) as kept, sum(m.likes + m.reposts + m.replies) as engagement,
        sum(m.sentiment_score) as tone_sum, sum(case when ${negativeOriginal} then 1 else 0 end) as negative,
        max(case when ${negativeOriginal} then m.author_followers end) as negative_followers, 0 as copies, 0 as copy_reach
      from ${ofAuthors.from} where ${ofAuthors.where}${own}
      group by ${sql.join([...q.groups, sql`m.network`, sql`m.author_handle`])}
      union all
      select ${q.scope}, o.network, o.author_handle, null, null, null, 0, 0, 0, 0, 0, null, count(*), coalesce(sum(m.author_followers), 0)
      from ${q.from} inner join mentions as o on o.id = m.duplicate_of
      where ${q.where} and m.duplicate_of is not null and m.irrelevant = 0 and o.sentiment = 'negative'${copied}
      group by ${sql.join([...q.groups, sql`o.network`, sql`o.author_handle`])}
    ) as a
    group by scope, network, author_handle`;
}

// --- Computing a day ----------------------------------------------------------------------------

/**
 * How loud an author was (the opinion leaders' first cut) and how far their negativity went: each
 * day's 300 first by each are the candidates of a period's rankings, whose figures are then summed
 * exactly. An author who was never among a day's 300 loudest is not an opinion leader of the period.
 */
const loudness = sql`coalesce(followers, 0) + 10 * engagement`;
const negativeReach = sql`coalesce(negative_followers, 0) * negative + copy_reach`;
const hasNegativity = sql`(negative > 0 or copies > 0)`;
export const candidatesPerDay = 300;

/** Recomputes one brand's day from its mentions. */
export async function computeDay(db: Kysely<Database>, brandId: string, day: string): Promise<void> {
  const from = dayStart(day);
  const to = dayStart(nextDay(day));
  await db.transaction().execute(async (tx) => {
    let read = tx.selectFrom("listening_days").select(["touched", "computed"]).where("brand_id", "=", brandId).where("day", "=", day);
    // Two sweeps never compute one day at once; a write touching it meanwhile waits and leaves it stale.
    if (tx.getExecutor().adapter instanceof PostgresAdapter) read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (!row) return;
    const queryIds = (await tx.selectFrom("listening_queries").select("id").where("brand_id", "=", brandId).execute()).map((q) => q.id);
    const scopes: Scope[] = queryIds.length ? [{ brandId }, { brandId, queryIds }] : [{ brandId }];
    // A day computed before has rows to replace (by scope, as the keys go: a seek per scope rather
    // than a walk of the brand's rows); one never computed has none.
    const keys = ["", ...queryIds];
    if (row.computed !== 0) {
      await tx.deleteFrom("mention_hours").where("brand_id", "=", brandId).where("scope", "in", keys).where("hour", ">=", `${day}T00`).where("hour", "<", `${nextDay(day)}T00`).execute();
      await tx.deleteFrom("mention_source_days").where("brand_id", "=", brandId).where("scope", "in", keys).where("day", "=", day).execute();
      await tx.deleteFrom("mention_author_days").where("brand_id", "=", brandId).where("scope", "in", keys).where("day", "=", day).execute();
    }
    for (const s of scopes) {
      await sql`insert into mention_hours (brand_id, scope, hour, sentiment, mentions)
        select ${brandId}, scope, hour, sentiment, mentions from (${hoursOf(s, from, to)}) as r`.execute(tx);
      await sql`insert into mention_source_days (brand_id, scope, day, network, source_key, negative, total)
        select ${brandId}, scope, ${day}, network, source_key, negative, total from (${sourcesOf(s, from, to)}) as r`.execute(tx);
      await sql`insert into mention_author_days (brand_id, scope, day, network, author_handle, name, url, followers, mentions, kept, engagement, tone_sum, negative, negative_followers, copies, copy_reach, leader_rank, negative_rank)
        select ${brandId}, scope, ${day}, network, author_handle, name, url, followers, mentions, kept, engagement, tone_sum, negative, negative_followers, copies, copy_reach,
          row_number() over (partition by scope order by ${loudness} desc, network, author_handle),
          case when ${hasNegativity} then row_number() over (partition by scope, case when ${hasNegativity} then 1 else 0 end order by ${negativeReach} desc, network, author_handle) end
        from (${authorsOf(s, from, to)}) as r`.execute(tx);
    }
    await tx.updateTable("listening_days").set({ computed: row.touched }).where("brand_id", "=", brandId).where("day", "=", day).execute();
  });
}

/**
 * Recomputes stale days before today (UTC), newest first, for at most `budgetMs` (at least one
 * day). Returns how many were computed. Run by the minute sweep; after an upgrade or a large import
 * it catches up over a few sweeps, the analytics reading the mentions meanwhile.
 */
export async function computeRollups(db: Kysely<Database>, now: Date, budgetMs = 5_000): Promise<number> {
  const started = performance.now();
  const today = now.toISOString().slice(0, 10);
  let done = 0;
  for (;;) {
    const stale = await db.selectFrom("listening_days").select(["brand_id", "day"]).whereRef("computed", "<>", "touched").where("day", "<", today).orderBy("day", "desc").limit(50).execute();
    if (stale.length === 0) return done;
    for (const d of stale) {
      await computeDay(db, d.brand_id, d.day);
      done++;
      if (performance.now() - started > budgetMs) return done;
    }
  }
}

// --- Reading a period ---------------------------------------------------------------------------

/** How a period is read: whole computed days from the rollups, the rest from the mentions. */
export type PeriodPlan = { days: { from: string; to: string; except: string[] } | null; raw: [string, string][] };

export async function planPeriod(db: Kysely<Database>, brandId: string, from: Date, to: Date): Promise<PeriodPlan> {
  const f = from.toISOString();
  const t = to.toISOString();
  const firstDay = f.endsWith("T00:00:00.000Z") ? f.slice(0, 10) : nextDay(f.slice(0, 10));
  const endDay = t.slice(0, 10);
  if (firstDay >= endDay) return { days: null, raw: [[f, t]] };
  const stale = (
    await db.selectFrom("listening_days").select("day").where("brand_id", "=", brandId).where("day", ">=", firstDay).where("day", "<", endDay).whereRef("computed", "<>", "touched").orderBy("day").execute()
  ).map((r) => r.day);
  const ranges: [string, string][] = [];
  const add = (a: string, b: string) => {
    if (a >= b) return;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === a) last[1] = b;
    else ranges.push([a, b]);
  };
  add(f, dayStart(firstDay));
  for (const d of stale) add(dayStart(d), dayStart(nextDay(d)));
  add(dayStart(endDay), t);
  return { days: { from: firstDay, to: endDay, except: stale }, raw: ranges };
}

type Part = "hours" | "sources" | "authors";
const ofRaw: Record<Part, (s: Scope, from: string, to: string, only?: Only) => RawBuilder<unknown>> = { hours: hoursOf, sources: sourcesOf, authors: authorsOf };

function fromRollup(part: Part, s: Scope, days: NonNullable<PeriodPlan["days"]>, only?: Only): RawBuilder<unknown> {
  const scopes = s.queryIds ?? [""];
  const except = days.except.length ? days.except : null;
  if (part === "hours") {
    return sql`select scope, hour, sentiment, mentions from mention_hours
      where brand_id = ${s.brandId} and scope in (${sql.join(scopes)}) and hour >= ${`${days.from}T00`} and hour < ${`${days.to}T00`}
      ${except ? sql`and substr(hour, 1, 10) not in (${sql.join(except)})` : sql``}`;
  }
  // A ranking's candidates read only what it ranks by, from the partial index alone.
  const columns =
    part === "sources"
      ? sql`scope, network, source_key, negative, total`
      : only?.candidates === "leaders"
        ? sql`scope, network, author_handle, null, null, followers, 0, 0, engagement, 0, 0, null, 0, 0`
        : only?.candidates === "negative"
          ? sql`scope, network, author_handle, null, null, null, 0, 0, 0, 0, negative, negative_followers, copies, copy_reach`
          : sql`scope, network, author_handle, name, url, followers, mentions, kept, engagement, tone_sum, negative, negative_followers, copies, copy_reach`;
  const table = part === "sources" ? sql`mention_source_days` : only?.authors && only.sqlite ? sql`mention_author_days indexed by mention_author_days_author` : sql`mention_author_days`;
  return sql`select ${columns} from ${table}
    where brand_id = ${s.brandId} and scope in (${sql.join(scopes)}) and day >= ${days.from} and day < ${days.to}
    ${except ? sql`and day not in (${sql.join(except)})` : sql``}
    ${only?.authors ? sql`and author_handle in (${sql.join(only.authors)})` : sql``}
    ${only?.candidates === "leaders" ? sql`and leader_rank <= 300` : only?.candidates === "negative" ? sql`and negative_rank <= 300` : sql``}`;
}

/**
 * Narrower author rows: only these authors (any network), or only the rollup rows of each day's
 * candidates (see `loudness`; the literal 300 lets the partial indexes serve).
 */
type Only = { authors?: string[] | undefined; candidates?: "leaders" | "negative" | undefined; sqlite?: boolean | undefined };

/** The rows of one aggregate over a planned period, to be summed by the caller's `select … from (…) as x group by …`. */
export function periodRows(part: Part, s: Scope, plan: PeriodPlan, only?: Only): RawBuilder<unknown> {
  const parts = plan.raw.map(([a, b]) => ofRaw[part](s, a, b, only));
  if (plan.days) parts.unshift(fromRollup(part, s, plan.days, only));
  return sql.join(parts, sql` union all `);
}
