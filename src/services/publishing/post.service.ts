/**
 * Posts and their per-channel variants: create, edit, read, list, delete. A post is written once
 * (base text) and adapted per channel; a variant keeps the base text until someone customises it.
 * Editing a post that was approved or scheduled sends it back to draft: approval is for the
 * content as approved, never for what it became afterwards.
 */
import type { Kysely, Transaction } from "kysely";
import { type AdMark, parseAdMark } from "../../domain/ad-disclosure.js";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { can } from "../../domain/roles.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import { decodeCursor, type PageRequest, pageLimit, toPage } from "../../store/paginate.js";
import type { Database, PostStatus, PostsTable, VariantsTable } from "../../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { channelContextOf, contentProblems, type ThreadItem } from "./content.js";
import { type MediaRef, nowOf, type PublishingDeps } from "./deps.js";

export type VariantDraft = {
  channelId: string;
  text?: string | undefined;
  media?: MediaRef[] | undefined;
  link?: string | null | undefined;
  thread?: { text: string; media?: MediaRef[] | undefined; delayMinutes?: number | undefined }[] | undefined;
  scheduledAt?: string | null | undefined;
};

export type PostDraft = {
  baseText: string;
  rubric?: string | null | undefined;
  format: string;
  tags?: string[] | undefined;
  campaign?: string | null | undefined;
  /** Marks the post as advertising (null: not an ad); see src/domain/ad-disclosure.ts. */
  ad?: AdMark | null | undefined;
  variants: VariantDraft[];
};

type Db = Kysely<Database>;

/** Statuses in which a post's content may still change. */
const editable: PostStatus[] = ["draft", "in_review", "approved", "scheduled", "failed", "cancelled"];

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export async function loadPost(db: Db, workspaceId: string, postId: string) {
  const post = await db.selectFrom("posts").selectAll().where("id", "=", postId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!post) throw notFound("Post");
  return post;
}

/** Checks the variants' channels: each a live channel of this brand, each at most once. */
async function checkChannels(db: Db, workspaceId: string, brandId: string, variants: VariantDraft[]) {
  const ids = variants.map((v) => v.channelId);
  const rows = ids.length
    ? await db.selectFrom("channels").select(["id", "brand_id", "status", "name"]).where("workspace_id", "=", workspaceId).where("id", "in", ids).execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: FieldProblem[] = [];
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    const ch = byId.get(v.channelId);
    if (!ch || ch.brand_id !== brandId) {
      errors.push({ path: `variants.${i}.channelId`, message: "Not a channel of this post's brand. Pick one of the brand's connected channels." });
    } else if (ch.status === "disconnected") {
      errors.push({ path: `variants.${i}.channelId`, message: `${ch.name} is disconnected. Reconnect it or pick another channel.` });
    }
    if (seen.has(v.channelId)) errors.push({ path: `variants.${i}.channelId`, message: "This channel appears twice; one variant per channel." });
    seen.add(v.channelId);
  });
  if (variants.length === 0) errors.push({ path: "variants", message: "Choose at least one channel." });
  if (errors.length) throw new AppError("validation_failed", "Some channels of this post cannot be used: see errors.", { errors });
}

function variantRow(workspaceId: string, postId: string, baseText: string, v: VariantDraft, now: string): VariantsTable {
  const thread: ThreadItem[] = (v.thread ?? []).map((t) => ({ text: t.text, media: t.media ?? [], delayMinutes: t.delayMinutes ?? 0 }));
  const customised = v.text !== undefined && v.text !== baseText;
  return {
    id: newId(),
    workspace_id: workspaceId,
    post_id: postId,
    channel_id: v.channelId,
    text: customised ? (v.text as string) : baseText,
    media: JSON.stringify(v.media ?? []),
    link: v.link ?? null,
    first_comment: null,
    scheduled_at: v.scheduledAt ?? null,
    status: "draft",
    thread: JSON.stringify(thread),
    customised: customised ? 1 : 0,
    error: null,
    created_at: now,
    updated_at: now,
  };
}

export async function createPost(deps: PublishingDeps, actor: Actor, workspaceId: string, input: PostDraft & { brandId: string }) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const brand = await findBrand(db, workspaceId, input.brandId);
  checkRubric(brand.settings, brand.locale, input.rubric);
  await checkChannels(db, workspaceId, brand.id, input.variants);
  const now = nowOf(deps).toISOString();
  const post: Omit<PostsTable, "ad"> & { ad: string | null } = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: brand.id,
    status: "draft",
    rubric: input.rubric ?? null,
    format: input.format,
    base_text: input.baseText,
    tags: JSON.stringify(input.tags ?? []),
    campaign: input.campaign ?? null,
    ad: input.ad ? JSON.stringify(input.ad) : null,
    approval_step: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("posts").values(post).execute();
    await tx.insertInto("variants").values(input.variants.map((v) => variantRow(workspaceId, post.id, post.base_text, v, now))).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.create", targetType: "post", targetId: post.id, ip: actor.ip ?? null });
  });
  return getPost(deps, actor, workspaceId, post.id);
}

function checkRubric(settings: string, locale: string, rubric: string | null | undefined) {
  if (!rubric) return;
  const { rubrics } = parseBrandSettings(settings, locale);
  if (!rubrics.includes(rubric)) {
    throw new AppError("validation_failed", `"${rubric}" is not one of this brand's rubrics (${rubrics.join(", ")}). Add it in the brand settings first.`, {
      errors: [{ path: "rubric", message: "Unknown rubric" }],
    });
  }
}

/**
 * Replaces the post's content. Variants of channels that stay keep their id (their history and
 * publications stay attached); a post with anything published or publishing cannot be edited.
 */
export async function updatePost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string, patch: Partial<PostDraft>) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const post = await loadPost(db, workspaceId, postId);
  const brand = await findBrand(db, workspaceId, post.brand_id);
  if (!editable.includes(post.status)) {
    throw new AppError("conflict", `This post is ${post.status} and can no longer be edited. Create a new post instead.`);
  }
  const current = await db.selectFrom("variants").selectAll().where("post_id", "=", postId).execute();
  if (current.some((v) => v.status === "publishing" || v.status === "published" || v.status === "unconfirmed")) {
    throw new AppError("conflict", "Part of this post has already gone out, so it can no longer be edited. Create a new post instead.");
  }
  if (patch.rubric !== undefined) checkRubric(brand.settings, brand.locale, patch.rubric);
  if (patch.variants) await checkChannels(db, workspaceId, brand.id, patch.variants);
  const now = nowOf(deps).toISOString();
  const baseText = patch.baseText ?? post.base_text;
  const backToDraft = post.status !== "draft";

  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("posts")
      .set({
        base_text: baseText,
        ...(patch.rubric !== undefined ? { rubric: patch.rubric } : {}),
        ...(patch.format !== undefined ? { format: patch.format } : {}),
        ...(patch.tags !== undefined ? { tags: JSON.stringify(patch.tags) } : {}),
        ...(patch.campaign !== undefined ? { campaign: patch.campaign } : {}),
        ...(patch.ad !== undefined ? { ad: patch.ad ? JSON.stringify(patch.ad) : null } : {}),
        status: "draft",
        approval_step: null,
        updated_at: now,
      })
      .where("id", "=", postId)
      .execute();
    if (patch.variants) {
      const byChannel = new Map(current.map((v) => [v.channel_id, v]));
      const keep = new Set(patch.variants.map((v) => v.channelId));
      const gone = current.filter((v) => !keep.has(v.channel_id)).map((v) => v.id);
      if (gone.length) await tx.deleteFrom("variants").where("id", "in", gone).execute();
      for (const v of patch.variants) {
        const row = variantRow(workspaceId, postId, baseText, v, now);
        const existing = byChannel.get(v.channelId);
        if (existing) {
          const { id: _id, created_at: _c, ...changes } = row;
          await tx.updateTable("variants").set(changes).where("id", "=", existing.id).execute();
        } else {
          await tx.insertInto("variants").values(row).execute();
        }
      }
    } else {
      // Only the base text changed: variants that were not customised follow it; all go back to draft.
      await tx.updateTable("variants").set({ text: baseText, updated_at: now }).where("post_id", "=", postId).where("customised", "=", 0).execute();
      await tx.updateTable("variants").set({ status: "draft", error: null, updated_at: now }).where("post_id", "=", postId).execute();
    }
    if (backToDraft) await supersedeApprovals(tx, postId, now);
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "post.edit",
      targetType: "post",
      targetId: postId,
      data: backToDraft ? { from: post.status, note: "edited after submission: back to draft, approval needed again" } : {},
      ip: actor.ip ?? null,
    });
  });
  return getPost(deps, actor, workspaceId, postId);
}

export async function supersedeApprovals(tx: Kysely<Database> | Transaction<Database>, postId: string, now: string) {
  await tx
    .updateTable("approval_requests")
    .set({ status: "superseded", decided_at: now })
    .where("post_id", "=", postId)
    .where("status", "=", "pending")
    .execute();
}

export async function deletePost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  await loadPost(db, workspaceId, postId);
  const published = await db
    .selectFrom("publications")
    .innerJoin("variants", "variants.id", "publications.variant_id")
    .select("publications.id")
    .where("variants.post_id", "=", postId)
    .where("publications.status", "in", ["published", "publishing", "unconfirmed"])
    .executeTakeFirst();
  if (published) throw new AppError("conflict", "Part of this post has been published; it stays in the history. Delete it on the network if needed.");
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("posts").where("id", "=", postId).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.delete", targetType: "post", targetId: postId, ip: actor.ip ?? null });
  });
}

/** One post, fully: variants with their publications and current problems, approvals, history, and what the caller may do. */
export async function getPost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db, registry } = deps;
  const role = await requireAccess(db, actor, workspaceId, "posts.read");
  const post = await loadPost(db, workspaceId, postId);
  const brand = await findBrand(db, workspaceId, post.brand_id);
  const settings = parseBrandSettings(brand.settings, brand.locale);
  const variants = await db
    .selectFrom("variants")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .selectAll("variants")
    .select(["channels.network", "channels.name as channel_name", "channels.handle", "channels.external_id", "channels.credentials_enc"])
    .where("variants.post_id", "=", postId)
    .orderBy("variants.created_at")
    .orderBy("variants.id")
    .execute();
  const pubs = variants.length
    ? await db.selectFrom("publications").selectAll().where("variant_id", "in", variants.map((v) => v.id)).orderBy("item").execute()
    : [];
  const approvals = await db.selectFrom("approval_requests").selectAll().where("post_id", "=", postId).orderBy("created_at").orderBy("step").execute();
  const history = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select(["audit_events.action", "audit_events.data", "audit_events.created_at", "users.name as actor_name"])
    .where("audit_events.workspace_id", "=", workspaceId)
    .where("audit_events.target_type", "=", "post")
    .where("audit_events.target_id", "=", postId)
    .orderBy("audit_events.id")
    .execute();
  const creator = post.created_by ? await db.selectFrom("users").select(["id", "name"]).where("id", "=", post.created_by).executeTakeFirst() : undefined;

  const presentedVariants = [];
  for (const v of variants) {
    const connector = registry.get(v.network);
    const thread = parseJson<ThreadItem[]>(v.thread, []);
    const media = parseJson<MediaRef[]>(v.media, []);
    const problems = connector
      ? await contentProblems(deps, connector, workspaceId, { text: v.text, format: post.format, media, link: v.link, thread }, channelContextOf(deps, v), {
          channelId: v.channel_id,
          network: v.network,
          campaign: post.campaign,
          postId: post.id,
          ad: parseAdMark(post.ad),
        })
      : [{ path: "channelId", message: `The ${v.network} connector is not available in this Chorus.` }];
    presentedVariants.push({
      id: v.id,
      channelId: v.channel_id,
      network: v.network,
      networkName: connector?.displayName ?? v.network,
      simulated: connector?.simulated ?? false,
      channelName: v.channel_name,
      handle: v.handle,
      text: v.text,
      customised: v.customised === 1,
      media,
      link: v.link,
      thread,
      scheduledAt: v.scheduled_at,
      status: v.status,
      error: v.error,
      publications: pubs
        .filter((p) => p.variant_id === v.id)
        .map((p) => ({ item: p.item, status: p.status, url: p.url, externalId: p.external_id, error: p.error, publishedAt: p.published_at, late: p.late === 1 })),
      problems: problems.map((p) => ({ field: p.path, message: p.message })),
    });
  }
  const pending = approvals.find((a) => a.status === "pending");
  const untouched = !variants.some((v) => ["publishing", "published", "unconfirmed"].includes(v.status));
  return {
    id: post.id,
    brandId: post.brand_id,
    status: post.status,
    baseText: post.base_text,
    rubric: post.rubric,
    format: post.format,
    tags: parseJson<string[]>(post.tags, []),
    campaign: post.campaign,
    ad: parseAdMark(post.ad),
    recurrence: { rrule: post.recurrence, evergreenDays: post.evergreen ? post.evergreen_days : null, parentId: post.recurrence_parent_id },
    createdBy: creator ? { id: creator.id, name: creator.name } : null,
    createdAt: post.created_at,
    updatedAt: post.updated_at,
    variants: presentedVariants,
    approvals: approvals.map((a) => ({
      id: a.id,
      step: a.step,
      stepName: a.step_name,
      status: a.status,
      decidedBy: a.decided_by_name,
      comment: a.comment,
      createdAt: a.created_at,
      decidedAt: a.decided_at,
      expiresAt: a.expires_at,
    })),
    history: history.map((h) => ({ action: h.action, actorName: h.actor_name ?? null, data: parseJson<Record<string, unknown>>(h.data, {}), createdAt: h.created_at })),
    can: {
      edit: can(role, "posts.write") && editable.includes(post.status) && untouched,
      submit: can(role, "posts.write") && post.status === "draft",
      approve: post.status === "in_review" && pending !== undefined && parseJson<string[]>(pending.roles, []).includes(role),
      schedule: can(role, "posts.write") && (post.status === "approved" || (post.status === "draft" && settings.approvalSteps.length === 0)),
      cancel: can(role, "posts.write") && post.status === "scheduled",
      delete: can(role, "posts.write") && untouched,
    },
  };
}

export type PostView = Awaited<ReturnType<typeof getPost>>;

export async function listPosts(
  deps: PublishingDeps,
  actor: Actor,
  workspaceId: string,
  query: PageRequest & { brandId?: string | undefined; status?: PostStatus | undefined },
) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.read");
  const limit = pageLimit(query.limit);
  const before = decodeCursor(query.cursor);
  let q = db.selectFrom("posts").select("id").where("workspace_id", "=", workspaceId);
  if (brands) q = q.where("brand_id", "in", brands);
  if (query.brandId) q = q.where("brand_id", "=", query.brandId);
  if (query.status) q = q.where("status", "=", query.status);
  if (before) q = q.where("id", "<", before);
  const rows = await q.orderBy("id", "desc").limit(limit + 1).execute();
  const page = toPage(rows, limit, (r) => r.id, (r) => r.id);
  const items = [];
  for (const id of page.items) {
    const { history: _h, ...post } = await getPost(deps, actor, workspaceId, id);
    items.push(post);
  }
  return { items, nextCursor: page.nextCursor };
}
