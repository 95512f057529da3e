/**
 * Competitors' pages, read once a day. Every quarter of an hour a sweep enqueues one
 * "competitors.read" per competitor whose next reading is due, keyed by the competitor and that
 * due time, so concurrent processes agree on one. A reading records its own outcome on the
 * competitor (src/services/competitors/read.ts: state, error, a day later when it worked, backoff
 * when it did not), so the job itself never retries.
 */
import type { CompetitorsDeps } from "../services/competitors/deps.js";
import { dueCompetitors, readCompetitor } from "../services/competitors/read.js";
import type { JobQueue } from "./queue.js";

export type { CompetitorsDeps };
export const competitorsSweepKind = "competitors.sweep";
export const competitorReadKind = "competitors.read";

const minuteMs = 60_000;
const sweepEveryMs = 15 * minuteMs;

export async function scheduleCompetitorsSweep(queue: JobQueue, at: Date): Promise<void> {
  const slot = new Date(Math.floor(at.getTime() / sweepEveryMs) * sweepEveryMs);
  await queue.enqueue(competitorsSweepKind, {}, { runAt: at, key: `competitors-sweep:${slot.toISOString()}`, maxAttempts: 2 });
}

/** Enqueues the due competitors' readings; returns how many. */
export async function sweepCompetitors(deps: CompetitorsDeps, queue: JobQueue): Promise<number> {
  const now = deps.now ? deps.now() : new Date();
  const due = await dueCompetitors(deps.db, now);
  for (const c of due) await queue.enqueue(competitorReadKind, { competitorId: c.id }, { key: `competitor:${c.id}:${c.next_run_at}`, maxAttempts: 1 });
  return due.length;
}

export function registerCompetitors(queue: JobQueue, deps: CompetitorsDeps): void {
  queue.work<{ competitorId: string }>(
    competitorReadKind,
    async ({ competitorId }) => {
      await readCompetitor(deps, competitorId);
    },
    { concurrency: 2 },
  );
  queue.work(competitorsSweepKind, async () => {
    await sweepCompetitors(deps, queue);
    await scheduleCompetitorsSweep(queue, new Date(Math.floor(Date.now() / sweepEveryMs) * sweepEveryMs + sweepEveryMs));
  });
}
