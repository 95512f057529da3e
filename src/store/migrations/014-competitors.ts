/**
 * Competitors: other pages a brand watches (src/store/schema-competitors.ts).
 *
 * - `competitors`: the page, the brand's account it is read through, and the state of its daily
 *   reading (last run, error, failures for the backoff, next run), unique per brand, network and page.
 * - `competitor_days`: the page's followers and post count per day of the brand's zone.
 * - `competitor_posts`: its posts with their public counters and the followers at the time,
 *   unique per competitor and external id.
 * The comparison reads posts by (competitor, published_at) and days by (competitor, day), the
 * primary key; the daily sweep reads competitors by next_run_at.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("competitors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("page", "text", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("url", "text")
    .addColumn("channel_id", "text", (c) => c.references("channels.id").onDelete("set null"))
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("new"))
    .addColumn("last_run_at", "text")
    .addColumn("last_ok_at", "text")
    .addColumn("last_error", "text")
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_run_at", "text")
    .addColumn("followers", "integer")
    .addColumn("posts_visible", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("competitors_page").unique().on("competitors").columns(["brand_id", "network", "page"]).execute();
  await db.schema.createIndex("competitors_workspace").on("competitors").columns(["workspace_id", "brand_id"]).execute();
  await db.schema.createIndex("competitors_due").on("competitors").columns(["enabled", "next_run_at"]).execute();

  await db.schema
    .createTable("competitor_days")
    .addColumn("competitor_id", "text", (c) => c.notNull().references("competitors.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("followers", "integer")
    .addColumn("following", "integer")
    .addColumn("posts", "integer")
    .addColumn("taken_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("competitor_days_pk", ["competitor_id", "day"])
    .execute();

  await db.schema
    .createTable("competitor_posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("competitor_id", "text", (c) => c.notNull().references("competitors.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("format", "text", (c) => c.notNull().defaultTo("text"))
    .addColumn("likes", "integer")
    .addColumn("comments", "integer")
    .addColumn("reposts", "integer")
    .addColumn("views", "integer")
    .addColumn("followers", "integer")
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("competitor_posts_key").unique().on("competitor_posts").columns(["competitor_id", "external_id"]).execute();
  await db.schema.createIndex("competitor_posts_time").on("competitor_posts").columns(["competitor_id", "published_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("competitor_posts").ifExists().execute();
  await db.schema.dropTable("competitor_days").ifExists().execute();
  await db.schema.dropTable("competitors").ifExists().execute();
}
