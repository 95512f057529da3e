/**
 * Listening jobs. Once a minute a sweep enqueues one "listening.run" per source whose next run is
 * due (keyed per source and minute, so concurrent processes agree on one), counts the terms of the
 * mentions stored since (for trending), recomputes the rollups of past days that changed (for the
 * analytics) and enqueues a check of every brand's alert rules; a run reads its source
 * (src/services/listening/run.ts) and then checks the brand's alerts at once, so a spike is
 * reported as soon as it is collected.
 */
import { checkBrandAlerts } from "../services/listening/alerts.service.js";
import type { ListeningDeps } from "../services/listening/deps.js";
import { countTerms } from "../services/listening/ingest.js";
import { computeRollups } from "../services/listening/rollups.js";
import { relevanceKind } from "../services/listening/mentions.service.js";
import { trainRelevance } from "../services/listening/relevance.js";
import { dueSources, runSource } from "../services/listening/run.js";
import { listenRunKind } from "../services/listening/sources.service.js";
import type { JobQueue } from "./queue.js";

export { listenRunKind };
export const listenSweepKind = "listening.sweep";
export const alertCheckKind = "listening.alerts";

const minuteMs = 60_000;

export async function scheduleListeningSweep(queue: JobQueue, at: Date): Promise<void> {
  const minute = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs);
  await queue.enqueue(listenSweepKind, {}, { runAt: at, key: `listen-sweep:${minute.toISOString()}`, maxAttempts: 2 });
}

/** Enqueues the due sources' runs and the alert checks of brands that have rules. */
export async function sweepListening(deps: ListeningDeps, queue: JobQueue): Promise<void> {
  const now = deps.now ? deps.now() : new Date();
  const minute = Math.floor(now.getTime() / minuteMs);
  for (const id of await dueSources(deps.db, now)) {
    await queue.enqueue(listenRunKind, { sourceId: id }, { key: `listen:${id}:${minute}`, maxAttempts: 1 });
  }
  await countTerms(deps.db);
  await computeRollups(deps.db, now);
  const brands = await deps.db.selectFrom("alert_rules").select("brand_id").distinct().where("enabled", "=", 1).execute();
  for (const b of brands) await queue.enqueue(alertCheckKind, { brandId: b.brand_id }, { key: `alerts:${b.brand_id}:${minute}`, maxAttempts: 1 });
}

export function registerListening(queue: JobQueue, deps: ListeningDeps): void {
  // A run records its own failure on the source (state, error, backoff), so the job itself never retries.
  queue.work<{ sourceId: string }>(
    listenRunKind,
    async ({ sourceId }) => {
      const outcome = await runSource(deps, sourceId);
      if (outcome.added > 0) {
        const source = await deps.db.selectFrom("listening_sources").select("brand_id").where("id", "=", sourceId).executeTakeFirst();
        if (source) await checkBrandAlerts(deps, source.brand_id);
      }
    },
    { concurrency: 2 },
  );
  queue.work<{ workspaceId: string; brandId: string }>(relevanceKind, async ({ workspaceId, brandId }) => {
    await trainRelevance(deps.db, { analyze: await deps.classifierFor(workspaceId) }, workspaceId, brandId, deps.now ? deps.now() : new Date());
  });
  queue.work<{ brandId: string }>(alertCheckKind, async ({ brandId }) => {
    await checkBrandAlerts(deps, brandId);
  });
  queue.work(listenSweepKind, async () => {
    await sweepListening(deps, queue);
    await scheduleListeningSweep(queue, new Date(Math.floor(Date.now() / minuteMs) * minuteMs + minuteMs));
  });
}
