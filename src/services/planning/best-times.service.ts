/**
 * Best times for a channel from its own history: every publication of the last 90 days, its
 * latest metric snapshot, ER by reach = (likes + comments + reposts + saves) / reach, placed by
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
  // Latest snapshot per publication: the row whose taken_at is the publication's maximum.
  const rows = await db
    .selectFrom("publications as p")
    .innerJoin("metric_snapshots as m", "m.publication_id", "p.id")
    .select(["p.id", "p.published_at", "m.taken_at", "m.reach", "m.likes", "m.comments", "m.reposts", "m.saves"])
    .where("p.workspace_id", "=", workspaceId)
    .where("p.channel_id", "=", channelId)
    .where("p.status", "=", "published")
    .where("p.item", "=", 0)
    .where("p.published_at", ">=", since)
    .where((eb) =>
      eb(
        "m.taken_at",
        "=",
        eb.selectFrom("metric_snapshots as m2").select((e) => e.fn.max("m2.taken_at").as("t")).whereRef("m2.publication_id", "=", "p.id"),
      ),
    )
    .execute();
  const seen = new Set<string>();
  const samples: EngagementSample[] = [];
  for (const r of rows) {
    if (seen.has(r.id) || !r.published_at || !r.reach) continue;
    seen.add(r.id);
    const at = DateTime.fromISO(r.published_at, { zone: ch.timezone });
    const interactions = (r.likes ?? 0) + (r.comments ?? 0) + (r.reposts ?? 0) + (r.saves ?? 0);
    samples.push({ weekday: at.weekday, hour: at.hour, engagement: interactions / r.reach });
  }
  return { timezone: ch.timezone, network: ch.network, windowDays, formula: "ER by reach = (likes + comments + reposts + saves) / reach", ...bestTimes(ch.network, samples) };
}
