import { describe, expect, it } from "vitest";
import type { RemoteFollower } from "../connectors/types.js";
import { auditRules, auditSample, scoreFollower, wilson } from "./bot-score.js";

const at = new Date("2026-06-01T12:00:00.000Z");
const daysAgo = (d: number) => new Date(at.getTime() - d * 86_400_000).toISOString();

/** A real person who uses the account; override what a case needs. */
const person = (over: Partial<RemoteFollower> = {}): RemoteFollower => ({
  handle: "anna.smirnova",
  name: "Анна Смирнова",
  hasAvatar: true,
  posts: 240,
  followers: 180,
  following: 210,
  createdAt: daysAgo(1500),
  lastActiveAt: daysAgo(2),
  ...over,
});

/** The usual bought follower. */
const bought = (over: Partial<RemoteFollower> = {}): RemoteFollower => ({
  handle: "id84019375",
  name: "Марина ❤️",
  hasAvatar: false,
  posts: 0,
  followers: 3,
  following: 2400,
  createdAt: daysAgo(40),
  lastActiveAt: null,
  ...over,
});

const signalsOf = (f: RemoteFollower, inBurst = false) => scoreFollower(f, at, inBurst).signals.map((s) => s.key);

describe("scoring one follower", () => {
  it("calls the usual bought follower a bot, with every reason", () => {
    const s = scoreFollower(bought(), at);
    expect(s.class).toBe("bot");
    expect(s.reason).toBe("score");
    expect(s.score).toBe(1);
    expect(s.signals.map((x) => x.key)).toEqual([
      "audit.signal.no_avatar",
      "audit.signal.generated_name",
      "audit.signal.no_posts",
      "audit.signal.follow_ratio.extreme",
      "audit.signal.no_activity.never",
    ]);
    expect(s.signals.find((x) => x.signal === "follow_ratio")?.evidence).toEqual({ following: 2400, followers: 3, ratio: 800 });
  });

  it("leaves an active person live with no signals", () => {
    const s = scoreFollower(person(), at);
    expect(s).toMatchObject({ class: "live", reason: "active", score: 0, signals: [], inactiveDays: 2 });
  });

  it("does not make a bot of a real person without a picture who never posts and shows no activity", () => {
    const s = scoreFollower(person({ hasAvatar: false, posts: 0, lastActiveAt: null }), at);
    expect(s.score).toBe(0.5);
    expect(s.score).toBeLessThan(auditRules.botThreshold);
    // Old and silent: dead, not a bot.
    expect(s).toMatchObject({ class: "dead", reason: "never_active" });
  });

  it("weighs the following ratio in two tiers, and not for small numbers", () => {
    expect(signalsOf(person({ following: 300, followers: 10 }))).toEqual(["audit.signal.follow_ratio.high"]);
    expect(signalsOf(person({ following: 600, followers: 5 }))).toEqual(["audit.signal.follow_ratio.extreme"]);
    expect(signalsOf(person({ following: 150, followers: 0 }))).toEqual([]);
  });

  it("notices an account that did nothing after the day it was made, but gives new accounts time", () => {
    const made = daysAgo(30);
    expect(signalsOf(person({ createdAt: made, lastActiveAt: new Date(Date.parse(made) + 2 * 3_600_000).toISOString() }))).toEqual([
      "audit.signal.no_activity.first_day",
    ]);
    const young = scoreFollower(person({ createdAt: daysAgo(10), posts: 0, lastActiveAt: null }), at);
    expect(young.signals.map((x) => x.key)).toEqual(["audit.signal.no_posts"]);
    expect(young).toMatchObject({ class: "live", reason: "new" });
  });

  it(`calls an account dead after ${auditRules.deadAfterDays} days without activity`, () => {
    expect(scoreFollower(person({ lastActiveAt: daysAgo(200) }), at)).toMatchObject({ class: "dead", reason: "inactive", inactiveDays: 200 });
    expect(scoreFollower(person({ lastActiveAt: daysAgo(179) }), at)).toMatchObject({ class: "live", reason: "active" });
  });

  it("counts an account that posted but whose last activity is unknown as live", () => {
    expect(scoreFollower(person({ lastActiveAt: null }), at)).toMatchObject({ class: "live", reason: "unknown", inactiveDays: null });
  });

  it("calls a deleted account dead whatever its score", () => {
    const s = scoreFollower(bought({ name: "DELETED" }), at);
    expect(s.score).toBeGreaterThanOrEqual(auditRules.botThreshold);
    expect(s).toMatchObject({ class: "dead", reason: "deleted" });
  });

  it("counts few posts, no name and a burst", () => {
    expect(signalsOf(person({ posts: 2, name: "anna.smirnova" }), true)).toEqual([
      "audit.signal.no_name",
      "audit.signal.few_posts",
      "audit.signal.creation_burst",
    ]);
  });

  it("survives an unreadable creation time", () => {
    const s = scoreFollower(bought({ createdAt: "", handle: "marina.k", hasAvatar: true, following: 300, followers: 10 }), at);
    expect(s.signals.map((x) => x.signal)).toEqual(["no_posts", "follow_ratio"]);
    expect(s).toMatchObject({ class: "live", reason: "unknown" });
  });
});

describe("statistics", () => {
  it("gives the Wilson interval", () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    const none = wilson(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const half = wilson(50, 100);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);
  });
});

describe("auditing a sample", () => {
  it("counts bots, dead and live, estimates live followers with an interval, and counts signals", () => {
    const sample = [
      ...Array.from({ length: 60 }, (_, i) => person({ handle: `person${i}`, createdAt: daysAgo(500 + i * 40) })),
      ...Array.from({ length: 25 }, () => bought()),
      ...Array.from({ length: 15 }, (_, i) => person({ createdAt: daysAgo(520 + i * 150), lastActiveAt: daysAgo(400) })),
    ];
    const { followers, summary } = auditSample(sample, at, 10_000);
    expect(followers).toHaveLength(100);
    expect(summary.counts).toEqual({ bot: 25, dead: 15, live: 60 });
    expect(summary.shares).toEqual({ bot: 0.25, dead: 0.15, live: 0.6 });
    expect(summary.intervals.live.low).toBeCloseTo(wilson(60, 100).low, 4);
    expect(summary.liveEstimate).toEqual({
      channelFollowers: 10_000,
      live: 6000,
      low: Math.floor(10_000 * summary.intervals.live.low),
      high: Math.ceil(10_000 * summary.intervals.live.high),
    });
    expect(summary.liveEstimate!.low).toBeLessThan(6000);
    expect(summary.liveEstimate!.high).toBeGreaterThan(6000);
    expect(summary.signals.no_avatar).toEqual({ count: 25, share: 0.25 });
    expect(summary.signals.creation_burst.count).toBe(25); // the 25 identical bots were all made at once
    expect(summary.bursts).toHaveLength(1);
    expect(summary.confidence).toBe(0.95);
    // Plain JSON, so an audit can be stored as it is.
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it("has no live estimate without the channel's follower count, and copes with an empty sample", () => {
    expect(auditSample([person()], at).summary.liveEstimate).toBeNull();
    const empty = auditSample([], at, 500).summary;
    expect(empty).toMatchObject({ sampleSize: 0, liveEstimate: null, shares: { bot: 0, dead: 0, live: 0 }, meanScore: 0 });
  });
});
