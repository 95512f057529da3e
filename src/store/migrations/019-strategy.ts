/**
 * A brand's strategy (goal, KPIs, segments, content mix, frequency, budget) and what tracks it:
 *
 * - `strategies`: one current strategy per brand (unique brand_id), its whole content as JSON
 *   checked by src/domain/strategy.ts before it is written; who changed it last and when. Earlier
 *   versions live in the audit trail (strategy.save events carry the strategy).
 * - `strategy_contracts`: the community's state recorded when a contract is signed (followers, the
 *   latest audit's live share → live followers, ER), per channel in `channels` (JSON) and summed in
 *   columns; the newest row is the contract in force.
 * - `strategy_kpi_progress`: figures a person enters for a custom KPI, one per KPI and day.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("strategies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("strategies_brand").unique().on("strategies").column("brand_id").execute();
  await db.schema.createIndex("strategies_workspace").on("strategies").column("workspace_id").execute();

  await db.schema
    .createTable("strategy_contracts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("signed_at", "text", (c) => c.notNull())
    .addColumn("signed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("followers", "integer")
    .addColumn("live_followers", "double precision")
    .addColumn("er_reach", "double precision")
    .addColumn("er_followers", "double precision")
    .addColumn("channels", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("strategy_contracts_brand").on("strategy_contracts").columns(["brand_id", "signed_at"]).execute();
  await db.schema.createIndex("strategy_contracts_workspace").on("strategy_contracts").column("workspace_id").execute();

  await db.schema
    .createTable("strategy_kpi_progress")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("kpi", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("strategy_kpi_progress_day").unique().on("strategy_kpi_progress").columns(["brand_id", "kpi", "day"]).execute();
  await db.schema.createIndex("strategy_kpi_progress_workspace").on("strategy_kpi_progress").column("workspace_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("strategy_kpi_progress").execute();
  await db.schema.dropTable("strategy_contracts").execute();
  await db.schema.dropTable("strategies").execute();
}
