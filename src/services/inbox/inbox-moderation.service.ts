/**
 * Hiding and deleting comments. The field's rule (DOMAIN.md, "known mistakes"): never silently
 * delete criticism — answer it, hide it, escalate it. So hiding is open to everyone who may reply,
 * deleting only to owners and managers, with a reason that goes into the audit trail together with
 * the comment itself, and the answer reminds of the practice. Both act on the network first: what
 * Chorus shows must be what the audience sees.
 */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import { type Connector, ConnectorError } from "../../connectors/types.js";
import type { BrandScope } from "../../domain/roles.js";
import { AppError, notFound } from "../../errors.js";
import { nowIso } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { channelContextOf } from "../publishing/content.js";
import type { Secrets } from "../secrets.js";
import { getInboxItem } from "./inbox.service.js";

export type InboxModerationDeps = { db: Kysely<Database>; registry: ConnectorRegistry; secrets: Secrets };

export const deleteBestPractice =
  "Best practice: answer or hide criticism before deleting it. Deleting negative comments is one of the known mistakes of community management; delete only spam, insults and rule-breaking content.";

/**
 * The item with its channel's connector and decrypted context (undefined when disconnected); also
 * used by liking. Another brand's item than the caller's is "not found" (should a route miss the brand check).
 */
export async function loadForModeration(deps: InboxModerationDeps, workspaceId: string, itemId: string, brands: BrandScope) {
  let q = deps.db
    .selectFrom("inbox_items as i")
    .innerJoin("channels as c", "c.id", "i.channel_id")
    .selectAll("i")
    .select(["c.network", "c.handle", "c.external_id as channel_external_id", "c.credentials_enc", "c.status as channel_status"])
    .where("i.workspace_id", "=", workspaceId)
    .where("i.id", "=", itemId)
    .where("i.deleted_at", "is", null);
  if (brands) q = q.where("i.brand_id", "in", brands);
  const item = await q.executeTakeFirst();
  if (!item) throw notFound("Inbox item");
  const connector = deps.registry.get(item.network);
  const channel = item.channel_status === "disconnected" ? undefined : channelContextOf(deps, { external_id: item.channel_external_id, handle: item.handle, credentials_enc: item.credentials_enc });
  return { item, connector, channel };
}

/** The network's refusal in words a person can act on. */
export function refused(connector: Connector, what: string, err: unknown): AppError {
  if (!(err instanceof ConnectorError)) return new AppError("unavailable", `${connector.displayName} did not answer: the comment was not ${what}. Try again.`, { cause: err });
  if (err.kind === "auth_expired" || err.kind === "revoked") return new AppError("conflict", `${connector.displayName} no longer accepts this channel's authorisation (${err.message}). Reconnect the channel, then try again.`, { cause: err });
  if (err.kind === "invalid_content") return new AppError("conflict", `${connector.displayName} refused: ${err.message}`, { cause: err });
  return new AppError("unavailable", `${connector.displayName} is unavailable right now (${err.message}). Try again in a minute.`, { cause: err, ...(err.retryAfter ? { retryAfter: err.retryAfter } : {}) });
}

export async function hideInboxItem(deps: InboxModerationDeps, actor: Actor, workspaceId: string, itemId: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.reply");
  const { item, connector, channel } = await loadForModeration(deps, workspaceId, itemId, brands);
  if (!connector?.hide || !connector.capabilities.hide) throw new AppError("conflict", `${connector?.displayName ?? item.network} does not let Chorus hide comments. Hide it on the network itself, or answer it.`);
  if (!channel) throw new AppError("conflict", "The channel was disconnected. Reconnect it to hide comments from Chorus.");
  if (!item.hidden_at) {
    try {
      await connector.hide(channel, item.external_id);
    } catch (err) {
      throw refused(connector, "hidden", err);
    }
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable("inbox_items").set({ hidden_at: nowIso() }).where("id", "=", itemId).execute();
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.hidden", targetType: "inbox_item", targetId: itemId, data: { sentiment: item.sentiment }, ip: actor.ip ?? null });
    });
  }
  return getInboxItem(deps, actor, workspaceId, itemId);
}

export async function deleteInboxItem(deps: InboxModerationDeps, actor: Actor, workspaceId: string, itemId: string, reason: string) {
  const { role, brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.reply");
  if (role !== "owner" && role !== "manager") {
    throw new AppError("forbidden", `Your role (${role}) cannot delete comments: only an owner or a manager can. Answer or hide it instead.`);
  }
  const { item, connector, channel } = await loadForModeration(deps, workspaceId, itemId, brands);
  if (!connector?.deleteComment) throw new AppError("conflict", `${connector?.displayName ?? item.network} does not let Chorus delete comments. Answer or hide it instead.`);
  if (!channel) throw new AppError("conflict", "The channel was disconnected. Reconnect it to delete comments from Chorus.");
  try {
    await connector.deleteComment(channel, item.external_id);
  } catch (err) {
    throw refused(connector, "deleted", err);
  }
  const deletedAt = nowIso();
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("inbox_items").set({ deleted_at: deletedAt }).where("id", "=", itemId).execute();
    // The comment itself goes into the trail: after deletion this is the only record of what was said.
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "inbox.deleted",
      targetType: "inbox_item",
      targetId: itemId,
      data: { reason, text: item.text, author: item.author_handle, sentiment: item.sentiment, answered: item.first_response_at !== null, hidden: item.hidden_at !== null },
      ip: actor.ip ?? null,
    });
  });
  const unanswered = item.sentiment === "negative" && item.first_response_at === null;
  const detail = unanswered ? `Deleted a negative comment that had no answer. ${deleteBestPractice}` : `Deleted. ${deleteBestPractice}`;
  return { id: itemId, deletedAt, detail };
}
