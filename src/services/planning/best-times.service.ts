/**
 * Best times for a channel from its own history: every post of the last 90 days (published by
 * Chorus or imported) with its latest counters, ER by reach = (likes + comments + reposts + saves) / reach, placed by
 * the weekday and hour it went out in the brand's zone. See domain/best-times.ts for the rules.
 */
import { DateTime } from "luxon";
import { bestTimes, type EngagementSample } from "../../domain/best-times.js";
import { type Actor, requireAccess } from "../access.js";
import { nowOf, type PublishingDeps } from "../publishing/deps.js";
import { channelWithZone } from "./slots.service.js";

const windowDays = 90;

export async function channelBestTimes(deps: PublishingDeps, actor: Actor, workspaceId: string, channelId: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "analytics.read");
  const ch = await channelWithZone(db, workspaceId, channelId);
  const since = new Date(nowOf(deps).getTime() - windowDays * 86_400_000).toISOString();
  // Each post's latest counters (src/services/analytics/track.ts): Chorus's own publications and
  // imported history alike.
  const rows = await db
    .selectFrom("channel_posts")
    .select(["published_at", "reach", "likes", "comments", "reposts", "saves"])
    .where("workspace_id", "=", workspaceId)
    .where("channel_id", "=", channelId)
    .where("published_at", ">=", since)
    .where("reach", ">", 0)
    .execute();
  const samples: EngagementSample[] = rows.map((r) => {
    const at = DateTime.fromISO(r.published_at, { zone: ch.timezone });
    const interactions = (r.likes ?? 0) + (r.comments ?? 0) + (r.reposts ?? 0) + (r.saves ?? 0);
    return { weekday: at.weekday, hour: at.hour, engagement: interactions / (r.reach as number) };
  });
  return { timezone: ch.timezone, network: ch.network, windowDays, formula: "ER by reach = (likes + comments + reposts + saves) / reach", ...bestTimes(ch.network, samples) };
}
