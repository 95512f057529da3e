/**
 * Foundation schema: accounts, tenancy, brands, channels, content, inbox, audit, jobs and the
 * sandbox network. Written with Kysely's schema builder in types both SQLite and PostgreSQL share.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("disabled_at", "text")
    .execute();

  await db.schema
    .createTable("workspaces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("memberships_pk", ["workspace_id", "user_id"])
    .execute();
  await db.schema.createIndex("memberships_user").on("memberships").column("user_id").execute();

  await db.schema
    .createTable("invitations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("invited_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("invitations_workspace").on("invitations").column("workspace_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_tokens_workspace").on("api_tokens").column("workspace_id").execute();

  await db.schema
    .createTable("login_attempts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("success", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_attempts_key_at").on("login_attempts").columns(["key", "at"]).execute();

  await db.schema
    .createTable("brands")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .execute();
  await db.schema.createIndex("brands_workspace").on("brands").column("workspace_id").execute();

  await db.schema
    .createTable("channels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("handle", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("credentials_enc", "text")
    .addColumn("settings", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("last_error", "text")
    .addColumn("connected_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("channels_brand_network_external", ["brand_id", "network", "external_id"])
    .execute();
  await db.schema.createIndex("channels_workspace").on("channels").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("rubric", "text")
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("base_text", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("posts_workspace_brand").on("posts").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("variants")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("media", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("link", "text")
    .addColumn("first_comment", "text")
    .addColumn("scheduled_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("variants_post").on("variants").column("post_id").execute();
  await db.schema
    .createIndex("variants_workspace_scheduled")
    .on("variants")
    .columns(["workspace_id", "scheduled_at"])
    .execute();

  await db.schema
    .createTable("publications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("variant_id", "text", (c) => c.notNull().references("variants.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("external_id", "text")
    .addColumn("url", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("publications_channel").on("publications").columns(["channel_id", "published_at"]).execute();

  await db.schema
    .createTable("metric_snapshots")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("publication_id", "text", (c) => c.references("publications.id").onDelete("cascade"))
    .addColumn("taken_at", "text", (c) => c.notNull())
    .addColumn("followers", "integer")
    .addColumn("reach", "integer")
    .addColumn("impressions", "integer")
    .addColumn("views", "integer")
    .addColumn("likes", "integer")
    .addColumn("comments", "integer")
    .addColumn("reposts", "integer")
    .addColumn("saves", "integer")
    .addColumn("clicks", "integer")
    .execute();
  await db.schema
    .createIndex("metric_snapshots_channel_time")
    .on("metric_snapshots")
    .columns(["channel_id", "taken_at"])
    .execute();
  await db.schema
    .createIndex("metric_snapshots_publication_time")
    .on("metric_snapshots")
    .columns(["publication_id", "taken_at"])
    .execute();

  await db.schema
    .createTable("inbox_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("publication_id", "text", (c) => c.references("publications.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("parent_external_id", "text")
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("author_handle", "text", (c) => c.notNull())
    .addColumn("author_followers", "integer")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("lang", "text")
    .addColumn("sentiment", "text")
    .addColumn("sentiment_score", "real")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("assignee_id", "text")
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("ingested_at", "text", (c) => c.notNull())
    .addUniqueConstraint("inbox_items_channel_external", ["channel_id", "external_id"])
    .execute();
  await db.schema
    .createIndex("inbox_items_workspace_time")
    .on("inbox_items")
    .columns(["workspace_id", "occurred_at"])
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text")
    .addColumn("actor_user_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("ip", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_events_workspace").on("audit_events").columns(["workspace_id", "id"]).execute();

  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("key", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_due").on("jobs").columns(["status", "run_at"]).execute();
  await db.schema.createIndex("jobs_key").on("jobs").columns(["kind", "key"]).execute();

  await db.schema
    .createTable("sandbox_posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("media_count", "integer", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema.createIndex("sandbox_posts_account").on("sandbox_posts").columns(["account", "published_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "sandbox_posts",
    "jobs",
    "audit_events",
    "inbox_items",
    "metric_snapshots",
    "publications",
    "variants",
    "posts",
    "channels",
    "brands",
    "login_attempts",
    "api_tokens",
    "sessions",
    "invitations",
    "memberships",
    "workspaces",
    "users",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
