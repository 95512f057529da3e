/**
 * Publishing: brand settings (rubrics, approval steps, missed-time policy), post tags and
 * campaigns, threads, per-item publications, approval requests, API idempotency keys and the
 * channel's last successful and failed calls.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("brands").addColumn("settings", "text", (c) => c.notNull().defaultTo("{}")).execute();

  await db.schema.alterTable("posts").addColumn("tags", "text", (c) => c.notNull().defaultTo("[]")).execute();
  await db.schema.alterTable("posts").addColumn("campaign", "text").execute();
  await db.schema.alterTable("posts").addColumn("approval_step", "integer").execute();

  await db.schema.alterTable("variants").addColumn("thread", "text", (c) => c.notNull().defaultTo("[]")).execute();
  await db.schema.alterTable("variants").addColumn("customised", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("variants").addColumn("error", "text").execute();

  await db.schema.alterTable("publications").addColumn("item", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("publications").addColumn("late", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex("publications_variant").on("publications").columns(["variant_id", "item"]).execute();

  await db.schema.alterTable("channels").addColumn("last_success_at", "text").execute();
  await db.schema.alterTable("channels").addColumn("last_failure_at", "text").execute();

  await db.schema
    .createTable("approval_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("step", "integer", (c) => c.notNull())
    .addColumn("step_name", "text", (c) => c.notNull())
    .addColumn("roles", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("requested_by", "text")
    .addColumn("decided_by", "text")
    .addColumn("decided_by_name", "text")
    .addColumn("comment", "text")
    .addColumn("guest_token_hash", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("decided_at", "text")
    .execute();
  await db.schema.createIndex("approval_requests_post").on("approval_requests").columns(["post_id", "step"]).execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("response", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("idempotency_keys_unique", ["workspace_id", "user_id", "key"])
    .execute();

  await db.schema.createIndex("audit_events_target").on("audit_events").columns(["target_type", "target_id"]).execute();
  // The calendar reads variants of a workspace by time; published ones by their publication time.
  await sql`create index variants_channel_scheduled on variants (channel_id, scheduled_at)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("idempotency_keys").execute();
  await db.schema.dropTable("approval_requests").execute();
}
