/**
 * Working on inbox items: status, assignment, tags and sentiment corrections (PATCH), internal
 * notes, and replies. A reply is saved as "sending" and sent by the inbox.reply job; a reply longer
 * than the network allows is refused before anything is saved. Every change that matters is audited.
 * An item is given only to someone who can read the inbox and works with the item's brand.
 */
import { maybeScheduleTraining } from "../../jobs/train-model.job.js";
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import { type BrandScope, can, parseScope, scopeAllows } from "../../domain/roles.js";
import { AppError, notFound } from "../../errors.js";
import { replyKind, replyMaxAttempts, type ReplyPayload } from "../../jobs/inbox-reply.job.js";
import type { JobQueue } from "../../jobs/queue.js";
import { newId, nowIso } from "../../store/ids.js";
import type { Database, InboxStatus, Sentiment } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { lengthIn } from "../publishing/content.js";
import { getInboxItem, repliesOf } from "./inbox.service.js";
import { refreshPriority } from "./priority.js";

export type InboxWriteDeps = { db: Kysely<Database>; registry: ConnectorRegistry; queue: JobQueue };

export type InboxPatch = {
  status?: InboxStatus | undefined;
  assigneeId?: string | null | undefined;
  tags?: string[] | undefined;
  sentiment?: Sentiment | undefined;
};

/** A live item of the workspace; another brand's than the caller's is "not found" (should a route miss the brand check). */
async function loadItem(db: Kysely<Database>, workspaceId: string, itemId: string, brands: BrandScope) {
  let q = db.selectFrom("inbox_items").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", itemId).where("deleted_at", "is", null);
  if (brands) q = q.where("brand_id", "in", brands);
  const item = await q.executeTakeFirst();
  if (!item) throw notFound("Inbox item");
  return item;
}

/**
 * The brands a would-be assignee works with, once they are known to be a member who can read the
 * inbox (else validation_failed on assigneeId). Owners work with every brand whatever is stored.
 */
export async function assigneeScope(db: Kysely<Database>, workspaceId: string, assigneeId: string): Promise<BrandScope> {
  const m = await db.selectFrom("memberships").select(["role", "brand_ids"]).where("workspace_id", "=", workspaceId).where("user_id", "=", assigneeId).executeTakeFirst();
  if (!m || !can(m.role, "inbox.read")) {
    throw new AppError("validation_failed", "Assign the item to a member of this workspace who can read the inbox.", {
      errors: [{ path: "assigneeId", message: "Not a member who can read the inbox" }],
    });
  }
  return m.role === "owner" ? null : parseScope(m.brand_ids);
}

/** Refuses an assignee who does not work with every one of these brands: they could not even open the item. */
export function requireAssigneeSees(scope: BrandScope, brandIds: Iterable<string>): void {
  for (const brandId of brandIds) {
    if (!scopeAllows(scope, brandId)) {
      throw new AppError("validation_failed", "This member does not work with this brand, so they could not see the item. Assign someone who works with it, or ask an admin to add the brand to theirs.", {
        errors: [{ path: "assigneeId", message: "The member does not work with this brand" }],
      });
    }
  }
}

export async function updateInboxItem(deps: InboxWriteDeps, actor: Actor, workspaceId: string, itemId: string, patch: InboxPatch) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.reply");
  const item = await loadItem(deps.db, workspaceId, itemId, brands);
  if (patch.assigneeId) requireAssigneeSees(await assigneeScope(deps.db, workspaceId, patch.assigneeId), [item.brand_id]);
  const now = nowIso();
  const audit = (action: string, data: Record<string, unknown>) =>
    ({ workspaceId, actorUserId: actor.userId, action, targetType: "inbox_item", targetId: itemId, data, ip: actor.ip ?? null }) as const;
  await deps.db.transaction().execute(async (tx) => {
    if (patch.status !== undefined && patch.status !== item.status) {
      await tx
        .updateTable("inbox_items")
        .set({ status: patch.status, resolved_at: patch.status === "resolved" ? now : null })
        .where("id", "=", itemId)
        .execute();
      await recordAudit(tx, audit("inbox.status_changed", { from: item.status, to: patch.status }));
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== item.assignee_id) {
      await tx.updateTable("inbox_items").set({ assignee_id: patch.assigneeId }).where("id", "=", itemId).execute();
      await recordAudit(tx, audit("inbox.assigned", { from: item.assignee_id, to: patch.assigneeId }));
    }
    if (patch.tags !== undefined) {
      const tags = [...new Set(patch.tags.map((t) => t.trim()).filter((t) => t !== ""))];
      await tx.updateTable("inbox_items").set({ tags: JSON.stringify(tags) }).where("id", "=", itemId).execute();
    }
    if (patch.sentiment !== undefined && patch.sentiment !== item.sentiment) {
      // A correction is kept as data for the model (text, language, both labels), not only applied.
      await tx
        .insertInto("sentiment_corrections")
        .values({ id: newId(), workspace_id: workspaceId, item_id: itemId, text: item.text, lang: item.lang, from_label: item.sentiment, to_label: patch.sentiment, by: actor.userId, created_at: now })
        .execute();
      await tx.updateTable("inbox_items").set({ sentiment: patch.sentiment, sentiment_corrected: 1 }).where("id", "=", itemId).execute();
      await recordAudit(tx, audit("inbox.sentiment_corrected", { from: item.sentiment, to: patch.sentiment }));
    }
    // Status and sentiment decide the item's place in the work queue.
    if (patch.status !== undefined || patch.sentiment !== undefined) await refreshPriority(tx, [itemId]);
  });
  // Enough new corrections retrain the workspace's model (see src/jobs/train-model.job.ts).
  if (patch.sentiment !== undefined && patch.sentiment !== item.sentiment) await maybeScheduleTraining(deps.queue, deps.db, workspaceId);
  return getInboxItem(deps, actor, workspaceId, itemId);
}

export async function addInboxNote(deps: InboxWriteDeps, actor: Actor, workspaceId: string, itemId: string, text: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.reply");
  await loadItem(deps.db, workspaceId, itemId, brands);
  const note = { id: newId(), workspace_id: workspaceId, item_id: itemId, author_id: actor.userId, text, created_at: nowIso() };
  await deps.db.insertInto("inbox_notes").values(note).execute();
  const user = await deps.db.selectFrom("users").select("name").where("id", "=", actor.userId).executeTakeFirst();
  return { id: note.id, authorName: user?.name ?? "", text: note.text, createdAt: note.created_at };
}

export async function replyToItem(deps: InboxWriteDeps, actor: Actor, workspaceId: string, itemId: string, text: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.reply");
  const item = await loadItem(deps.db, workspaceId, itemId, brands);
  const channel = await deps.db.selectFrom("channels").select(["network", "status"]).where("id", "=", item.channel_id).executeTakeFirstOrThrow();
  const connector = deps.registry.get(channel.network);
  if (!connector?.reply || !connector.capabilities.reply) {
    throw new AppError("conflict", `${connector?.displayName ?? channel.network} does not let Chorus reply to comments. Answer on the network itself.`);
  }
  if (channel.status === "disconnected") throw new AppError("conflict", "The channel was disconnected. Reconnect it to reply from Chorus.");
  const { maxLength, lengthUnit } = connector.limits;
  const length = lengthIn(text, lengthUnit);
  if (length > maxLength) {
    const message = `The reply is ${length} characters long; ${connector.displayName} allows ${maxLength}. Shorten it by ${length - maxLength}.`;
    throw new AppError("validation_failed", message, { errors: [{ path: "text", message }] });
  }
  const reply = { id: newId(), workspace_id: workspaceId, item_id: itemId, author_id: actor.userId, text, status: "sending" as const, external_id: null, error: null, created_at: nowIso(), sent_at: null };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("inbox_replies").values(reply).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.reply", targetType: "inbox_item", targetId: itemId, data: { replyId: reply.id }, ip: actor.ip ?? null });
  });
  // Enqueued after the commit: the job must find the row. The reply id keys the job (one per reply).
  try {
    await deps.queue.enqueue(replyKind, { replyId: reply.id } satisfies ReplyPayload, { key: reply.id, maxAttempts: replyMaxAttempts });
  } catch (err) {
    // Without a job the reply would stay "sending" for ever: mark it failed (its text is kept) and say so.
    const reason = "Chorus could not queue the reply for sending. Its text is kept: send it again in a moment.";
    await deps.db.updateTable("inbox_replies").set({ status: "failed", error: reason }).where("id", "=", reply.id).execute();
    throw new AppError("unavailable", reason, { cause: err });
  }
  const [view] = await repliesOf(deps.db, workspaceId, itemId, reply.id);
  if (!view) throw new Error("reply vanished");
  return view;
}
