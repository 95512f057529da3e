/**
 * The demo's plan made to hold a few of the known mistakes, so the plan health check has
 * something concrete to find (DOMAIN.md, "The known mistakes"): one upcoming day with four posts
 * on the main channel, a negative comment the team deleted instead of answering, and a post
 * planned at the audience's quietest hour (the hour the check itself finds from the history; none
 * is planned when the history is too thin to name one). Each mistake is added only when the plan
 * does not make it already. The rest — a content mix off the strategy's, the English account's
 * bought followers, complaints still waiting — the demo has by itself.
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { localSlot, lowHours } from "../../domain/plan-health.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { recordAudit } from "../audit.service.js";
import { channelsOfBrand, hourCells, planPosts } from "./inputs.js";

export type DemoMistakes = { crowdedDay: string | null; deletedItemId: string | null; quietHourPostId: string | null };

const crowdedTimes = ["10:00", "12:30", "14:00", "17:30"];

const extraPosts = [
  { rubric: "Акции", format: "image", text: "Только в этот день: второй раф в подарок к любому десерту. Покажите этот пост бариста ☕" },
  { rubric: "Новинки", format: "image", text: "Сегодня в витрине: фисташковый круассан. Печём небольшими партиями — успейте до обеда." },
  { rubric: "Акции", format: "text", text: "Напоминаем: скидка 10% со своей кружкой действует весь день." },
  { rubric: "Новинки", format: "video", text: "Показываем, как готовим новый раф с халвой: 30 секунд из нашей кухни." },
];

async function addPost(db: Kysely<Database>, o: { workspaceId: string; brandId: string; userId: string; channelId: string; at: DateTime; nowIso: string; post: (typeof extraPosts)[number] }): Promise<string> {
  const postId = newId();
  await db
    .insertInto("posts")
    .values({
      id: postId,
      workspace_id: o.workspaceId,
      brand_id: o.brandId,
      status: "scheduled",
      rubric: o.post.rubric,
      format: o.post.format,
      base_text: o.post.text,
      tags: "[]",
      campaign: null,
      approval_step: null,
      created_by: o.userId,
      created_at: o.nowIso,
      updated_at: o.nowIso,
    })
    .execute();
  await db
    .insertInto("variants")
    .values({
      id: newId(),
      workspace_id: o.workspaceId,
      post_id: postId,
      channel_id: o.channelId,
      text: o.post.text,
      media: "[]",
      link: null,
      first_comment: null,
      thread: "[]",
      customised: 0,
      error: null,
      scheduled_at: o.at.toUTC().toISO() as string,
      status: "scheduled",
      created_at: o.nowIso,
      updated_at: o.nowIso,
    })
    .execute();
  return postId;
}

export async function seedDemoMistakes(db: Kysely<Database>, opts: { workspaceId: string; brandId: string; userId: string; now: Date }): Promise<DemoMistakes> {
  const { workspaceId, brandId, userId, now } = opts;
  const nowIso = now.toISOString();
  const brand = await db.selectFrom("brands").select(["timezone"]).where("id", "=", brandId).where("workspace_id", "=", workspaceId).executeTakeFirstOrThrow();
  const zone = brand.timezone;
  const channels = await channelsOfBrand(db, workspaceId, brandId);
  const main = channels[0];
  const out: DemoMistakes = { crowdedDay: null, deletedItemId: null, quietHourPostId: null };
  if (!main) return out;
  const local = DateTime.fromJSDate(now, { zone });
  const week = await planPosts(db, workspaceId, [main.id], now, local.plus({ days: 7 }).toJSDate());

  // Four posts on the main channel the day after tomorrow (DOMAIN.md: at most 3 a day).
  const perDay = new Map<string, number>();
  for (const p of week) perDay.set(localSlot(p.at, zone).day, (perDay.get(localSlot(p.at, zone).day) ?? 0) + 1);
  if (![...perDay.values()].some((n) => n > 3)) {
    const day = local.plus({ days: 2 }).startOf("day");
    const key = day.toISODate() as string;
    const have = perDay.get(key) ?? 0;
    for (let i = 0; i < 4 - have; i++) {
      const [h, m] = crowdedTimes[i]!.split(":").map(Number) as [number, number];
      await addPost(db, { workspaceId, brandId, userId, channelId: main.id, at: day.set({ hour: h, minute: m }), nowIso, post: extraPosts[i]! });
    }
    out.crowdedDay = key;
  }

  // A negative comment deleted without an answer, the way the moderation screen records it.
  const alreadyDeleted = await db.selectFrom("inbox_items").select("id").where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).where("sentiment", "=", "negative").where("deleted_at", "is not", null).executeTakeFirst();
  if (!alreadyDeleted) {
    const victim = await db
      .selectFrom("inbox_items")
      .select(["id", "text", "author_handle", "sentiment", "occurred_at"])
      .where("workspace_id", "=", workspaceId)
      .where("brand_id", "=", brandId)
      .where("sentiment", "=", "negative")
      .where("deleted_at", "is", null)
      .where("first_response_at", "is", null)
      .where("occurred_at", "<", nowIso)
      .orderBy("occurred_at", "desc")
      .executeTakeFirst();
    if (victim) {
      const deletedAt = new Date(Math.max(Date.parse(victim.occurred_at) + 3_600_000, now.getTime() - 86_400_000));
      const at = new Date(Math.min(deletedAt.getTime(), now.getTime())).toISOString();
      await db.updateTable("inbox_items").set({ deleted_at: at }).where("id", "=", victim.id).execute();
      await recordAudit(db, {
        workspaceId,
        actorUserId: userId,
        action: "inbox.deleted",
        targetType: "inbox_item",
        targetId: victim.id,
        data: { reason: "Портит ленту", text: victim.text, author: victim.author_handle, sentiment: victim.sentiment, answered: false, hidden: false },
      });
      out.deletedItemId = victim.id;
    }
  }

  // A post at the audience's quietest hour, when the history can name one.
  const verdict = lowHours((await hourCells(db, workspaceId, brandId, zone, now)).cells);
  if (verdict.trusted && verdict.low.length > 0) {
    const low = new Set(verdict.low.map((c) => c.hour));
    if (!week.some((p) => low.has(localSlot(p.at, zone).hour))) {
      const quiet = verdict.low[0]!.hour;
      const at = local.plus({ days: 3 }).startOf("day").set({ hour: quiet, minute: 15 });
      out.quietHourPostId = await addPost(db, { workspaceId, brandId, userId, channelId: main.id, at, nowIso, post: { rubric: "Полезное", format: "text", text: "Как выбрать зерно для турки: три совета от нашего обжарщика." } });
    }
  }
  return out;
}
