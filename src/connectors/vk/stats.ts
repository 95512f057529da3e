/**
 * A VK community's statistics (stats.get, dev.vk.com/method/stats.get): over the 24 hours before a
 * reading, who subscribed and unsubscribed (activity), the reach (reach), and the community's
 * visitors by sex, age, city and country (visitors). VK counts each visitor once per group of a
 * breakdown, so the counts are people, not visits.
 *
 * Statistics need the community's administrator token with access to statistics; a token without
 * it, or a community whose statistics are closed, is answered with an access error (VK codes 7, 15,
 * 27…): the reading then goes on without them (followers still come from groups.getById).
 */
import { z } from "zod";
import type { AudienceBuckets, ChannelDaily } from "../types.js";
import type { VkClient } from "./client.js";
import { VkApiError } from "./errors.js";

const bucketSchema = z.looseObject({ value: z.union([z.string(), z.number()]), count: z.number().int().nonnegative(), name: z.string().optional(), code: z.string().optional() });
const breakdown = z.array(bucketSchema).optional();
const intervalSchema = z.looseObject({
  period_from: z.number().int(),
  period_to: z.number().int(),
  visitors: z.looseObject({ views: z.number().int().optional(), visitors: z.number().int().optional(), sex: breakdown, age: breakdown, cities: breakdown, countries: breakdown }).optional(),
  reach: z.looseObject({ reach: z.number().int().optional(), reach_subscribers: z.number().int().optional() }).optional(),
  activity: z.looseObject({ subscribed: z.number().int().optional(), unsubscribed: z.number().int().optional() }).optional(),
});
export const statsSchema = z.array(intervalSchema);

const accessCodes = new Set([7, 15, 18, 27, 30, 200, 203, 260]);
const sexNames: Record<string, string> = { f: "female", m: "male" };

const toBuckets = (list: z.infer<typeof bucketSchema>[] | undefined, label: (b: z.infer<typeof bucketSchema>) => string) =>
  (list ?? []).map((b) => ({ key: String(b.code ?? b.value), label: label(b), count: b.count }));

/** Joined, left and reach of the 24 hours before `at`, and the visitors' breakdowns; null when VK will not show them. */
export async function readCommunityStats(client: VkClient, groupId: number, at: Date): Promise<ChannelDaily | null> {
  const to = Math.floor(at.getTime() / 1000);
  let intervals: z.infer<typeof statsSchema>;
  try {
    intervals = await client.call("stats.get", { group_id: groupId, timestamp_from: to - 86_400, timestamp_to: to, interval: "all", stats_groups: "visitors,reach,activity", extended: 1 }, statsSchema);
  } catch (err) {
    if (err instanceof VkApiError && accessCodes.has(err.errorCode)) return null;
    throw err;
  }
  const sum = (f: (i: z.infer<typeof intervalSchema>) => number | undefined) => {
    const known = intervals.map(f).filter((v): v is number => v !== undefined);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  };
  // "all" answers one interval; should VK split it, the breakdowns add up by key.
  const merge = (pick: (i: z.infer<typeof intervalSchema>) => AudienceBuckets["sex"]): AudienceBuckets["sex"] => {
    const by = new Map<string, { key: string; label: string; count: number }>();
    for (const i of intervals) for (const b of pick(i)) by.set(b.key, { ...b, count: (by.get(b.key)?.count ?? 0) + b.count });
    return [...by.values()].sort((a, b) => b.count - a.count);
  };
  return {
    joined: sum((i) => i.activity?.subscribed),
    left: sum((i) => i.activity?.unsubscribed),
    reach: sum((i) => i.reach?.reach),
    audience: {
      sex: merge((i) => toBuckets(i.visitors?.sex, (b) => sexNames[String(b.value)] ?? String(b.value))),
      age: merge((i) => toBuckets(i.visitors?.age, (b) => String(b.value))),
      cities: merge((i) => toBuckets(i.visitors?.cities, (b) => b.name ?? String(b.value))),
      countries: merge((i) => toBuckets(i.visitors?.countries, (b) => b.name ?? String(b.code ?? b.value))),
    },
  };
}
