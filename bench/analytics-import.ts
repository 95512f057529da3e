/**
 * Post statistics import (target: 100,000 rows in under 30 s on the embedded setup): a generated
 * Meta Business Suite-style export of 100,000 posts — every column of the real export, captions
 * with commas and quotes, times as MM/DD/YYYY HH:mm in the brand's zone — imported into one channel
 * through the same service the API and the CLI use (parse once, validate in one pass, store in
 * chunks of 500 in one transaction), then imported again, when every row is an update.
 */
import seedrandom from "seedrandom";
import { parsePostMetricsCsv } from "../src/domain/post-metrics-csv.js";
import { importPostMetrics } from "../src/services/analytics/import.service.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import type { Store } from "../src/store/db.js";
import { newId } from "../src/store/ids.js";

type Record = (name: string, value: string) => void;

const header =
  'Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,Data comment,Date,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,Total clicks,Link clicks,Other Clicks';
const types = ["Photos", "Photos", "Reels", "Videos", "Links", "Text"];

/** `rows` posts, one every 7 minutes back from a fixed day, with figures that pass every rule. */
export function generateMetaExport(rows: number, seed = "chorus-import"): string {
  const rnd = seedrandom(seed);
  const page = "104523987654321";
  const start = Date.UTC(2026, 10, 1, 6, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    // Wall-clock times of a zone without daylight saving (the bench brand is in Moscow).
    const d = new Date(start - i * 7 * 60_000);
    const when = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const reach = 200 + Math.floor(rnd() * 20_000);
    const views = reach + Math.floor(rnd() * reach);
    const likes = Math.floor(reach * rnd() * 0.08);
    const comments = Math.floor(likes * rnd() * 0.2);
    const shares = Math.floor(likes * rnd() * 0.1);
    const type = types[i % types.length]!;
    const clicks = Math.floor(reach * rnd() * 0.03);
    const id = `${page}_${1_221_548_933_120_000 + i}`;
    const title = `"Post ${i}: new blend, ""limited"" edition — cinnamon, cardamom and orange"`;
    lines.push(
      `${id},${page},Northwind Coffee,${title},,,${when},,https://www.facebook.com/${page}/posts/${id.slice(page.length + 1)},No,No,${type},,,,,Lifetime,${views},${reach},${likes + comments + shares},${likes},${comments},${shares},${clicks * 2},${type === "Links" ? clicks : ""},${clicks}`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

export async function benchPostMetricsImport(label: string, store: Store, record: Record) {
  const rows = Number(process.env.CHORUS_BENCH_IMPORT_ROWS ?? 100_000);
  const user = await createUser(store.db, { email: `import-bench-${newId()}@example.test`, name: "Bench", password: "bench password 1" });
  const ws = await createWorkspace(store.db, { name: `Import bench ${label}`, ownerId: user.id });
  const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: "Northwind Coffee", timezone: "Europe/Moscow", locale: "en" });
  const channelId = newId();
  const now = new Date().toISOString();
  await store.db
    .insertInto("channels")
    .values({ id: channelId, workspace_id: ws.id, brand_id: brand.id, network: "sandbox", name: "Northwind (Sandbox)", handle: `northwind_${channelId.slice(-6)}`, external_id: `sandbox:${channelId}`, status: "active", credentials_enc: null, settings: "{}", last_error: null, last_success_at: null, last_failure_at: null, connected_by: user.id, created_at: now, updated_at: now })
    .execute();

  const csv = Buffer.from(generateMetaExport(rows));
  const mb = (csv.length / 1024 / 1024).toFixed(1);
  let t = performance.now();
  const parsed = parsePostMetricsCsv(csv, { zone: brand.timezone, now: new Date() });
  const parseSeconds = (performance.now() - t) / 1000;
  if (parsed.problemCount) throw new Error(`the generated file has problems: ${JSON.stringify(parsed.problems.slice(0, 3))}`);

  const input = { workspaceId: ws.id, brandId: brand.id, channelId, csv, source: "cli" as const, fileName: "bench.csv" };
  t = performance.now();
  const first = await importPostMetrics(store.db, "operator", input);
  const firstSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const second = await importPostMetrics(store.db, "operator", input);
  const secondSeconds = (performance.now() - t) / 1000;
  const n = rows.toLocaleString("en");
  record(`[${label}] post metrics CSV, ${n} rows (${mb} MB): parse + validate`, `${parseSeconds.toFixed(1)} s`);
  record(`[${label}] post metrics import, ${n} rows into one channel (target < 30 s)`, `${firstSeconds.toFixed(1)} s, ${first.created.toLocaleString("en")} created, ${Math.round(rows / firstSeconds).toLocaleString("en")} rows/s`);
  record(`[${label}] … the same file again (every row an update)`, `${secondSeconds.toFixed(1)} s, ${second.updated.toLocaleString("en")} updated`);
}
