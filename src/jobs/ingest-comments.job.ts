/**
 * Comment ingestion: once a minute a sweep enqueues one "inbox.ingest" job per active channel whose
 * connector can fetch comments (keyed per channel and minute, so concurrent processes agree on one).
 * A job pages through fetchComments from the channel's saved cursor and upserts each page in one
 * transaction with INSERT … ON CONFLICT (channel_id, external_id) DO NOTHING: at-least-once jobs and
 * re-fetched pages never make a second item. Each item is linked to its publication (by the post's
 * external id) and brand, and gets a language and a sentiment.
 *
 * Cursor contract (Page<T>): `cursor` names the next page, null means "no more for now". Only a
 * non-null cursor is saved, so the next run starts at the last page again: that page is fetched
 * twice, which idempotency makes harmless, and nothing that arrived after it is ever skipped.
 */
import type { Kysely } from "kysely";
import { ConnectorError, type RemoteComment } from "../connectors/types.js";
import type { Analyzer, InboxDeps } from "../services/inbox/deps.js";
import { newId } from "../store/ids.js";
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
  const analyzer = await deps.analyzer();
  let added = 0;
  try {
    for (let page = 0; page < maxPagesPerRun; page++) {
      const result = await connector.fetchComments(ctx, cursor, at);
      added += await storePage(deps, channel, result.items, (text) => analyzer.analyze(text));
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

async function storePage(deps: InboxDeps, channel: ChannelRow, items: RemoteComment[], analyze: Analyzer["analyze"]): Promise<number> {
  if (items.length === 0) return 0;
  const postIds = [...new Set(items.map((c) => c.postExternalId))];
  const pubs = await deps.db
    .selectFrom("publications")
    .select(["id", "external_id"])
    .where("channel_id", "=", channel.id)
    .where("external_id", "in", postIds)
    .execute();
  const pubOf = new Map(pubs.map((p) => [p.external_id, p.id]));
  const ingestedAt = nowOf(deps).toISOString();
  const rows = items.map((c) => {
    const a = analyze(c.text);
    return {
      id: newId(),
      workspace_id: channel.workspace_id,
      brand_id: channel.brand_id,
      channel_id: channel.id,
      publication_id: pubOf.get(c.postExternalId) ?? null,
      kind: c.parentExternalId ? ("reply" as const) : ("comment" as const),
      external_id: c.externalId,
      parent_external_id: c.parentExternalId,
      post_external_id: c.postExternalId,
      author_name: c.authorName,
      author_handle: c.authorHandle,
      author_followers: c.authorFollowers,
      text: c.text,
      lang: a.lang,
      sentiment: a.sentiment,
      sentiment_score: a.score,
      sentiment_confidence: a.confidence,
      status: "new" as const,
      assignee_id: null,
      occurred_at: c.occurredAt,
      ingested_at: ingestedAt,
    };
  });
  return deps.db.transaction().execute(async (tx) => {
    const res = await tx
      .insertInto("inbox_items")
      .values(rows)
      .onConflict((oc) => oc.columns(["channel_id", "external_id"]).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0);
  });
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

/** Registers the inbox jobs (ingest, the minute sweep, replies); call before queue.start(). */
export function registerInbox(queue: JobQueue, deps: InboxDeps): void {
  queue.work<IngestPayload>(ingestKind, async (payload) => {
    await ingestChannel(deps, payload.channelId, payload.at ? new Date(payload.at) : undefined);
  }, { concurrency: 2 });
  queue.work(inboxSweepKind, async () => {
    await sweepChannels(deps);
    await scheduleInboxSweep(queue, new Date(Math.floor(Date.now() / minuteMs) * minuteMs + minuteMs));
  });
  registerInboxReply(queue, deps);
}
