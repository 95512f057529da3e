/**
 * The opinion leaders directory and its placements (schema-leaders.ts).
 *
 * - Money is bigint hundredths, as in campaigns: exact sums on both databases.
 * - A placement goes with its leader (cascade); a deleted campaign leaves its placements without
 *   one; a deleted short link leaves the placement without clicks (set null).
 * - Conversions are matched by `utm_content` (the placement's id) or `link_code`: the second
 *   index makes the match by code an index lookup per brand.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("opinion_leaders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("profiles", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("followers", "bigint")
    .addColumn("followers_source", "text", (c) => c.notNull().defaultTo("manual"))
    .addColumn("topics", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("contact", "text")
    .addColumn("price_note", "text")
    .addColumn("notes", "text")
    .addColumn("listening_mentions", "integer")
    .addColumn("listening_tone", "double precision")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("opinion_leaders_brand").on("opinion_leaders").columns(["brand_id", "name"]).execute();
  await db.schema.createIndex("opinion_leaders_workspace").on("opinion_leaders").column("workspace_id").execute();

  await db.schema
    .createTable("opinion_leader_placements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("leader_id", "text", (c) => c.notNull().references("opinion_leaders.id").onDelete("cascade"))
    .addColumn("campaign_id", "text", (c) => c.references("campaigns.id").onDelete("set null"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("price_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("target_url", "text")
    .addColumn("link_id", "text", (c) => c.references("links.id").onDelete("set null"))
    .addColumn("link_code", "text")
    .addColumn("reach", "bigint")
    .addColumn("views", "bigint")
    .addColumn("notes", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("opinion_leader_placements_leader").on("opinion_leader_placements").columns(["leader_id", "day"]).execute();
  await db.schema.createIndex("opinion_leader_placements_workspace").on("opinion_leader_placements").column("workspace_id").execute();
  await db.schema.createIndex("conversions_brand_link_code").on("conversions").columns(["brand_id", "link_code"]).execute();
  await db.schema.createIndex("conversions_brand_utm_content").on("conversions").columns(["brand_id", "utm_content"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("conversions_brand_utm_content").ifExists().execute();
  await db.schema.dropIndex("conversions_brand_link_code").ifExists().execute();
  await db.schema.dropTable("opinion_leader_placements").ifExists().execute();
  await db.schema.dropTable("opinion_leaders").ifExists().execute();
}
