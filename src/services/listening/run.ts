/**
 * One run of a listening source.
 * - A network source searches, for each of the brand's enabled queries, each of the query's search
 *   terms (see searchTerms): pages newest-first until it reaches what the last run saw (the cursor
 *   keeps the newest time seen per query and term), at most a few pages a run, so one busy term
 *   cannot use up the network's rate limit.
 * - A feed is read whole (with If-None-Match / If-Modified-Since, so an unchanged feed costs a 304)
 *   and every entry is matched against all queries.
 * The source's state tells the user how it went: last run, items, the error in words, and when it
 * runs next — later and later while it keeps failing (backoff), or when the network said to come
 * back (rate limits). A failing source never stops the others.
 */
import type { Kysely } from "kysely";
import { ConnectorError, type RemotePost } from "../../connectors/types.js";
import { hostOf, searchTerms } from "../../domain/listening-query.js";
import type { Database, ListeningSourcesTable } from "../../store/schema.js";
import { type ListeningDeps, nowOf } from "./deps.js";
import { FeedError, readFeed } from "./feed.js";
import { type IncomingPost, type StoreMentionsResult, storeMentions } from "./ingest.js";
import { compiledQueries } from "./queries.service.js";
import { relevanceJudge } from "./relevance.js";

const minuteMs = 60_000;
/** Minutes between runs when all is well. */
export const runInterval = { network: 5, feed: 15, import: 0 } as const;
const maxBackoffMinutes = 6 * 60;
/** Pages per query and term in one run (the first run of a term reads deeper into the past). */
const pagesPerTerm = 3;
const firstRunPages = 10;
/** Search requests per run of one source, whatever the number of queries and terms. */
const requestsPerRun = 60;

export type RunOutcome = { added: number; duplicates: number; error: string | null };

type Cursor = { newest: string; ids: string[] };

/** Networks write times in several ISO shapes; compared as text they must all be one. */
function isoOf(value: string): string {
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : value;
}

function parseCursor(raw: string | null | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Cursor;
    return typeof c.newest === "string" && Array.isArray(c.ids) ? c : null;
  } catch {
    return null;
  }
}

/** Minutes until the next try after `failures` failed runs in a row: the interval, doubled each time, at most six hours. */
export function backoffMinutes(intervalMinutes: number, failures: number): number {
  return Math.min(maxBackoffMinutes, Math.max(1, intervalMinutes) * 2 ** Math.min(failures, 10));
}

export async function runSource(deps: ListeningDeps, sourceId: string): Promise<RunOutcome> {
  const source = await deps.db.selectFrom("listening_sources").selectAll().where("id", "=", sourceId).executeTakeFirst();
  if (source?.enabled !== 1 || source.type === "import") return { added: 0, duplicates: 0, error: null };
  const started = nowOf(deps);
  try {
    const result = source.type === "network" ? await runNetwork(deps, source) : await runFeed(deps, source);
    const next = new Date(started.getTime() + intervalOf(source) * minuteMs).toISOString();
    await deps.db
      .updateTable("listening_sources")
      .set((eb) => ({
        state: "ok",
        last_run_at: started.toISOString(),
        last_ok_at: started.toISOString(),
        last_error: null,
        failures: 0,
        next_run_at: next,
        items_last_run: result.added,
        items_total: eb("items_total", "+", result.added),
      }))
      .where("id", "=", sourceId)
      .execute();
    return { added: result.added, duplicates: result.duplicates, error: null };
  } catch (err) {
    const message = describe(err);
    const failures = source.failures + 1;
    let waitMinutes = backoffMinutes(intervalOf(source), failures - 1);
    if (err instanceof ConnectorError && err.kind === "rate_limited" && err.retryAfter) waitMinutes = Math.max(waitMinutes, Math.ceil(err.retryAfter / 60));
    // Credentials that stopped working will not heal: wait the longest, the user has to reconnect.
    if (err instanceof ConnectorError && (err.kind === "auth_expired" || err.kind === "revoked")) waitMinutes = maxBackoffMinutes;
    await deps.db
      .updateTable("listening_sources")
      .set({ state: "error", last_run_at: started.toISOString(), last_error: message, failures, next_run_at: new Date(started.getTime() + waitMinutes * minuteMs).toISOString(), items_last_run: 0 })
      .where("id", "=", sourceId)
      .execute();
    return { added: 0, duplicates: 0, error: message };
  }
}

function intervalOf(source: ListeningSourcesTable): number {
  try {
    const minutes = (JSON.parse(source.config) as { intervalMinutes?: unknown }).intervalMinutes;
    if (typeof minutes === "number" && minutes >= 1) return minutes;
  } catch {
    // the default below
  }
  return source.type === "feed" ? runInterval.feed : runInterval.network;
}

function describe(err: unknown): string {
  if (err instanceof FeedError || err instanceof ConnectorError) return err.message;
  if (err instanceof Error) return `${err.name === "Error" ? "" : `${err.name}: `}${err.message}`;
  return String(err);
}

type Totals = { added: number; duplicates: number };
const addUp = (t: Totals, r: StoreMentionsResult) => {
  t.added += r.added;
  t.duplicates += r.duplicates;
};

async function runNetwork(deps: ListeningDeps, source: ListeningSourcesTable): Promise<Totals> {
  const totals: Totals = { added: 0, duplicates: 0 };
  const channel = source.channel_id ? await deps.db.selectFrom("channels").selectAll().where("id", "=", source.channel_id).executeTakeFirst() : undefined;
  if (channel?.status !== "active" || !channel.credentials_enc) throw new Error("The account this source searches through is disconnected: reconnect it on the Channels page, or remove the source.");
  const connector = deps.registry.get(channel.network);
  // Nothing to fetch: the posts come with the account's inbox updates (see overheard.ts).
  if (!connector?.search && connector?.capabilities.overhears) return totals;
  if (!connector?.search) throw new Error(`${connector?.displayName ?? channel.network} cannot search public posts.`);
  const ctx = { externalId: channel.external_id, handle: channel.handle, credentials: deps.secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc) };
  const queries = await compiledQueries(deps.db, source.brand_id);
  const classify = await deps.classifierFor(source.workspace_id);
  const setAside = await relevanceJudge(deps.db, { analyze: classify }, source.workspace_id, source.brand_id);
  const target = { workspaceId: source.workspace_id, brandId: source.brand_id, sourceId: source.id, network: channel.network };
  let requests = 0;
  for (const query of queries) {
    for (const term of searchTerms(query.node) ?? []) {
      const key = `${query.id}|${term}`;
      const saved = await deps.db.selectFrom("listening_cursors").select("cursor").where("source_id", "=", source.id).where("key", "=", key).executeTakeFirst();
      const seen = parseCursor(saved?.cursor);
      const found: RemotePost[] = [];
      let cursor: string | null = null;
      let reachedSeen = false;
      const maxPages = seen ? pagesPerTerm : firstRunPages;
      for (let page = 0; page < maxPages && requests < requestsPerRun; page++) {
        requests++;
        const result = await connector.search(ctx, term, cursor, nowOf(deps));
        for (const p of result.items) {
          const at = isoOf(p.occurredAt);
          if (seen && (at < seen.newest || (at === seen.newest && seen.ids.includes(p.externalId)))) {
            reachedSeen = true;
            continue;
          }
          found.push(p);
        }
        cursor = result.cursor;
        if (reachedSeen || !cursor || result.items.length === 0) break;
      }
      if (found.length) addUp(totals, await storeMentions(deps.db, target, found, queries, classify, { now: nowOf(deps), setAside }));
      const newest = found.reduce<string | null>((max, p) => (max === null || isoOf(p.occurredAt) > max ? isoOf(p.occurredAt) : max), seen?.newest ?? null);
      if (newest) {
        const ids = [...found.filter((p) => isoOf(p.occurredAt) === newest).map((p) => p.externalId), ...(seen?.newest === newest ? seen.ids : [])];
        const value = JSON.stringify({ newest, ids: [...new Set(ids)].slice(0, 50) } satisfies Cursor);
        await deps.db
          .insertInto("listening_cursors")
          .values({ source_id: source.id, key, cursor: value, updated_at: nowOf(deps).toISOString() })
          .onConflict((oc) => oc.columns(["source_id", "key"]).doUpdateSet({ cursor: value, updated_at: nowOf(deps).toISOString() }))
          .execute();
      }
    }
  }
  return totals;
}

type FeedCursor = { etag?: string | null; lastModified?: string | null };

async function runFeed(deps: ListeningDeps, source: ListeningSourcesTable): Promise<Totals> {
  const totals: Totals = { added: 0, duplicates: 0 };
  if (!source.url) throw new Error("The feed has no address.");
  const saved = await deps.db.selectFrom("listening_cursors").select("cursor").where("source_id", "=", source.id).where("key", "=", "").executeTakeFirst();
  let prev: FeedCursor = {};
  try {
    prev = saved?.cursor ? (JSON.parse(saved.cursor) as FeedCursor) : {};
  } catch {
    prev = {};
  }
  const feed = await readFeed(source.url, { etag: prev.etag ?? undefined, lastModified: prev.lastModified ?? undefined, allowPrivate: deps.allowPrivateUrls });
  if (feed.status === "not_modified") return totals;
  const host = hostOf(source.url) ?? source.url;
  const now = nowOf(deps);
  const posts: IncomingPost[] = feed.items.map((item) => ({
    externalId: item.id,
    url: item.url,
    authorName: item.author ?? feed.title ?? host,
    authorHandle: host,
    authorFollowers: null,
    text: item.text,
    title: item.title,
    occurredAt: item.publishedAt ?? now.toISOString(),
    links: item.url ? [item.url] : [],
  }));
  const queries = await compiledQueries(deps.db, source.brand_id);
  const classify = await deps.classifierFor(source.workspace_id);
  const setAside = await relevanceJudge(deps.db, { analyze: classify }, source.workspace_id, source.brand_id);
  addUp(totals, await storeMentions(deps.db, { workspaceId: source.workspace_id, brandId: source.brand_id, sourceId: source.id, network: "feed" }, posts, queries, classify, { now, setAside }));
  const value = JSON.stringify({ etag: feed.etag ?? null, lastModified: feed.lastModified ?? null } satisfies FeedCursor);
  await deps.db
    .insertInto("listening_cursors")
    .values({ source_id: source.id, key: "", cursor: value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["source_id", "key"]).doUpdateSet({ cursor: value, updated_at: now.toISOString() }))
    .execute();
  return totals;
}

/** Sources whose next run is due (or never ran), oldest first. */
export async function dueSources(db: Kysely<Database>, now: Date, limit = 200): Promise<string[]> {
  const rows = await db
    .selectFrom("listening_sources")
    .select("id")
    .where("enabled", "=", 1)
    .where("type", "!=", "import")
    .where((eb) => eb.or([eb("next_run_at", "is", null), eb("next_run_at", "<=", now.toISOString())]))
    .orderBy("next_run_at")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
