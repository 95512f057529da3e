/**
 * Best times to post on a channel: the mean engagement (ER by reach = interactions / reach, see
 * DOMAIN.md) of its own posts per weekday × hour in the brand's zone, and the top cells. With too
 * little history to trust (fewer than 3 posts in a cell, or 20 in all) it falls back to the
 * network's general pattern and says so (`source: "general"`).
 */

export type EngagementSample = { weekday: number; hour: number; engagement: number };
export type BestTimeCell = { weekday: number; hour: number; engagement: number; n: number };
export type BestTimes = {
  source: "history" | "general";
  sampleSize: number;
  cells: BestTimeCell[];
  suggestions: { weekday: number; hour: number; engagement: number | null; n: number }[];
};

export const minPerCell = 3;
export const minOverall = 20;

/**
 * General patterns: a rule of thumb, not a measurement. Practitioners' guidance (DOMAIN.md: "never
 * post at the audience's minimum-activity hours") converges on weekday mornings before work, lunch
 * and evenings after work, later mornings at weekends; Telegram and VK audiences read most in the
 * evening, professional networks at the start of the working day. Hours are local to the brand.
 * Order is preference: the first five are the suggestions.
 */
const weekdays = [1, 2, 3, 4, 5];
const weekend = [6, 7];
const cells = (days: number[], hours: number[]) => hours.flatMap((hour) => days.map((weekday) => ({ weekday, hour })));

export const generalPatterns: Record<string, { weekday: number; hour: number }[]> = {
  default: [...cells([2, 3, 4], [9, 18]), ...cells(weekdays, [12, 20]), ...cells(weekend, [11, 19])],
  telegram: [...cells([2, 3, 4], [20, 9]), ...cells(weekdays, [13, 18]), ...cells(weekend, [12, 21])],
  vk: [...cells([3, 4, 5], [19, 21]), ...cells(weekdays, [12, 9]), ...cells(weekend, [13, 20])],
  ok: [...cells([2, 3, 4], [19, 10]), ...cells(weekdays, [14]), ...cells(weekend, [11, 18])],
  bluesky: [...cells([2, 3, 4], [9, 12]), ...cells(weekdays, [17, 20]), ...cells(weekend, [11])],
  mastodon: [...cells([2, 3, 4], [10, 14]), ...cells(weekdays, [19]), ...cells(weekend, [11])],
  linkedin: [...cells([2, 3, 4], [8, 12]), ...cells(weekdays, [17]), ...cells(weekend, [10])],
};

export function generalPattern(network: string) {
  return generalPatterns[network] ?? (generalPatterns.default as { weekday: number; hour: number }[]);
}

export function bestTimes(network: string, samples: EngagementSample[]): BestTimes {
  const byCell = new Map<number, { sum: number; n: number }>();
  for (const s of samples) {
    const k = s.weekday * 24 + s.hour;
    const c = byCell.get(k) ?? { sum: 0, n: 0 };
    c.sum += s.engagement;
    c.n++;
    byCell.set(k, c);
  }
  const grid: BestTimeCell[] = [...byCell.entries()]
    .map(([k, c]) => ({ weekday: Math.floor(k / 24), hour: k % 24, engagement: c.sum / c.n, n: c.n }))
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  const trusted = grid.filter((c) => c.n >= minPerCell).sort((a, b) => b.engagement - a.engagement || b.n - a.n);
  if (samples.length >= minOverall && trusted.length > 0) {
    return { source: "history", sampleSize: samples.length, cells: grid, suggestions: trusted.slice(0, 5) };
  }
  const general = generalPattern(network)
    .slice(0, 5)
    .map((c) => ({ ...c, engagement: null, n: 0 }));
  return { source: "general", sampleSize: samples.length, cells: grid, suggestions: general };
}
