/**
 * Audience audits: a sample of a channel's followers read through its network, each scored for
 * bot likelihood with the signals that fired (domain/bot-score.ts), the shares of bots, dead and
 * live followers with their intervals, and the live followers of the whole channel — the "live
 * subscribers" a contract counts.
 *
 * Each audit's summary is kept (audience_audits), with the scoring rules it was made with; the
 * sampled followers' profiles are answered once and not kept.
 */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import { type ChannelContext, type Connector, ConnectorError, type RemoteFollower } from "../../connectors/types.js";
import { type AuditSummary, auditRules, auditSample, type ScoredFollower } from "../../domain/bot-score.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import type { Secrets } from "../secrets.js";

/** Followers per audit: fewer says little (±10 points at 100), more costs the network's rate limit. */
export const auditSize = { min: 10, max: 1000, default: 200 } as const;

export type AuditDeps = { db: Kysely<Database>; registry: ConnectorRegistry; secrets: Secrets; now?: () => Date };

export type AuditResult = {
  /** The kept audit's id (audience_audits). */
  id: string;
  /** The shape's version, for audits kept and read back later. */
  version: 1;
  channel: { id: string; brandId: string; network: string; networkName: string; handle: string; simulated: boolean };
  auditedAt: string;
  requestedSize: number;
  /** The channel's follower count as the network gave it during the audit; null when it does not say. */
  channelFollowers: number | null;
  /** The rules the scores were made with (they may change; a kept audit keeps its own). */
  scoring: { botThreshold: number; deadAfterDays: number; weights: Record<string, number> };
  summary: AuditSummary;
  followers: ScoredFollower[];
};

/**
 * Audits a channel of the workspace (analytics.read: everyone who may see the brand's analytics,
 * clients included). The network is asked for `size` followers; it may answer fewer (a small
 * account, or the Sandbox's cap).
 */
export async function runAudit(deps: AuditDeps, actor: Actor, workspaceId: string, channelId: string, input: { size?: number | undefined }): Promise<AuditResult> {
  const { db, registry, secrets } = deps;
  await requireAccess(db, actor, workspaceId, "analytics.read");
  const channel = await db.selectFrom("channels").selectAll().where("id", "=", channelId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!channel || channel.status === "disconnected") throw notFound("Channel");
  const connector = registry.get(channel.network);
  const name = connector?.displayName ?? channel.network;
  if (!connector?.sampleFollowers || !connector.capabilities.sampleFollowers) {
    throw new AppError("conflict", `${name}: this network does not let Chorus read followers, so its audience cannot be audited from Chorus.`);
  }
  if (!channel.credentials_enc) throw new AppError("conflict", "The channel has no saved authorisation. Reconnect it, then run the audit again.");
  const ctx: ChannelContext = {
    externalId: channel.external_id,
    handle: channel.handle,
    credentials: secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc),
    // Reading may renew the session (Bluesky rotates refresh tokens): the new one must be kept.
    saveCredentials: async (next) => {
      await db.updateTable("channels").set({ credentials_enc: secrets.encryptJson(next), updated_at: new Date().toISOString() }).where("id", "=", channel.id).execute();
    },
  };
  const size = Math.min(auditSize.max, Math.max(auditSize.min, Math.round(input.size ?? auditSize.default)));
  const auditedAt = deps.now ? deps.now() : new Date();

  let sample: RemoteFollower[];
  try {
    sample = await connector.sampleFollowers(ctx, size);
  } catch (err) {
    throw refused(connector, err);
  }
  const channelFollowers = await followerCount(connector, ctx, auditedAt);
  const report = auditSample(sample, auditedAt, channelFollowers);
  const scoring = { botThreshold: auditRules.botThreshold, deadAfterDays: auditRules.deadAfterDays, weights: { ...auditRules.weights } };
  const id = newId();
  await db
    .insertInto("audience_audits")
    .values({
      id,
      workspace_id: workspaceId,
      brand_id: channel.brand_id,
      channel_id: channel.id,
      audited_at: auditedAt.toISOString(),
      sample_size: report.summary.sampleSize,
      channel_followers: channelFollowers,
      live_share: report.summary.shares.live,
      dead_share: report.summary.shares.dead,
      bot_share: report.summary.shares.bot,
      live_estimate: report.summary.liveEstimate?.live ?? null,
      summary: JSON.stringify({ summary: report.summary, scoring }),
      created_by: actor.userId,
    })
    .execute();
  return {
    id,
    version: 1,
    channel: { id: channel.id, brandId: channel.brand_id, network: channel.network, networkName: name, handle: channel.handle, simulated: connector.simulated },
    auditedAt: auditedAt.toISOString(),
    requestedSize: size,
    channelFollowers,
    scoring,
    summary: report.summary,
    followers: report.followers,
  };
}

/** The channel's follower count for the live estimate; an audit without it still answers the shares. */
async function followerCount(connector: Connector, ctx: ChannelContext, at: Date): Promise<number | null> {
  if (!connector.fetchChannelStats || !connector.capabilities.channelStats) return null;
  try {
    return (await connector.fetchChannelStats(ctx, at)).followers;
  } catch (err) {
    if (err instanceof ConnectorError) return null;
    throw err;
  }
}

/** The network's refusal in words a person can act on. */
function refused(connector: Connector, err: unknown): Error {
  if (!(err instanceof ConnectorError)) return err instanceof Error ? err : new Error(String(err));
  const name = connector.displayName;
  switch (err.kind) {
    case "rate_limited":
      return new AppError("rate_limited", `${name} asked Chorus to slow down while reading followers; run the audit again later.`, {
        cause: err,
        ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
      });
    case "auth_expired":
    case "revoked":
      return new AppError("conflict", `${name} no longer accepts this channel's authorisation (${err.message}). Reconnect the channel, then run the audit again.`, { cause: err });
    case "transient":
      return new AppError("unavailable", `${name} did not answer properly (${err.message}). Try the audit again in a minute.`, { cause: err });
    default:
      return new AppError("bad_request", `${name} refused to list followers: ${err.message}`, { cause: err });
  }
}

export type KeptAudit = {
  id: string;
  channelId: string;
  auditedAt: string;
  sampleSize: number;
  channelFollowers: number | null;
  shares: { live: number; dead: number; bot: number };
  liveEstimate: number | null;
  summary: AuditSummary;
};

/** A channel's kept audits, newest first (the last 20). */
export async function listAudits(db: Kysely<Database>, actor: Actor, workspaceId: string, channelId: string): Promise<KeptAudit[]> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  const channel = await db.selectFrom("channels").select("id").where("id", "=", channelId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!channel) throw notFound("Channel");
  const rows = await db.selectFrom("audience_audits").selectAll().where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).orderBy("audited_at", "desc").limit(20).execute();
  return rows.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    auditedAt: r.audited_at,
    sampleSize: r.sample_size,
    channelFollowers: r.channel_followers,
    shares: { live: r.live_share, dead: r.dead_share, bot: r.bot_share },
    liveEstimate: r.live_estimate,
    summary: (JSON.parse(r.summary) as { summary: AuditSummary }).summary,
  }));
}
