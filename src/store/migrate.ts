/**
 * Runs the migrations in src/store/migrations on SQLite or PostgreSQL. The list is static so
 * it works the same from TypeScript sources (tests, dev) and from the compiled build.
 */
import { type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m001 from "./migrations/001-foundation.js";
import type { Store } from "./db.js";

const migrations: Record<string, Migration> = {
  "001-foundation": m001,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider, migrationTableName: "chorus_migrations", migrationLockTableName: "chorus_migrations_lock" });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
