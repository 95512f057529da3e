/**
 * Listening benchmarks on the embedded setup (SQLite) — and PostgreSQL when given:
 * - classify and store: Sandbox chatter through storeMentions (query matching, language and
 *   sentiment, fingerprints, idempotent insert, query links) in batches of 500 — what a source run
 *   stores at once (a term's pages, a feed) — then the minute sweep's term counting for trending;
 * - the analytics (volume over time, sources and authors of negativity, trending terms, share of
 *   voice, opinion leaders) over a brand with 1,000,000 mentions, once the sweep has computed the
 *   past days' rollups (and how long that takes).
 */
import { sql } from "kysely";
import seedrandom from "seedrandom";
import { chatterBetween, chatterBrands, remotePostAt } from "../src/connectors/sandbox/chatter.js";
import { parseQuery } from "../src/domain/listening-query.js";
import { createAnalyzer } from "../src/services/analysis/index.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { leaders, listeningAnalytics, negativity, shareOfVoice, trending, volume } from "../src/services/listening/analytics.service.js";
import { countTerms, type IncomingPost, storeMentions } from "../src/services/listening/ingest.js";
import { computeRollups, touchDays } from "../src/services/listening/rollups.js";
import { termsOf } from "../src/services/listening/text.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import type { Store } from "../src/store/db.js";
import { newId } from "../src/store/ids.js";

type Record = (name: string, value: string) => void;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const dayMs = 86_400_000;

async function tenant(store: Store, name: string) {
  const user = await createUser(store.db, { email: `listen-bench-${newId()}@example.test`, name: "Bench", password: "bench password 1" });
  const ws = await createWorkspace(store.db, { name, ownerId: user.id });
  const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name, timezone: "Europe/Moscow", locale: "ru" });
  const queries = Object.values(chatterBrands).map((b, i) => ({ id: newId(), name: b.name, query: b.query, kind: i === 0 ? "brand" : "competitor" }));
  const now = new Date().toISOString();
  await store.db
    .insertInto("listening_queries")
    .values(queries.map((q) => ({ id: q.id, workspace_id: ws.id, brand_id: brand.id, name: q.name, kind: q.kind as "brand", query: q.query, enabled: 1, created_by: user.id, created_at: now, updated_at: now })))
    .execute();
  return { userId: user.id, workspaceId: ws.id, brandId: brand.id, queries };
}

export async function benchListening(label: string, store: Store, record: Record) {
  const analyzer = await createAnalyzer();

  // 1. Classify and store: two weeks of chatter repeated (new ids, other days) to ~100,000 posts.
  const t1 = await tenant(store, `Listening ingest ${label}`);
  const compiled = t1.queries.map((q) => ({ id: q.id, node: parseQuery(q.query) }));
  const now = new Date();
  const base = chatterBetween(new Date(now.getTime() - 14 * dayMs), now, { incidentAt: new Date(now.getTime() - 3 * 3_600_000) }).map((p) => remotePostAt(p, now));
  const rounds = Math.ceil(100_000 / base.length);
  let stored = 0;
  let offered = 0;
  const started = performance.now();
  for (let k = 0; k < rounds; k++) {
    const shift = k * 14 * dayMs;
    const posts: IncomingPost[] = base.map((p) => ({ ...p, externalId: `${p.externalId}-${k}`, occurredAt: new Date(Date.parse(p.occurredAt) - shift).toISOString(), text: k === 0 ? p.text : `${p.text} ${k}` }));
    for (let i = 0; i < posts.length; i += 500) {
      const page = posts.slice(i, i + 500);
      offered += page.length;
      const r = await storeMentions(store.db, { workspaceId: t1.workspaceId, brandId: t1.brandId, sourceId: null, network: "sandbox" }, page, compiled, analyzer.analyze, { now });
      stored += r.added;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  record(`[${label}] listening: classify + store (batches of 500)`, `${offered.toLocaleString("en")} posts offered, ${stored.toLocaleString("en")} mentions stored in ${seconds.toFixed(1)} s → ${Math.round(offered / seconds).toLocaleString("en")} posts/s, ${Math.round(stored / seconds).toLocaleString("en")} mentions/s`);
  const termsStarted = performance.now();
  let counted = 0;
  for (let n = await countTerms(store.db); n > 0; n = await countTerms(store.db)) counted += n;
  const termSeconds = (performance.now() - termsStarted) / 1000;
  record(`[${label}] listening: terms counted for trending (the minute sweep)`, `${counted.toLocaleString("en")} mentions in ${termSeconds.toFixed(1)} s → ${Math.round(counted / termSeconds).toLocaleString("en")} mentions/s`);

  // 2. Analytics over 1,000,000 mentions of one brand: a year, ~2,740 a day.
  const t = performance.now();
  const { t2, end, termRows } = await fillMentions(store, label, base);
  record(`[${label}] listening: 1,000,000 mentions inserted for the analytics`, `${((performance.now() - t) / 1000).toFixed(0)} s (${termRows.toLocaleString("en")} day-term rows)`);
  // The sweep computes the past days' rollups; the analytics read them and the mentions of today.
  const r = performance.now();
  const days = await computeRollups(store.db, new Date(end), Number.POSITIVE_INFINITY);
  const rollupSeconds = (performance.now() - r) / 1000;
  if (store.dialect === "postgres") await sql`analyze listening_days, mention_hours, mention_source_days, mention_author_days`.execute(store.db);
  record(`[${label}] listening: rollups computed (as after an upgrade)`, `${days} days in ${rollupSeconds.toFixed(1)} s (${Math.round((rollupSeconds * 1000) / days)} ms a day of ~2,740 mentions)`);
  await analyticsFigures(label, store, t2, end, record);
}

/** One brand with 1,000,000 mentions over a year (with query links and day terms), for the analytics figures. */
export async function fillMentions(store: Store, label: string, base: IncomingPost[]) {
  const t2 = await tenant(store, `Listening analytics ${label}`);
  const rng = seedrandom(`listening-bench-${label}`);
  const vocabulary = Array.from(new Set(base.flatMap((p) => termsOf(p.text)))).slice(0, 5000);
  const authors = Array.from({ length: 50_000 }, (_, i) => ({ handle: `author${i}`, followers: Math.floor(Math.exp(rng() * 12)) }));
  const sentiments = ["positive", "neutral", "negative"] as const;
  const networks = ["sandbox", "bluesky", "mastodon", "vk", "feed"];
  const total = 1_000_000;
  const perDay = Math.ceil(total / 365);
  const end = Date.now();
  const terms = new Map<string, number>();
  for (let i = 0; i < total; i += 1000) {
    const mentions = [];
    const links = [];
    for (let j = i; j < Math.min(total, i + 1000); j++) {
      const at = new Date(end - (j / perDay) * dayMs - rng() * 3_600_000).toISOString();
      const a = authors[Math.floor(rng() ** 2 * authors.length)] as (typeof authors)[number];
      const id = newId();
      const words = Array.from({ length: 8 }, () => vocabulary[Math.floor(rng() * vocabulary.length)] as string);
      const text = words.join(" ");
      const sentiment = sentiments[Math.floor(rng() * 3)] as (typeof sentiments)[number];
      mentions.push({
        id,
        workspace_id: t2.workspaceId,
        brand_id: t2.brandId,
        source_id: null,
        network: networks[j % networks.length] as string,
        external_id: `m${j}`,
        url: null,
        author_name: a.handle,
        author_handle: a.handle,
        author_followers: a.followers,
        text,
        title: null,
        lang: "ru",
        sentiment,
        sentiment_score: sentiment === "negative" ? -0.5 : sentiment === "positive" ? 0.5 : 0,
        sentiment_confidence: 0.6,
        likes: Math.floor(rng() * 20),
        reposts: Math.floor(rng() * 5),
        replies: Math.floor(rng() * 5),
        fingerprint: id,
        duplicate_of: null,
        terms_counted: 1,
        published_at: at,
        collected_at: at,
      });
      links.push({ mention_id: id, query_id: (t2.queries[j % 3] as { id: string }).id, published_at: at });
      for (const w of new Set(words)) terms.set(`${at.slice(0, 10)}|${w}`, (terms.get(`${at.slice(0, 10)}|${w}`) ?? 0) + 1);
    }
    await store.db.insertInto("mentions").values(mentions).execute();
    await store.db.insertInto("mention_queries").values(links).execute();
  }
  await touchDays(store.db, t2.brandId, [...terms.keys()].map((k) => k.slice(0, 10)));
  const termRows = [...terms].map(([k, n]) => ({ brand_id: t2.brandId, day: k.slice(0, 10), term: k.slice(11), mentions: n }));
  for (let i = 0; i < termRows.length; i += 1000) await store.db.insertInto("mention_terms").values(termRows.slice(i, i + 1000)).execute();

  // PostgreSQL's autovacuum would analyze the new rows within minutes; the figures should not
  // depend on whether it has yet.
  if (store.dialect === "postgres") await sql`analyze mentions, mention_queries, mention_terms`.execute(store.db);
  return { t2, end, termRows: termRows.length };
}

export async function analyticsFigures(label: string, store: Store, t2: { userId: string; workspaceId: string; brandId: string }, end: number, record: Record) {
  const to = new Date(end + 60_000).toISOString();
  for (const days of [7, 30, 90, 365]) {
    const p = { brandId: t2.brandId, from: new Date(end - days * dayMs).toISOString(), to };
    const sections: [string, () => Promise<unknown>][] = [
      ["volume", () => volume(store.db, p, "Europe/Moscow")],
      ["negativity", () => negativity(store.db, p)],
      ["trending", () => trending(store.db, p)],
      ["share of voice", () => shareOfVoice(store.db, p)],
      ["leaders", () => leaders(store.db, p)],
      ["whole dashboard", () => listeningAnalytics(store.db, { userId: t2.userId }, t2.workspaceId, p)],
    ];
    const parts: string[] = [];
    for (const [name, run] of sections) {
      await run();
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const s = performance.now();
        await run();
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      parts.push(`${name} ${percentile(times, 50).toFixed(0)}/${percentile(times, 95).toFixed(0)}`);
    }
    record(`[${label}] listening analytics, ${days} days of 1M (p50/p95 ms)`, parts.join(", "));
  }
}
