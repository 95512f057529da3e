/**
 * Housekeeping, once an hour: forget expired sessions and old sign-in attempts. Each run
 * schedules the next; the hour in the key makes concurrent processes agree on one job per hour.
 */
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { JobQueue } from "./queue.js";

export const cleanupKind = "maintenance.cleanup";
const hourMs = 3_600_000;

const hourKey = (at: Date) => `cleanup:${at.toISOString().slice(0, 13)}`;

export async function scheduleCleanup(queue: JobQueue, at = new Date()): Promise<void> {
  await queue.enqueue(cleanupKind, {}, { runAt: at, key: hourKey(at), maxAttempts: 3 });
}

export function registerMaintenance(queue: JobQueue, db: Kysely<Database>): void {
  queue.work(cleanupKind, async () => {
    const now = new Date();
    await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
    // The rate limiter looks back 15 minutes; a day of attempts is kept for investigation.
    await db.deleteFrom("login_attempts").where("at", "<", new Date(now.getTime() - 24 * hourMs).toISOString()).execute();
    await scheduleCleanup(queue, new Date(Math.floor(now.getTime() / hourMs) * hourMs + hourMs));
  });
}
