/**
 * The plan health check (DOMAIN.md, "The known mistakes"): pure rules over a brand's plan and
 * practice for a period. Each rule takes plain data and returns findings, each with the numbers
 * behind it and the posts, variants, inbox items or channels concerned, so the UI can say what to
 * change and link to it. The thresholds and their reasons are in docs/plan-health.md.
 *
 * This file holds the types and the posting rules (frequency, silences, formats, the content mix,
 * hours); plan-health-audience.ts holds the inbox and audience rules; runPlanHealth runs them all.
 */
import { DateTime } from "luxon";
import { plannedKinds, type MixItem, type RubricKind, rubricKinds } from "./strategy.js";

export type Severity = "critical" | "warning" | "info";
export const severities: readonly Severity[] = ["critical", "warning", "info"];

export const healthRules = [
  "too_many_posts",
  "long_silence",
  "one_format",
  "mix_off_plan",
  "info_vs_entertaining",
  "low_activity_hours",
  "hours_not_enough_data",
  "unanswered_comments",
  "slow_answers",
  "deleted_negative",
  "dead_audience",
  "low_engagement",
] as const;
export type HealthRule = (typeof healthRules)[number];

export type ItemKind = "post" | "variant" | "inbox_item" | "channel";
export type ItemRef = { kind: ItemKind; id: string };

export type Finding = {
  rule: HealthRule;
  severity: Severity;
  /** Words for the title (a channel's name, a day, a kind): strings the UI puts into its sentence. */
  params: Record<string, string>;
  /** The figures behind it (counts, shares in percent, minutes, days). */
  evidence: Record<string, number>;
  /** What it is about, most telling first; at most `maxItems`. */
  items: ItemRef[];
};

/** Findings keep their first items only: enough to act on, a bounded stored run. */
export const maxItems = 20;

/** One variant of a post on a channel: published (its publication's time) or planned (its scheduled time). */
export type PlanPost = {
  postId: string;
  variantId: string;
  channelId: string;
  /** UTC instant, ISO-8601. */
  at: string;
  state: "published" | "scheduled";
  format: string;
  rubric: string | null;
};

export type PlanChannel = { id: string; name: string; network: string; /** When it was connected (ISO). */ since: string };

export const thresholds = {
  /** DOMAIN.md: 1–2 posts a day, at most 3: a fourth on the same channel and day is one too many. */
  maxPostsPerDay: 3,
  /** A channel without a post for this many days looks abandoned to its audience and to the feed's ranking. */
  silenceDays: 5,
  /** Below this many posts "one format only" may be chance. */
  minPostsForFormat: 8,
  /** Below this many posts a share is too noisy to compare with the plan. */
  minPostsForMix: 10,
  /** A kind's share off its planned share by more than this many percentage points. */
  mixTolerancePoints: 15,
  /** The informative part of informative + entertaining off the plan's by more than this. */
  ratioTolerancePoints: 20,
  /** An hour's figures are trusted from this many posts; the whole heatmap from minPostsOverall. */
  minPostsPerHour: 3,
  minPostsOverall: 20,
  minTrustedHours: 4,
  /** An hour is a low-activity hour when its engagement per post is at most this part of the typical (median) hour's. */
  lowHourRatio: 0.7,
} as const;

const limitItems = (items: ItemRef[]): ItemRef[] => {
  const seen = new Set<string>();
  const out: ItemRef[] = [];
  for (const i of items) {
    const k = `${i.kind}:${i.id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
    if (out.length >= maxItems) break;
  }
  return out;
};

export const finding = (f: Finding): Finding => ({ ...f, items: limitItems(f.items) });

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (n: number, of: number) => (of > 0 ? round1((n / of) * 100) : 0);

/** The brand's wall-clock day (YYYY-MM-DD) and hour of an instant: DST-correct through luxon's zone rules. */
export function localSlot(at: string, zone: string): { day: string; hour: number } {
  const t = DateTime.fromISO(at, { zone: "utc" }).setZone(zone);
  return { day: t.toISODate() as string, hour: t.hour };
}

const postRefs = (posts: PlanPost[]): ItemRef[] => posts.map((p) => ({ kind: "post", id: p.postId }));

/** More than 3 posts a day on one channel, days counted on the brand's wall clock. One finding per channel. */
export function tooManyPosts(posts: PlanPost[], channels: PlanChannel[], zone: string): Finding[] {
  const byChannelDay = new Map<string, PlanPost[]>();
  for (const p of posts) {
    const key = `${p.channelId}|${localSlot(p.at, zone).day}`;
    byChannelDay.set(key, [...(byChannelDay.get(key) ?? []), p]);
  }
  const out: Finding[] = [];
  for (const ch of channels) {
    const days = [...byChannelDay.entries()]
      .filter(([k, ps]) => k.startsWith(`${ch.id}|`) && ps.length > thresholds.maxPostsPerDay)
      .map(([k, ps]) => ({ day: k.slice(ch.id.length + 1), posts: ps }))
      .sort((a, b) => b.posts.length - a.posts.length || a.day.localeCompare(b.day));
    const worst = days[0];
    if (!worst) continue;
    out.push(
      finding({
        rule: "too_many_posts",
        severity: "warning",
        params: { channel: ch.name, channelId: ch.id, day: worst.day },
        evidence: { days: days.length, maxPerDay: worst.posts.length, limit: thresholds.maxPostsPerDay },
        items: [...days.flatMap((d) => postRefs(d.posts)), { kind: "channel", id: ch.id }],
      }),
    );
  }
  return out;
}

const dayMs = 86_400_000;

/**
 * A channel silent for `silenceDays` or more: between two posts of the period, from its start (or
 * the channel's connection) to the first post, or from the last post until now. The period's
 * future beyond the last planned post is not a silence: the plan is simply not written yet.
 */
export function longSilences(posts: PlanPost[], channels: PlanChannel[], p: { start: string; end: string; now: string }): Finding[] {
  const out: Finding[] = [];
  const nowMs = Math.min(Date.parse(p.now), Date.parse(p.end));
  for (const ch of channels) {
    const begin = Math.max(Date.parse(p.start), Date.parse(ch.since));
    if (nowMs - begin < thresholds.silenceDays * dayMs) continue;
    const mine = posts.filter((x) => x.channelId === ch.id).sort((a, b) => a.at.localeCompare(b.at));
    const points: { ms: number; post: PlanPost | null }[] = [{ ms: begin, post: null }, ...mine.map((x) => ({ ms: Date.parse(x.at), post: x }))];
    const last = points[points.length - 1];
    if (last && last.ms < nowMs) points.push({ ms: nowMs, post: null });
    let worst: { days: number; from: number; to: number; around: PlanPost[] } | null = null;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      const days = (b.ms - a.ms) / dayMs;
      if (days >= thresholds.silenceDays && (!worst || days > worst.days)) {
        worst = { days, from: a.ms, to: b.ms, around: [a.post, b.post].filter((x): x is PlanPost => x !== null) };
      }
    }
    if (!worst) continue;
    out.push(
      finding({
        rule: "long_silence",
        severity: "warning",
        params: { channel: ch.name, channelId: ch.id, from: new Date(worst.from).toISOString(), to: new Date(worst.to).toISOString() },
        evidence: { days: round1(worst.days), limit: thresholds.silenceDays, posts: mine.length },
        items: [{ kind: "channel", id: ch.id }, ...postRefs(worst.around)],
      }),
    );
  }
  return out;
}

/** Each post once (its variants share the post's format and rubric). */
const uniquePosts = (posts: PlanPost[]): PlanPost[] => [...new Map(posts.map((p) => [p.postId, p])).values()];

/** Only one content type (format) across the period's posts. */
export function oneFormat(posts: PlanPost[]): Finding[] {
  const unique = uniquePosts(posts);
  if (unique.length < thresholds.minPostsForFormat) return [];
  const formats = new Set(unique.map((p) => p.format));
  if (formats.size !== 1) return [];
  return [
    finding({
      rule: "one_format",
      severity: "warning",
      params: { format: unique[0]!.format },
      evidence: { posts: unique.length, formats: 1 },
      items: postRefs(unique),
    }),
  ];
}

/**
 * The mix by kind against the strategy's: each post counts once, of the kind the plan gives its
 * rubric; posts whose rubric the plan does not name are left out (never guessed into a kind).
 * A kind off its planned share by more than 15 points is a finding; so is the informative part of
 * informative + entertaining off the plan's by more than 20 points (DOMAIN.md: "a wrong ratio
 * of informative to entertaining content").
 */
export function mixOffPlan(posts: PlanPost[], mix: readonly MixItem[]): Finding[] {
  if (mix.length === 0) return [];
  const kindOf = new Map(mix.map((m) => [m.rubric.toLocaleLowerCase(), m.kind]));
  const inPlan = uniquePosts(posts).flatMap((p) => {
    const kind = p.rubric === null ? undefined : kindOf.get(p.rubric.toLocaleLowerCase());
    return kind ? [{ post: p, kind }] : [];
  });
  if (inPlan.length < thresholds.minPostsForMix) return [];
  const planned = plannedKinds(mix);
  const count = (k: RubricKind) => inPlan.filter((x) => x.kind === k).length;
  const out: Finding[] = [];
  for (const kind of rubricKinds) {
    const actual = pct(count(kind), inPlan.length);
    const diff = round1(actual - planned[kind]);
    if (Math.abs(diff) <= thresholds.mixTolerancePoints) continue;
    out.push(
      finding({
        rule: "mix_off_plan",
        severity: "warning",
        params: { kind, direction: diff > 0 ? "over" : "under" },
        evidence: { actual, planned: planned[kind], diff, posts: inPlan.length, tolerance: thresholds.mixTolerancePoints },
        // Over-represented: the posts to move elsewhere; under-represented: nothing to link but the plan.
        items: diff > 0 ? inPlan.filter((x) => x.kind === kind).map((x) => ({ kind: "post" as const, id: x.post.postId })) : [],
      }),
    );
  }
  const plannedBoth = planned.informative + planned.entertaining;
  const info = count("informative");
  const fun = count("entertaining");
  if (plannedBoth > 0 && planned.informative > 0 && planned.entertaining > 0) {
    const plannedPart = pct(planned.informative, plannedBoth);
    const actualPart = info + fun > 0 ? pct(info, info + fun) : null;
    // Neither kind posted while the plan has both: the mix rule above already says each is missing.
    if (actualPart !== null && Math.abs(actualPart - plannedPart) > thresholds.ratioTolerancePoints) {
      out.push(
        finding({
          rule: "info_vs_entertaining",
          severity: "warning",
          params: { direction: actualPart > plannedPart ? "too_informative" : "too_entertaining" },
          evidence: { informative: info, entertaining: fun, actualInformativePart: actualPart, plannedInformativePart: plannedPart, tolerance: thresholds.ratioTolerancePoints },
          items: inPlan.filter((x) => x.kind === (actualPart > plannedPart ? "informative" : "entertaining")).map((x) => ({ kind: "post" as const, id: x.post.postId })),
        }),
      );
    }
  }
  return out;
}

/**
 * Engagement per post by local hour (all weekdays pooled: a weekday × hour grid is too sparse for
 * most brands). `index` is each post's interactions divided by its channel's mean per post, averaged
 * over the hour's posts, so a big and a small channel can be pooled: 1 is a typical post.
 */
export type HourCell = { hour: number; posts: number; index: number };

export type HourVerdict =
  | { trusted: false; posts: number; needed: number }
  | { trusted: true; posts: number; median: number; low: HourCell[]; cells: HourCell[] };

/** The low-activity hours, or why they cannot be told yet (too few posts overall or per hour). */
export function lowHours(cells: HourCell[]): HourVerdict {
  const posts = cells.reduce((s, c) => s + c.posts, 0);
  const trusted = cells.filter((c) => c.posts >= thresholds.minPostsPerHour);
  if (posts < thresholds.minPostsOverall || trusted.length < thresholds.minTrustedHours) return { trusted: false, posts, needed: thresholds.minPostsOverall };
  const sorted = trusted.map((c) => c.index).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const low = trusted.filter((c) => c.index <= median * thresholds.lowHourRatio).sort((a, b) => a.index - b.index);
  return { trusted: true, posts, median, low, cells: trusted };
}

/** Planned posts at the audience's low-activity hours; an info finding when the history is too thin to tell. */
export function postsAtLowHours(posts: PlanPost[], cells: HourCell[], zone: string): Finding[] {
  const planned = posts.filter((p) => p.state === "scheduled");
  if (planned.length === 0) return [];
  const verdict = lowHours(cells);
  if (!verdict.trusted) {
    return [finding({ rule: "hours_not_enough_data", severity: "info", params: {}, evidence: { posts: verdict.posts, needed: verdict.needed, perHour: thresholds.minPostsPerHour }, items: [] })];
  }
  const lowByHour = new Map(verdict.low.map((c) => [c.hour, c]));
  const hits = planned.filter((p) => lowByHour.has(localSlot(p.at, zone).hour));
  if (hits.length === 0) return [];
  const hours = [...new Set(hits.map((p) => localSlot(p.at, zone).hour))].sort((a, b) => a - b);
  const worst = hours.map((h) => lowByHour.get(h)!).sort((a, b) => a.index - b.index)[0]!;
  return [
    finding({
      rule: "low_activity_hours",
      severity: "warning",
      params: { hours: hours.map((h) => `${String(h).padStart(2, "0")}:00`).join(", ") },
      evidence: {
        posts: uniquePosts(hits).length,
        hour: worst.hour,
        hourPosts: worst.posts,
        // Percent of the typical hour's engagement per post.
        hourIndex: pct(worst.index, verdict.median),
        samples: verdict.posts,
      },
      items: [...postRefs(hits), ...hits.map((p) => ({ kind: "variant" as const, id: p.variantId }))],
    }),
  ];
}
