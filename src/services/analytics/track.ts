/**
 * Keeping the analytics' rows true as data arrives (see migration 013):
 * - a publication that goes out becomes a channel post, its metrics due an hour later;
 * - a metric reading of posts is kept as a snapshot (the time series) and becomes the posts'
 *   latest counters, with the next reading's time from the schedule (src/domain/metrics.ts);
 * - a channel reading is kept as a snapshot and becomes the channel's day (brand's zone).
 * Clicks on Chorus's short links of a post count as its clicks.
 */
import { type Kysely, sql } from "kysely";
import { DateTime } from "luxon";
import type { ChannelStats, PostMetrics } from "../../connectors/types.js";
import { nextMetricsAt } from "../../domain/metrics.js";
import { inTransaction } from "../../store/db.js";
import { newId } from "../../store/ids.js";
import { audienceDimensions, type Database } from "../../store/schema.js";

/** The channel's follower count on the latest day at or before `at` (null when never read). */
export async function followersAt(db: Kysely<Database>, channelId: string, at: string): Promise<number | null> {
  const row = await db
    .selectFrom("channel_days")
    .select("followers")
    .where("channel_id", "=", channelId)
    .where("taken_at", "<=", at)
    .where("followers", "is not", null)
    .orderBy("day", "desc")
    .limit(1)
    .executeTakeFirst();
  if (row) return row.followers;
  // A channel connected after the post's time: its first reading is the best there is.
  const first = await db.selectFrom("channel_days").select("followers").where("channel_id", "=", channelId).where("followers", "is not", null).orderBy("day").limit(1).executeTakeFirst();
  return first?.followers ?? null;
}

/**
 * Makes channel posts of published publications (the post itself, not thread items after it);
 * publications tracked already are left alone. Returns the ids of the rows added.
 */
export async function trackPublications(db: Kysely<Database>, publicationIds: string[], now: Date): Promise<string[]> {
  if (publicationIds.length === 0) return [];
  const added: string[] = [];
  for (let i = 0; i < publicationIds.length; i += 200) {
    const rows = await db
      .selectFrom("publications as p")
      .innerJoin("variants as v", "v.id", "p.variant_id")
      .innerJoin("posts as po", "po.id", "v.post_id")
      .innerJoin("channels as c", "c.id", "p.channel_id")
      .leftJoin("channel_posts as cp", "cp.publication_id", "p.id")
      .select(["p.id", "p.workspace_id", "c.brand_id", "p.channel_id", "p.external_id", "p.url", "p.published_at", "v.text", "po.format", "po.rubric", "po.campaign"])
      .where("p.id", "in", publicationIds.slice(i, i + 200))
      .where("p.status", "=", "published")
      .where("p.item", "=", 0)
      .where("cp.id", "is", null)
      .execute();
    const nowIso = now.toISOString();
    for (const p of rows) {
      const publishedAt = p.published_at ?? nowIso;
      const due = nextMetricsAt(new Date(publishedAt), new Date(Math.max(Date.parse(publishedAt), now.getTime() - 3_600_000)));
      const id = newId();
      const inserted = await db
        .insertInto("channel_posts")
        .values({
          id,
          workspace_id: p.workspace_id,
          brand_id: p.brand_id,
          channel_id: p.channel_id,
          publication_id: p.id,
          post_key: p.external_id ?? p.url ?? `publication:${p.id}`,
          external_id: p.external_id,
          origin: "chorus",
          url: p.url,
          text: p.text.slice(0, 2000),
          format: p.format,
          rubric: p.rubric,
          paid: 0,
          campaign: p.campaign,
          published_at: publishedAt,
          followers: await followersAt(db, p.channel_id, publishedAt),
          sync_due_at: due?.toISOString() ?? null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        // The network's id may be known already (a post found on the network, then claimed).
        .onConflict((oc) => oc.columns(["channel_id", "post_key"]).doUpdateSet({ publication_id: p.id, origin: "chorus", format: p.format, rubric: p.rubric, campaign: p.campaign, updated_at: nowIso }))
        .returning("id")
        .executeTakeFirst();
      if (inserted) added.push(inserted.id);
    }
  }
  return added;
}

export type PostReading = { channelPostId: string; publishedAt: string; metrics: PostMetrics | null };

/**
 * Records a reading of a channel's posts taken at `takenAt`: a snapshot per post the network
 * answered for, its counters as the post's latest, the clicks on its short links, and the next
 * reading's time (null when the schedule is over). A post the network no longer knows (deleted)
 * keeps its last counters.
 */
export async function recordPostReadings(db: Kysely<Database>, workspaceId: string, channelId: string, readings: PostReading[], takenAt: Date): Promise<void> {
  if (readings.length === 0) return;
  const at = takenAt.toISOString();
  const clicks = await linkClicks(
    db,
    readings.map((r) => r.channelPostId),
  );
  await inTransaction(db, async (tx) => {
    const snapshots = readings.flatMap((r) =>
      r.metrics
        ? [
            {
              id: newId(),
              workspace_id: workspaceId,
              channel_id: channelId,
              publication_id: null as string | null,
              channel_post_id: r.channelPostId,
              taken_at: at,
              followers: null,
              reach: r.metrics.reach,
              impressions: r.metrics.impressions,
              views: r.metrics.views,
              likes: r.metrics.likes,
              comments: r.metrics.comments,
              reposts: r.metrics.reposts,
              saves: r.metrics.saves,
              clicks: clicks.get(r.channelPostId) ?? null,
            },
          ]
        : [],
    );
    if (snapshots.length) {
      // Snapshots of Chorus's own posts name their publication too (the publishing views read them by it).
      const pubs = await tx.selectFrom("channel_posts").select(["id", "publication_id"]).where("id", "in", snapshots.map((s) => s.channel_post_id)).execute();
      const pubOf = new Map(pubs.map((p) => [p.id, p.publication_id]));
      for (const s of snapshots) s.publication_id = pubOf.get(s.channel_post_id) ?? null;
      for (let i = 0; i < snapshots.length; i += 200) await tx.insertInto("metric_snapshots").values(snapshots.slice(i, i + 200)).execute();
    }
    for (const r of readings) {
      const due = nextMetricsAt(new Date(r.publishedAt), takenAt)?.toISOString() ?? null;
      const m = r.metrics;
      await tx
        .updateTable("channel_posts")
        .set({
          ...(m
            ? {
                reach: m.reach,
                impressions: m.impressions,
                views: m.views,
                likes: m.likes,
                comments: m.comments,
                reposts: m.reposts,
                saves: m.saves,
                metrics_at: at,
              }
            : {}),
          ...(clicks.has(r.channelPostId) ? { clicks: clicks.get(r.channelPostId) ?? null } : {}),
          sync_due_at: due,
          updated_at: at,
        })
        .where("id", "=", r.channelPostId)
        .execute();
    }
  });
}

/** Clicks by people (not bots) on the short links made for each channel post's variant. */
async function linkClicks(db: Kysely<Database>, channelPostIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("channel_posts as cp")
    .innerJoin("publications as p", "p.id", "cp.publication_id")
    .innerJoin("links as l", "l.variant_id", "p.variant_id")
    .leftJoin("link_clicks as k", (j) => j.onRef("k.link_id", "=", "l.id").on("k.bot", "=", 0))
    .select(["cp.id", sql<number>`count(k.id)`.as("clicks")])
    .where("cp.id", "in", channelPostIds)
    .groupBy("cp.id")
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.clicks)]));
}

/** Records a channel reading: a snapshot, and the channel's day in the brand's zone (the day's last reading wins). */
export async function recordChannelReading(
  db: Kysely<Database>,
  channel: { id: string; workspace_id: string; brand_id: string },
  zone: string,
  stats: ChannelStats,
  takenAt: Date,
): Promise<void> {
  const at = takenAt.toISOString();
  const day = DateTime.fromJSDate(takenAt, { zone }).toISODate() ?? at.slice(0, 10);
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto("metric_snapshots")
      .values({
        id: newId(),
        workspace_id: channel.workspace_id,
        channel_id: channel.id,
        publication_id: null,
        channel_post_id: null,
        taken_at: at,
        followers: stats.followers,
        reach: stats.reach ?? null,
        impressions: null,
        views: null,
        likes: null,
        comments: null,
        reposts: null,
        saves: null,
        clicks: null,
      })
      .execute();
    const values = {
      followers: stats.followers,
      following: stats.following,
      posts: stats.posts,
      joined: stats.joined ?? null,
      left: stats.left ?? null,
      reach: stats.reach ?? null,
      impressions: null,
      views: null,
      taken_at: at,
    };
    await tx
      .insertInto("channel_days")
      .values({ channel_id: channel.id, day, workspace_id: channel.workspace_id, brand_id: channel.brand_id, ...values })
      .onConflict((oc) => oc.columns(["channel_id", "day"]).doUpdateSet(values).where("channel_days.taken_at", "<=", at))
      .execute();
    // The audience's breakdowns: the day's reading replaces the day's rows.
    const audience = stats.audience;
    if (audience) {
      await tx.deleteFrom("channel_audience").where("channel_id", "=", channel.id).where("day", "=", day).execute();
      const rows = audienceDimensions.flatMap((dimension) =>
        audience[dimension].map((b) => ({ channel_id: channel.id, day, dimension, key: b.key.slice(0, 100), workspace_id: channel.workspace_id, brand_id: channel.brand_id, label: b.label.slice(0, 200), count: b.count })),
      );
      for (let i = 0; i < rows.length; i += 200) await tx.insertInto("channel_audience").values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
    }
  });
}

/**
 * Channel posts whose publications have snapshots already (the demo's history): each takes its
 * publication's snapshots and the latest one's counters.
 */
export async function adoptSnapshots(db: Kysely<Database>, channelPostIds: string[]): Promise<void> {
  const latest = <T>(column: string) => sql<T>`(select m.${sql.ref(column)} from metric_snapshots m where m.publication_id = channel_posts.publication_id order by m.taken_at desc limit 1)`;
  for (let i = 0; i < channelPostIds.length; i += 400) {
    const ids = channelPostIds.slice(i, i + 400);
    await db
      .updateTable("metric_snapshots")
      .set((eb) => ({ channel_post_id: eb.selectFrom("channel_posts").select("channel_posts.id").whereRef("channel_posts.publication_id", "=", "metric_snapshots.publication_id") }))
      .where("publication_id", "in", db.selectFrom("channel_posts").select("publication_id").where("id", "in", ids).where("publication_id", "is not", null).$narrowType<{ publication_id: string }>())
      .execute();
    await db
      .updateTable("channel_posts")
      .set({
        reach: latest<number | null>("reach"),
        impressions: latest<number | null>("impressions"),
        views: latest<number | null>("views"),
        likes: latest<number | null>("likes"),
        comments: latest<number | null>("comments"),
        reposts: latest<number | null>("reposts"),
        saves: latest<number | null>("saves"),
        clicks: latest<number | null>("clicks"),
        metrics_at: latest<string | null>("taken_at"),
      })
      .where("id", "in", ids)
      .execute();
  }
}

/** Sets the channel posts' clicks from their short links (the demo's history; readings do it as they come). */
export async function refreshClicks(db: Kysely<Database>, channelPostIds: string[]): Promise<void> {
  for (let i = 0; i < channelPostIds.length; i += 400) {
    for (const [id, clicks] of await linkClicks(db, channelPostIds.slice(i, i + 400))) {
      await db.updateTable("channel_posts").set({ clicks }).where("id", "=", id).execute();
    }
  }
}
