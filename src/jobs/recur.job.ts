/**
 * Recurring and evergreen posts: a sweep (once a minute, one per minute across processes thanks
 * to the key) finds published recurring or evergreen posts whose successor is not made yet and
 * enqueues one `publish.recur` job per post. The handler is idempotent: makeNextOccurrence marks
 * the post in the same transaction that creates the copy, so a retried or duplicated job does
 * nothing the second time.
 */
import type { PublishingDeps } from "../services/publishing/deps.js";
import { giveUpOccurrence, makeNextOccurrence, postsDueForRecurrence } from "../services/planning/recurrence.service.js";
import type { JobQueue } from "./queue.js";

export const recurKind = "publish.recur";
export const planningSweepKind = "planning.sweep";
export type RecurPayload = { postId: string };

const minuteMs = 60_000;
const recurAttempts = 5;

/** Schedules the planning sweep of the interval containing `at`; the interval in the key makes processes agree on one. */
export async function schedulePlanningSweep(queue: JobQueue, at = new Date(), everyMs = minuteMs): Promise<void> {
  const bucket = new Date(Math.floor(at.getTime() / everyMs) * everyMs);
  await queue.enqueue(planningSweepKind, { everyMs }, { runAt: at, key: `planning-sweep:${bucket.toISOString()}`, maxAttempts: 2 });
}

/** Registers the recurrence job and its periodic sweep; call before queue.start(), then schedulePlanningSweep(queue). */
export function registerPlanning(queue: JobQueue, deps: PublishingDeps) {
  queue.work<RecurPayload>(recurKind, async (payload, ctx) => {
    try {
      await makeNextOccurrence(deps, payload.postId);
    } catch (err) {
      // After the last attempt, stop the sweep from picking the post up every minute: mark it and say why.
      if (ctx.attempt >= recurAttempts) await giveUpOccurrence(deps, payload.postId, err);
      throw err;
    }
  });
  queue.work<{ everyMs?: number }>(planningSweepKind, async (payload) => {
    const everyMs = payload.everyMs ?? minuteMs;
    for (const postId of await postsDueForRecurrence(deps.db)) {
      await queue.enqueue(recurKind, { postId } satisfies RecurPayload, { key: `recur:${postId}`, maxAttempts: recurAttempts });
    }
    await schedulePlanningSweep(queue, new Date(Math.floor(Date.now() / everyMs) * everyMs + everyMs), everyMs);
  });
}
