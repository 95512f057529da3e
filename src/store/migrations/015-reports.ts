/**
 * Reports: a brand's report definitions (sections, period, white-label branding, schedule,
 * recipients) and the runs that rendered and sent them.
 *
 * - `reports.last_due_at` is the schedule's claim: a sweep moves it forward with a conditional
 *   update, so of two workers sweeping the same minute only one enqueues the send.
 * - `report_runs.run_key` (unique per report) is the due instant of a scheduled run: a retried or
 *   duplicated job finds its run and never sends a report that already went out.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("sections", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("period_kind", "text", (c) => c.notNull())
    .addColumn("agency_name", "text")
    .addColumn("logo_media_id", "text", (c) => c.references("media_assets.id").onDelete("set null"))
    .addColumn("primary_color", "text", (c) => c.notNull())
    .addColumn("accent_color", "text", (c) => c.notNull())
    .addColumn("weekday", "integer")
    .addColumn("month_day", "integer")
    .addColumn("hour", "integer", (c) => c.notNull())
    .addColumn("recipients", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("last_due_at", "text")
    .addColumn("last_sent_at", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reports_workspace_brand").on("reports").columns(["workspace_id", "brand_id"]).execute();
  await db.schema.createIndex("reports_enabled").on("reports").column("enabled").execute();

  await db.schema
    .createTable("report_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("run_key", "text")
    .addColumn("period_from", "text", (c) => c.notNull())
    .addColumn("period_to", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("recipients", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("bytes", "integer")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("requested_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("report_runs_key").unique().on("report_runs").columns(["report_id", "run_key"]).execute();
  await db.schema.createIndex("report_runs_report_time").on("report_runs").columns(["report_id", "started_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_runs").ifExists().execute();
  await db.schema.dropTable("reports").ifExists().execute();
}
