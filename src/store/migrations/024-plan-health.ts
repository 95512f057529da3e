/**
 * Plan health checks of a brand (docs/plan-health.md): one row per run with its findings as JSON
 * (read and shown whole, never queried by finding) and their counts by severity. A weekly run
 * carries its due instant as run_key, unique per brand, so two workers sweeping at once store one.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("plan_health_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("run_key", "text")
    .addColumn("period_from", "text", (c) => c.notNull())
    .addColumn("period_to", "text", (c) => c.notNull())
    .addColumn("findings", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("critical", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("warning", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("info", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("requested_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("plan_health_runs_brand").on("plan_health_runs").columns(["workspace_id", "brand_id", "created_at"]).execute();
  await db.schema.createIndex("plan_health_runs_key").on("plan_health_runs").columns(["brand_id", "run_key"]).unique().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("plan_health_runs").execute();
}
