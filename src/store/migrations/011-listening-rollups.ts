/**
 * Listening rollups: what the analytics read instead of the mentions themselves for whole UTC days
 * before today. Each (brand, day) has a row in listening_days; every write that changes what a day's
 * figures would be (a mention stored, re-counted, corrected, set aside, folded under another) bumps
 * `touched`, and the listening sweep recomputes the day's rollups from its mentions and records the
 * `touched` it started from in `computed`. A day's rollups are used only while computed = touched;
 * otherwise (and for today, and the partial days at a period's edges) the analytics read the
 * mentions. A day with no row has no mentions.
 *
 * `scope` is '' for the brand's mentions and a query id for the mentions that query matched.
 */
import { type Kysely, SqliteAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  // On SQLite the rollups are clustered by their key (no rowid): a period's rows are read in one
  // pass of the key, without a lookup per row.
  const clustered = isSqlite(db) ? sql`without rowid` : sql``;
  await db.schema
    .createTable("listening_days")
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("touched", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("computed", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("listening_days_pk", ["brand_id", "day"])
    .modifyEnd(clustered)
    .execute();

  // Volume, sentiment and share of voice: mentions per hour (UTC, "YYYY-MM-DDTHH") and sentiment.
  await db.schema
    .createTable("mention_hours")
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("hour", "text", (c) => c.notNull())
    .addColumn("sentiment", "text", (c) => c.notNull())
    .addColumn("mentions", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("mention_hours_pk", ["brand_id", "scope", "hour", "sentiment"])
    .modifyEnd(clustered)
    .execute();

  // Where negativity comes from: per day, network and source ('' for none).
  await db.schema
    .createTable("mention_source_days")
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("source_key", "text", (c) => c.notNull())
    .addColumn("negative", "integer", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("mention_source_days_pk", ["brand_id", "scope", "day", "network", "source_key"])
    .modifyEnd(clustered)
    .execute();

  // Authors per day, for the authors of negativity and the opinion leaders. Counts of mentions not
  // set aside (kept) and of all, negative originals kept and the followers they had, engagement,
  // the sum of sentiment scores, and the copies of the author's negative originals posted that day
  // (with their authors' followers). Ranks within the day: by followers + 10 × engagement, and by
  // the reach of their negativity (null when they had none).
  await db.schema
    .createTable("mention_author_days")
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("author_handle", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("url", "text")
    .addColumn("followers", "integer")
    .addColumn("mentions", "integer", (c) => c.notNull())
    .addColumn("kept", "integer", (c) => c.notNull())
    .addColumn("engagement", "integer", (c) => c.notNull())
    .addColumn("tone_sum", "real", (c) => c.notNull())
    .addColumn("negative", "integer", (c) => c.notNull())
    .addColumn("negative_followers", "integer")
    .addColumn("copies", "integer", (c) => c.notNull())
    .addColumn("copy_reach", "integer", (c) => c.notNull())
    .addColumn("leader_rank", "integer", (c) => c.notNull())
    .addColumn("negative_rank", "integer")
    .addPrimaryKeyConstraint("mention_author_days_pk", ["brand_id", "scope", "day", "network", "author_handle"])
    .modifyEnd(clustered)
    .execute();

  // The totals of the few authors a ranking named.
  await db.schema.createIndex("mention_author_days_author").on("mention_author_days").columns(["brand_id", "scope", "author_handle", "day"]).execute();
  // Each day's loudest authors (rank ≤ 300), the candidates of a period's rankings: a quarter's
  // ranking reads 27,000 rows instead of every author of every day.
  await db.schema
    .createIndex("mention_author_days_leaders")
    .on("mention_author_days")
    .columns(["brand_id", "scope", "day", "followers", "engagement"])
    .where(sql.ref("leader_rank"), "<=", sql.lit(300))
    .execute();
  await db.schema
    .createIndex("mention_author_days_negative")
    .on("mention_author_days")
    .columns(["brand_id", "scope", "day", "negative", "negative_followers", "copies", "copy_reach"])
    .where(sql.ref("negative_rank"), "<=", sql.lit(300))
    .execute();

  // Trending sums a period's day-term counts: with the count in the index, SQLite and PostgreSQL read
  // the index alone (010's indexes left a table lookup per row).
  await db.schema.createIndex("mention_terms_day_counts").on("mention_terms").columns(["brand_id", "day", "term", "mentions"]).execute();
  await db.schema.dropIndex("mention_terms_brand_term").execute();
  await db.schema.createIndex("mention_terms_brand_term").on("mention_terms").columns(["brand_id", "term", "day", "mentions"]).execute();

  // Mentions stored before this migration: their days are computed by the next sweeps.
  await sql`insert into listening_days (brand_id, day, touched, computed) select distinct brand_id, substr(published_at, 1, 10), 1, 0 from mentions`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("mention_terms_day_counts").execute();
  await db.schema.dropIndex("mention_terms_brand_term").execute();
  await db.schema.createIndex("mention_terms_brand_term").on("mention_terms").columns(["brand_id", "term", "day"]).execute();
  for (const t of ["mention_author_days", "mention_source_days", "mention_hours", "listening_days"]) await db.schema.dropTable(t).ifExists().execute();
}
