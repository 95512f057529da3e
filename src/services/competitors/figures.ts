/**
 * The pure arithmetic of competitor tracking: the period, when to read again after a failure,
 * followers carried across days without a reading, shares of formats, and the comparison's totals
 * as src/domain/metrics.ts's PostTotals — so ER by followers and the love / talk / amplification
 * rates come from ratesOf, exactly as on the dashboard.
 *
 * Interactions here are likes + comments + reposts for the brand and the competitors alike: saves
 * are part of the field's formula where a network shows them, but no network shows a competitor's,
 * so counting the brand's would compare unlike with unlike.
 */
import { DateTime } from "luxon";
import type { PostTotals } from "../../domain/metrics.js";
import { AppError } from "../../errors.js";

export const maxPeriodDays = 366;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The number of days in [from, to], or a validation error naming the field to fix. */
export function periodDays(from: string, to: string): number {
  const problems = [];
  if (!isoDay.test(from) || !DateTime.fromISO(from).isValid) problems.push({ path: "from", message: "Must be a day, YYYY-MM-DD" });
  if (!isoDay.test(to) || !DateTime.fromISO(to).isValid) problems.push({ path: "to", message: "Must be a day, YYYY-MM-DD" });
  if (problems.length) throw new AppError("validation_failed", "from and to must be days (YYYY-MM-DD).", { errors: problems });
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), "days").days + 1;
  if (days < 1) throw new AppError("validation_failed", "The period ends before it starts: to must not be before from.", { errors: [{ path: "to", message: "Must not be before from" }] });
  if (days > maxPeriodDays) throw new AppError("validation_failed", `The period is longer than ${maxPeriodDays} days: choose a shorter one.`, { errors: [{ path: "from", message: "Too long a period" }] });
  return days;
}

export const shiftDay = (day: string, days: number): string => DateTime.fromISO(day).plus({ days }).toISODate() as string;

/** Hours until the next reading after `failures` failed ones in a row: 1, 2, 4 … at most a day (the normal interval). */
export function retryHours(failures: number): number {
  return Math.min(24, 2 ** Math.max(0, Math.min(failures - 1, 10)));
}

/** The sums a comparison reads per competitor (or the brand) and format, as numbers. */
export type PostSums = {
  posts: number;
  likes: number;
  comments: number;
  reposts: number;
  /** Σ followers at each post's time over the posts that know it, and those posts' counters. */
  followersAtPosts: number | null;
  likesWithFollowers: number;
  commentsWithFollowers: number;
  repostsWithFollowers: number;
};

/** PostTotals of posts whose reach, impressions, views, clicks and saves are left out: only what a public page shows. */
export function totalsOf(s: PostSums): PostTotals {
  return {
    posts: s.posts,
    likes: s.likes,
    comments: s.comments,
    reposts: s.reposts,
    saves: 0,
    interactions: s.likes + s.comments + s.reposts,
    reach: null,
    interactionsWithReach: 0,
    impressions: null,
    views: null,
    interactionsWithViews: 0,
    viewsWithImpressions: 0,
    impressionsWithViews: 0,
    clicks: null,
    impressionsWithClicks: 0,
    clicksWithImpressions: 0,
    followersAtPosts: s.followersAtPosts,
    interactionsWithFollowers: s.likesWithFollowers + s.commentsWithFollowers + s.repostsWithFollowers,
    likesWithFollowers: s.likesWithFollowers,
    commentsWithFollowers: s.commentsWithFollowers,
    repostsWithFollowers: s.repostsWithFollowers,
  };
}

export function addSums(a: PostSums, b: PostSums): PostSums {
  return {
    posts: a.posts + b.posts,
    likes: a.likes + b.likes,
    comments: a.comments + b.comments,
    reposts: a.reposts + b.reposts,
    followersAtPosts: a.followersAtPosts === null ? b.followersAtPosts : b.followersAtPosts === null ? a.followersAtPosts : a.followersAtPosts + b.followersAtPosts,
    likesWithFollowers: a.likesWithFollowers + b.likesWithFollowers,
    commentsWithFollowers: a.commentsWithFollowers + b.commentsWithFollowers,
    repostsWithFollowers: a.repostsWithFollowers + b.repostsWithFollowers,
  };
}

export const noSums = (): PostSums => ({ posts: 0, likes: 0, comments: 0, reposts: 0, followersAtPosts: null, likesWithFollowers: 0, commentsWithFollowers: 0, repostsWithFollowers: 0 });

export type FormatShare = { format: string; posts: number; share: number };

/** Posts per format and each one's share of all, most used first. */
export function formatShares(counts: Map<string, number>): FormatShare[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts]
    .filter(([, n]) => n > 0)
    .map(([format, posts]) => ({ format, posts, share: posts / total }))
    .sort((a, b) => b.posts - a.posts || a.format.localeCompare(b.format));
}

/**
 * Followers on each day of [from, to]: a day's reading, else the last one before it (`start` is
 * the count at the end of the day before `from`). Several pages (the brand's channels) are
 * summed, each carried forward on its own so a channel not read one day does not dip the sum.
 */
export function followersByDay(readings: { key: string; day: string; followers: number }[], start: Map<string, number>, from: string, to: string): { day: string; followers: number | null }[] {
  const last = new Map(start);
  const byDay = new Map<string, { key: string; followers: number }[]>();
  for (const r of readings) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  const out: { day: string; followers: number | null }[] = [];
  for (let day = from; day <= to; day = shiftDay(day, 1)) {
    for (const r of byDay.get(day) ?? []) last.set(r.key, r.followers);
    out.push({ day, followers: last.size ? [...last.values()].reduce((a, b) => a + b, 0) : null });
  }
  return out;
}
