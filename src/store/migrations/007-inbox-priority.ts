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

  await backfill(db);

  await db.schema
    .createTable("sandbox_likes")
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("comment_external_id", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("sandbox_likes_pk", ["account", "comment_external_id"])
    .execute();
}

/**
 * Items already in the inbox get their due time (occurred + the brand's responseSlaMinutes, 60 by
 * default; working hours did not exist before) and their queue rank, as ingestion now gives them.
 * The rank rule is written out here, not imported, so this migration stays as it is when the code
 * moves on.
 */
// biome-ignore lint/suspicious/noExplicitAny: see up()
async function backfill(db: Kysely<any>): Promise<void> {
  const band = 10_000_000_000;
  const now = new Date().toISOString();
  const brands: { id: string; settings: string }[] = await db.selectFrom("brands").select(["id", "settings"]).execute();
  for (const brand of brands) {
    let sla = 60;
    try {
      const v = (JSON.parse(brand.settings) as { responseSlaMinutes?: unknown }).responseSlaMinutes;
      if (typeof v === "number" && Number.isInteger(v) && v > 0) sla = v;
    } catch {
      // unreadable settings: the default target
    }
    let afterId = "";
    for (;;) {
      const rows: { id: string; occurred_at: string; status: string; first_response_at: string | null; sentiment: string | null; author_followers: number | null }[] = await db
        .selectFrom("inbox_items")
        .select(["id", "occurred_at", "status", "first_response_at", "sentiment", "author_followers"])
        .where("brand_id", "=", brand.id)
        .where("id", ">", afterId)
        .orderBy("id")
        .limit(1000)
        .execute();
      if (rows.length === 0) break;
      // (The migrator already runs this in a transaction.)
      for (const r of rows) {
        const due = new Date(Date.parse(r.occurred_at) + sla * 60_000).toISOString();
        const waiting = (r.status === "new" || r.status === "open") && r.first_response_at === null;
        const followers = Math.min(Math.max(Math.floor(r.author_followers ?? 0), 0), band - 1);
        const overdue = waiting && due <= now;
        const rank = overdue ? (r.sentiment === "negative" ? 2 : 1) * band + followers : followers;
        await db.updateTable("inbox_items").set({ due_at: due, rank, sla_pending_at: waiting && !overdue ? due : null }).where("id", "=", r.id).execute();
      }
      afterId = rows[rows.length - 1]?.id ?? afterId;
    }
  }
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
