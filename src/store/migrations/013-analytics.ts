/**
 * Analytics: what the dashboards read instead of the metric time series.
 *
 * - `channel_posts`: one row per post on a channel — published by Chorus (a publication), imported
 *   from a statistics export, or found on the network — with the counters of its latest metric
 *   snapshot, the channel's followers when it went out, and when its metrics are due next. A
 *   dashboard over a period sums these rows; the 2,000,000 snapshots behind them are read only for
 *   one post's history. `post_key` makes re-imports and repeated syncs update a row instead of
 *   adding one: the network's id, else the post's address, else a hash of its time and text.
 * - `channel_days`: a channel's state per day of the brand's time zone (followers, and what the
 *   network reports per day: new and lost followers, page reach), the last reading of the day.
 * - metric_snapshots gain `channel_post_id`, so imported and network posts keep a history too.
 *
 * Existing published publications and their latest snapshots are carried over, and past channel
 * readings become channel days.
 */
import { type Kysely, sql } from "kysely";
import { DateTime } from "luxon";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type Db = Kysely<any>;

const hourMs = 3_600_000;
/** As in src/domain/metrics.ts when this migration was written: +1 h, +24 h, +7 d, then daily to day 37. */
const scheduleHours = [1, 24, 168, ...Array.from({ length: 30 }, (_, i) => 168 + 24 * (i + 1))];

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("channel_posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("publication_id", "text", (c) => c.references("publications.id").onDelete("set null"))
    .addColumn("post_key", "text", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("format", "text", (c) => c.notNull().defaultTo("text"))
    .addColumn("rubric", "text")
    .addColumn("paid", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("campaign", "text")
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("followers", "integer")
    .addColumn("reach", "integer")
    .addColumn("impressions", "integer")
    .addColumn("views", "integer")
    .addColumn("likes", "integer")
    .addColumn("comments", "integer")
    .addColumn("reposts", "integer")
    .addColumn("saves", "integer")
    .addColumn("clicks", "integer")
    .addColumn("metrics_at", "text")
    .addColumn("sync_due_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("channel_posts_key").unique().on("channel_posts").columns(["channel_id", "post_key"]).execute();
  await db.schema.createIndex("channel_posts_publication").unique().on("channel_posts").column("publication_id").where(sql.ref("publication_id"), "is not", null).execute();
  await db.schema.createIndex("channel_posts_brand_time").on("channel_posts").columns(["brand_id", "published_at"]).execute();
  await db.schema.createIndex("channel_posts_channel_time").on("channel_posts").columns(["channel_id", "published_at"]).execute();
  await db.schema.createIndex("channel_posts_sync").on("channel_posts").column("sync_due_at").where(sql.ref("sync_due_at"), "is not", null).execute();

  await db.schema
    .createTable("channel_days")
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("followers", "integer")
    .addColumn("following", "integer")
    .addColumn("posts", "integer")
    .addColumn("joined", "integer")
    .addColumn("left", "integer")
    .addColumn("reach", "integer")
    .addColumn("impressions", "integer")
    .addColumn("views", "integer")
    .addColumn("taken_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("channel_days_pk", ["channel_id", "day"])
    .execute();
  await db.schema.createIndex("channel_days_brand_day").on("channel_days").columns(["brand_id", "day"]).execute();

  await db.schema
    .alterTable("metric_snapshots")
    .addColumn("channel_post_id", "text", (c) => c.references("channel_posts.id").onDelete("cascade"))
    .execute();
  await db.schema.createIndex("metric_snapshots_channel_post_time").on("metric_snapshots").columns(["channel_post_id", "taken_at"]).execute();

  // The dashboard's link clicks per day and engaged people, read from the indexes alone.
  await db.schema.createIndex("link_clicks_link_time_bot").on("link_clicks").columns(["link_id", "clicked_at", "bot"]).execute();
  await db.schema.dropIndex("link_clicks_link_time").execute();
  await db.schema.createIndex("inbox_items_brand_authors").on("inbox_items").columns(["brand_id", "occurred_at", "channel_id", "author_handle"]).execute();

  await carryOver(db, new Date());
}

async function carryOver(db: Db, now: Date) {
  const nowIso = now.toISOString();
  const pubs = await db
    .selectFrom("publications as p")
    .innerJoin("variants as v", "v.id", "p.variant_id")
    .innerJoin("posts as po", "po.id", "v.post_id")
    .innerJoin("channels as c", "c.id", "p.channel_id")
    .select(["p.id", "p.workspace_id", "c.brand_id", "p.channel_id", "p.external_id", "p.url", "p.published_at", "v.text", "po.format", "po.rubric", "po.campaign"])
    .where("p.status", "=", "published")
    .where("p.item", "=", 0)
    .where("p.published_at", "is not", null)
    .execute();
  const rows = [];
  for (const p of pubs) {
    const latest = await db
      .selectFrom("metric_snapshots")
      .selectAll()
      .where("publication_id", "=", p.id)
      .orderBy("taken_at", "desc")
      .limit(1)
      .executeTakeFirst();
    const followers = await db
      .selectFrom("metric_snapshots")
      .select("followers")
      .where("channel_id", "=", p.channel_id)
      .where("publication_id", "is", null)
      .where("followers", "is not", null)
      .where("taken_at", "<=", p.published_at)
      .orderBy("taken_at", "desc")
      .limit(1)
      .executeTakeFirst();
    const published = Date.parse(p.published_at);
    const last = latest ? Date.parse(latest.taken_at) : published;
    const due = scheduleHours.map((h) => published + h * hourMs).find((t) => t > Math.max(last, now.getTime() - hourMs));
    rows.push({
      id: p.id,
      workspace_id: p.workspace_id,
      brand_id: p.brand_id,
      channel_id: p.channel_id,
      publication_id: p.id,
      post_key: p.external_id ?? p.url ?? `publication:${p.id}`,
      external_id: p.external_id,
      origin: "chorus",
      url: p.url,
      text: String(p.text ?? "").slice(0, 2000),
      format: p.format,
      rubric: p.rubric,
      paid: 0,
      campaign: p.campaign,
      published_at: p.published_at,
      followers: followers?.followers ?? null,
      reach: latest?.reach ?? null,
      impressions: latest?.impressions ?? null,
      views: latest?.views ?? null,
      likes: latest?.likes ?? null,
      comments: latest?.comments ?? null,
      reposts: latest?.reposts ?? null,
      saves: latest?.saves ?? null,
      clicks: latest?.clicks ?? null,
      metrics_at: latest?.taken_at ?? null,
      sync_due_at: due === undefined ? null : new Date(due).toISOString(),
      created_at: nowIso,
      updated_at: nowIso,
    });
  }
  for (let i = 0; i < rows.length; i += 200) await db.insertInto("channel_posts").values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
  await sql`update metric_snapshots set channel_post_id = publication_id where publication_id is not null and publication_id in (select id from channel_posts)`.execute(db);

  // Channel readings → days of the brand's zone, the last reading of each day.
  const readings = await db
    .selectFrom("metric_snapshots as m")
    .innerJoin("channels as c", "c.id", "m.channel_id")
    .innerJoin("brands as b", "b.id", "c.brand_id")
    .select(["m.channel_id", "m.workspace_id", "c.brand_id", "b.timezone", "m.taken_at", "m.followers"])
    .where("m.publication_id", "is", null)
    .orderBy("m.taken_at")
    .execute();
  const days = new Map<string, Record<string, unknown>>();
  for (const r of readings) {
    const day = DateTime.fromISO(r.taken_at, { zone: r.timezone }).toISODate() ?? r.taken_at.slice(0, 10);
    days.set(`${r.channel_id}|${day}`, { channel_id: r.channel_id, day, workspace_id: r.workspace_id, brand_id: r.brand_id, followers: r.followers, taken_at: r.taken_at });
  }
  const dayRows = [...days.values()];
  for (let i = 0; i < dayRows.length; i += 200) await db.insertInto("channel_days").values(dayRows.slice(i, i + 200)).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex("inbox_items_brand_authors").execute();
  await db.schema.createIndex("link_clicks_link_time").on("link_clicks").columns(["link_id", "clicked_at"]).execute();
  await db.schema.dropIndex("link_clicks_link_time_bot").execute();
  await db.schema.dropIndex("metric_snapshots_channel_post_time").execute();
  await db.schema.alterTable("metric_snapshots").dropColumn("channel_post_id").execute();
  await db.schema.dropTable("channel_days").execute();
  await db.schema.dropTable("channel_posts").execute();
}
