/**
 * Bulk work on inbox items: assign, change status, add or remove a tag, or correct the sentiment of
 * up to 500 items at once. All or nothing, in one transaction: if any id is not a live item of the
 * workspace the whole request is "not found" and nothing changes (existence never leaks, and a
 * half-applied bulk action is worse than none). The same rules as one item's PATCH apply: the
 * assignee must be a member who reads the inbox and works with every item's brand, a sentiment
 * correction is kept for the model. Items of brands the caller does not work with count as not
 * found. One audit event names every item changed.
 */
import { maybeScheduleTraining } from "../../jobs/train-model.job.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Kysely } from "kysely";
import { AppError } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, InboxStatus, Sentiment } from "../../store/schema.js";
import { parseTags } from "./inbox.service.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { nowOf } from "../publishing/deps.js";
import { assigneeScope, requireAssigneeSees } from "./inbox-actions.service.js";
import { refreshPriority } from "./priority.js";

type Deps = { db: Kysely<Database>; now?: (() => Date) | undefined; queue?: JobQueue | undefined };

export const bulkMaxItems = 500;

export type BulkAction =
  | { action: "assign"; assigneeId: string | null }
  | { action: "status"; status: InboxStatus }
  | { action: "tag"; tag: string }
  | { action: "untag"; tag: string }
  | { action: "sentiment"; sentiment: Sentiment };


export async function bulkUpdateInbox(deps: Deps, actor: Actor, workspaceId: string, input: { itemIds: string[] } & BulkAction) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  const ids = [...new Set(input.itemIds)];
  if (ids.length === 0 || ids.length > bulkMaxItems) {
    throw new AppError("validation_failed", `Choose between 1 and ${bulkMaxItems} items.`, { errors: [{ path: "itemIds", message: `1 to ${bulkMaxItems} items` }] });
  }
  // Read before the transaction (SQLite has one connection); checked against the items' brands in it.
  const assignee = input.action === "assign" && input.assigneeId ? await assigneeScope(db, workspaceId, input.assigneeId) : undefined;
  const tag = input.action === "tag" || input.action === "untag" ? input.tag.trim() : "";
  const now = nowOf(deps).toISOString();

  const result = await db.transaction().execute(async (tx) => {
    let q = tx
      .selectFrom("inbox_items")
      .select(["id", "brand_id", "status", "assignee_id", "tags", "sentiment", "text", "lang"])
      .where("workspace_id", "=", workspaceId)
      .where("deleted_at", "is", null)
      .where("id", "in", ids);
    if (brands) q = q.where("brand_id", "in", brands);
    const items = await q.execute();
    if (items.length !== ids.length) {
      const missing = ids.length - items.length;
      throw new AppError(
        "not_found",
        `${missing === 1 ? "One of the items was" : `${missing} of the items were`} not found, or you do not have access to them. Nothing was changed.`,
      );
    }

    if (assignee !== undefined) requireAssigneeSees(assignee, new Set(items.map((i) => i.brand_id)));

    const changed: string[] = [];
    if (input.action === "assign") {
      for (const i of items) if (i.assignee_id !== input.assigneeId) changed.push(i.id);
      if (changed.length) await tx.updateTable("inbox_items").set({ assignee_id: input.assigneeId }).where("workspace_id", "=", workspaceId).where("id", "in", changed).execute();
    } else if (input.action === "status") {
      for (const i of items) if (i.status !== input.status) changed.push(i.id);
      if (changed.length) {
        await tx
          .updateTable("inbox_items")
          .set({ status: input.status, resolved_at: input.status === "resolved" ? now : null })
          .where("workspace_id", "=", workspaceId)
          .where("id", "in", changed)
          .execute();
      }
    } else if (input.action === "tag" || input.action === "untag") {
      for (const i of items) {
        const tags = parseTags(i.tags);
        const has = tags.includes(tag);
        if (input.action === "tag" ? has : !has) continue;
        if (input.action === "tag" && tags.length >= 20) {
          throw new AppError("validation_failed", "An item can carry at most 20 tags; remove some first. Nothing was changed.", { errors: [{ path: "tag", message: "Too many tags on an item" }] });
        }
        const next = input.action === "tag" ? [...tags, tag] : tags.filter((t) => t !== tag);
        await tx.updateTable("inbox_items").set({ tags: JSON.stringify(next) }).where("id", "=", i.id).execute();
        changed.push(i.id);
      }
    } else {
      for (const i of items) {
        if (i.sentiment === input.sentiment) continue;
        // As for one item: the correction is kept as data for the model, not only applied.
        await tx
          .insertInto("sentiment_corrections")
          .values({ id: newId(), workspace_id: workspaceId, item_id: i.id, text: i.text, lang: i.lang, from_label: i.sentiment, to_label: input.sentiment, by: actor.userId, created_at: now })
          .execute();
        changed.push(i.id);
      }
      if (changed.length) {
        await tx.updateTable("inbox_items").set({ sentiment: input.sentiment, sentiment_corrected: 1 }).where("workspace_id", "=", workspaceId).where("id", "in", changed).execute();
      }
    }

    // Status and sentiment decide the items' place in the work queue.
    if (changed.length && (input.action === "status" || input.action === "sentiment")) await refreshPriority(tx, changed, new Date(now));
    if (changed.length) {
      const { itemIds: _ids, ...action } = input;
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.bulk", targetType: "inbox_item", data: { ...action, ...(tag ? { tag } : {}), itemIds: changed }, ip: actor.ip ?? null });
    }
    return { action: input.action, requested: ids.length, changed: changed.length, unchanged: ids.length - changed.length };
  });
  if (input.action === "sentiment" && result.changed > 0 && deps.queue) await maybeScheduleTraining(deps.queue, db, workspaceId);
  return result;
}
