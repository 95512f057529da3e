/**
 * The job queue on pg-boss 10 (PostgreSQL only), for scale-out deployments that prefer a
 * maintained queue to our own table. One pg-boss queue per job kind; pg-boss stores jobs in its own
 * schema, claims them with SKIP LOCKED and fails jobs left active past their expiry (a crashed
 * worker) through its maintenance, which puts them back for retry.
 *
 * Where pg-boss has no API for what the interface promises, we touch its job table directly
 * (stable within pg-boss 10, which package.json pins):
 * - key: pg-boss's singleton policies do not mean "unique while not finished", so enqueue checks
 *   for a live job with the key under a transaction-level advisory lock and sends in the same transaction;
 * - per-failure delay (our backoff, an error's retryAfter) and NonRetryableError: before the handler's
 *   error reaches pg-boss, we set the job's retry_delay, or its retry_limit to the retries used,
 *   so pg-boss's own fail() retries it when we want or marks it failed;
 * - dead letters are jobs in pg-boss's "failed" state (kept in the job table for keepDeadDays) rather
 *   than copies in a deadLetter queue, so they keep their id, kind and attempts and can be retried in place.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import { type BackoffOptions, backoffMs, defaultBackoff } from "./backoff.js";
import {
  checkMaxAttempts,
  type DeadLetter,
  errorMessage,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  NonRetryableError,
  retryAfterMs,
} from "./queue.js";

export type PgBossQueueOptions = {
  connectionString: string;
  /** The PostgreSQL schema pg-boss keeps its tables in (default "pgboss"). */
  schema?: string;
  /** How often each idle worker polls (default 1 s; pg-boss allows no less than 0.5 s). */
  pollIntervalMs?: number;
  /** A job active longer than this is considered abandoned and retried (default 15 min; pg-boss's handler timeout too). */
  leaseSeconds?: number;
  /** How often pg-boss looks for abandoned jobs and archives old ones (default 60 s). */
  maintenanceIntervalSeconds?: number;
  backoff?: BackoffOptions;
  /** How long stop() waits for running handlers before failing their jobs back into the queue (default 10 s). */
  stopTimeoutMs?: number;
  /** How long dead jobs stay listed and retryable (default 30 days). */
  keepDeadDays?: number;
  /** Errors of the queue itself (database down), never of handlers: those are recorded on the job. */
  onError?: (error: unknown) => void;
};

type Registration = { kind: string; handler: JobHandler<unknown>; concurrency: number };
type Executor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

// pg-boss states mapped onto ours; "cancelled" only happens through pg-boss's own tools.
const STATUS: Record<string, string> = {
  created: "queued",
  retry: "queued",
  active: "running",
  completed: "done",
  failed: "dead",
  cancelled: "cancelled",
};

export function createPgBossQueue(opts: PgBossQueueOptions): JobQueue {
  const schema = opts.schema ?? "pgboss";
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,49}$/.test(schema)) throw new Error(`Invalid pg-boss schema name "${schema}".`);
  const job = `${schema}.job`;
  const leaseSeconds = opts.leaseSeconds ?? 15 * 60;
  const backoff = opts.backoff ?? defaultBackoff;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
  const onError = opts.onError ?? ((error: unknown) => console.error("[jobs] queue error:", error));

  // One pool for pg-boss and for our own statements and transactions.
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: 10, application_name: "chorus-jobs" });
  pool.on("error", onError);
  let closed = false;
  const poolDb: Executor = {
    // pg-boss completes or fails a job without awaiting it; should a handler that ignored the abort
    // finish after stop() closed the pool, that late call finds no result instead of an unhandled
    // rejection, and the job, still active, expires and is retried.
    executeSql: (text, values) => (closed ? Promise.resolve(undefined as never) : pool.query(text, values)),
  };
  const boss = new PgBoss({
    db: poolDb,
    schema,
    // We schedule nothing through pg-boss's cron; its timekeeper would only add polling.
    schedule: false,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
    archiveFailedAfterSeconds: (opts.keepDeadDays ?? 30) * 86_400,
  });
  boss.on("error", onError);

  const registrations = new Map<string, Registration>();
  /** Running handlers: their abort switch and a promise settled when they end. */
  const running = new Map<AbortController, Promise<void>>();
  const createdQueues = new Map<string, Promise<void>>();
  let state: "new" | "started" | "stopped" = "new";
  let started: Promise<unknown> | undefined;

  /** pg-boss's schema is installed by start(); enqueue may come first (an API process that only enqueues). */
  function ready(): Promise<unknown> {
    started ??= boss.start();
    return started;
  }

  /** pg-boss 10 needs a queue per name before send or work; creating an existing one is a no-op. */
  function ensureQueue(kind: string): Promise<void> {
    let created = createdQueues.get(kind);
    if (!created) {
      created = ready().then(() => boss.createQueue(kind, { name: kind, policy: "standard", expireInSeconds: leaseSeconds }));
      created.catch(() => createdQueues.delete(kind));
      createdQueues.set(kind, created);
    }
    return created;
  }

  async function inTransaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const result = await fn({ executeSql: (text, values) => client.query(text, values) });
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Serialises enqueue/retry of one (kind, key) across all processes until the transaction ends. */
  const lockKey = (tx: Executor, kind: string, key: string) =>
    tx.executeSql("select pg_advisory_xact_lock(hashtextextended($1, 0))", [JSON.stringify([schema, kind, key])]);

  const liveWithKey = async (tx: Executor, kind: string, key: string) => {
    const { rows } = await tx.executeSql(
      `select id from ${job} where name = $1 and singleton_key = $2 and state < 'completed' limit 1`,
      [kind, key],
    );
    return (rows[0] as { id: string } | undefined)?.id;
  };

  async function enqueue(kind: string, payload: unknown, jobOpts: JobOptions = {}) {
    if (state === "stopped") throw new Error("The queue is stopped.");
    const maxAttempts = checkMaxAttempts(jobOpts.maxAttempts);
    await ensureQueue(kind);
    const send = async (tx: Executor) => {
      const options: PgBoss.SendOptions = {
        retryLimit: maxAttempts - 1,
        retryDelay: 0,
        retryBackoff: false,
        db: tx,
        ...(jobOpts.runAt ? { startAfter: jobOpts.runAt } : {}),
        ...(jobOpts.key !== undefined ? { singletonKey: jobOpts.key } : {}),
      };
      // Sent as JSON text so any JSON value survives (node-pg would turn an array into a PostgreSQL array).
      const id = await boss.send(kind, JSON.stringify(payload ?? null) as unknown as object, options);
      if (!id) throw new Error(`pg-boss refused the "${kind}" job.`);
      return id;
    };
    const key = jobOpts.key;
    if (key === undefined) return { id: await send(poolDb), created: true };
    return inTransaction(async (tx) => {
      await lockKey(tx, kind, key);
      const existing = await liveWithKey(tx, kind, key);
      if (existing) return { id: existing, created: false };
      return { id: await send(tx), created: true };
    });
  }

  /** Runs one job for pg-boss; a thrown error makes pg-boss fail (and maybe retry) it. */
  async function handle(reg: Registration, bossJob: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const attempt = bossJob.retryCount + 1;
    const controller = new AbortController();
    let settle = () => {};
    running.set(controller, new Promise<void>((resolve) => (settle = resolve)));
    // pg-boss gives up on the handler at the expiry; tell the handler too.
    const expiry = setTimeout(() => controller.abort(new Error("The job ran past its lease.")), leaseSeconds * 1000);
    try {
      await reg.handler(bossJob.data, { id: bossJob.id, kind: reg.kind, attempt, signal: controller.signal });
    } catch (error) {
      if (error instanceof NonRetryableError) {
        await pool.query(`update ${job} set retry_limit = retry_count where name = $1 and id = $2`, [reg.kind, bossJob.id]);
      } else {
        // pg-boss's delay is in whole seconds: round the backoff, but never shorten a retryAfter.
        const seconds = Math.max(Math.round(backoffMs(attempt, backoff) / 1000), Math.ceil((retryAfterMs(error) ?? 0) / 1000));
        await pool.query(`update ${job} set retry_delay = $3, retry_backoff = false where name = $1 and id = $2`, [
          reg.kind,
          bossJob.id,
          seconds,
        ]);
      }
      // pg-boss stores the error's message as the job's output; keep it in the same form as the embedded queue.
      throw new Error(errorMessage(error), { cause: error });
    } finally {
      clearTimeout(expiry);
      running.delete(controller);
      settle();
    }
  }

  return {
    backend: "pg-boss",
    enqueue,

    work<P>(kind: string, handler: JobHandler<P>, workOpts: { concurrency?: number } = {}) {
      if (state !== "new") throw new Error(`Register the "${kind}" handler before start().`);
      if (registrations.has(kind)) throw new Error(`A handler for "${kind}" is already registered.`);
      const concurrency = workOpts.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be an integer ≥ 1");
      registrations.set(kind, { kind, handler: handler as JobHandler<unknown>, concurrency });
    },

    async start() {
      if (state !== "new") throw new Error("The queue was already started.");
      state = "started";
      await ready();
      const pollingIntervalSeconds = Math.max(opts.pollIntervalMs ?? 1_000, 500) / 1000;
      for (const reg of registrations.values()) {
        await ensureQueue(reg.kind);
        // pg-boss 10 has no team size: concurrency is that many workers taking one job at a time,
        // so a failure fails only its own job.
        for (let i = 0; i < reg.concurrency; i++) {
          await boss.work<unknown>(reg.kind, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds }, async ([bossJob]) => {
            if (bossJob) await handle(reg, bossJob);
          });
        }
      }
    },

    async stop() {
      if (closed) return;
      const wasStarted = started !== undefined;
      state = "stopped";
      if (wasStarted) {
        await started?.catch(() => undefined);
        // pg-boss waits for running handlers, then fails the jobs of those still running, which puts
        // them back for retry if attempts remain. Only then are the handlers told to stop, so one that
        // returns when aborted cannot mark its job completed.
        await boss.stop({ graceful: true, wait: true, timeout: stopTimeoutMs });
        for (const c of running.keys()) c.abort(new Error("The worker is stopping."));
        // Let aborted handlers end while the pool is still open.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled(running.values()),
          new Promise((resolve) => (grace = setTimeout(resolve, 1_000))),
        ]);
        clearTimeout(grace);
        await new Promise((resolve) => setImmediate(resolve));
      }
      closed = true;
      await pool.end();
    },

    async counts() {
      await ready();
      const { rows } = await pool.query<{ name: string; state: string; count: number }>(
        `select name, state::text as state, count(*)::int as count from ${job} group by name, state`,
      );
      const merged = new Map<string, { kind: string; status: string; count: number }>();
      for (const r of rows) {
        const status = STATUS[r.state] ?? r.state;
        const entry = merged.get(`${r.name}\u0000${status}`) ?? { kind: r.name, status, count: 0 };
        entry.count += r.count;
        merged.set(`${r.name}\u0000${status}`, entry);
      }
      return [...merged.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.status.localeCompare(b.status));
    },

    async deadLetters(dlOpts = {}): Promise<DeadLetter[]> {
      await ready();
      const { rows } = await pool.query<{
        id: string;
        name: string;
        data: unknown;
        retry_count: number;
        error: string | null;
        completed_on: Date;
      }>(
        `select id, name, data, retry_count, output->>'message' as error, completed_on
         from ${job} where state = 'failed' order by completed_on desc, id desc limit $1`,
        [dlOpts.limit ?? 100],
      );
      return rows.map((r) => ({
        id: r.id,
        kind: r.name,
        payload: r.data,
        attempts: r.retry_count + 1,
        lastError: r.error,
        failedAt: r.completed_on.toISOString(),
      }));
    },

    async retryDead(id: string) {
      // pg-boss ids are uuids; anything else is simply not a dead job (rather than a cast error).
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
      await ready();
      return inTransaction(async (tx) => {
        const { rows } = await tx.executeSql(`select name, singleton_key from ${job} where id = $1 and state = 'failed'`, [id]);
        const dead = rows[0] as { name: string; singleton_key: string | null } | undefined;
        if (!dead) return false;
        if (dead.singleton_key !== null) {
          await lockKey(tx, dead.name, dead.singleton_key);
          if (await liveWithKey(tx, dead.name, dead.singleton_key)) return false;
        }
        // pg-boss's retry: back to the queue with one more attempt allowed.
        await boss.retry(dead.name, id, { db: tx });
        return true;
      });
    },
  };
}
