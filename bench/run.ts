/**
 * Benchmarks: `npm run bench`. Prints figures, never pass/fail. Each run is bounded in count and
 * time and uses 127.0.0.1 only. Set CHORUS_BENCH_DATABASE_URL to run the store figures on PostgreSQL too.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../src/api/app.js";
import { loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import { createDemo } from "../src/services/demo.service.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import { createSecrets } from "../src/services/secrets.js";
import { openStore, type Store } from "../src/store/db.js";
import { migrateToLatest } from "../src/store/migrate.js";
import { benchAnalysis } from "./analysis.js";
import { benchPostMetricsImport } from "./analytics-import.js";
import { benchAnalyticsDashboard } from "./analytics.js";
import { benchInbox } from "./inbox.js";
import { benchListening } from "./listening.js";
import { benchPublishing } from "./publishing.js";

type Figure = { name: string; value: string };
const figures: Figure[] = [];
const record = (name: string, value: string) => {
  figures.push({ name, value });
  console.log(`${name.padEnd(58)} ${value}`);
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Fires `total` requests with `concurrency` in flight; returns throughput and latency percentiles. */
async function load(url: string, headers: Record<string, string>, total: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: total / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), failed };
}

async function benchStore(label: string, store: Store, dataDir: string) {
  await migrateToLatest(store);
  const secrets = createSecrets(Buffer.alloc(32, 1));
  let t = performance.now();
  const demo = await createDemo(store, { secrets, password: "bench password 1", now: new Date("2026-11-23T09:00:00Z") });
  record(`[${label}] demo workspace created (30 days of history)`, `${((performance.now() - t) / 1000).toFixed(2)} s`);

  const config = loadConfig({ CHORUS_DATA_DIR: dataDir, CHORUS_DEMO: "0", CHORUS_LOG_LEVEL: "silent" });
  const registry = createConnectorRegistry({ db: store.db });
  const queue = createQueue(store);
  const publishing = createPublishingDeps({
    store,
    registry,
    secrets,
    queue,
    config,
  });
  const app = await buildApp({ store, config, registry, secrets, publishing, logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  const base = `http://127.0.0.1:${address.port}`;

  t = performance.now();
  const loginRes = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demo.email, password: "bench password 1" }),
  });
  record(`[${label}] sign-in (argon2id verify + session)`, `${(performance.now() - t).toFixed(0)} ms`);
  const cookie = (loginRes.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const headers = { cookie };

  const routes = {
    "GET /api/health": `${base}/api/health`,
    "GET /api/me": `${base}/api/me`,
    "GET channels of the brand": `${base}/api/workspaces/${demo.workspaceId}/channels?brandId=${demo.brandId}`,
    "GET brand overview (30-day aggregates)": `${base}/api/workspaces/${demo.workspaceId}/brands/${demo.brandId}/overview`,
  };
  for (const [name, url] of Object.entries(routes)) {
    await load(url, headers, 100, 8); // warm-up
    const r = await load(url, headers, 2000, 16);
    record(
      `[${label}] ${name}`,
      `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.failed ? `, ${r.failed} failed` : ""}`,
    );
  }
  await app.close();
}

/** `npm run bench -- listening inbox` runs only the named parts (analysis, store, publishing, inbox, listening, analytics, import). */
const only = new Set(process.argv.slice(2));
const want = (part: string) => only.size === 0 || only.has(part);

async function main() {
  console.log(`Chorus benchmarks — ${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-bench-"));
  try {
    if (want("analysis")) await benchAnalysis(record);
    const sqlite = openStore({ dataDir });
    await migrateToLatest(sqlite);
    if (want("store")) await benchStore("sqlite", sqlite, dataDir);
    if (want("publishing")) await benchPublishing("sqlite", sqlite, dataDir, record);
    if (want("inbox")) await benchInbox("sqlite", sqlite, record);
    if (want("listening")) await benchListening("sqlite", sqlite, record);
    if (want("analytics")) await benchAnalyticsDashboard("sqlite", sqlite, record);
    if (want("import")) await benchPostMetricsImport("sqlite", sqlite, record);
    await sqlite.close();
    const pgUrl = process.env.CHORUS_BENCH_DATABASE_URL;
    if (pgUrl) {
      const pg = openStore({ databaseUrl: pgUrl });
      await migrateToLatest(pg);
      if (want("store")) await benchStore("postgres", pg, dataDir);
      if (want("publishing")) await benchPublishing("postgres", pg, dataDir, record);
      if (want("inbox")) await benchInbox("postgres", pg, record);
      if (want("listening")) await benchListening("postgres", pg, record);
      if (want("analytics")) await benchAnalyticsDashboard("postgres", pg, record);
      if (want("import")) await benchPostMetricsImport("postgres", pg, record);
      await pg.close();
    } else {
      console.log("\n(PostgreSQL skipped: set CHORUS_BENCH_DATABASE_URL to an empty database to include it)");
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
