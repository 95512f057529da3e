/**
 * Analytics benchmark: the dashboard of a brand with 50 channels, 20,000 posts over a year and
 * 2,000,000 metric snapshots (100 per post) behind them, plus a year of daily channel readings,
 * 100,000 link clicks and 20,000 comments — for the last 7, 30, 90 and 365 days, each with its
 * previous period. Every run computes everything (no cache): totals, rates, four breakdowns, daily
 * series, weekday × hour heatmap, best and worst posts, audience by day and funnel.
 */
import { DateTime } from "luxon";
import { sql } from "kysely";
import seedrandom from "seedrandom";
import { createUser } from "../src/services/auth.service.js";
import { newCode } from "../src/services/link.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { dashboard } from "../src/services/analytics/dashboard.service.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import type { Store } from "../src/store/db.js";
import { newId } from "../src/store/ids.js";

type Record = (name: string, value: string) => void;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const dayMs = 86_400_000;
/** Snapshots behind each post: 100 (2,000,000 in all); CHORUS_BENCH_SNAPSHOTS sets fewer for a quick run. */
const snapshotsPerPost = Number(process.env.CHORUS_BENCH_SNAPSHOTS ?? 100);
const zone = "Europe/Moscow";
const formats = ["text", "image", "video", "carousel", "story"];
const rubrics = ["news", "tips", "behind the scenes", "offers", "fun", null];

async function insertMany<T extends object>(store: Store, table: "channel_posts" | "metric_snapshots" | "channel_days" | "links" | "link_clicks" | "inbox_items", rows: T[], chunk = 500) {
  for (let i = 0; i < rows.length; i += chunk) {
    // biome-ignore lint/suspicious/noExplicitAny: rows are shaped per table by the caller
    await store.db.insertInto(table).values(rows.slice(i, i + chunk) as any).execute();
  }
}

export async function benchAnalyticsDashboard(label: string, store: Store, record: Record) {
  const rng = seedrandom(`analytics-${label}`);
  const int = (max: number) => Math.floor(rng() * max);
  const user = await createUser(store.db, { email: `analytics-bench-${newId()}@example.test`, name: "Bench", password: "bench password 1" });
  const ws = await createWorkspace(store.db, { name: `Analytics ${label}`, ownerId: user.id });
  const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: `Analytics ${label}`, timezone: zone, locale: "ru" });
  const end = DateTime.now().setZone(zone).startOf("day");
  const yearAgo = end.minus({ days: 365 });
  const iso = new Date().toISOString();
  const fillStarted = performance.now();

  const channels = Array.from({ length: 50 }, (_, i) => ({ id: newId(), followers: 2_000 + int(200_000), network: ["vk", "telegram", "bluesky", "mastodon", "sandbox"][i % 5] as string }));
  await store.db
    .insertInto("channels")
    .values(channels.map((c, i) => ({ id: c.id, workspace_id: ws.id, brand_id: brand.id, network: c.network, name: `Channel ${i + 1}`, handle: `channel${i + 1}`, external_id: `ext-${i + 1}`, status: "active" as const, credentials_enc: null, settings: "{}", created_at: iso, updated_at: iso })))
    .execute();

  // A year of daily readings per channel, followers growing.
  const days = [];
  for (const c of channels) {
    let followers = c.followers;
    for (let d = 0; d <= 365; d++) {
      const joined = int(60);
      const left = int(40);
      followers += joined - left;
      days.push({ channel_id: c.id, day: yearAgo.plus({ days: d }).toISODate() as string, workspace_id: ws.id, brand_id: brand.id, followers, following: null, posts: null, joined, left, reach: null, impressions: null, views: null, taken_at: yearAgo.plus({ days: d, hours: 23 }).toUTC().toISO() as string });
    }
  }
  await insertMany(store, "channel_days", days);

  // 20,000 posts over the year, each with 100 snapshots.
  const posts = [];
  const links: { id: string; workspace_id: string; code: string; target_url: string; post_id: null; variant_id: null; channel_id: string; created_at: string }[] = [];
  for (let i = 0; i < 20_000; i++) {
    const c = channels[i % channels.length] as (typeof channels)[number];
    const at = yearAgo.toMillis() + rng() * 365 * dayMs;
    const reach = 500 + int(20_000);
    posts.push({
      id: newId(),
      workspace_id: ws.id,
      brand_id: brand.id,
      channel_id: c.id,
      publication_id: null,
      post_key: `post-${i}`,
      external_id: `post-${i}`,
      origin: "network" as const,
      url: `https://example.test/p/${i}`,
      text: `Post ${i} about coffee, offers and the new menu`,
      format: formats[i % formats.length] as string,
      rubric: rubrics[int(rubrics.length)] ?? null,
      paid: i % 20 === 0 ? 1 : 0,
      campaign: i % 10 === 0 ? "spring" : null,
      published_at: new Date(at).toISOString(),
      followers: c.followers,
      reach,
      impressions: Math.round(reach * 1.4),
      views: i % 5 === 2 ? Math.round(reach * 0.8) : null,
      likes: int(reach / 20),
      comments: int(reach / 200),
      reposts: int(reach / 300),
      saves: int(reach / 500),
      clicks: int(reach / 100),
      metrics_at: new Date(at + 37 * dayMs).toISOString(),
      sync_due_at: null,
      created_at: iso,
      updated_at: iso,
    });
    if (i % 40 === 0) links.push({ id: newId(), workspace_id: ws.id, code: newCode(), target_url: "https://example.test/", post_id: null, variant_id: null, channel_id: c.id, created_at: iso });
  }
  await insertMany(store, "channel_posts", posts);
  let snapshots = 0;
  for (let i = 0; i < posts.length; i += 100) {
    const part = posts.slice(i, i + 100);
    const rows = part.flatMap((p) =>
      Array.from({ length: snapshotsPerPost }, (_, k) => ({
        id: newId(),
        workspace_id: ws.id,
        channel_id: p.channel_id,
        publication_id: null,
        channel_post_id: p.id,
        taken_at: new Date(Date.parse(p.published_at) + (k + 1) * 9 * 3_600_000).toISOString(),
        followers: null,
        reach: Math.round((p.reach * (k + 1)) / 100),
        impressions: null,
        views: null,
        likes: Math.round((p.likes * (k + 1)) / 100),
        comments: null,
        reposts: null,
        saves: null,
        clicks: null,
      })),
    );
    await insertMany(store, "metric_snapshots", rows, 1000);
    snapshots += rows.length;
  }
  await insertMany(store, "links", links);
  const clicks = Array.from({ length: 100_000 }, () => {
    const l = links[int(links.length)] as (typeof links)[number];
    return { id: newId(), link_id: l.id, workspace_id: ws.id, clicked_at: new Date(yearAgo.toMillis() + rng() * 365 * dayMs).toISOString(), referrer_host: null, visitor_hash: newId(), bot: int(10) === 0 ? 1 : 0 };
  });
  await insertMany(store, "link_clicks", clicks, 1000);
  const comments = Array.from({ length: 20_000 }, (_, i) => {
    const c = channels[int(channels.length)] as (typeof channels)[number];
    const at = new Date(yearAgo.toMillis() + rng() * 365 * dayMs).toISOString();
    return { id: newId(), workspace_id: ws.id, brand_id: brand.id, channel_id: c.id, publication_id: null, kind: "comment", external_id: `c-${i}`, parent_external_id: null, author_name: `Person ${i % 5000}`, author_handle: `person${i % 5000}`, author_followers: null, text: "Nice", lang: "en", sentiment: "positive", sentiment_score: 0.5, status: "resolved", assignee_id: null, occurred_at: at, ingested_at: at };
  });
  await insertMany(store, "inbox_items", comments);
  if (store.dialect === "postgres") await sql`analyze channel_posts, channel_days, metric_snapshots, link_clicks, links, inbox_items`.execute(store.db);
  record(
    `[${label}] analytics: data for the dashboard`,
    `50 channels, ${posts.length.toLocaleString("en")} posts, ${snapshots.toLocaleString("en")} snapshots, ${days.length.toLocaleString("en")} channel days, ${clicks.length.toLocaleString("en")} link clicks, ${comments.length.toLocaleString("en")} comments in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`,
  );

  const to = end.minus({ days: 1 }).toISODate() as string;
  for (const span of [7, 30, 90, 365]) {
    const from = end.minus({ days: span }).toISODate() as string;
    const run = () => dashboard(store.db, { userId: user.id }, ws.id, { brandId: brand.id, from, to });
    await run();
    await run(); // warm-up
    const times: number[] = [];
    let posts = 0;
    for (let k = 0; k < 15; k++) {
      const t = performance.now();
      posts = (await run()).totals.posts;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    record(`[${label}] analytics: brand dashboard, last ${span} days`, `${posts.toLocaleString("en")} posts in the period, p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
  }
  const t = performance.now();
  await dashboard(store.db, { userId: user.id }, ws.id, { channelId: channels[0]?.id, brandId: brand.id, from: end.minus({ days: 30 }).toISODate() as string, to });
  record(`[${label}] analytics: one channel's dashboard, last 30 days`, `${(performance.now() - t).toFixed(0)} ms`);
}
