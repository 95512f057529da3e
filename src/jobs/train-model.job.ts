/**
 * Re-training a workspace's sentiment model as its team corrects labels: after every 25 new
 * corrections since the last training, one "analysis.train" job. The job is idempotent — training
 * is deterministic and the model row is upserted — so a second run of it only repeats the work.
 *
 * The job's key is the workspace and the 25-correction step it was scheduled at, so corrections
 * made while a training is queued or running never queue a second one. A workspace whose training
 * cannot succeed (a label with too few corrections) is not scheduled at all: the check is made here
 * on all its corrections. Training counts only the 80 % outside the held-out slice, so near the
 * limit a job can still fail; it goes to the dead letters with the counts, not into retries.
 */
import type { Kysely } from "kysely";
import { AppError } from "../errors.js";
import { sentimentScope } from "../services/analysis/classifier.js";
import { type BaselineAnalyzer, minPerLabel, sentimentLabels, trainWorkspaceModel } from "../services/analysis/training.js";
import type { Database } from "../store/schema.js";
import { type JobQueue, NonRetryableError } from "./queue.js";

export const trainKind = "analysis.train";
export type TrainPayload = { workspaceId: string };
/** New corrections that make a re-training worthwhile. */
export const correctionsPerTraining = 25;

/** InboxDeps fits: the process's shared analyzer, loaded on first use. */
export type TrainingDeps = { db: Kysely<Database>; analyzer: () => Promise<BaselineAnalyzer>; now?: () => Date };

/** Registers the training job; call before queue.start(). One at a time: training is CPU-bound. */
export function registerTraining(queue: JobQueue, deps: TrainingDeps): void {
  queue.work<TrainPayload>(
    trainKind,
    async (payload) => {
      try {
        await trainWorkspaceModel(deps.db, payload.workspaceId, { analyzer: await deps.analyzer(), now: deps.now?.() });
      } catch (err) {
        // Too few examples of a label: only more corrections help, and they schedule a new job.
        if (err instanceof AppError && err.code === "validation_failed") throw new NonRetryableError(err.message, { cause: err });
        throw err;
      }
    },
    { concurrency: 1 },
  );
}

/**
 * Enqueues a training of the workspace when at least 25 corrections were made since its model was
 * trained (or ever, without a model) and every label has enough of them. Call after storing a
 * correction; cheap (up to three small queries, no model is read). Answers whether a job was enqueued.
 */
export async function maybeScheduleTraining(queue: JobQueue, db: Kysely<Database>, workspaceId: string): Promise<boolean> {
  const model = await db.selectFrom("text_models").select("trained_at").where("workspace_id", "=", workspaceId).where("scope", "=", sentimentScope).executeTakeFirst();
  const rows = await db
    .selectFrom("sentiment_corrections")
    .select((eb) => ["to_label", eb.fn.countAll<number>().as("n")])
    .where("workspace_id", "=", workspaceId)
    .groupBy("to_label")
    .execute();
  const total = rows.reduce((s, r) => s + Number(r.n), 0);
  const perLabel = new Map(rows.map((r) => [r.to_label as string, Number(r.n)]));
  if (sentimentLabels.some((l) => (perLabel.get(l) ?? 0) < minPerLabel)) return false;
  let since = total;
  if (model) {
    const newer = await db
      .selectFrom("sentiment_corrections")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .where("created_at", ">", model.trained_at)
      .executeTakeFirstOrThrow();
    since = Number(newer.n);
  }
  if (since < correctionsPerTraining) return false;
  const step = Math.floor(total / correctionsPerTraining);
  const job = await queue.enqueue(trainKind, { workspaceId } satisfies TrainPayload, { key: `${workspaceId}:${step}`, maxAttempts: 2 });
  return job.created;
}
