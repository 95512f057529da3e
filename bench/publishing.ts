/**
 * Publishing benchmarks:
 * - 10,000 variants due within the same minute across 1,000 Sandbox channels, published by the
 *   embedded queue in this process; lateness = published_at − scheduled_at.
 * - The calendar API for a month of a 50-channel brand holding 5,000 posts.
 * Rows are inserted directly (the scheduling path is the same enqueuePublish the API uses).
 */
import { buildApp } from "../src/api/app.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import { registerPublishing } from "../src/jobs/publish-variant.job.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { enqueuePublish } from "../src/services/publishing/schedule.service.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import type { Store } from "../src/store/db.js";
import { newId } from "../src/store/ids.js";
import type { VariantsTable } from "../src/store/schema.js";

export type Record = (name: string, value: string) => void;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function insertChunks<T>(items: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

async function tenant(store: Store, label: string, channelCount: number, secrets: ReturnType<typeof createSecrets>) {
  const user = await createUser(store.db, { email: `bench-${label}-${newId()}@example.test`, name: "Bench", password: "bench password 1" });
  const ws = await createWorkspace(store.db, { name: `Bench ${label}`, ownerId: user.id });
  const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: `Bench ${label}`, timezone: "Europe/Moscow", locale: "en" });
  const now = new Date().toISOString();
  const slug = label.replace(/[^a-z0-9]/g, "_");
  const channels = Array.from({ length: channelCount }, (_, i) => ({
    id: newId(),
    workspace_id: ws.id,
    brand_id: brand.id,
    network: "sandbox",
    name: `b_${slug}_${i} (Sandbox)`,
    handle: `b_${slug}_${i}`,
    external_id: `sandbox:b_${slug}_${i}`,
    status: "active" as const,
    credentials_enc: secrets.encryptJson({ handle: `b_${slug}_${i}`, followers: 1000, timezone: "Europe/Moscow", botShare: 0.05, failMode: "none", connectedAt: now }),
    settings: "{}",
    last_error: null,
    last_success_at: null,
    last_failure_at: null,
    connected_by: user.id,
    created_at: now,
    updated_at: now,
  }));
  await insertChunks(channels, 200, (c) => store.db.insertInto("channels").values(c).execute());
  return { user, ws, brand, channels };
}

/** Posts with one variant each, spread over channels and given times. */
async function insertPosts(store: Store, t: Awaited<ReturnType<typeof tenant>>, times: string[], status: "scheduled" | "draft") {
  const now = new Date().toISOString();
  const posts = times.map((_, i) => ({
    id: newId(),
    workspace_id: t.ws.id,
    brand_id: t.brand.id,
    status,
    rubric: null,
    format: "text",
    base_text: `Bench post ${i}: fresh roast today`,
    tags: "[]",
    campaign: null,
    approval_step: null,
    created_by: t.user.id,
    created_at: now,
    updated_at: now,
  }));
  const variants: VariantsTable[] = posts.map((p, i) => ({
    id: newId(),
    workspace_id: t.ws.id,
    post_id: p.id,
    channel_id: t.channels[i % t.channels.length]?.id as string,
    text: p.base_text,
    media: "[]",
    link: null,
    first_comment: null,
    scheduled_at: times[i] as string,
    status,
    thread: "[]",
    customised: 0,
    error: null,
    created_at: now,
    updated_at: now,
  }));
  await insertChunks(posts, 500, (c) => store.db.insertInto("posts").values(c).execute());
  await insertChunks(variants, 500, (c) => store.db.insertInto("variants").values(c).execute());
  return variants;
}

export async function benchPublishing(label: string, store: Store, dataDir: string, record: Record) {
  const secrets = createSecrets(Buffer.alloc(32, 3));
  const config = loadConfig({ CHORUS_DATA_DIR: dataDir, CHORUS_DEMO: "0", CHORUS_LOG_LEVEL: "silent" });
  const registry = createConnectorRegistry({ db: store.db });

  // 1. 10,000 variants due within one minute on 1,000 channels.
  {
    const queue = createQueue(store, { pollIntervalMs: 200 });
    const deps = createPublishingDeps({ store, registry, secrets, queue, config, });
    const t = await tenant(store, `${label}-due`, 1000, secrets);
    const start = Date.now() + 90_000; // time to enqueue first
    const minute = Math.ceil(start / 60_000) * 60_000;
    const times = Array.from({ length: 10_000 }, (_, i) => new Date(minute + Math.floor((i / 10_000) * 60_000)).toISOString());
    const variants = await insertPosts(store, t, times, "scheduled");
    const enq = performance.now();
    for (const v of variants) await enqueuePublish(deps, v.id, v.scheduled_at as string);
    record(`[${label}] enqueue 10,000 publish jobs`, `${((performance.now() - enq) / 1000).toFixed(1)} s`);
    registerPublishing(queue, deps, { concurrency: 32 });
    await queue.start();
    const deadline = minute + 60_000 + 120_000;
    for (;;) {
      const row = await store.db
        .selectFrom("publications")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", t.ws.id)
        .where("status", "=", "published")
        .executeTakeFirst();
      if (Number(row?.n ?? 0) >= variants.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await queue.stop();
    const stuck = await store.db.selectFrom("jobs").select(["status", "last_error"]).where("kind", "=", "publish.variant").where("status", "!=", "done").limit(3).execute();
    if (stuck.length) console.log("unfinished jobs, e.g.:", stuck);
    const pubs = await store.db
      .selectFrom("publications")
      .innerJoin("variants", "variants.id", "publications.variant_id")
      .select(["publications.published_at", "variants.scheduled_at"])
      .where("publications.workspace_id", "=", t.ws.id)
      .where("publications.status", "=", "published")
      .execute();
    const lateness = pubs.map((p) => Date.parse(p.published_at as string) - Date.parse(p.scheduled_at as string)).sort((a, b) => a - b);
    const dupes = await store.db
      .selectFrom("sandbox_posts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("account", "like", `b_${label}_due_%`)
      .executeTakeFirst();
    record(
      `[${label}] 10,000 due in one minute / 1,000 channels`,
      `${pubs.length} published, ${Number(dupes?.n ?? 0)} network posts; lateness p50 ${(percentile(lateness, 50) / 1000).toFixed(2)} s, p99 ${(percentile(lateness, 99) / 1000).toFixed(2)} s, max ${((lateness[lateness.length - 1] ?? 0) / 1000).toFixed(2)} s`,
    );
  }

  // 2. The calendar: a month of a 50-channel brand with 5,000 posts.
  {
    const queue = createQueue(store);
    const deps = createPublishingDeps({ store, registry, secrets, queue, config, });
    const t = await tenant(store, `${label}-cal`, 50, secrets);
    const monthStart = Date.UTC(2027, 2, 1);
    const times = Array.from({ length: 5000 }, (_, i) => new Date(monthStart + Math.floor((i / 5000) * 31 * 86_400_000)).toISOString());
    await insertPosts(store, t, times, "draft");
    const app = await buildApp({ store, config, registry, secrets, publishing: deps, logger: false });
    await app.ready();
    const { createSession } = await import("../src/services/auth.service.js");
    const session = await createSession(store.db, t.user.id, 1);
    const url = `/api/workspaces/${t.ws.id}/calendar?from=${new Date(monthStart).toISOString()}&to=${new Date(monthStart + 31 * 86_400_000).toISOString()}&brandId=${t.brand.id}`;
    const headers = { cookie: `chorus_session=${session.token}` };
    let items = 0;
    for (let i = 0; i < 5; i++) await app.inject({ method: "GET", url, headers });
    const ms: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const res = await app.inject({ method: "GET", url, headers });
      ms.push(performance.now() - t0);
      items = (JSON.parse(res.body) as { items: unknown[] }).items.length;
    }
    ms.sort((a, b) => a - b);
    record(`[${label}] calendar month, 50 channels, 5,000 posts (${items} items)`, `p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms`);
    await app.close();
  }
}
