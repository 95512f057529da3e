/**
 * Approvals: an editor submits a post; it passes the brand's approval steps in order (e.g. the
 * manager, then the client), each decided by a member with one of the step's roles — or, for a
 * step a client may decide, by a guest through a link, without an account. A rejection returns
 * the post to draft with the comment; a pending request past its deadline expires.
 */
import type { Kysely } from "kysely";
import { type BrandSettings, parseBrandSettings } from "../../domain/brand-settings.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { ApprovalRequestsTable, Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { hashToken, randomToken } from "../secrets.js";
import { nowOf, type PublishingDeps } from "./deps.js";
import { getPost, loadPost } from "./post.service.js";

type Db = Kysely<Database>;

function requestRow(workspaceId: string, postId: string, step: number, settings: BrandSettings, by: string | null, now: Date): ApprovalRequestsTable {
  const s = settings.approvalSteps[step];
  if (!s) throw new Error(`no approval step ${step}`);
  return {
    id: newId(),
    workspace_id: workspaceId,
    post_id: postId,
    step,
    step_name: s.name,
    roles: JSON.stringify(s.roles),
    status: "pending",
    requested_by: by,
    decided_by: null,
    decided_by_name: null,
    comment: null,
    guest_token_hash: null,
    created_at: now.toISOString(),
    expires_at: settings.approvalDeadlineHours ? new Date(now.getTime() + settings.approvalDeadlineHours * 3_600_000).toISOString() : null,
    decided_at: null,
  };
}

export async function submitPost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const post = await loadPost(db, workspaceId, postId);
  if (post.status !== "draft") throw new AppError("conflict", `Only a draft can be submitted; this post is ${post.status}.`);
  const brand = await findBrand(db, workspaceId, post.brand_id);
  const settings = parseBrandSettings(brand.settings, brand.locale);
  const now = nowOf(deps);
  await db.transaction().execute(async (tx) => {
    if (settings.approvalSteps.length === 0) {
      await tx.updateTable("posts").set({ status: "approved", updated_at: now.toISOString() }).where("id", "=", postId).execute();
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.approved", targetType: "post", targetId: postId, data: { note: "the brand needs no approval" } });
      return;
    }
    await tx.insertInto("approval_requests").values(requestRow(workspaceId, postId, 0, settings, actor.userId, now)).execute();
    await tx.updateTable("posts").set({ status: "in_review", approval_step: 0, updated_at: now.toISOString() }).where("id", "=", postId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.submit", targetType: "post", targetId: postId, ip: actor.ip ?? null });
  });
  return getPost(deps, actor, workspaceId, postId);
}

/** The pending request of a post in review; expires it (and returns the post to draft) when past its deadline. */
async function pendingRequest(db: Db, workspaceId: string, postId: string, now: Date): Promise<ApprovalRequestsTable> {
  const post = await loadPost(db, workspaceId, postId);
  const req = await db.selectFrom("approval_requests").selectAll().where("post_id", "=", postId).where("status", "=", "pending").executeTakeFirst();
  if (post.status !== "in_review" || !req) throw new AppError("conflict", `This post is not waiting for approval (it is ${post.status}).`);
  if (req.expires_at && req.expires_at <= now.toISOString()) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable("approval_requests").set({ status: "expired", decided_at: now.toISOString() }).where("id", "=", req.id).execute();
      await tx.updateTable("posts").set({ status: "draft", approval_step: null, updated_at: now.toISOString() }).where("id", "=", postId).execute();
      await recordAudit(tx, { workspaceId, actorUserId: null, action: "post.approval_expired", targetType: "post", targetId: postId, data: { step: req.step_name } });
    });
    throw new AppError("gone", `The approval request "${req.step_name}" expired at ${req.expires_at}. Submit the post again.`);
  }
  return req;
}

async function decide(
  deps: PublishingDeps,
  workspaceId: string,
  postId: string,
  req: ApprovalRequestsTable,
  decision: { approve: boolean; comment: string | null; userId: string | null; name: string; ip: string | null; guest: boolean },
) {
  const { db } = deps;
  const now = nowOf(deps);
  const post = await loadPost(db, workspaceId, postId);
  const brand = await findBrand(db, workspaceId, post.brand_id);
  const settings = parseBrandSettings(brand.settings, brand.locale);
  await db.transaction().execute(async (tx) => {
    // Only the still-pending request may be decided: a concurrent decision loses cleanly.
    const res = await tx
      .updateTable("approval_requests")
      .set({
        status: decision.approve ? "approved" : "rejected",
        decided_by: decision.userId,
        decided_by_name: decision.name,
        comment: decision.comment,
        decided_at: now.toISOString(),
        guest_token_hash: null,
      })
      .where("id", "=", req.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError("conflict", "Someone decided this approval request a moment ago. Reload the post.");
    const next = req.step + 1;
    if (!decision.approve) {
      await tx.updateTable("posts").set({ status: "draft", approval_step: null, updated_at: now.toISOString() }).where("id", "=", postId).execute();
    } else if (next < settings.approvalSteps.length) {
      await tx.insertInto("approval_requests").values(requestRow(workspaceId, postId, next, settings, decision.userId, now)).execute();
      await tx.updateTable("posts").set({ approval_step: next, updated_at: now.toISOString() }).where("id", "=", postId).execute();
    } else {
      await tx.updateTable("posts").set({ status: "approved", approval_step: null, updated_at: now.toISOString() }).where("id", "=", postId).execute();
    }
    await recordAudit(tx, {
      workspaceId,
      actorUserId: decision.userId,
      action: decision.approve ? "post.approve" : "post.reject",
      targetType: "post",
      targetId: postId,
      data: { step: req.step_name, comment: decision.comment, by: decision.name, guest: decision.guest },
      ip: decision.ip,
    });
  });
}

export async function approvePost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string, input: { approve: boolean; comment?: string | undefined }) {
  const { db } = deps;
  const role = await requireAccess(db, actor, workspaceId, "posts.read");
  const req = await pendingRequest(db, workspaceId, postId, nowOf(deps));
  const allowed = JSON.parse(req.roles) as string[];
  if (!allowed.includes(role)) {
    throw new AppError("forbidden", `The step "${req.step_name}" is decided by ${allowed.join(" or ")}; your role is ${role}.`);
  }
  if (!input.approve && !input.comment?.trim()) {
    throw new AppError("validation_failed", "Say what to change: a rejection needs a comment.", { errors: [{ path: "comment", message: "Required when rejecting" }] });
  }
  const user = await db.selectFrom("users").select("name").where("id", "=", actor.userId).executeTakeFirstOrThrow();
  await decide(deps, workspaceId, postId, req, {
    approve: input.approve,
    comment: input.comment?.trim() || null,
    userId: actor.userId,
    name: user.name,
    ip: actor.ip ?? null,
    guest: false,
  });
  return getPost(deps, actor, workspaceId, postId);
}

const guestLinkDays = 14;

/** A link a client can open without an account to decide the current step (only steps a client may decide). */
export async function createApprovalLink(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const now = nowOf(deps);
  const req = await pendingRequest(db, workspaceId, postId, now);
  if (!(JSON.parse(req.roles) as string[]).includes("client")) {
    throw new AppError("conflict", `The step "${req.step_name}" is not decided by the client, so it has no guest link. Add "client" to the step's roles in the brand settings.`);
  }
  const token = randomToken();
  const linkExpiry = new Date(now.getTime() + guestLinkDays * 86_400_000).toISOString();
  const expiresAt = req.expires_at && req.expires_at < linkExpiry ? req.expires_at : linkExpiry;
  await db.updateTable("approval_requests").set({ guest_token_hash: hashToken(token) }).where("id", "=", req.id).execute();
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "post.approval_link", targetType: "post", targetId: postId, ip: actor.ip ?? null });
  return { url: `${deps.publicUrl.replace(/\/$/, "")}/approve/${token}`, expiresAt };
}

async function byGuestToken(db: Db, token: string) {
  const req = await db.selectFrom("approval_requests").selectAll().where("guest_token_hash", "=", hashToken(token)).executeTakeFirst();
  if (req?.status !== "pending") throw notFound("Approval link");
  return req;
}

export async function describeGuestApproval(deps: PublishingDeps, token: string) {
  const { db } = deps;
  const req = await byGuestToken(db, token);
  await pendingRequest(db, req.workspace_id, req.post_id, nowOf(deps));
  const post = await loadPost(db, req.workspace_id, req.post_id);
  const brand = await findBrand(db, req.workspace_id, post.brand_id);
  const ws = await db.selectFrom("workspaces").select("name").where("id", "=", req.workspace_id).executeTakeFirstOrThrow();
  const variants = await db
    .selectFrom("variants")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .select(["variants.id", "variants.text", "variants.media", "variants.link", "variants.scheduled_at", "channels.network", "channels.name", "channels.handle"])
    .where("variants.post_id", "=", post.id)
    .execute();
  return {
    workspaceName: ws.name,
    brandName: brand.name,
    stepName: req.step_name,
    expiresAt: req.expires_at,
    post: {
      baseText: post.base_text,
      format: post.format,
      variants: variants.map((v) => ({
        id: v.id,
        network: v.network,
        networkName: deps.registry.get(v.network)?.displayName ?? v.network,
        channelName: v.name,
        handle: v.handle,
        text: v.text,
        media: JSON.parse(v.media) as unknown[],
        link: v.link,
        scheduledAt: v.scheduled_at,
      })),
    },
  };
}

export async function decideAsGuest(deps: PublishingDeps, token: string, input: { approve: boolean; name: string; comment?: string | undefined; ip: string | null }) {
  const { db } = deps;
  const req = await byGuestToken(db, token);
  await pendingRequest(db, req.workspace_id, req.post_id, nowOf(deps));
  if (!input.approve && !input.comment?.trim()) {
    throw new AppError("validation_failed", "Say what to change: a rejection needs a comment.", { errors: [{ path: "comment", message: "Required when rejecting" }] });
  }
  await decide(deps, req.workspace_id, req.post_id, req, {
    approve: input.approve,
    comment: input.comment?.trim() || null,
    userId: null,
    name: `${input.name.trim()} (guest link)`,
    ip: input.ip,
    guest: true,
  });
  return { status: input.approve ? "approved" : "rejected" };
}
