/**
 * Scheduling: an approved post's variants get a time and a job each. The job is keyed by the
 * variant and its time, so moving a variant enqueues a new job and the old one, when it runs,
 * sees the time changed and does nothing. A sweep re-enqueues anything due that lost its job.
 */
import { trackPublications } from "../analytics/track.js";
import type { Kysely } from "kysely";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import type { Database, VariantsTable } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { type AdMark, adProblems, parseAdMark } from "../../domain/ad-disclosure.js";
import { channelContextOf, contentProblems, type ThreadItem } from "./content.js";
import { type MediaRef, nowOf, type PublishingDeps } from "./deps.js";
import { getPost, loadPost } from "./post.service.js";

export const publishVariantKind = "publish.variant";
export type PublishVariantPayload = { variantId: string; scheduledAt: string };

/** Enqueues the publish job of a scheduled variant; safe to call twice (the key dedupes). */
export async function enqueuePublish(deps: Pick<PublishingDeps, "queue">, variantId: string, scheduledAt: string) {
  await deps.queue.enqueue(publishVariantKind, { variantId, scheduledAt } satisfies PublishVariantPayload, {
    runAt: new Date(scheduledAt),
    key: `${variantId}@${scheduledAt}`,
    maxAttempts: 8,
  });
}

async function loadVariant(db: Kysely<Database>, workspaceId: string, variantId: string) {
  const v = await db.selectFrom("variants").selectAll().where("id", "=", variantId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!v) throw notFound("Variant");
  return v;
}

function futureProblem(at: string | null, now: Date, path: string): FieldProblem | null {
  if (!at) return { path, message: "Choose a date and time." };
  if (Date.parse(at) <= now.getTime()) return { path, message: `${at} is in the past. Choose a time in the future.` };
  return null;
}

/** Every problem that stops a post's variants from being scheduled, with paths the composer shows. */
async function scheduleProblems(
  deps: PublishingDeps,
  workspaceId: string,
  format: string,
  campaign: string | null,
  ad: AdMark | null,
  variants: (VariantsTable & { network: string; handle: string; external_id: string; credentials_enc: string | null })[],
  now: Date,
) {
  const errors: FieldProblem[] = [];
  for (const [i, v] of variants.entries()) {
    const timing = futureProblem(v.scheduled_at, now, `variants.${i}.scheduledAt`);
    if (timing) errors.push(timing);
    const connector = deps.registry.get(v.network);
    if (!connector) {
      errors.push({ path: `variants.${i}.channelId`, message: `The ${v.network} connector is not available.` });
      continue;
    }
    const thread = JSON.parse(v.thread) as ThreadItem[];
    const media = JSON.parse(v.media) as MediaRef[];
    for (const p of await contentProblems(deps, connector, workspaceId, { text: v.text, format, media, link: v.link, thread }, channelContextOf(deps, v), {
      channelId: v.channel_id,
      network: v.network,
      campaign,
      postId: v.post_id,
      ad,
    })) {
      errors.push({ path: `variants.${i}.${p.path}`, message: `${connector.displayName}: ${p.message}` });
    }
  }
  return errors;
}

export async function schedulePost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const post = await loadPost(db, workspaceId, postId);
  const brand = await findBrand(db, workspaceId, post.brand_id);
  const settings = parseBrandSettings(brand.settings, brand.locale);
  const needsApproval = settings.approvalSteps.length > 0;
  if (post.status !== "approved" && !(post.status === "draft" && !needsApproval)) {
    throw new AppError(
      "conflict",
      post.status === "draft" || post.status === "in_review"
        ? "This post needs approval before it can be scheduled. Submit it for approval."
        : `A ${post.status} post cannot be scheduled.`,
    );
  }
  const variants = await db
    .selectFrom("variants")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .selectAll("variants")
    .select(["channels.network", "channels.handle", "channels.external_id", "channels.credentials_enc"])
    .where("variants.post_id", "=", postId)
    .orderBy("variants.created_at")
    .orderBy("variants.id")
    .execute();
  const now = nowOf(deps);
  const ad = parseAdMark(post.ad);
  const errors = [...adProblems(ad), ...(await scheduleProblems(deps, workspaceId, post.format, post.campaign, ad, variants, now))];
  if (errors.length) throw new AppError("validation_failed", "The post cannot be scheduled yet: fix the problems listed in errors.", { errors });
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("variants").set({ status: "scheduled", error: null, updated_at: now.toISOString() }).where("post_id", "=", postId).execute();
    await tx.updateTable("posts").set({ status: "scheduled", updated_at: now.toISOString() }).where("id", "=", postId).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "post.schedule",
      targetType: "post",
      targetId: postId,
      data: { times: variants.map((v) => v.scheduled_at) },
      ip: actor.ip ?? null,
    });
  });
  for (const v of variants) await enqueuePublish(deps, v.id, v.scheduled_at as string);
  return getPost(deps, actor, workspaceId, postId);
}

/** Takes a scheduled post off the schedule; it stays approved and can be scheduled again. */
export async function cancelPost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const post = await loadPost(db, workspaceId, postId);
  if (post.status !== "scheduled") throw new AppError("conflict", `Only a scheduled post can be cancelled; this one is ${post.status}.`);
  const now = nowOf(deps).toISOString();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("variants").set({ status: "draft", updated_at: now }).where("post_id", "=", postId).where("status", "in", ["scheduled", "held"]).execute();
    await tx.updateTable("posts").set({ status: "approved", updated_at: now }).where("id", "=", postId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.cancel", targetType: "post", targetId: postId, ip: actor.ip ?? null });
  });
  return getPost(deps, actor, workspaceId, postId);
}

/** Moves one variant (drag and drop in the calendar). A scheduled variant stays scheduled at its new time. */
export async function rescheduleVariant(deps: PublishingDeps, actor: Actor, workspaceId: string, variantId: string, scheduledAt: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const v = await loadVariant(db, workspaceId, variantId);
  if (!["draft", "scheduled", "held", "cancelled"].includes(v.status)) {
    throw new AppError("conflict", `This variant is ${v.status}; only one that has not gone out can be moved.`);
  }
  const now = nowOf(deps);
  const problem = futureProblem(scheduledAt, now, "scheduledAt");
  if (problem) throw new AppError("validation_failed", problem.message, { errors: [problem] });
  const status = v.status === "held" ? "scheduled" : v.status;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("variants").set({ scheduled_at: scheduledAt, status, updated_at: now.toISOString() }).where("id", "=", variantId).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "post.reschedule",
      targetType: "post",
      targetId: v.post_id,
      data: { variantId, from: v.scheduled_at, to: scheduledAt },
      ip: actor.ip ?? null,
    });
  });
  if (status === "scheduled") await enqueuePublish(deps, variantId, scheduledAt);
  return getPost(deps, actor, workspaceId, v.post_id);
}

/**
 * Publishes a failed, unconfirmed or held variant now. For an unconfirmed one the caller states
 * that it did not go out (they checked the network), so the unknown attempt is closed as failed.
 */
export async function retryVariant(deps: PublishingDeps, actor: Actor, workspaceId: string, variantId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const v = await loadVariant(db, workspaceId, variantId);
  if (!["failed", "unconfirmed", "held"].includes(v.status)) {
    throw new AppError("conflict", `Only a failed, unconfirmed or held variant can be published again; this one is ${v.status}.`);
  }
  const now = nowOf(deps).toISOString();
  await db.transaction().execute(async (tx) => {
    if (v.status === "unconfirmed") {
      await tx
        .updateTable("publications")
        .set({ status: "failed", error: "Confirmed by a person: it did not go out." })
        .where("variant_id", "=", variantId)
        .where("status", "in", ["unconfirmed", "publishing"])
        .execute();
    }
    await tx.updateTable("variants").set({ status: "scheduled", scheduled_at: now, error: null, updated_at: now }).where("id", "=", variantId).execute();
    await tx.updateTable("posts").set({ status: "scheduled", updated_at: now }).where("id", "=", v.post_id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.retry", targetType: "post", targetId: v.post_id, data: { variantId, was: v.status }, ip: actor.ip ?? null });
  });
  await enqueuePublish(deps, variantId, now);
  return getPost(deps, actor, workspaceId, v.post_id);
}

/** Closes an unconfirmed variant as published: a person found the post on the network. */
export async function markPublished(deps: PublishingDeps, actor: Actor, workspaceId: string, variantId: string, url: string | undefined) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const v = await loadVariant(db, workspaceId, variantId);
  if (v.status !== "unconfirmed") throw new AppError("conflict", `Only an unconfirmed variant can be marked as published; this one is ${v.status}.`);
  const now = nowOf(deps).toISOString();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("publications")
      .set({ status: "published", url: url ?? null, published_at: now, error: null })
      .where("variant_id", "=", variantId)
      .where("status", "in", ["unconfirmed", "publishing"])
      .execute();
    await tx.updateTable("variants").set({ status: "published", error: null, updated_at: now }).where("id", "=", variantId).execute();
    const pubs = await tx.selectFrom("publications").select("id").where("variant_id", "=", variantId).where("status", "=", "published").execute();
    await trackPublications(
      tx,
      pubs.map((p) => p.id),
      new Date(now),
    );
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.mark_published", targetType: "post", targetId: v.post_id, data: { variantId, url }, ip: actor.ip ?? null });
  });
  await refreshPostStatus(db, v.post_id);
  return getPost(deps, actor, workspaceId, v.post_id);
}

/** A post's status follows its variants once scheduled: all out → published; any needing a person → failed. */
export async function refreshPostStatus(db: Kysely<Database>, postId: string) {
  const rows = await db.selectFrom("variants").select("status").where("post_id", "=", postId).execute();
  const s = new Set(rows.map((r) => r.status));
  let status: "published" | "failed" | "publishing" | "scheduled" | undefined;
  if (rows.length && rows.every((r) => r.status === "published")) status = "published";
  else if (s.has("failed") || s.has("unconfirmed") || s.has("held")) status = "failed";
  else if (s.has("publishing")) status = "publishing";
  else if (s.has("scheduled")) status = "scheduled";
  if (status) {
    await db
      .updateTable("posts")
      .set({ status, updated_at: new Date().toISOString() })
      .where("id", "=", postId)
      .where("status", "in", ["scheduled", "publishing", "published", "failed"])
      .execute();
  }
}

/** Due variants whose job is missing (lost, or enqueued by a process that died first) get one again. */
export async function sweepDue(deps: Pick<PublishingDeps, "db" | "queue">, now = new Date()) {
  const due = await deps.db
    .selectFrom("variants")
    .select(["id", "scheduled_at"])
    .where("status", "=", "scheduled")
    .where("scheduled_at", "<=", now.toISOString())
    .limit(5000)
    .execute();
  for (const v of due) if (v.scheduled_at) await enqueuePublish(deps, v.id, v.scheduled_at);
  return due.length;
}
