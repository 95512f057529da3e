/**
 * The media library (uploaded files, stored outside the database by key) and links: short codes
 * pointing at tagged targets, and their clicks. Clicks keep no IP address: only a salted daily
 * visitor hash, so unique visitors per day can be counted and nobody can be traced.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("media_assets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.references("brands.id").onDelete("set null"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("duration", "real")
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("thumb_key", "text")
    .addColumn("alt", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema.createIndex("media_assets_workspace").on("media_assets").columns(["workspace_id", "id"]).execute();
  await db.schema.createIndex("media_assets_sha256").on("media_assets").columns(["workspace_id", "sha256"]).execute();

  await db.schema
    .createTable("links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("target_url", "text", (c) => c.notNull())
    .addColumn("post_id", "text", (c) => c.references("posts.id").onDelete("set null"))
    .addColumn("variant_id", "text", (c) => c.references("variants.id").onDelete("set null"))
    .addColumn("channel_id", "text", (c) => c.references("channels.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("links_workspace").on("links").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("link_clicks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("link_id", "text", (c) => c.notNull().references("links.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("clicked_at", "text", (c) => c.notNull())
    .addColumn("referrer_host", "text")
    .addColumn("visitor_hash", "text", (c) => c.notNull())
    .addColumn("bot", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("link_clicks_link_time").on("link_clicks").columns(["link_id", "clicked_at"]).execute();

  // Today's and yesterday's random salts for visitor hashes; older ones are deleted (see link.service).
  await db.schema
    .createTable("link_salts")
    .addColumn("day", "text", (c) => c.primaryKey())
    .addColumn("salt", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["link_salts", "link_clicks", "links", "media_assets"]) await db.schema.dropTable(t).ifExists().execute();
}
