/**
 * Publishing one variant (and then its thread items), at least once in the queue and effectively
 * once on the network:
 * - the Publication row is written as "publishing" and committed BEFORE the network is called,
 *   under an idempotency key made of the variant and the item;
 * - a job that finds a "publishing" row does not know whether the earlier call went out (the
 *   process died, or the answer was lost). It asks the network (findPublished); where the
 *   network cannot tell, the variant becomes "unconfirmed" and a person decides — Chorus never
 *   silently posts twice.
 * Transient failures and rate limits are retried with backoff (Retry-After honoured); an expired
 * or revoked authorisation marks the channel as needing reconnection; rejected content fails for
 * good with the network's reason.
 */
import { adProblems, discloseAd, parseAdMark } from "../domain/ad-disclosure.js";
import type { Kysely } from "kysely";
import type { ChannelContext, Connector, PublishResult } from "../connectors/types.js";
import { ConnectorError } from "../connectors/types.js";
import { parseBrandSettings } from "../domain/brand-settings.js";
import { trackPublications } from "../services/analytics/track.js";
import { recordAudit } from "../services/audit.service.js";
import type { ThreadItem } from "../services/publishing/content.js";
import { type MediaRef, nowOf, type PublishingDeps } from "../services/publishing/deps.js";
import { type PublishVariantPayload, publishVariantKind, refreshPostStatus, sweepDue } from "../services/publishing/schedule.service.js";
import { newId } from "../store/ids.js";
import type { Database } from "../store/schema.js";
import { type JobContext, type JobQueue, NonRetryableError } from "./queue.js";

export const publishItemKind = "publish.item";
export type PublishItemPayload = { variantId: string; item: number };

const maxAttempts = 8;

type Loaded = NonNullable<Awaited<ReturnType<typeof loadForPublishing>>>;

async function loadForPublishing(db: Kysely<Database>, variantId: string) {
  return db
    .selectFrom("variants")
    .innerJoin("posts", "posts.id", "variants.post_id")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .innerJoin("brands", "brands.id", "posts.brand_id")
    .selectAll("variants")
    .select([
      "posts.format",
      "posts.campaign",
      "posts.ad",
      "posts.status as post_status",
      "channels.network",
      "channels.handle",
      "channels.external_id as channel_external_id",
      "channels.credentials_enc",
      "channels.status as channel_status",
      "brands.settings as brand_settings",
      "brands.locale as brand_locale",
    ])
    .where("variants.id", "=", variantId)
    .executeTakeFirst();
}

function channelContext(deps: PublishingDeps, v: Loaded): ChannelContext {
  if (!v.credentials_enc) throw new NonRetryableError("The channel has no credentials: it was disconnected.");
  return {
    externalId: v.channel_external_id,
    handle: v.handle,
    credentials: deps.secrets.decryptJson<Record<string, unknown>>(v.credentials_enc),
    saveCredentials: async (next) => {
      await deps.db.updateTable("channels").set({ credentials_enc: deps.secrets.encryptJson(next), updated_at: new Date().toISOString() }).where("id", "=", v.channel_id).execute();
    },
  };
}

/** Words a user can act on for each failure kind. */
function explain(err: ConnectorError, network: string): string {
  switch (err.kind) {
    case "auth_expired":
      return `${network} no longer accepts this channel's authorisation (${err.message}). Reconnect the channel, then retry.`;
    case "revoked":
      return `${network} revoked Chorus's access to this channel (${err.message}). Reconnect it with an account that may post, then retry.`;
    case "invalid_content":
      return `${network} rejected the post: ${err.message}`;
    case "rate_limited":
      return `${network} asked Chorus to slow down (rate limit). It will retry automatically.`;
    default:
      return `${network} did not answer properly (${err.message}). Chorus retries automatically.`;
  }
}

/** `postFault`: the post itself cannot go out (an ad without its token): the channel is not to blame. */
async function fail(deps: PublishingDeps, v: Loaded, item: number, message: string, opts: { channelBroken?: boolean; postFault?: boolean } = {}) {
  const now = nowOf(deps).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("publications").set({ status: "failed", error: message }).where("idempotency_key", "=", `${v.id}:${item}`).execute();
    if (item === 0) await tx.updateTable("variants").set({ status: "failed", error: message, updated_at: now }).where("id", "=", v.id).execute();
    if (!opts.postFault) {
      await tx
        .updateTable("channels")
        .set({ last_failure_at: now, last_error: message, ...(opts.channelBroken ? { status: "error" as const } : {}), updated_at: now })
        .where("id", "=", v.channel_id)
        .execute();
    }
    await recordAudit(tx, { workspaceId: v.workspace_id, actorUserId: null, action: "post.publish_failed", targetType: "post", targetId: v.post_id, data: { variantId: v.id, item, reason: message } });
  });
  await refreshPostStatus(deps.db, v.post_id);
}

async function succeed(deps: PublishingDeps, v: Loaded, item: number, result: PublishResult, late: boolean) {
  const now = nowOf(deps).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("publications")
      .set({ status: "published", external_id: result.externalId, url: result.url, published_at: result.publishedAt, error: null, late: late ? 1 : 0 })
      .where("idempotency_key", "=", `${v.id}:${item}`)
      .execute();
    if (item === 0) await tx.updateTable("variants").set({ status: "published", error: null, updated_at: now }).where("id", "=", v.id).execute();
    await tx.updateTable("channels").set({ last_success_at: now, updated_at: now }).where("id", "=", v.channel_id).execute();
    if (item === 0) {
      await recordAudit(tx, {
        workspaceId: v.workspace_id,
        actorUserId: null,
        action: "post.published",
        targetType: "post",
        targetId: v.post_id,
        data: { variantId: v.id, network: v.network, url: result.url, late },
      });
      // Its metrics are read from now on (see jobs/sync-metrics.job.ts).
      const pub = await tx.selectFrom("publications").select("id").where("idempotency_key", "=", `${v.id}:${item}`).executeTakeFirst();
      if (pub) await trackPublications(tx, [pub.id], new Date(now));
    }
  });
  await refreshPostStatus(deps.db, v.post_id);
}

/** Publishes item `item` of a variant (0 = the post, 1… = thread items), exactly once as far as the network lets Chorus know. */
async function publishItem(deps: PublishingDeps, connector: Connector, v: Loaded, item: number, ctx: JobContext, late: boolean) {
  const { db } = deps;
  const key = `${v.id}:${item}`;
  const existing = await db.selectFrom("publications").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
  if (existing?.status === "published") return existing;
  if (existing?.status === "unconfirmed") return undefined;
  const channel = channelContext(deps, v);

  if (existing?.status === "publishing") {
    // An earlier attempt's outcome is unknown: find out before doing anything else.
    let found: PublishResult | null | "unknown" = "unknown";
    if (connector.findPublished) {
      try {
        found = await connector.findPublished(channel, key, new Date(Date.parse(existing.created_at) - 60_000));
      } catch (err) {
        // The network is unreachable right now: ask again on the next attempt. Any other answer
        // means it cannot tell, and guessing could post twice.
        if (err instanceof ConnectorError && (err.kind === "transient" || err.kind === "rate_limited")) throw err;
      }
    }
    if (found === "unknown") {
      const message = `${connector.displayName} did not confirm the post and cannot be asked whether it went out. Check the channel, then choose "publish again" or "mark as published".`;
      await db.transaction().execute(async (tx) => {
        await tx.updateTable("publications").set({ status: "unconfirmed", error: message }).where("id", "=", existing.id).execute();
        if (item === 0) await tx.updateTable("variants").set({ status: "unconfirmed", error: message, updated_at: new Date().toISOString() }).where("id", "=", v.id).execute();
        await recordAudit(tx, { workspaceId: v.workspace_id, actorUserId: null, action: "post.unconfirmed", targetType: "post", targetId: v.post_id, data: { variantId: v.id, item } });
      });
      await refreshPostStatus(db, v.post_id);
      return undefined;
    }
    if (found) {
      await succeed(deps, v, item, found, late);
      return db.selectFrom("publications").selectAll().where("id", "=", existing.id).executeTakeFirstOrThrow();
    }
  }

  const thread = JSON.parse(v.thread) as ThreadItem[];
  const parentKey = item > 0 ? `${v.id}:0` : null;
  const parents = parentKey
    ? await db.selectFrom("publications").select(["item", "external_id"]).where("variant_id", "=", v.id).where("status", "=", "published").execute()
    : [];
  const root = parents.find((p) => p.item === 0)?.external_id;
  const parent = parents.find((p) => p.item === item - 1)?.external_id;
  if (item > 0 && (!root || !parent)) throw new NonRetryableError(`Thread item ${item} has no published parent.`);

  const source = item === 0 ? { text: v.text, media: JSON.parse(v.media) as MediaRef[], link: v.link } : { text: thread[item - 1]?.text ?? "", media: thread[item - 1]?.media ?? [], link: null };
  const media = await deps.media(v.workspace_id, source.media, { withReader: true });
  // An advertising post without its token is held, whatever let it through (docs/publishing.md).
  const ad = parseAdMark(v.ad);
  const adProblem = adProblems(ad)[0];
  if (adProblem) {
    await fail(deps, v, item, adProblem.message, { postFault: true });
    throw new NonRetryableError(adProblem.message);
  }
  const tagged = await deps.links({
    workspaceId: v.workspace_id,
    postId: v.post_id,
    variantId: v.id,
    channelId: v.channel_id,
    network: v.network,
    campaign: v.campaign,
    text: source.text,
    link: source.link,
  });
  // The label goes with the first item, where readers see it.
  const linked = item === 0 ? discloseAd(tagged, ad) : tagged;

  // Record the attempt first: if this process dies during the call, the next one knows to check.
  if (existing) {
    await db.updateTable("publications").set({ status: "publishing", attempts: existing.attempts + 1, error: null }).where("id", "=", existing.id).execute();
  } else {
    await db
      .insertInto("publications")
      .values({
        id: newId(),
        workspace_id: v.workspace_id,
        variant_id: v.id,
        channel_id: v.channel_id,
        idempotency_key: key,
        external_id: null,
        url: null,
        status: "publishing",
        attempts: 1,
        error: null,
        published_at: null,
        created_at: new Date().toISOString(),
        item,
        late: late ? 1 : 0,
      })
      .execute();
  }

  try {
    const result = await connector.publish(
      channel,
      { text: linked.text, format: item === 0 ? v.format : media.length ? "image" : "text", media, link: linked.link },
      key,
      item > 0 && root && parent ? { replyTo: { parentExternalId: parent, rootExternalId: root } } : {},
    );
    await succeed(deps, v, item, result, late);
  } catch (err) {
    if (!(err instanceof ConnectorError)) throw err;
    const message = explain(err, connector.displayName);
    if (err.kind === "rate_limited") {
      // A rate-limit answer means nothing was posted: the next attempt publishes normally.
      await db.updateTable("publications").set({ status: "failed", error: message }).where("idempotency_key", "=", key).execute();
      throw err;
    }
    if (err.kind === "transient") {
      if (ctx.attempt >= maxAttempts) await fail(deps, v, item, `${message} Gave up after ${maxAttempts} attempts.`);
      throw err; // the row stays "publishing": the retry asks the network first
    }
    await fail(deps, v, item, message, { channelBroken: err.kind === "auth_expired" || err.kind === "revoked" });
    throw new NonRetryableError(message, { cause: err });
  }
  return db.selectFrom("publications").selectAll().where("idempotency_key", "=", key).executeTakeFirst();
}

function scheduleNextItem(queue: JobQueue, v: Loaded, item: number) {
  const thread = JSON.parse(v.thread) as ThreadItem[];
  const next = thread[item];
  if (!next) return Promise.resolve();
  const runAt = new Date(Date.now() + Math.max(0, next.delayMinutes) * 60_000);
  return queue.enqueue(publishItemKind, { variantId: v.id, item: item + 1 } satisfies PublishItemPayload, { runAt, key: `${v.id}:${item + 1}`, maxAttempts });
}

/**
 * `concurrency` is how many variants one process publishes at a time: network calls wait on I/O,
 * so many can be in flight; each connector's own rate limits still apply.
 */
export function registerPublishing(queue: JobQueue, deps: PublishingDeps, opts: { concurrency?: number } = {}) {
  const concurrency = opts.concurrency ?? 16;
  queue.work<PublishVariantPayload>(publishVariantKind, async (payload, ctx) => {
    const v = await loadForPublishing(deps.db, payload.variantId);
    // Deleted, cancelled, moved or already done: this job is stale and does nothing.
    if (!v || v.scheduled_at !== payload.scheduledAt || !["scheduled", "publishing"].includes(v.status)) return;
    const connector = deps.registry.get(v.network);
    if (!connector) return fail(deps, v, 0, `The ${v.network} connector is not available in this Chorus.`);
    if (v.channel_status === "disconnected") return fail(deps, v, 0, "The channel was disconnected before the post's time.");

    const settings = parseBrandSettings(v.brand_settings, v.brand_locale);
    const lateMs = nowOf(deps).getTime() - Date.parse(payload.scheduledAt);
    const late = lateMs > settings.lateThresholdMinutes * 60_000;
    if (late && settings.missedPostPolicy === "hold" && v.status === "scheduled") {
      const message = `Its time (${payload.scheduledAt}) passed while Chorus was not running. The brand holds such posts: publish it now or move it.`;
      await deps.db.updateTable("variants").set({ status: "held", error: message, updated_at: new Date().toISOString() }).where("id", "=", v.id).execute();
      await recordAudit(deps.db, { workspaceId: v.workspace_id, actorUserId: null, action: "post.held", targetType: "post", targetId: v.post_id, data: { variantId: v.id } });
      await refreshPostStatus(deps.db, v.post_id);
      return;
    }
    if (v.status === "scheduled") {
      await deps.db.updateTable("variants").set({ status: "publishing", updated_at: new Date().toISOString() }).where("id", "=", v.id).where("status", "=", "scheduled").execute();
      await refreshPostStatus(deps.db, v.post_id);
    }
    const pub = await publishItem(deps, connector, v, 0, ctx, late);
    if (pub?.status === "published") await scheduleNextItem(deps.queue, v, 0);
  }, { concurrency });

  queue.work<PublishItemPayload>(publishItemKind, async (payload, ctx) => {
    const v = await loadForPublishing(deps.db, payload.variantId);
    if (v?.status !== "published") return;
    const connector = deps.registry.get(v.network);
    if (!connector) return;
    const pub = await publishItem(deps, connector, v, payload.item, ctx, false);
    if (pub?.status === "published") await scheduleNextItem(deps.queue, v, payload.item);
  }, { concurrency });
}

export const sweepKind = "publish.sweep";
const minuteMs = 60_000;

/** Schedules the sweep of the minute containing `at`; the minute in the key makes processes agree on one. */
export async function scheduleSweep(queue: JobQueue, at = new Date()): Promise<void> {
  const minute = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs);
  await queue.enqueue(sweepKind, {}, { runAt: at, key: `sweep:${minute.toISOString()}`, maxAttempts: 2 });
}

/** Once a minute, due variants whose job went missing (see sweepDue) get one again. */
export function registerSweep(queue: JobQueue, deps: Pick<PublishingDeps, "db" | "queue">) {
  queue.work(sweepKind, async () => {
    await sweepDue(deps);
    await scheduleSweep(queue, new Date(Math.floor(Date.now() / minuteMs) * minuteMs + minuteMs));
  });
}
