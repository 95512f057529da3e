/**
 * The embedded job queue: durable in our own `jobs` table, on SQLite or PostgreSQL, so jobs survive
 * restarts and any number of processes on the same database share the work.
 *
 * A worker claims due jobs in one statement (on PostgreSQL with FOR UPDATE SKIP LOCKED; SQLite
 * serialises writers), which marks them running with a lease (locked_until) that a heartbeat
 * extends while the handler runs. A job whose lease expired — its worker was killed — is put back
 * in the queue by whichever worker notices first. Leases compare instants from the workers' own
 * clocks, so the lease must be much longer than the clock skew between machines (NTP keeps it small).
 */
import os from "node:os";
import { sql } from "kysely";
import type { Store } from "../store/db.js";
import { newId, nowIso } from "../store/ids.js";
import type { JobsTable } from "../store/schema.js";
import { type BackoffOptions, defaultBackoff, retryDelayMs } from "./backoff.js";
import {
  checkMaxAttempts,
  type DeadLetter,
  errorMessage,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  NonRetryableError,
} from "./queue.js";

export type EmbeddedQueueOptions = {
  /** How often an idle worker looks for due jobs (default 1 s). */
  pollIntervalMs?: number;
  /** How long a claimed job stays ours without a heartbeat (default 60 s); heartbeats come every third of it. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** How long stop() waits for running handlers before aborting them and releasing their jobs (default 10 s). */
  stopTimeoutMs?: number;
  /** Finished (done) jobs are deleted after this long (default 7 days); dead jobs stay until retried. */
  keepDoneMs?: number;
  /** Errors of the queue itself (database down), never of handlers: those are recorded on the job. */
  onError?: (error: unknown) => void;
};

type Registration = { kind: string; handler: JobHandler<unknown>; concurrency: number; active: number };
type Running = { controller: AbortController; done: Promise<void> };
type JobRow = JobsTable;

const LIVE = ["queued", "running"] as const;
const PURGE_EVERY_MS = 60_000;

export function createEmbeddedQueue(store: Store, opts: EmbeddedQueueOptions = {}): JobQueue {
  const { db } = store;
  const pollIntervalMs = opts.pollIntervalMs ?? 1_000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const backoff = opts.backoff ?? defaultBackoff;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
  const keepDoneMs = opts.keepDoneMs ?? 7 * 24 * 3_600_000;
  const onError = opts.onError ?? ((error: unknown) => console.error("[jobs] queue error:", error));
  // Who holds a lease: readable in the table when investigating a stuck job.
  const workerId = `${os.hostname()}:${process.pid}:${newId().slice(-12)}`;

  const registrations = new Map<string, Registration>();
  const running = new Map<string, Running>();
  let state: "new" | "started" | "stopped" = "new";
  let loop: Promise<void> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastPurge = 0;
  let wakeUp: (() => void) | undefined;

  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

  /** Sleeps until the poll interval passed or something (a finished handler, a local enqueue) wakes the loop. */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }
  const wake = () => wakeUp?.();

  async function enqueue(kind: string, payload: unknown, jobOpts: JobOptions = {}) {
    const maxAttempts = checkMaxAttempts(jobOpts.maxAttempts);
    const now = nowIso();
    const runAt = jobOpts.runAt?.toISOString() ?? now;
    const key = jobOpts.key ?? null;
    // The live job with this key may finish between our insert and our look-up; then insert again.
    for (;;) {
      const inserted = await db
        .insertInto("jobs")
        .values({
          id: newId(),
          kind,
          payload: JSON.stringify(payload ?? null),
          key,
          status: "queued",
          run_at: runAt,
          attempts: 0,
          max_attempts: maxAttempts,
          created_at: now,
          updated_at: now,
        })
        // The target is the partial unique index of migration 002; its predicate must be repeated.
        .onConflict((oc) => oc.columns(["kind", "key"]).where(sql<boolean>`key is not null and status in ('queued', 'running')`).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) {
        if (runAt <= now) wake();
        return { id: inserted.id, created: true };
      }
      const existing = await db
        .selectFrom("jobs")
        .select("id")
        .where("kind", "=", kind)
        .where("key", "=", key)
        .where("status", "in", LIVE)
        .executeTakeFirst();
      if (existing) return { id: existing.id, created: false };
    }
  }

  /** Marks up to `limit` due jobs of a kind as ours, oldest due first. */
  async function claim(kind: string, limit: number): Promise<JobRow[]> {
    const now = nowIso();
    let due = db
      .selectFrom("jobs")
      .select("id")
      .where("status", "=", "queued")
      .where("kind", "=", kind)
      .where("run_at", "<=", now)
      .orderBy("run_at")
      .orderBy("id")
      .limit(limit);
    // Concurrent workers skip each other's rows instead of waiting for them or claiming them twice.
    if (store.dialect === "postgres") due = due.forUpdate().skipLocked();
    return db
      .updateTable("jobs")
      .set((eb) => ({
        status: "running",
        attempts: eb("attempts", "+", 1),
        locked_by: workerId,
        locked_until: inMs(leaseMs),
        updated_at: now,
      }))
      .where("id", "in", due)
      .where("status", "=", "queued")
      .returningAll()
      .execute();
  }

  /** Puts back jobs whose worker died (lease expired); a job that used up its attempts that way is dead. */
  async function reclaimExpired(): Promise<void> {
    const now = nowIso();
    await db
      .updateTable("jobs")
      .set({
        status: sql<"queued" | "dead">`case when attempts >= max_attempts then 'dead' else 'queued' end`,
        run_at: now,
        locked_by: null,
        locked_until: null,
        last_error: "The worker running this job stopped (its lease expired).",
        updated_at: now,
      })
      .where("status", "=", "running")
      .where("locked_until", "<", now)
      .execute();
    if (Date.now() - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = Date.now();
      await db.deleteFrom("jobs").where("status", "=", "done").where("updated_at", "<", inMs(-keepDoneMs)).execute();
    }
  }

  /** Extends the leases of our running jobs; a job whose lease another worker took is aborted here. */
  async function renewLeases(): Promise<void> {
    const ids = [...running.keys()];
    if (ids.length === 0) return;
    const renewed = await db
      .updateTable("jobs")
      .set({ locked_until: inMs(leaseMs) })
      .where("id", "in", ids)
      .where("locked_by", "=", workerId)
      .where("status", "=", "running")
      .returning("id")
      .execute();
    const kept = new Set(renewed.map((r) => r.id));
    for (const id of ids) {
      if (!kept.has(id)) running.get(id)?.controller.abort(new Error("The job's lease was lost; another worker may run it."));
    }
  }

  /** Records the outcome, unless the lease was lost meanwhile (then the job belongs to someone else). */
  async function finish(row: JobRow, error: unknown, failed: boolean): Promise<void> {
    const now = nowIso();
    const ours = db.updateTable("jobs").where("id", "=", row.id).where("locked_by", "=", workerId).where("status", "=", "running");
    const release = { locked_by: null, locked_until: null, updated_at: now };
    if (!failed) {
      await ours.set({ ...release, status: "done" }).execute();
      return;
    }
    const dead = error instanceof NonRetryableError || row.attempts >= row.max_attempts;
    const runAt = dead ? row.run_at : inMs(retryDelayMs(row.attempts, error, backoff));
    await ours.set({ ...release, status: dead ? "dead" : "queued", run_at: runAt, last_error: errorMessage(error) }).execute();
  }

  function run(reg: Registration, row: JobRow): void {
    reg.active++;
    const controller = new AbortController();
    const done = (async () => {
      let failed = false;
      let error: unknown;
      try {
        const payload: unknown = JSON.parse(row.payload);
        await reg.handler(payload, { id: row.id, kind: row.kind, attempt: row.attempts, signal: controller.signal });
      } catch (e) {
        failed = true;
        error = e;
      }
      try {
        await finish(row, error, failed);
      } catch (e) {
        // The lease will expire and the job run again: at least once, as promised.
        onError(e);
      }
    })().finally(() => {
      running.delete(row.id);
      reg.active--;
      wake();
    });
    running.set(row.id, { controller, done });
  }

  async function pollLoop(): Promise<void> {
    while (state === "started") {
      let claimed = 0;
      try {
        await reclaimExpired();
        for (const reg of registrations.values()) {
          const free = reg.concurrency - reg.active;
          if (free <= 0 || state !== "started") continue;
          const rows = await claim(reg.kind, free);
          claimed += rows.length;
          for (const row of rows) run(reg, row);
        }
      } catch (error) {
        onError(error);
      }
      // Having found work, look again at once: there may be more due than free slots took.
      if (claimed === 0 && state === "started") await sleep(pollIntervalMs);
    }
  }

  return {
    backend: "embedded",
    enqueue,

    work<P>(kind: string, handler: JobHandler<P>, workOpts: { concurrency?: number } = {}) {
      if (state !== "new") throw new Error(`Register the "${kind}" handler before start().`);
      if (registrations.has(kind)) throw new Error(`A handler for "${kind}" is already registered.`);
      const concurrency = workOpts.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be an integer ≥ 1");
      registrations.set(kind, { kind, handler: handler as JobHandler<unknown>, concurrency, active: 0 });
    },

    async start() {
      if (state !== "new") throw new Error("The queue was already started.");
      state = "started";
      heartbeat = setInterval(() => renewLeases().catch(onError), Math.max(leaseMs / 3, 10));
      loop = pollLoop();
    },

    async stop() {
      if (state !== "started") {
        state = "stopped";
        return;
      }
      state = "stopped";
      wake();
      await loop;
      const all = Promise.allSettled([...running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, stopTimeoutMs)))]);
      clearTimeout(timer);
      clearInterval(heartbeat);
      if (running.size === 0) return;
      // Handlers that outlived the grace period: give their jobs back now rather than after the
      // lease, then tell them to stop (in this order, so whatever they record afterwards is ignored).
      // The attempt still counts, so a job that always hangs ends dead.
      const ids = [...running.keys()];
      const now = nowIso();
      await db
        .updateTable("jobs")
        .set({ status: "queued", run_at: now, locked_by: null, locked_until: null, updated_at: now })
        .where("id", "in", ids)
        .where("locked_by", "=", workerId)
        .where("status", "=", "running")
        .execute();
      for (const r of running.values()) r.controller.abort(new Error("The worker is stopping."));
    },

    async counts() {
      const rows = await db
        .selectFrom("jobs")
        .select(["kind", "status", (eb) => eb.fn.countAll<number>().as("count")])
        .groupBy(["kind", "status"])
        .orderBy("kind")
        .orderBy("status")
        .execute();
      return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count) }));
    },

    async deadLetters(dlOpts = {}): Promise<DeadLetter[]> {
      const rows = await db
        .selectFrom("jobs")
        .selectAll()
        .where("status", "=", "dead")
        .orderBy("updated_at", "desc")
        .orderBy("id", "desc")
        .limit(dlOpts.limit ?? 100)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        payload: JSON.parse(r.payload) as unknown,
        attempts: r.attempts,
        lastError: r.last_error,
        failedAt: r.updated_at,
      }));
    },

    async retryDead(id: string) {
      const now = nowIso();
      const result = await db
        .updateTable("jobs")
        .set((eb) => ({ status: "queued", run_at: now, max_attempts: eb("attempts", "+", 1), updated_at: now }))
        .where("id", "=", id)
        .where("status", "=", "dead")
        // A newer live job with the same key wins; re-queueing this one would run the work twice.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("jobs as live")
                .select("live.id")
                .whereRef("live.kind", "=", "jobs.kind")
                .whereRef("live.key", "=", "jobs.key")
                .where("live.status", "in", LIVE),
            ),
          ),
        )
        .executeTakeFirst();
      const changed = Number(result.numUpdatedRows) === 1;
      if (changed) wake();
      return changed;
    },
  };
}
