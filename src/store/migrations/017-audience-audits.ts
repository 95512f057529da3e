/**
 * Audience audits kept: each audit's summary (shares of likely bots, dead and live followers with
 * their intervals, the live-followers estimate, the signals' frequencies and the scoring rules it
 * was made with) — what "live subscribers" in a contract are counted from. The sampled followers'
 * own profiles are not kept: they are other people's data, and the summary is what counts.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audience_audits")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("brand_id", "text", (c) => c.notNull().references("brands.id").onDelete("cascade"))
    .addColumn("channel_id", "text", (c) => c.notNull().references("channels.id").onDelete("cascade"))
    .addColumn("audited_at", "text", (c) => c.notNull())
    .addColumn("sample_size", "integer", (c) => c.notNull())
    .addColumn("channel_followers", "integer")
    .addColumn("live_share", "real", (c) => c.notNull())
    .addColumn("dead_share", "real", (c) => c.notNull())
    .addColumn("bot_share", "real", (c) => c.notNull())
    .addColumn("live_estimate", "integer")
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema.createIndex("audience_audits_channel_time").on("audience_audits").columns(["channel_id", "audited_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audience_audits").execute();
}
