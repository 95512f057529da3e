/**
 * Planning helpers: text templates, hashtag groups, per-brand variables, posting slots (the
 * queue), calendar feeds, and recurring / evergreen posts.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("templates_workspace").on("templates").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("hashtag_groups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("hashtag_groups_workspace").on("hashtag_groups").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("variables")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addUniqueConstraint("variables_brand_key", ["brand_id", "key"])
    .execute();

  await db.schema
    .createTable("posting_slots")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("local_time", "text", (c) => c.notNull())
    .addUniqueConstraint("posting_slots_unique", ["channel_id", "weekday", "local_time"])
    .execute();

  await db.schema
    .createTable("calendar_feeds")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.references("brands.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("calendar_feeds_workspace").on("calendar_feeds").column("workspace_id").execute();

  await db.schema.alterTable("posts").addColumn("recurrence", "text").execute();
  await db.schema.alterTable("posts").addColumn("evergreen", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("posts").addColumn("evergreen_days", "integer").execute();
  // The previous occurrence this post was made from (recurring or evergreen); null for a series' first post.
  await db.schema.alterTable("posts").addColumn("recurrence_parent_id", "text").execute();
  // Set once the next occurrence was made (or the series ended), so the sweep looks at each post once.
  await db.schema.alterTable("posts").addColumn("recurred_at", "text").execute();
  await db.schema.createIndex("posts_recurrence_parent").on("posts").column("recurrence_parent_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("calendar_feeds").execute();
  await db.schema.dropTable("posting_slots").execute();
  await db.schema.dropTable("variables").execute();
  await db.schema.dropTable("hashtag_groups").execute();
  await db.schema.dropTable("templates").execute();
}
