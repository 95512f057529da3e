/**
 * Creation bursts in a sample of followers, for the audience audit (bot-score.ts): bought followers
 * are registered in batches (Thomas et al., USENIX Security 2013), and accounts created in bursts
 * are more often bots (Bellutta & Carley, Journal of Big Data 2023). A burst is a property of the
 * sample — many accounts made within a short window, against the sample's own spread.
 */

const dayMs = 86_400_000;
const round2 = (x: number) => Math.round(x * 100) / 100;

export const burstRules = {
  /** Smaller samples are not searched for bursts: a handful of accounts proves nothing. */
  minSample: 20,
  /** A burst has at least this many accounts… */
  minMembers: 5,
  /** …and is this many times as dense as the sample on average and as its own surroundings. */
  density: 4,
  /** The window is this share of the sample's spread (5th to 95th percentile of creation times)… */
  windowShare: 0.01,
  /** …between a day and a week: bot farms register in hours or days. */
  minWindowDays: 1,
  maxWindowDays: 7,
  /** The spread is taken as at least this, so a sample created within a month is not all one "burst". */
  minSpanDays: 30,
  /** Windows on each side that make a burst's surroundings. */
  neighbourhood: 10,
  /**
   * At most this chance that a sample without any burst shows one somewhere: each window is tested
   * against a Poisson count at the expected density, at this level divided by the number of windows.
   */
  chance: 0.01,
} as const;

export type Burst = {
  from: string;
  to: string;
  members: number;
  /** Accounts the denser of the sample's average and the window's surroundings would put in one window. */
  expected: number;
  windowDays: number;
};

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Accounts created in a burst: a window (1 % of the sample's spread of creation times, between a
 * day and a week) holding at least 5 accounts, at least 4 times as many as the denser of the
 * sample's average and the window's surroundings (the ten windows either side) would put there, and
 * so many that chance alone would put that many in some window of the sample less than once in a
 * hundred samples (a Poisson count at that density). So a network's steady growth (more recent
 * accounts than old ones) and the clumps any random spread has are not bursts, and a batch
 * registered in a day or two is. Sign-up waves of real people (a network's sudden popularity) are
 * bursts by this measure too: that is why the signal weighs 0.2 and never makes a bot alone.
 * Accounts whose creation time is unknown take no part.
 */
export function findBursts(createdAt: readonly (string | null)[]): { bursts: Burst[]; members: Set<number> } {
  const cfg = burstRules;
  const points = createdAt
    .map((iso, index) => ({ index, t: iso ? Date.parse(iso) : Number.NaN }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  const members = new Set<number>();
  if (points.length < cfg.minSample) return { bursts: [], members };
  const times = points.map((p) => p.t);
  const spanDays = Math.max(cfg.minSpanDays, (quantile(times, 0.95) - quantile(times, 0.05)) / dayMs);
  const windowDays = Math.min(cfg.maxWindowDays, Math.max(cfg.minWindowDays, spanDays * cfg.windowShare));
  const w = windowDays * dayMs;
  // 90 % of the sample lies within the spread.
  const average = (0.9 * points.length * windowDays) / spanDays;
  const countIn = (from: number, to: number) => upperBound(times, to) - lowerBound(times, from);
  const flagged: { lo: number; hi: number; expected: number }[] = [];
  for (let i = 0; i < times.length; i++) {
    if (i > 0 && times[i] === times[i - 1]) continue;
    const start = times[i]!;
    const lo = i;
    const hi = upperBound(times, start + w - 1);
    const count = hi - lo;
    if (count < cfg.minMembers) continue;
    // The surroundings stop at the sample's first and last account: near the ends, fewer windows.
    const aroundFrom = Math.max(times[0]!, start - cfg.neighbourhood * w);
    const aroundTo = Math.min(times[times.length - 1]!, start + (cfg.neighbourhood + 1) * w - 1);
    const aroundWindows = Math.max(1, (aroundTo - aroundFrom + 1) / w - 1);
    const around = countIn(aroundFrom, aroundTo) - count;
    const expected = Math.max(average, around / aroundWindows);
    if (count < cfg.density * expected || poissonTail(count, expected) > cfg.chance / times.length) continue;
    flagged.push({ lo, hi, expected });
  }
  const bursts: Burst[] = [];
  let lastEnd = -1;
  for (const f of flagged) {
    for (let k = f.lo; k < f.hi; k++) members.add(points[k]!.index);
    const last = bursts[bursts.length - 1];
    if (last && f.lo < lastEnd) {
      // Overlapping windows are one burst.
      lastEnd = Math.max(lastEnd, f.hi);
      last.to = new Date(times[lastEnd - 1]!).toISOString();
      last.members = lastEnd - lowerBound(times, Date.parse(last.from));
      last.expected = Math.max(last.expected, round2(f.expected));
    } else {
      lastEnd = f.hi;
      bursts.push({
        from: new Date(times[f.lo]!).toISOString(),
        to: new Date(times[f.hi - 1]!).toISOString(),
        members: f.hi - f.lo,
        expected: round2(f.expected),
        windowDays: round2(windowDays),
      });
    }
  }
  return { bursts, members };
}

/** P(X ≥ k) for X ~ Poisson(mean). */
export function poissonTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  let term = Math.exp(-mean);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= mean / (i + 1);
  }
  return Math.max(0, 1 - below);
}

function lowerBound(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const upperBound = (xs: number[], x: number): number => lowerBound(xs, x + 1);
