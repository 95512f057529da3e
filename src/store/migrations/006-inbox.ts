/**
 * The inbox: what ingestion and the team add to inbox_items (avatar, the post commented on, edit and
 * delete marks, response times, tags, sentiment corrections), per-channel ingestion cursors, internal
 * notes, replies sent through Chorus, and the corrections people made to the sentiment model.
 * The sandbox network gets tables of its own for replies and moderation (hidden, deleted comments),
 * so what Chorus does there is visible "on the network".
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  for (const name of ["author_avatar_url", "post_external_id", "deleted_at", "edited_at", "hidden_at", "first_response_at", "resolved_at"]) {
    await db.schema.alterTable("inbox_items").addColumn(name, "text").execute();
  }
  await db.schema.alterTable("inbox_items").addColumn("tags", "text", (c) => c.notNull().defaultTo("[]")).execute();
  await db.schema.alterTable("inbox_items").addColumn("sentiment_confidence", "real").execute();
  await db.schema.alterTable("inbox_items").addColumn("sentiment_corrected", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // status had no default in 001; SQLite cannot alter a column's default, so ingestion always sets it
  // and the default lives in the insert code (status "new").
  await db.schema.createIndex("inbox_items_workspace_status").on("inbox_items").columns(["workspace_id", "status"]).execute();
  await db.schema.createIndex("inbox_items_channel_post").on("inbox_items").columns(["channel_id", "post_external_id"]).execute();

  await db.schema
    .createTable("inbox_cursors")
    .addColumn("channel_id", "text", (c) => c.primaryKey().references("channels.id").onDelete("cascade"))
    .addColumn("cursor", "text")
    .addColumn("last_run_at", "text")
    .addColumn("last_error", "text")
    .execute();

  await db.schema
    .createTable("inbox_notes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("item_id", "text", (c) => c.notNull().references("inbox_items.id").onDelete("cascade"))
    .addColumn("author_id", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("inbox_notes_item").on("inbox_notes").column("item_id").execute();

  await db.schema
    .createTable("inbox_replies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("item_id", "text", (c) => c.notNull().references("inbox_items.id").onDelete("cascade"))
    .addColumn("author_id", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("inbox_replies_item").on("inbox_replies").column("item_id").execute();

  await db.schema
    .createTable("sentiment_corrections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("item_id", "text", (c) => c.references("inbox_items.id").onDelete("set null"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("lang", "text")
    .addColumn("from_label", "text")
    .addColumn("to_label", "text", (c) => c.notNull())
    .addColumn("by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sentiment_corrections_workspace").on("sentiment_corrections").column("workspace_id").execute();

  await db.schema
    .createTable("sandbox_replies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("parent_external_id", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("sandbox_moderation")
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("comment_external_id", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("sandbox_moderation_pk", ["account", "comment_external_id"])
    .execute();
  await db.schema.createIndex("sandbox_replies_account").on("sandbox_replies").columns(["account", "parent_external_id"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["sandbox_moderation", "sandbox_replies", "sentiment_corrections", "inbox_replies", "inbox_notes", "inbox_cursors"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.dropIndex("inbox_items_channel_post").ifExists().execute();
  await db.schema.dropIndex("inbox_items_workspace_status").ifExists().execute();
  for (const c of ["hidden_at", "sentiment_corrected", "sentiment_confidence", "tags", "resolved_at", "first_response_at", "edited_at", "deleted_at", "post_external_id", "author_avatar_url"]) {
    await db.schema.alterTable("inbox_items").dropColumn(c).execute();
  }
}
