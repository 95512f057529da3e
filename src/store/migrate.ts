/**
 * Runs the migrations in src/store/migrations on SQLite or PostgreSQL. The list is static so
 * it works the same from TypeScript sources (tests, dev) and from the compiled build.
 */
import { type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import * as m001 from "./migrations/001-foundation.js";
import * as m002 from "./migrations/002-jobs.js";
import * as m003 from "./migrations/003-publishing.js";
import * as m004 from "./migrations/004-media-links.js";
import * as m005 from "./migrations/005-planning.js";
import * as m006 from "./migrations/006-inbox.js";
import * as m007 from "./migrations/007-inbox-priority.js";
import * as m008 from "./migrations/008-inbox-teamwork.js";
import * as m009 from "./migrations/009-inbox-search.js";
import * as m010 from "./migrations/010-listening.js";
import * as m011 from "./migrations/011-listening-rollups.js";
import * as m012 from "./migrations/012-near-duplicates.js";
import * as m013 from "./migrations/013-analytics.js";
import * as m014 from "./migrations/014-competitors.js";
import * as m015 from "./migrations/015-reports.js";
import * as m016 from "./migrations/016-channel-audience.js";
import * as m017 from "./migrations/017-audience-audits.js";
import * as m018 from "./migrations/018-brand-scoped-members.js";
import * as m019 from "./migrations/019-strategy.js";
import * as m020 from "./migrations/020-campaigns.js";
import * as m021 from "./migrations/021-giveaways.js";
import * as m022 from "./migrations/022-briefs.js";
import * as m023 from "./migrations/023-ad-marks.js";
import * as m024 from "./migrations/024-plan-health.js";
import * as m025 from "./migrations/025-opinion-leaders.js";
import type { Store } from "./db.js";

const migrations = {
  "001-foundation": m001,
  "002-jobs": m002,
  "003-publishing": m003,
  "004-media-links": m004,
  "005-planning": m005,
  "006-inbox": m006,
  "007-inbox-priority": m007,
  "008-inbox-teamwork": m008,
  "009-inbox-search": m009,
  "010-listening": m010,
  "011-listening-rollups": m011,
  "012-near-duplicates": m012,
  "013-analytics": m013,
  "014-competitors": m014,
  "015-reports": m015,
  "016-channel-audience": m016,
  "017-audience-audits": m017,
  "018-brand-scoped-members": m018,
  "019-strategy": m019,
  "020-campaigns": m020,
  "021-giveaways": m021,
  "022-briefs": m022,
  "023-ad-marks": m023,
  "024-plan-health": m024,
  "025-opinion-leaders": m025,
} satisfies Record<string, Migration>;

export type MigrationName = keyof typeof migrations;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Runs the migrations not yet applied; `upTo` stops after the named one (tests of an upgrade start from an older schema). */
export async function migrateToLatest(store: Store, upTo?: MigrationName): Promise<string[]> {
  // On PostgreSQL name the schema explicitly: without it Kysely looks for its tables in every
  // schema, and a second Chorus schema in the same database (tests, staging) would fool it.
  const schema =
    store.dialect === "postgres"
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: "chorus_migrations",
    migrationLockTableName: "chorus_migrations_lock",
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
