/**
 * Chooses the job queue backend: the embedded queue (our `jobs` table, on SQLite or PostgreSQL) by
 * default, pg-boss when asked for on PostgreSQL.
 */
import type { Store } from "../store/db.js";
import { createEmbeddedQueue, type EmbeddedQueueOptions } from "./embedded.js";
import { createPgBossQueue, type PgBossQueueOptions } from "./pgboss.js";
import type { JobQueue } from "./queue.js";

export type { BackoffOptions } from "./backoff.js";
export type { EmbeddedQueueOptions } from "./embedded.js";
export type { PgBossQueueOptions } from "./pgboss.js";
export * from "./queue.js";

export type QueueOptions = { backend?: "embedded" | "pg-boss" } & EmbeddedQueueOptions &
  Omit<PgBossQueueOptions, "connectionString">;

export function createQueue(store: Store, opts: QueueOptions = {}): JobQueue {
  const { backend = "embedded", ...rest } = opts;
  if (backend === "embedded") return createEmbeddedQueue(store, rest);
  if (store.dialect !== "postgres" || !store.databaseUrl) {
    throw new Error("The pg-boss job queue needs PostgreSQL: set DATABASE_URL, or use the embedded queue.");
  }
  return createPgBossQueue({ ...rest, connectionString: store.databaseUrl });
}
