/**
 * Webhooks: a network that can push (Telegram) sends each event to POST /api/hooks/<network>/<channelId>
 * instead of being polled. The secret a request must carry is derived from the channel id with the
 * server's key: never stored, the same in every process and after a restart. The webhook is set when
 * a channel is connected and the server has an https address (CHORUS_PUBLIC_URL); without one, or
 * when the network refuses, the channel stays polled and the reason is kept as its last_error.
 */
import { workspaceClassifier } from "../analysis/classifier.js";
import { storeOverheard } from "../listening/overheard.js";
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { ChannelContext } from "../../connectors/types.js";
import { AppError } from "../../errors.js";
import { type StoreResult, storePage } from "../../jobs/ingest-comments.job.js";
import { nowIso } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";
import type { InboxDeps } from "./deps.js";

/** A channel as the webhook calls need it, its credentials decrypted. */
type WebhookChannel = { id: string; network: string; external_id: string; handle: string; credentials: Record<string, unknown> };

const contextOf = (c: WebhookChannel): ChannelContext => ({ externalId: c.external_id, handle: c.handle, credentials: c.credentials });

/** The secret token of a channel's webhook (43 characters of base64url, within Telegram's 1-256 of A-Za-z0-9_-). */
export function webhookSecret(secrets: Secrets, channelId: string): string {
  return secrets.derive("webhook-secret", channelId);
}

/** Where a network pushes a channel's events; null unless the server has an https address, the only kind networks push to. */
export function webhookUrl(publicUrl: string, network: string, channelId: string): string | null {
  if (!publicUrl.startsWith("https://")) return null;
  return `${publicUrl.replace(/\/+$/, "")}/api/hooks/${network}/${channelId}`;
}

/**
 * Whether a request carries the channel's secret. Both sides are hashed to one length first, so the
 * comparison takes the same time whatever was sent.
 */
function hasSecret(secrets: Secrets, channelId: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const digest = (s: string) => crypto.createHash("sha256").update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(webhookSecret(secrets, channelId)));
}

/**
 * After a channel is connected: asks its network to push to this server, when both can. Never fails
 * the connect — a refusal leaves the channel polled, and the reason, stored as the channel's
 * last_error, is returned. The credentials are saved only after the network said yes, so a channel
 * is never marked as pushed to while it is not.
 */
export async function startWebhook(deps: { db: Kysely<Database>; registry: ConnectorRegistry; secrets: Secrets; publicUrl: string }, channel: WebhookChannel): Promise<string | null> {
  const connector = deps.registry.get(channel.network);
  const url = webhookUrl(deps.publicUrl, channel.network, channel.id);
  if (!connector?.registerWebhook || !url) return null;
  let credentials: Record<string, unknown>;
  try {
    credentials = await connector.registerWebhook(contextOf(channel), url, webhookSecret(deps.secrets, channel.id));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const message = `${connector.displayName} did not accept the webhook ${url} (${why}). Chorus reads this channel's comments by polling instead.`;
    await deps.db.updateTable("channels").set({ last_error: message, updated_at: nowIso() }).where("id", "=", channel.id).execute();
    return message;
  }
  await deps.db.updateTable("channels").set({ credentials_enc: deps.secrets.encryptJson(credentials), updated_at: nowIso() }).where("id", "=", channel.id).execute();
  return null;
}

/**
 * Before a channel's credentials are erased: asks its network to stop pushing. A failure is
 * ignored — the channel is gone either way, and pushes that still come are refused (404) until the
 * network gives up on them.
 */
export async function stopWebhook(deps: { registry: ConnectorRegistry }, channel: WebhookChannel): Promise<void> {
  const connector = deps.registry.get(channel.network);
  if (!connector?.unregisterWebhook) return;
  await connector.unregisterWebhook(contextOf(channel)).catch(() => undefined);
}

/**
 * One pushed request. A wrong or missing secret is refused before anything is looked up, so the
 * answer says nothing about which channels exist. The channel must then be an active one of this
 * network. A body the connector does not take for this channel is ignored (null: answered 200, so
 * the network does not retry it); a page is stored as ingestion stores it, idempotently, so a
 * retried push adds nothing. A storage failure throws, and the network retries.
 */
export async function receiveWebhook(
  deps: InboxDeps,
  input: { network: string; channelId: string; secret: string | undefined; body: unknown },
): Promise<StoreResult | null> {
  if (!hasSecret(deps.secrets, input.channelId, input.secret)) {
    throw new AppError("unauthenticated", "This webhook request does not carry the secret token Chorus registered for it.");
  }
  const channel = await deps.db.selectFrom("channels").selectAll().where("id", "=", input.channelId).executeTakeFirst();
  const connector = channel ? deps.registry.get(channel.network) : undefined;
  if (!channel?.credentials_enc || channel.network !== input.network || channel.status !== "active" || !connector?.parseWebhook) {
    throw new AppError("not_found", "This webhook belongs to no active channel: the channel was disconnected or needs attention.");
  }
  const credentials = deps.secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc);
  const page = connector.parseWebhook(contextOf({ ...channel, credentials }), input.body);
  if (!page) return null;
  const classifier = await workspaceClassifier(deps.db, await deps.analyzer(), channel.workspace_id);
  if (page.seen?.length) await storeOverheard(deps.db, channel, page.seen, (text) => classifier.analyze(text), deps.now ? deps.now() : new Date());
  return storePage(deps, channel, page, (text) => classifier.analyze(text));
}
