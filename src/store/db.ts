/**
 * Opens the store: SQLite (better-sqlite3, one file under the data directory) by default, or
 * PostgreSQL when a DATABASE_URL is configured. Both speak the same Kysely schema.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

export type Store = {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle (for online backup); undefined on PostgreSQL. */
  sqlite: SqliteDatabase.Database | undefined;
  /** PostgreSQL connection string; undefined on SQLite. */
  databaseUrl: string | undefined;
  close: () => Promise<void>;
};

// COUNT(*) and other int8 results come back as strings by default; our counters fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, "chorus.sqlite");
}

export function openStore(opts: { databaseUrl?: string | undefined; dataDir?: string; sqliteFile?: string }): Store {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", sqlite: undefined, databaseUrl: opts.databaseUrl, close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? sqliteFile(opts.dataDir ?? "./data");
  // The directory holds password hashes and the key file: keep it private to the service user.
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers go on while one writer commits; busy_timeout makes a second process
  // (the CLI, a worker) wait for the lock instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  // 64 MiB of page cache instead of SQLite's 2 MiB: the indexes of a million mentions are written
  // and read at random places, and the operating system's cache is a system call away.
  sqlite.pragma("cache_size = -65536");
  // A checkpoint (copying the write-ahead log into the database, with a sync) every 40 MiB of log
  // instead of 4 MiB: a batch of mentions dirties thousands of index pages, and checkpointing after
  // nearly every batch cost a tenth of the time of storing them.
  sqlite.pragma("wal_autocheckpoint = 10000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: { close: () => sqlite.close(), prepare: keptStatements(sqlite) } }) });
  return { db, dialect: "sqlite", sqlite, databaseUrl: undefined, close: () => db.destroy() };
}

/**
 * better-sqlite3's prepare, keeping the last 200 statements: Kysely prepares every query anew, and
 * an insert of hundreds of rows costs about as much to prepare as to run. A statement still being
 * iterated is busy: the same SQL then gets a fresh one.
 */
function keptStatements(sqlite: SqliteDatabase.Database, size = 200): (sql: string) => SqliteDatabase.Statement {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return (sql) => {
    const held = kept.get(sql);
    if (held && !held.busy) {
      // Most recently used last, so the first is the one to let go.
      kept.delete(sql);
      kept.set(sql, held);
      return held;
    }
    const statement = sqlite.prepare(sql);
    kept.set(sql, statement);
    if (kept.size > size) kept.delete(kept.keys().next().value as string);
    return statement;
  };
}

/** Runs `fn` in a transaction of its own, or inside the caller's when `db` is one already (the demo builds in one). */
export function inTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
