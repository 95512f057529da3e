/**
 * Inbox benchmarks on the embedded setup (SQLite) — and PostgreSQL when given:
 * - ingesting ~100,000 comments from Sandbox channels (fetch, language + sentiment, idempotent insert);
 * - inbox list queries (filter + sort + page) over 1,000,000 items.
 */
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import { ingestChannel } from "../src/jobs/ingest-comments.job.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { queuePosition } from "../src/domain/inbox-priority.js";
import { listInbox } from "../src/services/inbox/inbox.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import type { Store } from "../src/store/db.js";
import { newId } from "../src/store/ids.js";

type Record = (name: string, value: string) => void;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function chunks<T>(rows: T[], size: number, insert: (c: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function benchInbox(label: string, store: Store, record: Record) {
  const secrets = createSecrets(Buffer.alloc(32, 5));
  const registry = createConnectorRegistry({ db: store.db });
  const queue = createQueue(store);
  const deps = createInboxDeps({ store, registry, secrets, queue });
  const user = await createUser(store.db, { email: `inbox-bench-${newId()}@example.test`, name: "Bench", password: "bench password 1" });
  const ws = await createWorkspace(store.db, { name: "Inbox bench", ownerId: user.id });
  const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: "Inbox bench", timezone: "Europe/Moscow", locale: "ru" });
  const actor = { userId: user.id };
  const started = new Date(Date.now() - 45 * 86_400_000);

  // 1. Ingestion: 20 Sandbox channels with 92 posts each (about 100,000 comments); comments accrue over the posts' first days.
  const channels = Array.from({ length: 20 }, (_, i) => {
    const handle = `inbox_${label}_${i}`;
    const now = new Date().toISOString();
    return {
      id: newId(),
      workspace_id: ws.id,
      brand_id: brand.id,
      network: "sandbox",
      name: `${handle} (Sandbox)`,
      handle,
      external_id: `sandbox:${handle}`,
      status: "active" as const,
      credentials_enc: secrets.encryptJson({ handle, followers: 40_000, timezone: "Europe/Moscow", botShare: 0.05, failMode: "none", connectedAt: started.toISOString() }),
      settings: "{}",
      last_error: null,
      last_success_at: null,
      last_failure_at: null,
      connected_by: user.id,
      created_at: now,
      updated_at: now,
    };
  });
  await store.db.insertInto("channels").values(channels).execute();
  const posts = channels.flatMap((c) =>
    Array.from({ length: 92 }, (_, i) => ({
      id: `${c.handle}-p${i}`,
      account: c.handle,
      idempotency_key: `${c.handle}:${i}`,
      text: "Bench post",
      format: i % 3 === 0 ? "image" : "text",
      media_count: 0,
      published_at: new Date(started.getTime() + i * 1.5 * 3_600_000).toISOString(),
      deleted_at: null,
    })),
  );
  await chunks(posts, 500, (c) => store.db.insertInto("sandbox_posts").values(c).execute());
  await deps.analyzer(); // load the models before timing, as a running worker has them
  // A run takes at most a bounded number of pages per channel (as the once-a-minute job does);
  // runs repeat until the channels are drained, as the job would over the following minutes.
  let t = performance.now();
  let ingested = 0;
  for (let added = -1; added !== 0; ) {
    added = 0;
    for (const c of channels) added += await ingestChannel(deps, c.id);
    ingested += added;
  }
  const seconds = (performance.now() - t) / 1000;
  record(`[${label}] ingest comments from 20 Sandbox channels`, `${ingested.toLocaleString("en")} comments in ${seconds.toFixed(1)} s (${Math.round(ingested / seconds).toLocaleString("en")}/s), language + sentiment included`);
  await store.db.deleteFrom("inbox_cursors").where("channel_id", "in", channels.map((c) => c.id)).execute();
  t = performance.now();
  let again = 0;
  for (let added = -1, runs = 0; added !== 0 || runs < 1; runs++) {
    added = 0;
    for (const c of channels) added += await ingestChannel(deps, c.id);
    again += added;
    if (added === 0) break;
  }
  record(`[${label}] re-ingesting everything from the start (cursors reset)`, `${again} duplicates created in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // 2. The list at 1,000,000 items: synthetic rows beside the ingested ones.
  // CHORUS_BENCH_INBOX_ITEMS lowers it for a quick look at the ingestion figures.
  const target = Number(process.env.CHORUS_BENCH_INBOX_ITEMS ?? 1_000_000);
  const have = Number((await store.db.selectFrom("inbox_items").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", ws.id).executeTakeFirst())?.n ?? 0);
  const sentiments = ["positive", "neutral", "negative"] as const;
  const statuses = ["new", "open", "waiting", "resolved"] as const;
  t = performance.now();
  const benchNow = new Date();
  for (let done = have; done < target; ) {
    const n = Math.min(5000, target - done);
    const rows = Array.from({ length: n }, (_, k) => {
      const i = done + k;
      const c = channels[i % channels.length] as (typeof channels)[number];
      const occurred = new Date(started.getTime() + (i % 3_000_000) * 1000);
      const sentiment = sentiments[i % 3] as (typeof sentiments)[number];
      const status = statuses[i % 4] as (typeof statuses)[number];
      const due = new Date(occurred.getTime() + 60 * 60_000).toISOString();
      const followers = (i * 7919) % 100_000;
      const position = queuePosition({ status, firstResponseAt: null, sentiment, authorFollowers: followers, dueAt: due }, benchNow);
      return {
        id: newId(),
        workspace_id: ws.id,
        brand_id: brand.id,
        channel_id: c.id,
        publication_id: null,
        kind: "comment" as const,
        external_id: `synthetic-${i}`,
        parent_external_id: null,
        author_name: `Author ${i % 50_000}`,
        author_handle: `author${i % 50_000}`,
        author_followers: followers,
        text: `Synthetic comment ${i} about coffee`,
        lang: i % 5 === 0 ? "en" : "ru",
        sentiment,
        sentiment_score: 0,
        status,
        assignee_id: i % 10 === 0 ? user.id : null,
        occurred_at: occurred.toISOString(),
        ingested_at: new Date().toISOString(),
        due_at: due,
        rank: position.rank,
        sla_pending_at: position.slaPendingAt,
      };
    });
    await store.db.transaction().execute(async (tx) => chunks(rows, 500, (c) => tx.insertInto("inbox_items").values(c).execute()));
    done += n;
  }
  record(`[${label}] inserting synthetic items up to 1,000,000`, `${((performance.now() - t) / 1000).toFixed(0)} s`);

  const queries: [string, Parameters<typeof listInbox>[3]][] = [
    ["newest first, one brand", { brandId: brand.id, limit: 50 }],
    ["negative + open", { brandId: brand.id, sentiment: "negative", status: "open", limit: 50 }],
    ["one channel, unassigned", { channelId: channels[3]?.id, assignee: "none", limit: 50 }],
    ["priority sort (SLA)", { brandId: brand.id, sort: "priority", limit: 50 }],
    ["priority sort, negative only, across brands", { sentiment: "negative", sort: "priority", limit: 50 }],
    ["overdue only (queue order)", { brandId: brand.id, overdue: true, limit: 50 }],
    ["mentions only", { brandId: brand.id, kind: "mention", limit: 50 }],
    ["text search", { brandId: brand.id, q: "coffee 4242", limit: 50 }],
  ];
  for (const [name, filter] of queries) {
    for (let i = 0; i < 3; i++) await listInbox(deps, actor, ws.id, filter);
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await listInbox(deps, actor, ws.id, filter);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    record(`[${label}] inbox list at 1M items: ${name}`, `p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms`);
  }
}
