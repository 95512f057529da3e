/**
 * Full-text search over the inbox (text, author name and handle), so a search is an index lookup
 * at a million items instead of a LIKE scan.
 * - SQLite: an FTS5 table with external content (inbox_items, keyed by its implicit rowid: the
 *   words are indexed, the text is not stored twice), kept in step by triggers. unicode61 folds
 *   case for every script (Cyrillic included) and `remove_diacritics 2` makes "cafe" find "café".
 *   A VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY: after one, run
 *   `insert into inbox_items_fts(inbox_items_fts) values ('rebuild')`. (Chorus itself never
 *   vacuums; its backup copies pages, rowids included.)
 * - PostgreSQL: a GIN index on the same three columns' tsvector under the 'simple' configuration
 *   (lower-case, no stemming), so any language works. src/services/inbox/search.ts must repeat
 *   this expression word for word, or the planner will not use the index.
 */
import { type Kysely, SqliteAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) {
    await sql`create index inbox_items_search on inbox_items using gin (to_tsvector('simple', coalesce(text, '') || ' ' || author_name || ' ' || author_handle))`.execute(db);
    return;
  }
  await sql`create virtual table inbox_items_fts using fts5(text, author_name, author_handle, content = 'inbox_items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  // External content: the index must be told the old values to remove them, so every change of
  // the three columns goes through these triggers. The update trigger is limited to those columns:
  // status, rank and assignment change far more often than the text.
  await sql`create trigger inbox_items_fts_insert after insert on inbox_items begin
    insert into inbox_items_fts (rowid, text, author_name, author_handle) values (new.rowid, new.text, new.author_name, new.author_handle);
  end`.execute(db);
  await sql`create trigger inbox_items_fts_delete after delete on inbox_items begin
    insert into inbox_items_fts (inbox_items_fts, rowid, text, author_name, author_handle) values ('delete', old.rowid, old.text, old.author_name, old.author_handle);
  end`.execute(db);
  await sql`create trigger inbox_items_fts_update after update of text, author_name, author_handle on inbox_items begin
    insert into inbox_items_fts (inbox_items_fts, rowid, text, author_name, author_handle) values ('delete', old.rowid, old.text, old.author_name, old.author_handle);
    insert into inbox_items_fts (rowid, text, author_name, author_handle) values (new.rowid, new.text, new.author_name, new.author_handle);
  end`.execute(db);
  await sql`insert into inbox_items_fts (inbox_items_fts) values ('rebuild')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) {
    await sql`drop index if exists inbox_items_search`.execute(db);
    return;
  }
  for (const t of ["inbox_items_fts_update", "inbox_items_fts_delete", "inbox_items_fts_insert"]) await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
  await sql`drop table if exists inbox_items_fts`.execute(db);
}
