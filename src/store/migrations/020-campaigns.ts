/**
 * Campaigns with spend, conversions and their results (schema-campaigns.ts).
 *
 * - `campaigns (brand_id, name)` and `(brand_id, slug)` are unique: a name is the link to posts,
 *   its slug to utm_campaign, and either must find one campaign.
 * - `conversions (brand_id, external_id)` is unique: a shop's retried or replayed webhook, or a
 *   file imported twice, stores an order once (the insert does nothing on conflict).
 * - Money is bigint hundredths: exact sums on both databases.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("campaigns")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("goal", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("start_day", "text", (c) => c.notNull())
    .addColumn("end_day", "text", (c) => c.notNull())
    .addColumn("budget_cents", "bigint")
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("channel_ids", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("utm_source", "text")
    .addColumn("utm_medium", "text")
    .addColumn("utm_content", "text")
    .addColumn("utm_term", "text")
    .addColumn("notes", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("campaigns_brand_name").unique().on("campaigns").columns(["brand_id", "name"]).execute();
  await db.schema.createIndex("campaigns_brand_slug").unique().on("campaigns").columns(["brand_id", "slug"]).execute();
  await db.schema.createIndex("campaigns_workspace").on("campaigns").column("workspace_id").execute();

  await db.schema
    .createTable("campaign_spend")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("campaign_id", "text", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("amount_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.references("channels.id").onDelete("set null"))
    .addColumn("channel_label", "text")
    .addColumn("note", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("campaign_spend_campaign_day").on("campaign_spend").columns(["campaign_id", "day"]).execute();

  await db.schema
    .createTable("conversions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("campaign_id", "text", (c) => c.references("campaigns.id").onDelete("set null"))
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("value_cents", "bigint", (c) => c.notNull())
    .addColumn("currency", "text")
    .addColumn("utm_source", "text")
    .addColumn("utm_medium", "text")
    .addColumn("utm_campaign", "text")
    .addColumn("utm_content", "text")
    .addColumn("utm_term", "text")
    .addColumn("link_code", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("conversions_brand_external").unique().on("conversions").columns(["brand_id", "external_id"]).execute();
  await db.schema.createIndex("conversions_campaign_time").on("conversions").columns(["campaign_id", "occurred_at"]).execute();
  await db.schema.createIndex("conversions_brand_utm").on("conversions").columns(["brand_id", "utm_campaign"]).execute();
  await db.schema.createIndex("conversions_brand_time").on("conversions").columns(["brand_id", "occurred_at"]).execute();

  await db.schema
    .createTable("conversion_hooks")
    .addColumn("brand_id", "text", (c) => c.primaryKey().references("brands.id").onDelete("cascade"))
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_received_at", "text")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("conversion_hooks").ifExists().execute();
  await db.schema.dropTable("conversions").ifExists().execute();
  await db.schema.dropTable("campaign_spend").ifExists().execute();
  await db.schema.dropTable("campaigns").ifExists().execute();
}
