/**
 * The sandbox audience model. Everything here is a pure function of the account's parameters, the
 * post and the time asked about, seeded by account + post id, so tests and demos are reproducible
 * and a counter fetched later is never smaller than one fetched earlier.
 */
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import type { PostMetrics, RemoteFollower } from "../types.js";
import { botHandle, botNames, people } from "./people.js";
import { between, intBetween, logNormal, pick, type Rng, rngFor, stochasticRound } from "./random.js";

export const failModes = ["none", "auth_expired", "rate_limited", "transient"] as const;

const audienceShape = {
  handle: z
    .string()
    .min(3)
    .max(30)
    .regex(/^[a-z0-9_.]+$/, "Use lower-case latin letters, digits, _ and . only"),
  followers: z.number().int().min(0).max(5_000_000).default(1200),
  timezone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), "Use an IANA time zone such as Europe/Moscow")
    .default("Europe/Moscow"),
  botShare: z.number().min(0).max(0.9).default(0.08),
  /** Makes every call fail the chosen way, to rehearse error handling without a real network. */
  failMode: z.enum(failModes).default("none"),
};

/** What a user fills in to connect a sandbox account. */
export const connectSchema = z.object(audienceShape).strict();

/** The stored credentials: the connect parameters plus when the account was connected. */
export const credentialsSchema = z.object({ ...audienceShape, connectedAt: z.iso.datetime() });
export type Audience = z.infer<typeof credentialsSchema>;

export const postFormats = ["text", "image", "video", "carousel", "link"] as const;
export type PostFormat = (typeof postFormats)[number];

/**
 * Multipliers of the base rates per content format; unknown formats behave like text. Views are a
 * share of impressions (a view is an impression that was watched or opened), so VTR stays under 100%.
 */
type FormatProfile = { reach: number; views: number; likes: number; comments: number; reposts: number; saves: number };
const formatProfiles: Record<PostFormat, FormatProfile> = {
  text: { reach: 0.9, views: 0.3, likes: 0.7, comments: 1.3, reposts: 0.8, saves: 0.6 },
  image: { reach: 1.1, views: 0.4, likes: 1.1, comments: 1.0, reposts: 0.9, saves: 0.9 },
  video: { reach: 1.2, views: 0.75, likes: 1.0, comments: 0.9, reposts: 1.4, saves: 1.0 },
  carousel: { reach: 1.05, views: 0.5, likes: 1.2, comments: 0.9, reposts: 1.0, saves: 2.5 },
  // Networks show fewer people posts that lead away from them.
  link: { reach: 0.6, views: 0.3, likes: 0.5, comments: 0.6, reposts: 1.1, saves: 0.5 },
};
const profileOf = (format: string): FormatProfile =>
  (postFormats as readonly string[]).includes(format) ? formatProfiles[format as PostFormat] : formatProfiles.text;

const dayMs = 86_400_000;
const hourMs = 3_600_000;
/** ≈ +3.7 % a month: slow organic growth. */
const dailyGrowth = 0.0012;

/** Total followers (bots included) at a time; `followers` is the count at connection time. */
export function followersAt(a: Audience, at: Date): number {
  const days = (at.getTime() - Date.parse(a.connectedAt)) / dayMs;
  return Math.round(a.followers * Math.exp(dailyGrowth * days));
}

/** Share of the audience online by local hour: morning and evening peaks, a trough at night. */
const hourlyActivity = [
  0.35, 0.22, 0.15, 0.12, 0.12, 0.18, 0.35, 0.6, 0.8, 0.85, 0.75, 0.7, 0.8, 0.85, 0.7, 0.65, 0.7, 0.8, 0.9, 1.0, 1.0,
  0.9, 0.7, 0.5,
];

/** Audience activity (0..1) at a moment, in the account's own time zone, interpolated by minute. */
export function activityAt(timezone: string, at: Date): number {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const h = local.hour + local.minute / 60;
  const from = hourlyActivity[Math.floor(h)]!;
  const to = hourlyActivity[(Math.floor(h) + 1) % 24]!;
  return from + (to - from) * (h - Math.floor(h));
}

export type SandboxPost = { id: string; format: string; publishedAt: string };

/** Final counters of a post (reached after `accrualHours`), comments counted separately. */
export type PostOutcome = {
  reach: number;
  impressions: number;
  views: number;
  likes: number;
  reposts: number;
  saves: number;
  humanComments: number;
  botComments: number;
};

const baseReachRate = 0.25;
const baseRates = { likes: 0.045, comments: 0.006, reposts: 0.006, saves: 0.008 };

export function postOutcome(a: Audience, post: SandboxPost): PostOutcome {
  const rng = rngFor(a.handle, post.id);
  const fmt = profileOf(post.format);
  const publishedAt = new Date(post.publishedAt);
  const liveFollowers = followersAt(a, publishedAt) * (1 - a.botShare);
  // Posted at the night trough a post reaches ~40 % of what it would at the evening peak.
  const hourFactor = 0.3 + 0.7 * activityAt(a.timezone, publishedAt);
  const reach = Math.round(liveFollowers * baseReachRate * hourFactor * fmt.reach * logNormal(rng, 0.3));
  const impressions = Math.round(reach * between(rng, 1.1, 1.4));
  const views = Math.round(impressions * fmt.views * between(rng, 0.9, 1.1));
  const count = (rate: number, mult: number) => stochasticRound(rng, reach * rate * mult * logNormal(rng, 0.35));
  return {
    reach,
    impressions,
    views,
    likes: count(baseRates.likes, fmt.likes),
    reposts: count(baseRates.reposts, fmt.reposts),
    saves: count(baseRates.saves, fmt.saves),
    humanComments: count(baseRates.comments, fmt.comments),
    // Bots comment regardless of how good the post is.
    botComments: stochasticRound(rng, a.botShare * 4 * between(rng, 0.5, 1.5)),
  };
}

/** Engagement accrues over about two days on a saturating curve. */
export const accrualHours = 48;
const accrualTau = 10;
const accrualNorm = 1 - Math.exp(-accrualHours / accrualTau);

/** Share (0..1) of a post's final counters reached `ageHours` after publication. */
export function accrued(ageHours: number): number {
  if (ageHours <= 0) return 0;
  if (ageHours >= accrualHours) return 1;
  return (1 - Math.exp(-ageHours / accrualTau)) / accrualNorm;
}

/** The inverse of accrued(): the age at which share `u` of the final count is reached. */
const ageAtShare = (u: number): number => -accrualTau * Math.log(1 - u * accrualNorm);

export type ScheduledComment = { at: Date; bot: boolean };

/**
 * When each comment of a post arrives, sorted by time. People follow the accrual curve; bots
 * pounce within the first few hours. Metrics and the comment feed both read this one schedule,
 * so the comment counter always equals the number of comments a fetch returns.
 */
export function commentSchedule(a: Audience, post: SandboxPost, outcome = postOutcome(a, post)): ScheduledComment[] {
  const rng = rngFor(a.handle, post.id, "comment-times");
  const start = Date.parse(post.publishedAt);
  const out: ScheduledComment[] = [];
  for (let i = 0; i < outcome.humanComments; i++) {
    out.push({ at: new Date(start + ageAtShare(rng()) * hourMs), bot: false });
  }
  for (let i = 0; i < outcome.botComments; i++) {
    out.push({ at: new Date(start + between(rng, 0.05, 3) * hourMs), bot: true });
  }
  return out.sort((x, y) => x.at.getTime() - y.at.getTime());
}

export function postMetricsAt(a: Audience, post: SandboxPost, at: Date): PostMetrics {
  const outcome = postOutcome(a, post);
  const share = accrued((at.getTime() - Date.parse(post.publishedAt)) / hourMs);
  const part = (n: number) => Math.floor(n * share);
  return {
    externalId: post.id,
    reach: part(outcome.reach),
    impressions: part(outcome.impressions),
    views: part(outcome.views),
    likes: part(outcome.likes),
    comments: commentSchedule(a, post, outcome).filter((c) => c.at <= at).length,
    reposts: part(outcome.reposts),
    saves: part(outcome.saves),
  };
}

/** How many accounts the sandbox account itself follows: a stable trait of the account. */
export const followingOf = (a: Audience): number => intBetween(rngFor(a.handle, "following"), 40, 400);

/**
 * A deterministic sample of followers for audience audits. The i-th follower is always the same
 * person, so a larger sample extends a smaller one. Bots look like bots: no avatar, no posts,
 * following far more accounts than follow them, created recently.
 */
export function sampleFollowers(a: Audience, size: number, now: Date): RemoteFollower[] {
  const n = Math.max(0, Math.min(size, followersAt(a, now)));
  const daysAgo = (rng: Rng, min: number, max: number) =>
    new Date(now.getTime() - between(rng, min, max) * dayMs).toISOString();
  const out: RemoteFollower[] = [];
  for (let i = 0; i < n; i++) {
    const rng = rngFor(a.handle, "follower", i);
    if (rng() < a.botShare) {
      const createdAt = daysAgo(rng, 2, 90);
      out.push({
        handle: botHandle(intBetween(rng, 10_000_000, 99_999_999)),
        name: pick(rng, botNames),
        hasAvatar: rng() < 0.1,
        posts: rng() < 0.9 ? 0 : intBetween(rng, 1, 3),
        followers: intBetween(rng, 0, 20),
        following: intBetween(rng, 800, 7500),
        createdAt,
        lastActiveAt: rng() < 0.6 ? null : createdAt,
      });
    } else {
      const [name, handle] = pick(rng, pick(rng, [people.ru, people.uk, people.en]));
      out.push({
        handle: `${handle}${intBetween(rng, 1, 999)}`,
        name,
        hasAvatar: rng() < 0.9,
        posts: Math.round(60 * logNormal(rng, 1)),
        followers: Math.round(150 * logNormal(rng, 0.8)),
        following: Math.round(180 * logNormal(rng, 0.6)),
        createdAt: daysAgo(rng, 200, 3000),
        lastActiveAt: daysAgo(rng, 0, 20),
      });
    }
  }
  return out;
}
