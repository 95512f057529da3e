/**
 * Test stores on both databases. SQLite is always tested (a fresh file per store); PostgreSQL is
 * tested when CHORUS_TEST_DATABASE_URL is set, each store in its own fresh schema so test files
 * run in parallel. In CI (CI=true) a missing PostgreSQL is an error, never a silent skip.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Dialect, openStore, type Store } from "../../src/store/db.js";
import { type MigrationName, migrateToLatest } from "../../src/store/migrate.js";

export const pgUrl = process.env.CHORUS_TEST_DATABASE_URL;

if (!pgUrl && process.env.CI === "true") {
  throw new Error("CI=true but CHORUS_TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI.");
}

/** The dialects this run tests; use with describe.each. */
export const dialects: Dialect[] = pgUrl ? ["sqlite", "postgres"] : ["sqlite"];

export type TestStore = Store & { cleanup: () => Promise<void>; dataDir: string; databaseUrl: string | undefined };

let counter = 0;

/** A fresh, migrated database; `upTo` stops the migrations after that one (for upgrade tests). */
export async function createTestStore(dialect: Dialect, opts: { upTo?: MigrationName } = {}): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-test-"));
  if (dialect === "sqlite") {
    const store = openStore({ dataDir });
    await migrateToLatest(store, opts.upTo);
    return {
      ...store,
      dataDir,
      cleanup: async () => {
        await store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error("CHORUS_TEST_DATABASE_URL is not set");
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const store = openStore({ databaseUrl: url.toString() });
  await migrateToLatest(store, opts.upTo);
  return {
    ...store,
    dataDir,
    databaseUrl: url.toString(),
    cleanup: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
