/**
 * Sending a reply written in the inbox. The inbox_replies row ("sending") is committed before the
 * job runs and its id is the idempotency key handed to the network, so a retried job after a lost
 * answer finds the reply already made instead of answering twice (where the network can tell).
 * Success marks the reply sent and the item answered (first response time, status "waiting");
 * a refusal marks it failed with the network's reason. The text always stays: nothing is lost.
 */
import { refreshPriority } from "../services/inbox/priority.js";
import { ConnectorError } from "../connectors/types.js";
import { recordAudit } from "../services/audit.service.js";
import type { InboxDeps } from "../services/inbox/deps.js";
import type { JobQueue } from "./queue.js";

export const replyKind = "inbox.reply";
export type ReplyPayload = { replyId: string };
export const replyMaxAttempts = 5;

const nowIsoOf = (deps: Pick<InboxDeps, "now">): string => (deps.now ? deps.now() : new Date()).toISOString();

async function markFailed(deps: InboxDeps, r: { id: string; workspace_id: string; item_id: string; author_id: string | null }, reason: string) {
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("inbox_replies").set({ status: "failed", error: reason }).where("id", "=", r.id).where("status", "=", "sending").execute();
    await recordAudit(tx, { workspaceId: r.workspace_id, actorUserId: r.author_id, action: "inbox.reply_failed", targetType: "inbox_item", targetId: r.item_id, data: { replyId: r.id, reason } });
  });
}

export async function sendReply(deps: InboxDeps, replyId: string, attempt = 1): Promise<void> {
  const { db } = deps;
  const r = await db
    .selectFrom("inbox_replies")
    .innerJoin("inbox_items", "inbox_items.id", "inbox_replies.item_id")
    .innerJoin("channels", "channels.id", "inbox_items.channel_id")
    .select([
      "inbox_replies.id",
      "inbox_replies.workspace_id",
      "inbox_replies.item_id",
      "inbox_replies.author_id",
      "inbox_replies.text",
      "inbox_replies.status",
      "inbox_items.external_id as item_external_id",
      "channels.network",
      "channels.handle",
      "channels.external_id as channel_external_id",
      "channels.credentials_enc",
      "channels.status as channel_status",
    ])
    .where("inbox_replies.id", "=", replyId)
    .executeTakeFirst();
  if (r?.status !== "sending") return;
  const connector = deps.registry.get(r.network);
  if (!connector?.reply) return markFailed(deps, r, `${connector?.displayName ?? r.network} does not let Chorus reply to comments. Answer on the network itself.`);
  if (r.channel_status === "disconnected" || !r.credentials_enc) return markFailed(deps, r, "The channel was disconnected. Reconnect it, then send the reply again.");
  const channel = { externalId: r.channel_external_id, handle: r.handle, credentials: deps.secrets.decryptJson<Record<string, unknown>>(r.credentials_enc) };
  let sent: { externalId: string; url: string | null };
  try {
    sent = await connector.reply(channel, r.item_external_id, r.text, { idempotencyKey: r.id });
  } catch (err) {
    const retryable = err instanceof ConnectorError ? err.kind === "transient" || err.kind === "rate_limited" : true;
    if (retryable && attempt < replyMaxAttempts) throw err;
    const reason = err instanceof ConnectorError ? `${connector.displayName} refused the reply: ${err.message}` : `The reply could not be sent: ${(err as Error).message}`;
    return markFailed(deps, r, reason);
  }
  const now = nowIsoOf(deps);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("inbox_replies").set({ status: "sent", external_id: sent.externalId, sent_at: now, error: null }).where("id", "=", r.id).execute();
    await tx.updateTable("inbox_items").set({ first_response_at: now }).where("id", "=", r.item_id).where("first_response_at", "is", null).execute();
    await tx.updateTable("inbox_items").set({ status: "waiting" }).where("id", "=", r.item_id).where("status", "in", ["new", "open"]).execute();
    await refreshPriority(tx, [r.item_id]);
    await recordAudit(tx, { workspaceId: r.workspace_id, actorUserId: r.author_id, action: "inbox.reply_sent", targetType: "inbox_item", targetId: r.item_id, data: { replyId: r.id, externalId: sent.externalId, url: sent.url } });
  });
}

export function registerInboxReply(queue: JobQueue, deps: InboxDeps): void {
  queue.work<ReplyPayload>(replyKind, async (payload, ctx) => sendReply(deps, payload.replyId, ctx.attempt), { concurrency: 2 });
}
