/**
 * Metrics from the networks. Once a minute a sweep enqueues:
 * - one "analytics.posts" job per channel with posts whose metrics are due (the schedule of
 *   src/domain/metrics.ts: +1 h, +24 h, +7 d, then daily to day 37), keyed per channel and minute;
 * - one "analytics.channel" job per active channel not yet read today (the brand's day), keyed
 *   per channel, day and hour: a failed reading is tried again the next hour, not every minute.
 * A posts job reads up to 100 posts per call of the connector and records them
 * (src/services/analytics/track.ts). A network that fails pushes those posts back half an hour; a
 * connector that cannot read post metrics (Telegram bots) takes them off the schedule.
 */
import { DateTime } from "luxon";
import { ConnectorError } from "../connectors/types.js";
import type { ConnectorRegistry } from "../connectors/registry.js";
import { recordChannelReading, recordPostReadings } from "../services/analytics/track.js";
import type { Secrets } from "../services/secrets.js";
import type { Store } from "../store/db.js";
import { NonRetryableError, type JobQueue } from "./queue.js";

export const metricsSweepKind = "analytics.sweep";
export const postMetricsKind = "analytics.posts";
export const channelStatsKind = "analytics.channel";

export type MetricsDeps = { db: Store["db"]; registry: ConnectorRegistry; secrets: Secrets; now?: () => Date };

const minuteMs = 60_000;
/** Posts per call of fetchPostMetrics, and calls per job; what is left is taken a minute later. */
const postsPerCall = 100;
const callsPerJob = 10;
const retryLaterMs = 30 * minuteMs;

const nowOf = (deps: Pick<MetricsDeps, "now">) => (deps.now ? deps.now() : new Date());

export async function scheduleMetricsSweep(queue: JobQueue, at: Date): Promise<void> {
  const minute = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs);
  await queue.enqueue(metricsSweepKind, {}, { runAt: at, key: `metrics-sweep:${minute.toISOString()}`, maxAttempts: 2 });
}

export async function sweepMetrics(deps: MetricsDeps, queue: JobQueue): Promise<void> {
  const now = nowOf(deps);
  const minute = Math.floor(now.getTime() / minuteMs);
  const due = await deps.db
    .selectFrom("channel_posts as cp")
    .innerJoin("channels as c", "c.id", "cp.channel_id")
    .select("cp.channel_id")
    .distinct()
    .where("cp.sync_due_at", "<=", now.toISOString())
    .where("c.status", "=", "active")
    .execute();
  for (const d of due) await queue.enqueue(postMetricsKind, { channelId: d.channel_id }, { key: `metrics:${d.channel_id}:${minute}`, maxAttempts: 1 });

  const channels = await deps.db
    .selectFrom("channels as c")
    .innerJoin("brands as b", "b.id", "c.brand_id")
    .select(["c.id", "c.network", "b.timezone"])
    .where("c.status", "=", "active")
    .execute();
  const today = new Map(channels.map((c) => [c.id, DateTime.fromJSDate(now, { zone: c.timezone }).toISODate() ?? ""]));
  const read = new Set<string>();
  for (let i = 0; i < channels.length; i += 400) {
    const part = channels.slice(i, i + 400);
    const rows = await deps.db
      .selectFrom("channel_days")
      .select(["channel_id", "day"])
      .where(
        "channel_id",
        "in",
        part.map((c) => c.id),
      )
      .where("day", "in", [...new Set(part.map((c) => today.get(c.id) ?? ""))])
      .execute();
    for (const r of rows) if (today.get(r.channel_id) === r.day) read.add(r.channel_id);
  }
  const hour = Math.floor(now.getTime() / (60 * minuteMs));
  for (const c of channels) {
    if (read.has(c.id) || !deps.registry.get(c.network)?.fetchChannelStats) continue;
    await queue.enqueue(channelStatsKind, { channelId: c.id }, { key: `channel-stats:${c.id}:${today.get(c.id)}:${hour}`, maxAttempts: 1 });
  }
}

async function loadChannel(deps: MetricsDeps, channelId: string) {
  const channel = await deps.db
    .selectFrom("channels as c")
    .innerJoin("brands as b", "b.id", "c.brand_id")
    .select(["c.id", "c.workspace_id", "c.brand_id", "c.network", "c.status", "c.external_id", "c.handle", "c.credentials_enc", "b.timezone"])
    .where("c.id", "=", channelId)
    .executeTakeFirst();
  if (channel?.status !== "active" || !channel.credentials_enc) return null;
  const connector = deps.registry.get(channel.network);
  if (!connector) return null;
  const ctx = { externalId: channel.external_id, handle: channel.handle, credentials: deps.secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc) };
  return { channel, connector, ctx };
}

/** Reads the due posts of a channel; returns how many were read. */
export async function syncPostMetrics(deps: MetricsDeps, channelId: string): Promise<number> {
  const loaded = await loadChannel(deps, channelId);
  if (!loaded) return 0;
  const { channel, connector, ctx } = loaded;
  let read = 0;
  for (let call = 0; call < callsPerJob; call++) {
    const now = nowOf(deps);
    const due = await deps.db
      .selectFrom("channel_posts")
      .select(["id", "external_id", "published_at"])
      .where("channel_id", "=", channelId)
      .where("sync_due_at", "<=", now.toISOString())
      .orderBy("sync_due_at")
      .limit(postsPerCall)
      .execute();
    if (due.length === 0) break;
    const ids = due.map((d) => d.id);
    const withId = due.filter((d) => d.external_id !== null);
    if (!connector.fetchPostMetrics || withId.length === 0) {
      // Nothing to read them with: off the schedule (their counters come from imports, if at all).
      await deps.db.updateTable("channel_posts").set({ sync_due_at: null }).where("id", "in", ids).execute();
      continue;
    }
    let metrics: Awaited<ReturnType<NonNullable<typeof connector.fetchPostMetrics>>>;
    try {
      metrics = await connector.fetchPostMetrics(
        ctx,
        withId.map((d) => d.external_id as string),
        now,
      );
    } catch (err) {
      await deps.db
        .updateTable("channel_posts")
        .set({ sync_due_at: new Date(now.getTime() + retryLaterMs).toISOString() })
        .where("id", "in", ids)
        .execute();
      if (err instanceof ConnectorError && (err.kind === "auth_expired" || err.kind === "revoked")) throw new NonRetryableError(err.message, { cause: err });
      throw err;
    }
    const byExternal = new Map(metrics.map((m) => [m.externalId, m]));
    await recordPostReadings(
      deps.db,
      channel.workspace_id,
      channel.id,
      due.map((d) => ({ channelPostId: d.id, publishedAt: d.published_at, metrics: (d.external_id && byExternal.get(d.external_id)) || null })),
      now,
    );
    read += due.length;
  }
  return read;
}

/** Reads a channel's followers (and what else its network reports per day) into today's channel day. */
export async function syncChannelStats(deps: MetricsDeps, channelId: string): Promise<boolean> {
  const loaded = await loadChannel(deps, channelId);
  const fetchStats = loaded?.connector.fetchChannelStats;
  if (!loaded || !fetchStats) return false;
  const { channel, ctx } = loaded;
  const now = nowOf(deps);
  const stats = await fetchStats.call(loaded.connector, ctx, now);
  await recordChannelReading(deps.db, channel, channel.timezone, stats, now);
  return true;
}

export function registerMetrics(queue: JobQueue, deps: MetricsDeps): void {
  queue.work<{ channelId: string }>(postMetricsKind, async ({ channelId }) => {
    await syncPostMetrics(deps, channelId);
  });
  queue.work<{ channelId: string }>(channelStatsKind, async ({ channelId }) => {
    await syncChannelStats(deps, channelId);
  });
  queue.work(metricsSweepKind, async () => {
    await sweepMetrics(deps, queue);
    await scheduleMetricsSweep(queue, new Date(Math.floor(Date.now() / minuteMs) * minuteMs + minuteMs));
  });
}
