/**
 * The inbox's work queue order, stored so a page of it is an index walk at any size: each item's
 * due time (occurred + the brand's response SLA, in working hours when the brand has them), the
 * time it turns overdue if still unanswered (cleared once it has turned or been answered), and a
 * single rank: band (overdue negative, overdue, the rest) × 10^10 + the author's followers.
 * Also the comment's link on the network, and Sandbox likes.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  for (const name of ["url", "due_at", "sla_pending_at"]) {
    await db.schema.alterTable("inbox_items").addColumn(name, "text").execute();
  }
  await db.schema.alterTable("inbox_items").addColumn("rank", "bigint", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex("inbox_items_rank").on("inbox_items").columns(["workspace_id", "rank desc", "occurred_at desc", "id desc"]).execute();
  await db.schema.createIndex("inbox_items_brand_rank").on("inbox_items").columns(["workspace_id", "brand_id", "rank desc", "occurred_at desc", "id desc"]).execute();
  await db.schema.createIndex("inbox_items_brand_time").on("inbox_items").columns(["workspace_id", "brand_id", "occurred_at desc", "id desc"]).execute();
  await db.schema
    .createIndex("inbox_items_sla_pending")
    .on("inbox_items")
    .column("sla_pending_at")
    .where(sql.ref("sla_pending_at"), "is not", null)
    .execute();
  await db.schema.createIndex("inbox_items_author").on("inbox_items").columns(["workspace_id", "author_handle"]).execute();

  await db.schema
    .createTable("sandbox_likes")
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("comment_external_id", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("sandbox_likes_pk", ["account", "comment_external_id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sandbox_likes").ifExists().execute();
  for (const i of ["inbox_items_author", "inbox_items_sla_pending", "inbox_items_brand_time", "inbox_items_brand_rank", "inbox_items_rank"]) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  for (const c of ["rank", "sla_pending_at", "due_at", "url"]) {
    await db.schema.alterTable("inbox_items").dropColumn(c).execute();
  }
}
