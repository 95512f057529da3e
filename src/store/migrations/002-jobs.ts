/**
 * A job's key is unique per kind while the job is live (queued or running): a partial unique index
 * makes that race-safe on both databases, for any number of processes, and lets enqueue use
 * INSERT … ON CONFLICT DO NOTHING. Finished jobs (done, dead) keep their key without blocking it.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index jobs_live_key on jobs (kind, key) where key is not null and status in ('queued', 'running')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index jobs_live_key`.execute(db);
}
