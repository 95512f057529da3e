/**
 * Keeps the stored queue order of inbox items (rank, due_at, sla_pending_at; see
 * src/domain/inbox-priority.ts) true as items change and time passes:
 * - refreshPriority recomputes rank and sla_pending_at in SQL for items whose state changed
 *   (status, first response, sentiment), one statement for any number of items;
 * - flipOverdue, run by the minute sweep, moves the items whose due time passed into the overdue
 *   bands (an index on sla_pending_at finds just those);
 * - recomputeDue re-derives due_at for a brand's waiting items after its SLA or working hours change.
 */
import { type Kysely, type SqlBool, sql } from "kysely";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { bandSize, dueAt, queuePosition } from "../../domain/inbox-priority.js";
import type { Database } from "../../store/schema.js";

type Db = Kysely<Database>;

/** The rank and pending-due expressions of refreshPriority, as SQL over the row's own columns. */
function positionSql(now: string) {
  const waiting = sql<SqlBool>`(status in ('new', 'open') and first_response_at is null and due_at is not null)`;
  const overdue = sql<SqlBool>`(${waiting} and due_at <= ${now})`;
  // Numbers are written into the statement: as parameters PostgreSQL would type them as text.
  const cap = sql.lit(bandSize - 1);
  const followers = sql`(case when author_followers is null or author_followers < 0 then 0 when author_followers >= ${cap} then ${cap} else author_followers end)`;
  return {
    rank: sql<number>`(case when ${overdue} then (case when sentiment = 'negative' then ${sql.lit(2 * bandSize)} else ${sql.lit(bandSize)} end) else 0 end + ${followers})`,
    slaPendingAt: sql<string | null>`(case when ${waiting} and due_at > ${now} then due_at else null end)`,
  };
}

/** Recomputes the queue position of these items (e.g. the ones that just changed). */
export async function refreshPriority(db: Db, itemIds: string[], now = new Date()): Promise<void> {
  const p = positionSql(now.toISOString());
  for (let i = 0; i < itemIds.length; i += 500) {
    await db
      .updateTable("inbox_items")
      .set({ rank: p.rank, sla_pending_at: p.slaPendingAt })
      .where("id", "in", itemIds.slice(i, i + 500))
      .execute();
  }
}

/** Moves the items whose due time has come into the overdue bands; returns how many turned overdue. */
export async function flipOverdue(db: Db, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const p = positionSql(at);
  const res = await db
    .updateTable("inbox_items")
    .set({ rank: p.rank, sla_pending_at: p.slaPendingAt })
    .where("sla_pending_at", "is not", null)
    .where("sla_pending_at", "<=", at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Re-derives due_at (and the queue position) of a brand's items still waiting for an answer, after its SLA or working hours changed. */
export async function recomputeDue(db: Db, brandId: string, now = new Date()): Promise<number> {
  const brand = await db.selectFrom("brands").select(["settings", "locale", "timezone"]).where("id", "=", brandId).executeTakeFirst();
  if (!brand) return 0;
  const settings = parseBrandSettings(brand.settings, brand.locale);
  let changed = 0;
  let afterId = "";
  for (;;) {
    const rows = await db
      .selectFrom("inbox_items")
      .select(["id", "occurred_at", "status", "first_response_at", "sentiment", "author_followers"])
      .where("brand_id", "=", brandId)
      .where("status", "in", ["new", "open"])
      .where("first_response_at", "is", null)
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(1000)
      .execute();
    if (rows.length === 0) return changed;
    await db.transaction().execute(async (tx) => {
      for (const r of rows) {
        const due = dueAt(new Date(r.occurred_at), settings.responseSlaMinutes, brand.timezone, settings.workingHours).toISOString();
        const pos = queuePosition({ status: r.status, firstResponseAt: r.first_response_at, sentiment: r.sentiment, authorFollowers: r.author_followers, dueAt: due }, now);
        await tx.updateTable("inbox_items").set({ due_at: due, rank: pos.rank, sla_pending_at: pos.slaPendingAt }).where("id", "=", r.id).execute();
      }
    });
    changed += rows.length;
    afterId = rows[rows.length - 1]?.id ?? afterId;
  }
}
