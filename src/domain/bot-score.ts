/**
 * Audience audit: how likely each follower in a sample is a bot, which signals say so, and what
 * share of a channel's followers is live — the "live subscribers" of a contract (DOMAIN.md,
 * "Contracts and briefs"). Pure: the caller passes the sample and the moment of the audit.
 *
 * The score is a sum of points, like the published fake-follower checkers (Socialbakers'
 * FakeFollowerCheck gave each criterion points and called an account suspicious above a total):
 * every signal that fires adds its weight, the total is capped at 1, and an account scoring
 * `botThreshold` or more is a likely bot. Weights are round numbers chosen so that no single signal,
 * and no pair of them, makes a bot on its own — a real person without a profile picture who never
 * posts is not a bot — while the usual bought follower (no picture, nothing posted,
 * following hundreds with nobody following back, created with a batch) scores far above. The
 * signals and their sources are listed in docs/audience-audit.md; how well it works, on what data,
 * is in datasets/audience/README.md.
 *
 * A follower that is not a likely bot is "dead" when it shows no sign of life for `deadAfterDays`
 * (or is a deleted account), else "live". RemoteFollower.lastActiveAt is the latest activity the
 * network shows (a post, a repost, a "last seen"); null means it shows none. When the account has
 * posted but lastActiveAt is null, the connector could not read when (see the connector), and the
 * follower counts as live: unknown is not dead.
 */
import type { RemoteFollower } from "../connectors/types.js";
import { type Burst, burstRules, findBursts } from "./creation-bursts.js";
import { generatedNameRules, hasNoDisplayName, isDeletedAccount, nameRules } from "./follower-names.js";

export { type Burst, findBursts, poissonTail } from "./creation-bursts.js";
export { generatedNameRules, handleLocalPart, isDeletedAccount, type NameRule } from "./follower-names.js";

const dayMs = 86_400_000;

export const auditRules = {
  /**
   * A score at or above this is a likely bot. Chosen on a development set (generated like
   * datasets/audience but with other seeds; its README has the table): 0.55 had the best F1 for
   * "bot" and keeps out the account with no picture, no posts and no activity (0.5), which is as
   * often a silent person as a bot.
   */
  botThreshold: 0.55,
  /**
   * Half a year without visible activity makes a real-looking account "dead". Socialbakers used 90
   * days ("last tweet more than 90 days old"); a brand's audience is often seasonal (a ski shop, a
   * school supplier), so Chorus waits a whole off-season before writing a person off.
   */
  deadAfterDays: 180,
  /** An account younger than this has not had time to be active: "no activity" is not held against it. */
  graceDays: 14,
  /** Up to this many posts is "few posts" (Socialbakers' inactive rule: fewer than 3). */
  fewPosts: 3,
  weights: {
    no_avatar: 0.15,
    no_name: 0.1,
    generated_name: 0.25,
    no_posts: 0.2,
    few_posts: 0.1,
    follow_ratio_high: 0.2,
    follow_ratio_extreme: 0.35,
    no_activity: 0.15,
    creation_burst: 0.2,
  },
  /**
   * following / max(followers, 1). Socialbakers' 50 : 1 for the extreme tier; Gurajala et al. found
   * a median of about 30 : 1 among the fake accounts they identified and about 1 : 1 among people.
   * The minimum number followed keeps a new account that follows 30 and has 1 follower out.
   */
  followRatio: { high: { ratio: 20, minFollowing: 200 }, extreme: { ratio: 50, minFollowing: 500 } },
  /** The generated-name rules (follower-names.ts) and the burst rules (creation-bursts.ts). */
  names: nameRules,
  burst: burstRules,
} as const;

export const signalNames = [
  "no_avatar",
  "no_name",
  "generated_name",
  "no_posts",
  "few_posts",
  "follow_ratio",
  "no_activity",
  "creation_burst",
] as const;
export type SignalName = (typeof signalNames)[number];

/** One reason a follower looks like a bot: its weight in the score and a key the UI translates. */
export type Signal = {
  signal: SignalName;
  weight: number;
  /** `audit.signal.<name>` or `audit.signal.<name>.<variant>`; docs/audience-audit.md lists them. */
  key: string;
  /** The figures behind it, for the explanation ("follows 3,120, followed by 4"). */
  evidence: Record<string, string | number>;
};

export const followerClasses = ["bot", "dead", "live"] as const;
export type FollowerClass = (typeof followerClasses)[number];

/**
 * Why the follower got its class: `score` (a likely bot), `deleted` (the network shows a deleted
 * account), `inactive` (last activity `deadAfterDays` or more ago), `never_active` (no activity at
 * all, older than `deadAfterDays`), `active`, `new` (no activity yet, but young), `unknown` (posted,
 * but the network did not say when last).
 */
export type ClassReason = "score" | "deleted" | "inactive" | "never_active" | "active" | "new" | "unknown";

export type ScoredFollower = {
  profile: RemoteFollower;
  /** 0..1, two decimals. */
  score: number;
  class: FollowerClass;
  reason: ClassReason;
  /** Days since the last visible activity, or null when the network shows none. */
  inactiveDays: number | null;
  signals: Signal[];
};

// ---- Scoring -----------------------------------------------------------------------------------

const round2 = (x: number) => Math.round(x * 100) / 100;
const daysBetween = (from: number, to: number) => (to - from) / dayMs;

/** The signals one follower fires; `inBurst` comes from findBursts over the whole sample. */
export function followerSignals(f: RemoteFollower, at: Date, inBurst: boolean): Signal[] {
  const w = auditRules.weights;
  const out: Signal[] = [];
  const add = (signal: SignalName, weight: number, evidence: Record<string, string | number> = {}, variant?: string) =>
    out.push({ signal, weight, key: `audit.signal.${signal}${variant ? `.${variant}` : ""}`, evidence });
  const now = at.getTime();
  const created = Date.parse(f.createdAt);
  const ageDays = Number.isFinite(created) ? daysBetween(created, now) : null;
  const lastActive = f.lastActiveAt ? Date.parse(f.lastActiveAt) : Number.NaN;

  if (!f.hasAvatar) add("no_avatar", w.no_avatar);
  if (hasNoDisplayName(f)) add("no_name", w.no_name);
  const rules = generatedNameRules(f.handle, f.name);
  if (rules.length > 0) add("generated_name", w.generated_name, { rules: rules.join(",") });
  if (f.posts === 0) add("no_posts", w.no_posts);
  else if (f.posts <= auditRules.fewPosts) add("few_posts", w.few_posts, { posts: f.posts });

  const ratio = f.following / Math.max(1, f.followers);
  const { high, extreme } = auditRules.followRatio;
  const ratioEvidence = { following: f.following, followers: f.followers, ratio: Math.round(ratio) };
  if (f.following >= extreme.minFollowing && ratio >= extreme.ratio) add("follow_ratio", w.follow_ratio_extreme, ratioEvidence, "extreme");
  else if (f.following >= high.minFollowing && ratio >= high.ratio) add("follow_ratio", w.follow_ratio_high, ratioEvidence, "high");

  // Bought accounts are made, used to follow, and left: nothing visible after their first day.
  if (ageDays !== null && ageDays >= auditRules.graceDays) {
    if (f.lastActiveAt === null && f.posts === 0) add("no_activity", w.no_activity, {}, "never");
    else if (Number.isFinite(lastActive) && daysBetween(created, lastActive) <= 1) add("no_activity", w.no_activity, {}, "first_day");
  }
  if (inBurst) add("creation_burst", w.creation_burst, { createdAt: f.createdAt });
  return out;
}

export function scoreFollower(f: RemoteFollower, at: Date, inBurst = false): ScoredFollower {
  const signals = followerSignals(f, at, inBurst);
  const score = round2(Math.min(1, signals.reduce((s, x) => s + x.weight, 0)));
  const now = at.getTime();
  const lastActive = f.lastActiveAt ? Date.parse(f.lastActiveAt) : Number.NaN;
  const inactiveDays = Number.isFinite(lastActive) ? Math.max(0, Math.floor(daysBetween(lastActive, now))) : null;
  const created = Date.parse(f.createdAt);
  const ageDays = Number.isFinite(created) ? daysBetween(created, now) : null;
  const dead = auditRules.deadAfterDays;
  let cls: FollowerClass = "live";
  let reason: ClassReason;
  // A deleted account is gone whatever it was: its bare profile would otherwise score as a bot.
  if (isDeletedAccount(f)) [cls, reason] = ["dead", "deleted"];
  else if (score >= auditRules.botThreshold) [cls, reason] = ["bot", "score"];
  else if (inactiveDays !== null) [cls, reason] = inactiveDays >= dead ? ["dead", "inactive"] : ["live", "active"];
  else if (f.posts > 0) reason = "unknown";
  else if (ageDays === null) reason = "unknown";
  else if (ageDays >= dead) [cls, reason] = ["dead", "never_active"];
  else reason = "new";
  return { profile: f, score, class: cls, reason, inactiveDays, signals };
}

// ---- The sample's summary ----------------------------------------------------------------------

/** The Wilson score interval of a proportion (z = 1.96: 95 %); [0, 1] for an empty sample. */
export function wilson(successes: number, n: number, z = 1.96): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type AuditSummary = {
  sampleSize: number;
  counts: Record<FollowerClass, number>;
  shares: Record<FollowerClass, number>;
  /** Wilson 95 % intervals of the shares, from the sample size. */
  intervals: Record<FollowerClass, { low: number; high: number }>;
  /**
   * Live followers of the whole channel: its follower count × the live share, with the interval
   * scaled the same way. Null when the network did not give the follower count.
   */
  liveEstimate: { channelFollowers: number; live: number; low: number; high: number } | null;
  /** How often each signal fired in the sample. */
  signals: Record<SignalName, { count: number; share: number }>;
  bursts: Burst[];
  meanScore: number;
  confidence: number;
};

export type AuditReport = { followers: ScoredFollower[]; summary: AuditSummary };

/**
 * Scores a sample of followers as of `at`. `channelFollowers` is the channel's whole follower
 * count, for the live estimate. The interval assumes the sample was drawn at random from all
 * followers and ignores the finite-population correction (so it is slightly too wide when the
 * sample is a large part of all followers); see the connectors for how each one samples.
 */
export function auditSample(sample: readonly RemoteFollower[], at: Date, channelFollowers: number | null = null): AuditReport {
  const { bursts, members } = findBursts(sample.map((f) => f.createdAt));
  const followers = sample.map((f, i) => scoreFollower(f, at, members.has(i)));
  const n = followers.length;
  const share = (k: number) => (n === 0 ? 0 : round4(k / n));
  const counts = { bot: 0, dead: 0, live: 0 } as Record<FollowerClass, number>;
  for (const f of followers) counts[f.class]++;
  const signalCounts = Object.fromEntries(signalNames.map((s) => [s, 0])) as Record<SignalName, number>;
  for (const f of followers) for (const s of f.signals) signalCounts[s.signal]++;
  const interval = (k: number) => {
    const { low, high } = wilson(k, n);
    return { low: round4(low), high: round4(high) };
  };
  const intervals = { bot: interval(counts.bot), dead: interval(counts.dead), live: interval(counts.live) };
  const liveEstimate =
    channelFollowers === null || n === 0
      ? null
      : {
          channelFollowers,
          live: Math.round(channelFollowers * (counts.live / n)),
          low: Math.floor(channelFollowers * intervals.live.low),
          high: Math.ceil(channelFollowers * intervals.live.high),
        };
  return {
    followers,
    summary: {
      sampleSize: n,
      counts,
      shares: { bot: share(counts.bot), dead: share(counts.dead), live: share(counts.live) },
      intervals,
      liveEstimate,
      signals: Object.fromEntries(signalNames.map((s) => [s, { count: signalCounts[s], share: share(signalCounts[s]) }])) as AuditSummary["signals"],
      bursts,
      meanScore: n === 0 ? 0 : round2(followers.reduce((s, f) => s + f.score, 0) / n),
      confidence: 0.95,
    },
  };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** English wording of each signal, for the CLI and the docs; the UI translates the keys. */
export function describeSignal(s: Signal): string {
  const e = s.evidence;
  switch (s.key) {
    case "audit.signal.no_avatar":
      return "No profile picture";
    case "audit.signal.no_name":
      return "No display name (empty or the handle repeated)";
    case "audit.signal.generated_name":
      return `Default or generated name (${e.rules})`;
    case "audit.signal.no_posts":
      return "Has never posted";
    case "audit.signal.few_posts":
      return `Only ${e.posts} post(s)`;
    case "audit.signal.follow_ratio.extreme":
    case "audit.signal.follow_ratio.high":
      return `Follows ${e.following}, followed by ${e.followers} (${e.ratio} : 1)`;
    case "audit.signal.no_activity.never":
      return "No activity at all";
    case "audit.signal.no_activity.first_day":
      return "No activity after the day it was created";
    case "audit.signal.creation_burst":
      return "Created in a burst of accounts in this sample";
    default:
      return s.key;
  }
}
