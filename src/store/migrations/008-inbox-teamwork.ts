/**
 * Teamwork in the inbox: saved replies (per workspace or brand), saved views (a named filter set,
 * personal or shared), notes about an author (never sent to the network), presence ("someone is
 * answering", a heartbeat row with an expiry: processes share only the database) and the mark that
 * the account liked a comment. (The author card's index, inbox_items_author, came with 007.)
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("inbox_saved_replies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.references("brands.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("inbox_saved_replies_workspace").on("inbox_saved_replies").columns(["workspace_id", "brand_id"]).execute();

  await db.schema
    .createTable("inbox_saved_views")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // Copied from the filters so a brand's inbox lists its views with one indexed query.
    .addColumn("brand_id", "text", (c) => c.references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("filters", "text", (c) => c.notNull())
    .addColumn("shared", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("inbox_saved_views_workspace").on("inbox_saved_views").columns(["workspace_id", "user_id"]).execute();

  await db.schema
    .createTable("inbox_author_notes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("handle", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("by", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("inbox_author_notes_author").on("inbox_author_notes").columns(["workspace_id", "network", "handle"]).execute();

  await db.schema
    .createTable("inbox_presence")
    .addColumn("item_id", "text", (c) => c.notNull().references("inbox_items.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("until", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("inbox_presence_pk", ["item_id", "user_id"])
    .execute();
  await db.schema.createIndex("inbox_presence_workspace").on("inbox_presence").columns(["workspace_id", "until"]).execute();

  await db.schema.alterTable("inbox_items").addColumn("liked_at", "text").execute();
  await db.schema.alterTable("inbox_items").addColumn("liked_by", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ["liked_by", "liked_at"]) await db.schema.alterTable("inbox_items").dropColumn(c).execute();
  for (const t of ["inbox_presence", "inbox_author_notes", "inbox_saved_views", "inbox_saved_replies"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
