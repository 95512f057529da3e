/**
 * Social listening: what a brand listens for (queries in the language of src/domain/listening-query.ts),
 * where it listens (sources: a network searched through a connected channel, an RSS/Atom feed, an
 * import), the mentions found (one row per post on the network however many sources and queries
 * found it, with the queries it matched in mention_queries), daily word counts per brand for
 * trending terms, alert rules and the alerts they raised, and the text models a workspace trains
 * from its team's corrections (sentiment, relevance).
 *
 * Full-text search over mentions as over the inbox (see 009): SQLite FTS5 with external content,
 * PostgreSQL a GIN index on to_tsvector('simple', …) that src/services/listening must repeat verbatim.
 */
import { type Kysely, SqliteAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("listening_queries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("listening_queries_brand").on("listening_queries").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("listening_sources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.references("channels.id").onDelete("cascade"))
    .addColumn("url", "text")
    .addColumn("config", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("new"))
    .addColumn("last_run_at", "text")
    .addColumn("last_ok_at", "text")
    .addColumn("last_error", "text")
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_run_at", "text")
    .addColumn("items_total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("items_last_run", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("listening_sources_brand").on("listening_sources").columns(["workspace_id", "brand_id"]).execute();
  await db.schema.createIndex("listening_sources_due").on("listening_sources").columns(["enabled", "next_run_at"]).execute();

  // Where a source's reading stopped: a network search keeps one per query and search term
  // ("<query id>|<term>"), a feed one under "".
  await db.schema
    .createTable("listening_cursors")
    .addColumn("source_id", "text", (c) => c.notNull().references("listening_sources.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("cursor", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("listening_cursors_pk", ["source_id", "key"])
    .execute();

  await db.schema
    .createTable("mentions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("source_id", "text", (c) => c.references("listening_sources.id").onDelete("set null"))
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("author_handle", "text", (c) => c.notNull())
    .addColumn("author_followers", "integer")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("lang", "text")
    .addColumn("sentiment", "text", (c) => c.notNull())
    .addColumn("sentiment_score", "real", (c) => c.notNull())
    .addColumn("sentiment_confidence", "real")
    .addColumn("sentiment_corrected", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("likes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reposts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("replies", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("duplicate_of", "text")
    .addColumn("irrelevant", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("irrelevant_by", "text")
    .addColumn("inbox_item_id", "text")
    .addColumn("terms_counted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("collected_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mentions_unique").on("mentions").columns(["brand_id", "network", "external_id"]).unique().execute();
  // The feed and every chart read a brand's mentions by time; the included columns make the counts index-only.
  await db.schema
    .createIndex("mentions_brand_time")
    .on("mentions")
    .columns(["brand_id", "published_at", "sentiment", "irrelevant", "duplicate_of", "network", "source_id"])
    .execute();
  await db.schema.createIndex("mentions_brand_author").on("mentions").columns(["brand_id", "author_handle", "published_at"]).execute();
  await db.schema.createIndex("mentions_duplicate_of").on("mentions").column("duplicate_of").where(sql.ref("duplicate_of"), "is not", null).execute();
  await db.schema.createIndex("mentions_terms_pending").on("mentions").column("collected_at").where(sql.ref("terms_counted"), "=", 0).execute();
  await db.schema.createIndex("mentions_brand_fingerprint").on("mentions").columns(["brand_id", "fingerprint"]).execute();

  await db.schema
    .createTable("mention_queries")
    .addColumn("mention_id", "text", (c) => c.notNull().references("mentions.id").onDelete("cascade"))
    .addColumn("query_id", "text", (c) => c.notNull().references("listening_queries.id").onDelete("cascade"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mention_queries_pk", ["mention_id", "query_id"])
    .execute();
  await db.schema.createIndex("mention_queries_query_time").on("mention_queries").columns(["query_id", "published_at", "mention_id"]).execute();

  // Words and two-word phrases per brand and day (stop words left out), for "trending against the
  // brand's own baseline" without reading every mention's text. Counted in bulk once a minute from
  // the mentions not yet counted (mentions.terms_counted), not while storing them.
  await db.schema
    .createTable("mention_terms")
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("mentions", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("mention_terms_pk", ["brand_id", "day", "term"])
    .execute();
  // The baseline of the current period's terms: a few hundred seeks instead of a scan of weeks.
  await db.schema.createIndex("mention_terms_brand_term").on("mention_terms").columns(["brand_id", "term", "day"]).execute();

  await db.schema
    .createTable("alert_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("query_id", "text", (c) => c.references("listening_queries.id").onDelete("cascade"))
    .addColumn("emails", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("webhook_url", "text")
    .addColumn("webhook_secret_enc", "text")
    .addColumn("cooldown_minutes", "integer", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("last_fired_at", "text")
    .addColumn("last_checked_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alert_rules_brand").on("alert_rules").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("rule_id", "text", (c) => c.references("alert_rules.id").onDelete("set null"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("deliveries", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("window_start", "text", (c) => c.notNull())
    .addColumn("window_end", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("alerts_brand_time").on("alerts").columns(["workspace_id", "brand_id", "created_at"]).execute();

  // A model a workspace trained on its team's corrections; scope "sentiment", or "relevance:<brand id>".
  await db.schema
    .createTable("text_models")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("metrics", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("examples", "integer", (c) => c.notNull())
    .addColumn("trained_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("text_models_pk", ["workspace_id", "scope"])
    .execute();

  // Corrections made on mentions are training data as those made in the inbox are.
  await db.schema.alterTable("sentiment_corrections").addColumn("mention_id", "text").execute();

  if (!isSqlite(db)) {
    await sql`create index mentions_search on mentions using gin (to_tsvector('simple', coalesce(title, '') || ' ' || text || ' ' || author_name || ' ' || author_handle))`.execute(db);
    return;
  }
  await sql`create virtual table mentions_fts using fts5(title, text, author_name, author_handle, content = 'mentions', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger mentions_fts_insert after insert on mentions begin
    insert into mentions_fts (rowid, title, text, author_name, author_handle) values (new.rowid, new.title, new.text, new.author_name, new.author_handle);
  end`.execute(db);
  await sql`create trigger mentions_fts_delete after delete on mentions begin
    insert into mentions_fts (mentions_fts, rowid, title, text, author_name, author_handle) values ('delete', old.rowid, old.title, old.text, old.author_name, old.author_handle);
  end`.execute(db);
  await sql`create trigger mentions_fts_update after update of title, text, author_name, author_handle on mentions begin
    insert into mentions_fts (mentions_fts, rowid, title, text, author_name, author_handle) values ('delete', old.rowid, old.title, old.text, old.author_name, old.author_handle);
    insert into mentions_fts (rowid, title, text, author_name, author_handle) values (new.rowid, new.title, new.text, new.author_name, new.author_handle);
  end`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const t of ["mentions_fts_update", "mentions_fts_delete", "mentions_fts_insert"]) await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
    await sql`drop table if exists mentions_fts`.execute(db);
  }
  await db.schema.alterTable("sentiment_corrections").dropColumn("mention_id").execute();
  for (const t of ["text_models", "alerts", "alert_rules", "mention_terms", "mention_queries", "mentions", "listening_cursors", "listening_sources", "listening_queries"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
