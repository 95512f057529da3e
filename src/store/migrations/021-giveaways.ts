/**
 * Giveaways with a verifiable draw (docs/giveaways.md): one row per giveaway, its frozen entrant
 * list kept as JSON beside it (read and published whole, never queried by person), the seed
 * encrypted until the draw reveals it. public_id is unique: it names the public verification page.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("giveaways")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("public_id", "text", (c) => c.unique())
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("channel_post_id", "text", (c) => c.references("channel_posts.id").onDelete("set null"))
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("post_external_id", "text", (c) => c.notNull())
    .addColumn("post_url", "text")
    .addColumn("post_text", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("conditions", "text", (c) => c.notNull())
    .addColumn("winners_count", "integer", (c) => c.notNull())
    .addColumn("team_handles", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("announce", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("algorithm", "text", (c) => c.notNull())
    .addColumn("entrants", "text")
    .addColumn("entrant_count", "integer")
    .addColumn("eligible_count", "integer")
    .addColumn("list_sha256", "text")
    .addColumn("commitment", "text")
    .addColumn("seed_enc", "text")
    .addColumn("seed", "text")
    .addColumn("winners", "text")
    .addColumn("commitment_reply_id", "text")
    .addColumn("result_reply_id", "text")
    .addColumn("announce_error", "text")
    .addColumn("frozen_at", "text")
    .addColumn("drawn_at", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("giveaways_brand").on("giveaways").columns(["workspace_id", "brand_id", "created_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("giveaways").execute();
}
