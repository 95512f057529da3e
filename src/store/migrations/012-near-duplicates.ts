/**
 * Near-copies of mentions: a copy with a hashtag, a word or a sentence added, a typo or one word
 * changed, published within a week of its original, folds under it like an exact copy (see
 * src/services/listening/text.ts and ingest.ts). Each original (duplicate_of null) of 8 words or
 * more keeps its 6 band values here, under the fortnight it was published in (14-day periods since
 * 1970); a new post's candidates are the rows with one of its values in the fortnights around it,
 * read through the primary key. Only originals have rows: an original that an earlier post replaces
 * loses its rows and the earlier post gains its own.
 *
 * The fortnight comes before the values in the key so that a batch of recent posts writes its rows
 * to a few pages rather than each row to a page of its own.
 *
 * No foreign key to mentions: they go only with their brand, and the rows with it (a key on
 * mention_id would cost a check per row stored, and an index for the cascade). Mentions stored
 * before this migration have no rows, and computing them needs the application's hashing, not SQL:
 * an exact copy of one still folds under it by fingerprint, but only originals stored after the
 * upgrade are found by near-copy lookup.
 */
import { type Kysely, SqliteAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  // The primary key is the whole row: on SQLite the table is that index alone (without rowid).
  await db.schema
    .createTable("mention_bands")
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("period", "integer", (c) => c.notNull())
    .addColumn("band", "integer", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("mention_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mention_bands_pk", ["brand_id", "period", "band", "value", "mention_id"])
    .$call((t) => (isSqlite(db) ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mention_bands").ifExists().execute();
}
