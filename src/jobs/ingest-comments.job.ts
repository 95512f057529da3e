/**
 * Comment ingestion: once a minute a sweep enqueues one "inbox.ingest" job per active channel whose
 * connector can fetch comments (keyed per channel and minute, so concurrent processes agree on one).
 * A job pages through fetchComments from the channel's saved cursor and stores each page in one
 * transaction (storePage): INSERT … ON CONFLICT (channel_id, external_id) DO NOTHING, so at-least-once
 * jobs and re-fetched pages never make a second item; edits and deletions the network reports are
 * reflected. Each item is linked to its publication (by the post's external id) and brand, gets a
 * language, a sentiment and its place in the work queue (due time from the brand's SLA). The sweep
 * also moves items whose due time passed into the overdue bands.
 *
 * Cursor contract (Page<T>): `cursor` names the next page, null means "no more for now". Only a
 * non-null cursor is saved, so the next run starts at the last page again: that page is fetched
 * twice, which idempotency makes harmless, and nothing that arrived after it is ever skipped.
 */
import type { Kysely } from "kysely";
import { type CommentPage, ConnectorError, type RemoteComment } from "../connectors/types.js";
import { parseBrandSettings } from "../domain/brand-settings.js";
import { workspaceClassifier } from "../services/analysis/classifier.js";
import { storeOverheard } from "../services/listening/overheard.js";
import { dueAt } from "../domain/inbox-priority.js";
import type { Analyzer, InboxDeps } from "../services/inbox/deps.js";
import { inboxItemRow } from "../services/inbox/item-row.js";
import { flipOverdue, refreshPriority } from "../services/inbox/priority.js";
import type { Database } from "../store/schema.js";
import { registerInboxReply } from "./inbox-reply.job.js";
import { NonRetryableError, type JobQueue } from "./queue.js";

export const ingestKind = "inbox.ingest";
export const inboxSweepKind = "inbox.sweep";
export type IngestPayload = { channelId: string; at?: string };

const minuteMs = 60_000;
/** Bounds one run; what is left is fetched a minute later from the saved cursor. */
const maxPagesPerRun = 20;

const nowOf = (deps: Pick<InboxDeps, "now">): Date => (deps.now ? deps.now() : new Date());

async function saveCursor(db: Kysely<Database>, channelId: string, values: { cursor?: string | null; last_run_at: string; last_error: string | null }) {
  await db
    .insertInto("inbox_cursors")
    .values({ channel_id: channelId, cursor: values.cursor ?? null, last_run_at: values.last_run_at, last_error: values.last_error })
    .onConflict((oc) => oc.column("channel_id").doUpdateSet(values))
    .execute();
}

/** Fetches and stores a channel's new comments; `at` is the network's clock (tests and the demo move it). Returns the number of new items. */
export async function ingestChannel(deps: InboxDeps, channelId: string, at?: Date): Promise<number> {
  const { db } = deps;
  const channel = await db.selectFrom("channels").selectAll().where("id", "=", channelId).executeTakeFirst();
  if (channel?.status !== "active" || !channel.credentials_enc) return 0;
  const connector = deps.registry.get(channel.network);
  if (!connector?.fetchComments) return 0;
  const ctx = { externalId: channel.external_id, handle: channel.handle, credentials: deps.secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc) };
  const saved = await db.selectFrom("inbox_cursors").select("cursor").where("channel_id", "=", channelId).executeTakeFirst();
  let cursor = saved?.cursor ?? null;
  // The workspace's own model where it has one that beat the baseline on its team's corrections.
  const classifier = await workspaceClassifier(db, await deps.analyzer(), channel.workspace_id);
  let added = 0;
  try {
    for (let page = 0; page < maxPagesPerRun; page++) {
      const result = await connector.fetchComments(ctx, cursor, at);
      added += (await storePage(deps, channel, result, (text) => classifier.analyze(text))).added;
      // What the account saw elsewhere (a Telegram bot in other groups) is for listening.
      if (result.seen?.length) await storeOverheard(db, channel, result.seen, (text) => classifier.analyze(text), nowOf(deps));
      if (result.cursor) {
        cursor = result.cursor;
        await saveCursor(db, channelId, { cursor, last_run_at: nowOf(deps).toISOString(), last_error: null });
      }
      if (!result.cursor || result.items.length === 0) break;
    }
    await saveCursor(db, channelId, { cursor, last_run_at: nowOf(deps).toISOString(), last_error: null });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await saveCursor(db, channelId, { cursor, last_run_at: nowOf(deps).toISOString(), last_error: message });
    // An expired or revoked authorisation will not heal by retrying: the user must reconnect.
    if (err instanceof ConnectorError && (err.kind === "auth_expired" || err.kind === "revoked" || err.kind === "invalid_content")) {
      throw new NonRetryableError(message, { cause: err });
    }
    throw err;
  }
  return added;
}

type ChannelRow = { id: string; workspace_id: string; brand_id: string };

/** What a page changed: items new to Chorus, items whose text changed on the network, items the network deleted. */
export type StoreResult = { added: number; edited: number; deleted: number };

/**
 * Stores one page: new items are inserted (ON CONFLICT DO NOTHING, so a concurrent run of the same
 * page adds nothing twice), items already held whose text changed on the network get the new text,
 * an edit mark and a fresh analysis (a sentiment a person corrected is kept), and items the network
 * reports deleted — or that are missing from a post the page covers completely — are marked deleted.
 */
export async function storePage(deps: Pick<InboxDeps, "db" | "now">, channel: ChannelRow, page: CommentPage, analyze: Analyzer["analyze"]): Promise<StoreResult> {
  const result: StoreResult = { added: 0, edited: 0, deleted: 0 };
  // A page may speak of one comment twice (written, then edited or deleted): the last word counts.
  const latest = new Map<string, RemoteComment>();
  for (const c of page.items) latest.set(c.externalId, c);
  const live = [...latest.values()].filter((c) => !c.deleted);
  const gone = [...latest.values()].filter((c) => c.deleted).map((c) => c.externalId);
  if (page.items.length === 0 && !page.complete?.length) return result;
  const now = nowOf(deps);
  const nowIso = now.toISOString();
  const brand = await deps.db.selectFrom("brands").select(["settings", "locale", "timezone"]).where("id", "=", channel.brand_id).executeTakeFirstOrThrow();
  const settings = parseBrandSettings(brand.settings, brand.locale);
  const ids = [...new Set(live.map((c) => c.externalId))];
  const held = new Map<string, { id: string; text: string; sentiment_corrected: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await deps.db
      .selectFrom("inbox_items")
      .select(["id", "external_id", "text", "sentiment_corrected"])
      .where("channel_id", "=", channel.id)
      .where("external_id", "in", ids.slice(i, i + 500))
      .execute();
    for (const r of rows) held.set(r.external_id, r);
  }
  const fresh = live.filter((c) => !held.has(c.externalId));
  const changed = live.filter((c) => {
    const h = held.get(c.externalId);
    return h !== undefined && h.text !== c.text;
  });

  const postIds = [...new Set(fresh.map((c) => c.postExternalId))];
  const pubOf = new Map<string, string>();
  if (postIds.length > 0) {
    const pubs = await deps.db.selectFrom("publications").select(["id", "external_id"]).where("channel_id", "=", channel.id).where("external_id", "in", postIds).execute();
    for (const p of pubs) if (p.external_id) pubOf.set(p.external_id, p.id);
  }
  const rows = fresh.map((c) => {
    const due = dueAt(new Date(c.occurredAt), settings.responseSlaMinutes, brand.timezone, settings.workingHours).toISOString();
    const place = { workspaceId: channel.workspace_id, brandId: channel.brand_id, channelId: channel.id, publicationId: pubOf.get(c.postExternalId) ?? null };
    return inboxItemRow(c, place, analyze(c.text), due, now);
  });

  await deps.db.transaction().execute(async (tx) => {
    // SQLite allows 32,766 bound values per statement and PostgreSQL 65,535: 200 rows × 29 columns stays under both.
    for (let i = 0; i < rows.length; i += 200) {
      const res = await tx
        .insertInto("inbox_items")
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.columns(["channel_id", "external_id"]).doNothing())
        .executeTakeFirst();
      result.added += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    const reranked: string[] = [];
    for (const c of changed) {
      const h = held.get(c.externalId);
      if (!h) continue;
      const a = analyze(c.text);
      await tx
        .updateTable("inbox_items")
        .set({
          text: c.text,
          edited_at: c.editedAt ?? nowIso,
          lang: a.lang,
          ...(h.sentiment_corrected ? {} : { sentiment: a.sentiment, sentiment_score: a.score, sentiment_confidence: a.confidence }),
        })
        .where("id", "=", h.id)
        .execute();
      reranked.push(h.id);
      result.edited++;
    }
    if (reranked.length > 0) await refreshPriority(tx, reranked, now);
    if (gone.length > 0) {
      const res = await tx
        .updateTable("inbox_items")
        .set({ deleted_at: nowIso, sla_pending_at: null, rank: 0 })
        .where("channel_id", "=", channel.id)
        .where("external_id", "in", gone)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      result.deleted += Number(res.numUpdatedRows);
    }
    // A post the connector read whole: what Chorus holds for it and the page lacks was deleted there.
    for (const post of page.complete ?? []) {
      const present = live.filter((c) => c.postExternalId === post).map((c) => c.externalId);
      let q = tx
        .updateTable("inbox_items")
        .set({ deleted_at: nowIso, sla_pending_at: null, rank: 0 })
        .where("channel_id", "=", channel.id)
        .where("post_external_id", "=", post)
        .where("kind", "in", ["comment", "reply"])
        .where("deleted_at", "is", null);
      if (present.length > 0) q = q.where("external_id", "not in", present);
      const res = await q.executeTakeFirst();
      result.deleted += Number(res.numUpdatedRows);
    }
  });
  return result;
}

/** Schedules the sweep of the minute containing `at`. */
export async function scheduleInboxSweep(queue: JobQueue, at = new Date()): Promise<void> {
  const minute = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs);
  await queue.enqueue(inboxSweepKind, {}, { runAt: at, key: `inbox-sweep:${minute.toISOString()}`, maxAttempts: 2 });
}

/** One ingest job per active channel that can fetch comments, keyed per channel and minute. */
export async function sweepChannels(deps: Pick<InboxDeps, "db" | "registry" | "queue">, at = new Date()): Promise<number> {
  const minute = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs).toISOString();
  const channels = await deps.db.selectFrom("channels").select(["id", "network"]).where("status", "=", "active").execute();
  let n = 0;
  for (const c of channels) {
    if (!deps.registry.get(c.network)?.fetchComments) continue;
    await deps.queue.enqueue(ingestKind, { channelId: c.id } satisfies IngestPayload, { key: `${c.id}:${minute}`, maxAttempts: 3 });
    n++;
  }
  return n;
}

/**
 * "Check now": one ingest job per active channel of the workspace (or brand) that can fetch
 * comments, without waiting for the minute sweep. Keyed per channel and 15 seconds, so a button
 * pressed repeatedly — or by several teammates — asks each network once.
 */
export async function ingestNow(deps: Pick<InboxDeps, "db" | "registry" | "queue">, workspaceId: string, brandId?: string, at = new Date()): Promise<number> {
  const bucket = Math.floor(at.getTime() / 15_000);
  let q = deps.db.selectFrom("channels").select(["id", "network"]).where("workspace_id", "=", workspaceId).where("status", "=", "active");
  if (brandId) q = q.where("brand_id", "=", brandId);
  let n = 0;
  for (const c of await q.execute()) {
    if (!deps.registry.get(c.network)?.fetchComments) continue;
    await deps.queue.enqueue(ingestKind, { channelId: c.id } satisfies IngestPayload, { key: `${c.id}:now:${bucket}`, maxAttempts: 3 });
    n++;
  }
  return n;
}

/** Registers the inbox jobs (ingest, the minute sweep, replies); call before queue.start(). */
export function registerInbox(queue: JobQueue, deps: InboxDeps): void {
  queue.work<IngestPayload>(ingestKind, async (payload) => {
    await ingestChannel(deps, payload.channelId, payload.at ? new Date(payload.at) : undefined);
  }, { concurrency: 2 });
  queue.work(inboxSweepKind, async () => {
    await sweepChannels(deps);
    await flipOverdue(deps.db);
    await scheduleInboxSweep(queue, new Date(Math.floor(Date.now() / minuteMs) * minuteMs + minuteMs));
  });
  registerInboxReply(queue, deps);
}
