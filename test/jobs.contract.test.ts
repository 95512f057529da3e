/**
 * One contract for every job queue backend: the embedded queue on SQLite and on PostgreSQL, and
 * pg-boss on PostgreSQL. Each case gets a fresh database; a "second process" is a second queue on
 * its own connection to the same database.
 */
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbeddedQueue } from "../src/jobs/embedded.js";
import { createPgBossQueue } from "../src/jobs/pgboss.js";
import { type JobContext, type JobQueue, NonRetryableError } from "../src/jobs/queue.js";
import { type Dialect, openStore, type Store, sqliteFile } from "../src/store/db.js";
import { newId } from "../src/store/ids.js";
import { createTestStore, pgUrl, type TestStore } from "./support/stores.js";

type Backend = {
  name: string;
  dialect: Dialect;
  /** A queue on the given connection to the test database. */
  make(store: Store): JobQueue;
  /** Leaves the job as a worker killed mid-run leaves it: claimed, never finished, lease expired. */
  crash(store: Store, id: string): Promise<void>;
};

const fast = { backoff: { baseMs: 5, capMs: 20 }, stopTimeoutMs: 500 };
// Queue errors are bugs or a lost database: fail the test that caused them.
const queueErrors: unknown[] = [];
const onError = (error: unknown) => queueErrors.push(error);

function embedded(dialect: Dialect): Backend {
  return {
    name: `embedded on ${dialect}`,
    dialect,
    make: (store) => createEmbeddedQueue(store, { ...fast, pollIntervalMs: 20, leaseMs: 2_000, onError }),
    crash: async (store, id) => {
      await store.db
        .updateTable("jobs")
        .set({ status: "running", attempts: 1, locked_by: "killed-worker", locked_until: new Date(Date.now() - 1_000).toISOString() })
        .where("id", "=", id)
        .execute();
    },
  };
}

// pg-boss polls at 0.5 s at the fastest, and looks for expired jobs in its maintenance (1 s here).
let bossSchema = "";
const pgBoss: Backend = {
  name: "pg-boss on postgres",
  dialect: "postgres",
  make: (store) =>
    createPgBossQueue({
      ...fast,
      connectionString: store.databaseUrl!,
      schema: bossSchema,
      pollIntervalMs: 500,
      maintenanceIntervalSeconds: 1,
      stopTimeoutMs: 1_000,
      onError,
    }),
  crash: async (store, id) => {
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    await client.query(`update ${bossSchema}.job set state = 'active', started_on = now() - interval '1 day' where id = $1`, [id]);
    await client.end();
  },
};

const backends: Backend[] = pgUrl ? [embedded("sqlite"), embedded("postgres"), pgBoss] : [embedded("sqlite")];

/** Polls until cond() holds; fails with `what` after timeoutMs. */
async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends)("job queue contract: $name", (backend) => {
  let store: TestStore;
  // Everything a case opens, closed after it in reverse order.
  let toClose: (() => Promise<void>)[];

  beforeEach(async () => {
    queueErrors.length = 0;
    toClose = [];
    store = await createTestStore(backend.dialect);
    if (backend === pgBoss) {
      bossSchema = `boss_${newId().replaceAll("-", "").slice(-20)}`;
      toClose.push(async () => {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`drop schema if exists ${bossSchema} cascade`);
        await client.end();
      });
    }
  });

  afterEach(async () => {
    for (const close of toClose.reverse()) await close();
    await store.cleanup();
    expect(queueErrors).toEqual([]);
  });

  function queue(on: Store = store): JobQueue {
    const q = backend.make(on);
    toClose.push(() => q.stop());
    return q;
  }

  /** A second connection to the same database, as another process would open. */
  function otherProcess(): Store {
    const other =
      backend.dialect === "sqlite" ? openStore({ sqliteFile: sqliteFile(store.dataDir) }) : openStore({ databaseUrl: store.databaseUrl });
    toClose.push(() => other.close());
    return other;
  }

  async function count(q: JobQueue, kind: string, status: string): Promise<number> {
    return (await q.counts()).find((c) => c.kind === kind && c.status === status)?.count ?? 0;
  }

  it("runs a job once with its payload", async () => {
    const q = queue();
    const runs: { payload: unknown; ctx: JobContext }[] = [];
    q.work<{ text: string }>("echo", async (payload, ctx) => {
      runs.push({ payload, ctx });
    });
    await q.start();
    const { id, created } = await q.enqueue("echo", { text: "hello", list: [1, 2] });
    expect(created).toBe(true);
    await waitFor(async () => (await count(q, "echo", "done")) === 1, 5_000, "the job to be done");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.payload).toEqual({ text: "hello", list: [1, 2] });
    expect(runs[0]!.ctx).toMatchObject({ id, kind: "echo", attempt: 1 });
    expect(await q.deadLetters()).toEqual([]);
  });

  it("does not run a job before its runAt", async () => {
    const q = queue();
    const ranAt = new Map<string, number>();
    q.work<string>("later", async (name) => {
      ranAt.set(name, Date.now());
    });
    await q.start();
    const runAt = new Date(Date.now() + 1_200);
    await q.enqueue("later", "future", { runAt });
    await q.enqueue("later", "now");
    await waitFor(() => ranAt.has("now"), 5_000, "the due job");
    expect(ranAt.has("future")).toBe(false);
    await waitFor(() => ranAt.has("future"), 5_000, "the scheduled job");
    expect(ranAt.get("future")!).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it("keeps one live job per kind and key", async () => {
    const q = queue();
    const first = await q.enqueue("sync", { n: 1 }, { key: "channel-1" });
    const again = await q.enqueue("sync", { n: 2 }, { key: "channel-1" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    // Racing enqueues with one key still make one job.
    const raced = await Promise.all(Array.from({ length: 8 }, () => q.enqueue("sync", {}, { key: "channel-2" })));
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    // The key is per kind, and no key means no deduplication.
    expect((await q.enqueue("other", {}, { key: "channel-1" })).created).toBe(true);
    const a = await q.enqueue("sync", {});
    const b = await q.enqueue("sync", {});
    expect(a.id).not.toBe(b.id);
    expect(await count(q, "sync", "queued")).toBe(4);
  });

  it("frees a key when its job finished", async () => {
    const q = queue();
    const payloads: unknown[] = [];
    q.work("sync", async (payload) => {
      payloads.push(payload);
    });
    await q.start();
    const first = await q.enqueue("sync", 1, { key: "k" });
    await waitFor(async () => (await count(q, "sync", "done")) === 1, 5_000, "the first job");
    const second = await q.enqueue("sync", 2, { key: "k" });
    expect(second.created).toBe(true);
    expect(second.id).not.toBe(first.id);
    await waitFor(() => payloads.length === 2, 5_000, "the second job");
    expect(payloads).toEqual([1, 2]);
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    const q = queue();
    const attempts: number[] = [];
    q.work("flaky", async (_payload, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Error(`transient failure ${ctx.attempt}`);
    });
    await q.start();
    await q.enqueue("flaky", {}, { maxAttempts: 5 });
    await waitFor(async () => (await count(q, "flaky", "done")) === 1, 10_000, "the job to succeed");
    expect(attempts).toEqual([1, 2, 3]);
    expect(await q.deadLetters()).toEqual([]);
  });

  it("waits at least an error's retryAfter before the next attempt", async () => {
    const q = queue();
    const times: number[] = [];
    q.work("limited", async () => {
      times.push(Date.now());
      if (times.length === 1) throw Object.assign(new Error("rate limited"), { retryAfter: 1 });
    });
    await q.start();
    await q.enqueue("limited", {});
    await waitFor(() => times.length === 2, 8_000, "the retry");
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
  });

  it("dead-letters a job that failed maxAttempts times, and retryDead runs it again", async () => {
    const q = queue();
    let healthy = false;
    let calls = 0;
    q.work("fragile", async () => {
      calls++;
      if (!healthy) throw new Error("network down");
    });
    await q.start();
    const { id } = await q.enqueue("fragile", { post: "p1" }, { maxAttempts: 2 });
    await waitFor(async () => (await q.deadLetters()).length === 1, 10_000, "the dead letter");
    const [dead] = await q.deadLetters();
    expect(dead).toMatchObject({ id, kind: "fragile", payload: { post: "p1" }, attempts: 2 });
    expect(dead!.lastError).toContain("network down");
    expect(Number.isNaN(Date.parse(dead!.failedAt))).toBe(false);
    expect(calls).toBe(2);
    expect(await count(q, "fragile", "dead")).toBe(1);

    expect(await q.retryDead(newId())).toBe(false);
    healthy = true;
    expect(await q.retryDead(id)).toBe(true);
    await waitFor(async () => (await count(q, "fragile", "done")) === 1, 5_000, "the retried job");
    expect(calls).toBe(3);
    expect(await q.deadLetters()).toEqual([]);
    expect(await q.retryDead(id)).toBe(false);
  });

  it("dead-letters a NonRetryableError at once", async () => {
    const q = queue();
    let calls = 0;
    q.work("doomed", async () => {
      calls++;
      throw new NonRetryableError("content rejected by the network");
    });
    await q.start();
    const { id } = await q.enqueue("doomed", {}, { maxAttempts: 5 });
    await waitFor(async () => (await q.deadLetters()).length === 1, 5_000, "the dead letter");
    const [dead] = await q.deadLetters();
    expect(dead).toMatchObject({ id, attempts: 1 });
    expect(dead!.lastError).toContain("content rejected");
    expect(calls).toBe(1);
  });

  it("keeps jobs across a restart: a new queue on the same database runs them", async () => {
    const before = queue();
    const { id } = await before.enqueue("durable", { n: 42 });
    await before.stop();

    const after = queue(otherProcess());
    const runs: { id: string; payload: unknown }[] = [];
    after.work("durable", async (payload, ctx) => {
      runs.push({ id: ctx.id, payload });
    });
    await after.start();
    await waitFor(() => runs.length === 1, 5_000, "the job after the restart");
    expect(runs).toEqual([{ id, payload: { n: 42 } }]);
  });

  it("runs again a job whose worker was killed mid-run", async () => {
    const first = queue();
    const { id } = await first.enqueue("publish", { post: "p1" });
    await backend.crash(store, id);

    const survivor = queue(otherProcess());
    const runs: { id: string; attempt: number }[] = [];
    survivor.work("publish", async (_payload, ctx) => {
      runs.push({ id: ctx.id, attempt: ctx.attempt });
    });
    await survivor.start();
    await waitFor(() => runs.length === 1, 8_000, "the reclaimed job");
    expect(runs).toEqual([{ id, attempt: 2 }]);
  });

  it("gives back the jobs of handlers still running when it stops", async () => {
    const q = queue();
    let aborted = false;
    let started = false;
    q.work("stuck", async (_payload, ctx) => {
      started = true;
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      aborted = true;
      ctx.signal.throwIfAborted();
    });
    await q.start();
    await q.enqueue("stuck", {}, { maxAttempts: 3 });
    await waitFor(() => started, 5_000, "the handler to start");
    await q.stop();
    expect(aborted).toBe(true);

    const inspector = queue(otherProcess());
    expect(await count(inspector, "stuck", "queued")).toBe(1);
    expect(await count(inspector, "stuck", "running")).toBe(0);
  });

  it("never runs a job twice when two workers share the database", async () => {
    const a = queue();
    const b = queue(otherProcess());
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await a.enqueue("fanout", { i })).id);
    const runs: string[] = [];
    const handler = async (_payload: unknown, ctx: JobContext) => {
      runs.push(ctx.id);
      await sleep(5);
    };
    a.work("fanout", handler, { concurrency: 4 });
    b.work("fanout", handler, { concurrency: 4 });
    await Promise.all([a.start(), b.start()]);
    await waitFor(async () => (await count(a, "fanout", "done")) === 50, 20_000, "all 50 jobs");
    await sleep(100);
    expect(runs).toHaveLength(50);
    expect(new Set(runs)).toEqual(ids);
  });
});
