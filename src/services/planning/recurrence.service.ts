/**
 * Recurring and evergreen posts. When an occurrence has been published, its successor is made: a
 * copy of the content scheduled at the rule's next occurrence (recurring), or in the channel's
 * next free slot `evergreen_days` after it went out (evergreen). The copy is approved content —
 * the same text the approvers passed — so it is scheduled straight away; if it no longer passes
 * the network's checks (a media file was deleted, a channel disconnected) it waits as approved
 * with its times set, and the audit trail says why.
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { nextOccurrence, parseRecurrence, upcomingOccurrences } from "../../domain/recurrence.js";
import { nextFreeSlot } from "../../domain/slots.js";
import { AppError } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, VariantsTable } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { contentProblems, type ThreadItem } from "../publishing/content.js";
import { type MediaRef, nowOf, type PublishingDeps } from "../publishing/deps.js";
import { loadPost } from "../publishing/post.service.js";
import { enqueuePublish } from "../publishing/schedule.service.js";
import { slotsOf, takenTimes } from "./slots.service.js";

type Db = Kysely<Database>;
export const defaultEvergreenDays = 30;

async function firstTime(db: Db, postId: string): Promise<string | null> {
  const row = await db
    .selectFrom("variants")
    .select((eb) => eb.fn.min("scheduled_at").as("at"))
    .where("post_id", "=", postId)
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

/** Sets or clears a post's repetition. A post given a rule starts a new series at its own time. */
export async function setRecurrence(
  deps: PublishingDeps,
  actor: Actor,
  workspaceId: string,
  postId: string,
  input: { rrule: string | null; evergreenDays: number | null },
) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const post = await loadPost(db, workspaceId, postId);
  if (["published", "publishing", "cancelled"].includes(post.status)) {
    throw new AppError("conflict", `This post is ${post.status}; set repetition on a post that has not gone out yet.`);
  }
  if (input.rrule !== null && input.evergreenDays !== null) {
    throw new AppError("validation_failed", "A post either repeats on a rule or is evergreen, not both.", {
      errors: [{ path: "evergreenDays", message: "Clear rrule or evergreenDays" }],
    });
  }
  let rule: string | null = null;
  if (input.rrule !== null) {
    const parsed = parseRecurrence(input.rrule);
    if (!parsed.ok) throw new AppError("validation_failed", parsed.message, { errors: [{ path: "rrule", message: parsed.message }] });
    rule = parsed.rule;
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("posts")
      .set({
        recurrence: rule,
        evergreen: input.evergreenDays !== null ? 1 : 0,
        evergreen_days: input.evergreenDays,
        recurrence_parent_id: null,
        recurred_at: null,
        updated_at: nowOf(deps).toISOString(),
      })
      .where("id", "=", postId)
      .execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.recurrence", targetType: "post", targetId: postId, data: { rrule: rule, evergreenDays: input.evergreenDays }, ip: actor.ip ?? null });
  });
  return describeRecurrence(deps, workspaceId, postId);
}

export async function describeRecurrence(deps: PublishingDeps, workspaceId: string, postId: string) {
  const { db } = deps;
  const post = await db.selectFrom("posts").selectAll().where("id", "=", postId).where("workspace_id", "=", workspaceId).executeTakeFirstOrThrow();
  const brand = await findBrand(db, workspaceId, post.brand_id);
  const start = await firstTime(db, postId);
  const upcoming = post.recurrence && start ? upcomingOccurrences(post.recurrence, brand.timezone, new Date(start), 5).map((d) => d.toISOString()) : [];
  return {
    postId,
    rrule: post.recurrence ?? null,
    evergreenDays: post.evergreen ? (post.evergreen_days ?? defaultEvergreenDays) : null,
    timezone: brand.timezone,
    upcoming,
    note: post.recurrence && !start ? "The series starts at the post's scheduled time: give the post a time first." : null,
  };
}

/** Published recurring or evergreen posts whose successor is not made yet. */
export async function postsDueForRecurrence(db: Db, limit = 500): Promise<string[]> {
  const rows = await db
    .selectFrom("posts")
    .select("id")
    .where("status", "=", "published")
    .where("recurred_at", "is", null)
    .where((eb) => eb.or([eb("recurrence", "is not", null), eb("evergreen", "=", 1)]))
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

type SeriesLink = { id: string; recurrence: string | null; recurrence_parent_id: string | null };

/** The first post of the series `post` belongs to (the chain of recurrence_parent_id, bounded). */
async function seriesStart(db: Db, post: SeriesLink): Promise<string> {
  let current: SeriesLink = post;
  for (let i = 0; i < 1000 && current.recurrence_parent_id; i++) {
    const parent = await db.selectFrom("posts").selectAll().where("id", "=", current.recurrence_parent_id).executeTakeFirst();
    if (!parent || parent.recurrence !== post.recurrence) break;
    current = parent;
  }
  return current.id;
}

/**
 * Makes the successor of a published recurring or evergreen post, once: the post is marked in the
 * same transaction that creates the copy, under a conditional update, so a second worker (or a
 * retried job) finds it marked and does nothing.
 */
export async function makeNextOccurrence(deps: PublishingDeps, postId: string): Promise<{ created: string | null; reason: string }> {
  const { db } = deps;
  const post = await db.selectFrom("posts").selectAll().where("id", "=", postId).executeTakeFirst();
  if (post?.status !== "published" || post.recurred_at) return { created: null, reason: "not due" };
  const brand = await findBrand(db, post.workspace_id, post.brand_id);
  const variants = await db
    .selectFrom("variants")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .selectAll("variants")
    .select(["channels.network", "channels.status as channel_status"])
    .where("variants.post_id", "=", postId)
    .orderBy("variants.created_at")
    .orderBy("variants.id")
    .execute();
  const now = nowOf(deps);
  const times = new Map<string, string>();

  if (post.recurrence) {
    const anchor = await firstTime(db, postId);
    const startId = await seriesStart(db, post);
    const start = startId === postId ? anchor : await firstTime(db, startId);
    const next = anchor && start ? nextOccurrence(post.recurrence, brand.timezone, new Date(start), new Date(anchor)) : null;
    if (!anchor || !next) {
      await db.updateTable("posts").set({ recurred_at: now.toISOString() }).where("id", "=", postId).where("recurred_at", "is", null).execute();
      return { created: null, reason: "the series has ended" };
    }
    // Each variant keeps its offset from the post's first time, in wall-clock terms.
    const anchorLocal = DateTime.fromISO(anchor, { zone: brand.timezone });
    const nextLocal = DateTime.fromJSDate(next, { zone: brand.timezone });
    for (const v of variants) {
      const local = DateTime.fromISO(v.scheduled_at ?? anchor, { zone: brand.timezone });
      const shifted = nextLocal.plus(local.diff(anchorLocal));
      times.set(v.id, shifted.toUTC().toISO() as string);
    }
  } else {
    const days = post.evergreen_days ?? defaultEvergreenDays;
    for (const v of variants) {
      const pub = await db.selectFrom("publications").select("published_at").where("variant_id", "=", v.id).where("item", "=", 0).executeTakeFirst();
      const wentOut = new Date(pub?.published_at ?? v.scheduled_at ?? now.toISOString());
      const after = new Date(Math.max(wentOut.getTime() + days * 86_400_000, now.getTime()));
      const slot = nextFreeSlot({ zone: brand.timezone, slots: await slotsOf(db, v.channel_id), after, taken: await takenTimes(db, v.channel_id, after) });
      // Without slots: the same wall time, `days` later.
      times.set(v.id, (slot ?? DateTime.fromJSDate(wentOut, { zone: brand.timezone }).plus({ days }).toJSDate()).toISOString());
    }
  }

  // A successor in the past (the worker was down for long) would only be held or published late: move it to the future.
  for (const [id, at] of times) if (Date.parse(at) <= now.getTime()) times.set(id, new Date(now.getTime() + 60_000).toISOString());

  const problems: string[] = [];
  for (const v of variants) {
    const connector = deps.registry.get(v.network);
    if (!connector || v.channel_status === "disconnected") {
      problems.push(`${v.network}: the channel cannot publish`);
      continue;
    }
    const found = await contentProblems(deps, connector, post.workspace_id, {
      text: v.text,
      format: post.format,
      media: JSON.parse(v.media) as MediaRef[],
      link: v.link,
      thread: JSON.parse(v.thread) as ThreadItem[],
    });
    for (const p of found) problems.push(`${connector.displayName}: ${p.message}`);
  }
  const schedule = problems.length === 0;
  const copyId = newId();
  const stamp = now.toISOString();
  const created = await db.transaction().execute(async (tx) => {
    const claimed = await tx.updateTable("posts").set({ recurred_at: stamp }).where("id", "=", postId).where("recurred_at", "is", null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    await tx
      .insertInto("posts")
      .values({
        id: copyId,
        workspace_id: post.workspace_id,
        brand_id: post.brand_id,
        status: schedule ? "scheduled" : "approved",
        rubric: post.rubric,
        format: post.format,
        base_text: post.base_text,
        tags: post.tags,
        campaign: post.campaign,
        // The same creative again: its advertising mark (and erid) goes with it.
        ad: post.ad,
        approval_step: null,
        created_by: post.created_by,
        created_at: stamp,
        updated_at: stamp,
        recurrence: post.recurrence,
        evergreen: post.evergreen,
        evergreen_days: post.evergreen_days,
        recurrence_parent_id: postId,
        recurred_at: null,
      })
      .execute();
    const rows: VariantsTable[] = variants.map((v) => ({
      id: newId(),
      workspace_id: v.workspace_id,
      post_id: copyId,
      channel_id: v.channel_id,
      text: v.text,
      media: v.media,
      link: v.link,
      first_comment: v.first_comment,
      scheduled_at: times.get(v.id) ?? null,
      status: schedule ? "scheduled" : "draft",
      thread: v.thread,
      customised: v.customised,
      error: null,
      created_at: stamp,
      updated_at: stamp,
    }));
    await tx.insertInto("variants").values(rows).execute();
    await recordAudit(tx, {
      workspaceId: post.workspace_id,
      actorUserId: null,
      action: post.recurrence ? "post.recur" : "post.evergreen",
      targetType: "post",
      targetId: copyId,
      data: { from: postId, times: [...times.values()], scheduled: schedule, ...(problems.length ? { problems } : {}) },
    });
    return rows;
  });
  if (!created) return { created: null, reason: "made by another worker" };
  if (schedule) for (const v of created) if (v.scheduled_at) await enqueuePublish(deps, v.id, v.scheduled_at);
  return { created: copyId, reason: schedule ? "scheduled" : `approved, not scheduled: ${problems.join("; ")}` };
}

/** Marks a post whose successor could not be made (after the job's last attempt), with the reason in the audit trail. */
export async function giveUpOccurrence(deps: PublishingDeps, postId: string, err: unknown) {
  const { db } = deps;
  const post = await db.selectFrom("posts").select(["workspace_id"]).where("id", "=", postId).executeTakeFirst();
  if (!post) return;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("posts").set({ recurred_at: nowOf(deps).toISOString() }).where("id", "=", postId).where("recurred_at", "is", null).execute();
    await recordAudit(tx, {
      workspaceId: post.workspace_id,
      actorUserId: null,
      action: "post.recur_failed",
      targetType: "post",
      targetId: postId,
      data: { reason: err instanceof Error ? err.message : String(err), note: "the next occurrence was not made; create it by hand" },
    });
  });
}
