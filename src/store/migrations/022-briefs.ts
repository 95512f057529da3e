/**
 * Briefs sent to clients by a link: one row per link. Only the link secret's SHA-256 is kept
 * (unique, so a token finds at most one brief); the answers are JSON text checked by
 * briefAnswersSchema before they are written. Nothing about the visitor (IP, browser) is stored.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("briefs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("language", "text")
    .addColumn("token_hash", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("prefill", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("answers", "text")
    .addColumn("opened_at", "text")
    .addColumn("submitted_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("rejections", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rejections_since", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("briefs_token_hash").on("briefs").column("token_hash").unique().execute();
  await db.schema.createIndex("briefs_workspace_brand").on("briefs").columns(["workspace_id", "brand_id", "created_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("briefs").execute();
}
