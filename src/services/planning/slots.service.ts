/**
 * The queue: a channel's weekly posting slots, and "add to queue", which gives each variant of a
 * post its channel's next free slot. A slot is free when no other post of that channel is planned
 * in its minute. After that the normal flow applies: an approved post is scheduled right away.
 */
import type { Kysely } from "kysely";
import { expandSlots, groupSlots, nextFreeSlot, type Slot, type SlotGroup } from "../../domain/slots.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { nowOf, type PublishingDeps } from "../publishing/deps.js";
import { getPost, loadPost } from "../publishing/post.service.js";
import { rescheduleVariant, schedulePost } from "../publishing/schedule.service.js";

type Db = Kysely<Database>;

/** A channel of the workspace with its brand's zone. */
export async function channelWithZone(db: Db, workspaceId: string, channelId: string) {
  const ch = await db
    .selectFrom("channels")
    .innerJoin("brands", "brands.id", "channels.brand_id")
    .select(["channels.id", "channels.brand_id", "channels.network", "channels.name", "channels.status", "brands.timezone"])
    .where("channels.id", "=", channelId)
    .where("channels.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!ch) throw notFound("Channel");
  return ch;
}

export async function slotsOf(db: Db, channelId: string): Promise<Slot[]> {
  const rows = await db.selectFrom("posting_slots").select(["weekday", "local_time"]).where("channel_id", "=", channelId).execute();
  return rows.map((r) => ({ weekday: r.weekday, time: r.local_time }));
}

/** The planned times of a channel's variants (other than `exceptPostId`'s) from `from` on: the minutes already taken. */
export async function takenTimes(db: Db, channelId: string, from: Date, exceptPostId?: string): Promise<number[]> {
  let q = db
    .selectFrom("variants")
    .select("scheduled_at")
    .where("channel_id", "=", channelId)
    .where("scheduled_at", ">=", new Date(from.getTime() - 60_000).toISOString())
    .where("status", "not in", ["cancelled", "failed"]);
  if (exceptPostId) q = q.where("post_id", "!=", exceptPostId);
  const rows = await q.limit(20_000).execute();
  return rows.flatMap((r) => (r.scheduled_at ? [Date.parse(r.scheduled_at)] : []));
}

export async function getSlots(deps: PublishingDeps, actor: Actor, workspaceId: string, channelId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.read");
  const ch = await channelWithZone(db, workspaceId, channelId);
  const slots = await slotsOf(db, channelId);
  const now = nowOf(deps);
  const next = nextFreeSlot({ zone: ch.timezone, slots, after: now, taken: await takenTimes(db, channelId, now) });
  return { timezone: ch.timezone, slots: groupSlots(slots), nextFree: next?.toISOString() ?? null };
}

export async function replaceSlots(deps: PublishingDeps, actor: Actor, workspaceId: string, channelId: string, groups: SlotGroup[]) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  await channelWithZone(db, workspaceId, channelId);
  const slots = expandSlots(groups);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("posting_slots").where("channel_id", "=", channelId).execute();
    if (slots.length) {
      await tx
        .insertInto("posting_slots")
        .values(slots.map((s) => ({ id: newId(), workspace_id: workspaceId, channel_id: channelId, weekday: s.weekday, local_time: s.time })))
        .execute();
    }
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "channel.slots", targetType: "channel", targetId: channelId, data: { slots: groupSlots(slots) }, ip: actor.ip ?? null });
  });
  return getSlots(deps, actor, workspaceId, channelId);
}

/**
 * Puts each variant of a post into its channel's next free slot. A draft or a post in review
 * only gets the times; an approved post is then scheduled; a scheduled one is moved.
 */
export async function queuePost(deps: PublishingDeps, actor: Actor, workspaceId: string, postId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const post = await loadPost(db, workspaceId, postId);
  if (!["draft", "in_review", "approved", "scheduled"].includes(post.status)) {
    throw new AppError("conflict", `A ${post.status} post cannot be added to the queue.`);
  }
  const variants = await db
    .selectFrom("variants")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .innerJoin("brands", "brands.id", "channels.brand_id")
    .select(["variants.id", "variants.channel_id", "channels.name", "brands.timezone"])
    .where("variants.post_id", "=", postId)
    .orderBy("variants.created_at")
    .orderBy("variants.id")
    .execute();
  const now = nowOf(deps);
  const times = new Map<string, string>();
  const errors = [];
  for (const [i, v] of variants.entries()) {
    const slots = await slotsOf(db, v.channel_id);
    const at = nextFreeSlot({ zone: v.timezone, slots, after: now, taken: await takenTimes(db, v.channel_id, now, postId) });
    if (at) times.set(v.id, at.toISOString());
    else {
      errors.push({
        path: `variants.${i}.channelId`,
        message: slots.length ? `${v.name} has no free slot in the next year.` : `${v.name} has no posting slots. Set them in the channel's queue settings.`,
      });
    }
  }
  if (errors.length) throw new AppError("validation_failed", "Some channels have no free slot: see errors.", { errors });

  if (post.status === "scheduled") {
    for (const [variantId, at] of times) await rescheduleVariant(deps, actor, workspaceId, variantId, at);
    return getPost(deps, actor, workspaceId, postId);
  }
  await db.transaction().execute(async (tx) => {
    for (const [variantId, at] of times) await tx.updateTable("variants").set({ scheduled_at: at, updated_at: now.toISOString() }).where("id", "=", variantId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "post.queue", targetType: "post", targetId: postId, data: { times: [...times.values()] }, ip: actor.ip ?? null });
  });
  if (post.status === "approved") return schedulePost(deps, actor, workspaceId, postId);
  return getPost(deps, actor, workspaceId, postId);
}
