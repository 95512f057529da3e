/**
 * Liking a comment as the brand's account (capabilities.like): a quick, public "thank you" for
 * praise. The network is asked first, so what Chorus shows is what the audience sees; the item
 * then keeps when and by whom it was liked, and a second like is answered from that record
 * without asking the network again.
 */
import { AppError } from "../../errors.js";
import { nowIso } from "../../store/ids.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { type InboxModerationDeps, loadForModeration, refused } from "./inbox-moderation.service.js";

export async function likeInboxItem(deps: InboxModerationDeps, actor: Actor, workspaceId: string, itemId: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.reply");
  const { item, connector, channel } = await loadForModeration(deps, workspaceId, itemId, brands);
  if (item.liked_at) return { id: itemId, likedAt: item.liked_at, alreadyLiked: true };
  if (!connector?.like || !connector.capabilities.like) {
    throw new AppError("conflict", `${connector?.displayName ?? item.network} does not let Chorus like comments. Like it on the network itself, or answer it.`);
  }
  if (!channel) throw new AppError("conflict", "The channel was disconnected. Reconnect it to like comments from Chorus.");
  try {
    await connector.like(channel, item.external_id);
  } catch (err) {
    throw refused(connector, "liked", err);
  }
  const likedAt = nowIso();
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("inbox_items").set({ liked_at: likedAt, liked_by: actor.userId }).where("id", "=", itemId).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "inbox.liked", targetType: "inbox_item", targetId: itemId, data: { sentiment: item.sentiment }, ip: actor.ip ?? null });
  });
  return { id: itemId, likedAt, alreadyLiked: false };
}
