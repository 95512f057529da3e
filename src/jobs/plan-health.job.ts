/**
 * The weekly plan health check. Once an hour a sweep looks for brands whose Monday 08:00 (their
 * own zone: the team sees it when the week starts) has passed without a weekly run for it, and
 * enqueues one "health.run" per brand keyed by that due instant. The run is stored under the same
 * key, unique per brand (migration 024), so a retried job or two workers store it once. A brand
 * created after this week's due instant waits for next Monday (its owner can run it now).
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { checkPlanHealth, type HealthDeps } from "../services/health/health.service.js";
import type { Database } from "../store/schema.js";
import type { JobQueue } from "./queue.js";

export const healthSweepKind = "health.sweep";
export const healthRunKind = "health.run";

export type HealthRunPayload = { workspaceId: string; brandId: string; due: string };

const hourMs = 3_600_000;
/** Monday, 08:00 on the brand's wall clock. */
export const weeklyAt = { weekday: 1, hour: 8 } as const;

/** This week's due instant in the zone: the latest Monday 08:00 at or before `now`. */
export function weeklyDue(zone: string, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone });
  let due = local.startOf("week").set({ hour: weeklyAt.hour, minute: 0, second: 0, millisecond: 0 });
  if (due > local) due = due.minus({ weeks: 1 }).set({ hour: weeklyAt.hour });
  return due.toJSDate();
}

export async function scheduleHealthSweep(queue: JobQueue, at: Date): Promise<void> {
  const hour = new Date(Math.floor(at.getTime() / hourMs) * hourMs);
  await queue.enqueue(healthSweepKind, {}, { runAt: at, key: `health-sweep:${hour.toISOString()}`, maxAttempts: 2 });
}

/** The weekly runs due and not yet stored. */
export async function dueHealthRuns(db: Kysely<Database>, now: Date): Promise<HealthRunPayload[]> {
  const brands = await db.selectFrom("brands").select(["id", "workspace_id", "timezone", "created_at"]).where("archived_at", "is", null).execute();
  const last = await db.selectFrom("plan_health_runs").select(["brand_id", db.fn.max("run_key").as("key")]).where("trigger", "=", "weekly").groupBy("brand_id").execute();
  const done = new Map(last.map((r) => [r.brand_id, r.key]));
  const out: HealthRunPayload[] = [];
  for (const b of brands) {
    const due = weeklyDue(b.timezone, now).toISOString();
    if (b.created_at > due) continue;
    const key = done.get(b.id);
    if (key && key >= due) continue;
    out.push({ workspaceId: b.workspace_id, brandId: b.id, due });
  }
  return out;
}

export async function sweepHealth(deps: HealthDeps, queue: JobQueue): Promise<HealthRunPayload[]> {
  const due = await dueHealthRuns(deps.db, deps.now ? deps.now() : new Date());
  for (const d of due) await queue.enqueue(healthRunKind, d, { key: `health:${d.brandId}:${d.due}`, maxAttempts: 3 });
  return due;
}

export function registerPlanHealth(queue: JobQueue, deps: HealthDeps): void {
  queue.work<HealthRunPayload>(healthRunKind, async (p) => {
    const exists = await deps.db.selectFrom("brands").select("id").where("id", "=", p.brandId).where("workspace_id", "=", p.workspaceId).executeTakeFirst();
    // Deleted since it was enqueued: nothing to check.
    if (!exists) return;
    await checkPlanHealth(deps, { workspaceId: p.workspaceId, brandId: p.brandId, trigger: "weekly", runKey: p.due });
  });
  queue.work(healthSweepKind, async () => {
    await sweepHealth(deps, queue);
    await scheduleHealthSweep(queue, new Date(Math.floor(Date.now() / hourMs) * hourMs + hourMs));
  });
}
